"""Draw the candidate lines of held-out sign-off set K (issue 17, reserve set after set J).

Set J's pattern (``draw_j.py``), with repositories no earlier set drew from, mirrored in
``/work/.mirror`` at fixed commits, real human-written mail first:

* ``mail`` -- the GRASE Hotspot mailing-list archive (GraseHotspot/mailing-list-archives: 4,667 real
  messages of the GRASE Hotspot users' list and its Trac, 2011-2020, committed as one Markdown page a
  message, ``_emails/<year>/<month>/<hash>.md``).  A message's body is the text between the page's
  ``{% raw %}`` and ``{% endraw %}`` markers (the raw message; the page's header table, thread
  links and ``_authors`` pages are left out); quote markers are stripped (``draw_g.QUOTE``).  At most
  ``draw_g.PER_FILE`` lines a message, ``MAIL_QUOTA`` in all.
* ``git``  -- commit messages of mutt (muttmua/mutt), getmail6 (getmail6/getmail6), K-9 Mail
  (thundernest/k-9) and msmtp (marlam/msmtp) at fixed commits (``GIT_REPOS``;
  ``draw_f.stratum_git``: at most 2 lines a commit, 8 bare trailers a repository,
  ``GIT_QUOTA[repo]`` lines a repository).

The quotas were set on source counts, with nothing scored: a first draw (the list 280 lines, mutt 170,
getmail6 80; 620 candidates, all read) gave the list 51% of the set's used lines and 107 greetings,
closings, signatures and thanks-addresses (fewer than the 120 asked for); the list's quota was raised to
340 and mutt's and getmail6's to 240 and 130, so that no repository holds half the set or half its
positives.  The quotas only cut each source's shuffled lines, so the second draw holds every line of the
first (carried over with its label, by text and source) and 180 more, read after.  Candidates are ``draw_g.cue_lines`` (set F's cues plus signatures).
Dropped by program, unread: lines equal (stripped) to a text of any sign-off set in this folder
before K (``EXCLUDED``: ``draw_j.EXCLUDED`` plus set J) or a credit line, duplicates.
``random.Random(SEED)`` as in sets G-J (``draw_g.emit``); the union shuffled and printed whole, no
reserve (``RESERVE = 0``): 800 candidates (mail 340; git 460: mutt 240, getmail6 130,
K-9 Mail 60, msmtp 30).  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_k.py > /tmp/candidates_k.jsonl
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_f  # noqa: E402  (stratum_git, decode)
import draw_g  # noqa: E402  (git, QUOTE, drawn, emit, PER_FILE)
import draw_j  # noqa: E402  (EXCLUDED: the sets before J)

SEED = 20261212
RESERVE = 0
LIST = "GraseHotspot+mailing-list-archives"
LIST_COMMIT = "34effa61addeb78a9664fc8cfb87d70637006a88"
MAIL_QUOTA = 340
GIT_REPOS = {
    "muttmua+mutt": "15c45790fd593bb29d8d72c5fa87260109c96e6e",
    "getmail6+getmail6": "30bcb994a47ca02e15b4483a9592385600c1ff32",
    "thundernest+k-9": "be2af5c6a0bce08385fc3f654c1185ccf9db3859",
    "marlam+msmtp": "933d35be8ab6e35a7ea3f78df54b64230177590b",
}
GIT_QUOTA = {"muttmua+mutt": 240, "getmail6+getmail6": 130, "thundernest+k-9": 60, "marlam+msmtp": 30}
EXCLUDED = draw_j.EXCLUDED + ("heldout_2026-12-05j.yaml",)  # every sign-off set before K
RAW = re.compile(r"\{%\s*raw\s*%\}(.*?)\{%\s*endraw\s*%\}", re.S)


def page_lines(raw: bytes) -> list[str]:
    """The raw message of one archive page, quote markers stripped."""
    text = "\n".join(draw_f.decode(raw))
    return [draw_g.QUOTE.sub("", x) for m in RAW.finditer(text) for x in m.group(1).splitlines()]


def stratum_mail(rng, seen, taken, rest) -> list[dict]:
    draw_f.mirror(LIST)
    files = draw_g.git(LIST, "ls-tree", "-r", "-z", "--name-only", LIST_COMMIT, "_emails").decode().split("\0")
    files = sorted(f for f in files if f.endswith(".md"))
    # one ``git show`` a page (draw_j.blobs reads draw_g.MIRROR, which draw_g does not define)
    groups = [(f"mail:{LIST.replace('+', '/')}@{LIST_COMMIT[:12]}:{f}", page_lines(draw_g.git(LIST, "show", f"{LIST_COMMIT}:{f}")))
              for f in files]
    mine = draw_g.drawn(groups, draw_g.PER_FILE, rng, seen, taken)
    rng.shuffle(mine)
    rest += [{**r, "stratum": "mail"} for r in mine[MAIL_QUOTA:]]
    return mine[:MAIL_QUOTA]


if __name__ == "__main__":
    draw_g.main_of(sys.modules[__name__])
