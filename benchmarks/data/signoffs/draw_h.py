"""Draw the candidate lines of held-out sign-off set H (issue 17, round 8).

Set G's pattern (``draw_g.py``), with repositories no earlier set drew from, mirrored in
``/work/.mirror`` at fixed commits:

* ``mail`` -- e-mail fixtures (``MAIL_REPOS``): b4's ``src/tests/samples`` (kernel patch mail),
  patchwork's ``patchwork/tests/data`` (mailing-list mail and series), alot's
  ``tests/static/mail``, sup's ``test/fixtures``, aerc's ``lib/jwz/testdata`` and mbox worker
  test data.  Parsed as in set G (``draw_g.messages`` / ``draw_g.body_lines``: text parts decoded,
  html tags and quote markers stripped).  At most ``draw_g.PER_FILE`` lines a message, at most
  ``MAIL_QUOTA`` a repository.
* ``git``  -- commit messages of b4, patchwork, alot, sup, aerc and neomutt at the same commits
  (``GIT_REPOS``; ``draw_f.stratum_git``: at most 2 lines a commit, 8 bare trailers a
  repository, ``GIT_QUOTA[repo]`` lines a repository).

Candidates are ``draw_g.cue_lines`` (set F's cues plus signatures).  Dropped by program, unread:
lines equal (stripped) to a text of sets B-G, the dev sets or a credit line, duplicates.
``random.Random(SEED)`` as in set G; the union shuffled and printed whole (467 candidates: the mail
fixtures gave only 92, every one the caps allowed; alot's history 14, sup's 71, short of their quotas);
no reserve was read (``RESERVE = 0``: the main draw gave 101 negatives, the brief asked for 80).
E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_h.py > /tmp/candidates_h.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_f  # noqa: E402
import draw_g  # noqa: E402  (messages, body_lines, cue_lines, drawn, git)

SEED = 20261207
RESERVE = 0  # no leftovers read: the main draw gave enough negatives
MAIL_REPOS = {  # repository -> (commit, folders of fixtures)
    "mricon+b4": ("1f2f768cfa57721bbc235451dbf0a777b876945f", ["src/tests/samples"]),
    "getpatchwork+patchwork": ("644cef7cd369abd39eba9523f8ecbc16d2ea4206", ["patchwork/tests/data"]),
    "pazz+alot": ("40c57d620bc1f66c9564ecf6764c67c1de817f43", ["tests/static/mail"]),
    "sup-heliotrope+sup": ("246af74692a1470b2d484fbd3ef7eed757e2a876", ["test/fixtures"]),
    "rjarry+aerc": ("fab05311e73cbdc06a574ffc9635ad18adf9ba0e", ["lib/jwz/testdata", "worker/mbox"]),
}
MAIL_QUOTA = 80  # a repository
GIT_REPOS = {
    "mricon+b4": "1f2f768cfa57721bbc235451dbf0a777b876945f",
    "getpatchwork+patchwork": "644cef7cd369abd39eba9523f8ecbc16d2ea4206",
    "pazz+alot": "40c57d620bc1f66c9564ecf6764c67c1de817f43",
    "sup-heliotrope+sup": "246af74692a1470b2d484fbd3ef7eed757e2a876",
    "rjarry+aerc": "fab05311e73cbdc06a574ffc9635ad18adf9ba0e",
    "neomutt+neomutt": "ed494b09e3e31d4c06edec00c2074ff1353952b4",
}
GIT_QUOTA = {"mricon+b4": 40, "getpatchwork+patchwork": 50, "pazz+alot": 50, "sup-heliotrope+sup": 80,
             "rjarry+aerc": 50, "neomutt+neomutt": 150}
EXCLUDED = draw_f.EARLIER_SETS + ("heldout_2026-12-04f.yaml", "heldout_2026-12-04g.yaml")  # the sets before H


def stratum_mail(rng, seen, taken, rest) -> list[dict]:
    out = []
    for repo, (commit, dirs) in MAIL_REPOS.items():
        files = draw_g.git(repo, "ls-tree", "-r", "-z", "--name-only", commit, *dirs).decode().split("\0")
        groups = []
        for f in sorted(x for x in files if x and not x.endswith((".go", ".py", ".rb"))):
            raw = draw_g.git(repo, "show", f"{commit}:{f}")
            for j, m in enumerate(draw_g.messages(raw)):
                groups.append((f"mail:{repo.replace('+', '/')}@{commit[:12]}:{f}" + (f"#{j}" if j else ""),
                               draw_g.body_lines(m)))
        mine = draw_g.drawn(groups, draw_g.PER_FILE, rng, seen, taken)
        rng.shuffle(mine)
        out += mine[:MAIL_QUOTA]
        rest += [{**r, "stratum": "mail"} for r in mine[MAIL_QUOTA:]]
    return out


if __name__ == "__main__":
    draw_g.main_of(sys.modules[__name__])
