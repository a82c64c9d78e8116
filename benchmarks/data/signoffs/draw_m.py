"""Draw the candidate lines of held-out sign-off set M (issue 17, reserve set after set L).

Set L's pattern (``draw_l.py``), real human-written mailing-list mail only, from two repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits:

* ``mail`` -- (1) the ImageJ project's Mailman ("pipermail") monthly text archive of the imagej-devel
  list as committed in imagej/pipermail (``imagej-devel/<year>-<Month>.txt``; the ``.gz`` copies, the
  per-message HTML pages and the machine-written imagej-bugs and imagej-builds lists are left out),
  a month split into its messages (``draw_g.messages``), each parsed by ``draw_g.body_lines`` (headers
  dropped, quote markers stripped); (2) the cypherpunks list archive (1992-1999) as committed in
  cryptoanarchywiki/mailing-list-archive-generator (``_emails/<year>/<month>/<hash>.md``, the same page
  generator as set K's list: the raw message between ``{% raw %}`` and ``{% endraw %}``, parsed by
  ``draw_g.body_lines``); of its 98,126 pages a seeded sample of ``PAGES`` is read (sorted paths,
  ``random.Random(SEED).sample``) to keep the draw light.  At most ``draw_g.PER_FILE`` lines a message,
  ``QUOTA[repo]`` lines a repository.
* ``git`` -- an addition (``addition``): 110 commit-message lines of GnuPG (gpg/gnupg), by
  ``random.Random(SEED + 1)`` with ``draw_f.stratum_git`` (at most 2 lines a commit, 8 bare trailers),
  numbered after the 500 mail candidates, which it does not change.  It was added after those 500 were
  labelled, because their labels gave imagej/pipermail more than half the set; its repository and quota
  were fixed before any of its lines was read.  (ImageJ's own history, imagej/ImageJ, was looked at first
  and credits no one in prose.)

The quotas were set on source counts alone, before any line was labelled and with nothing scored, so
that neither mail repository holds more than half the mail stratum.  Candidates are ``draw_g.cue_lines``.  Dropped by
program, unread: lines equal (stripped) to a text of any sign-off set in this folder before M
(``EXCLUDED``: ``draw_l.EXCLUDED`` plus set L) or a credit line, duplicates.  ``draw_g.emit`` with
``random.Random(SEED)``; no reserve.  E-mail addresses -> ``<EMAIL>`` (pipermail's "user at host"
forms are left as written).

    python benchmarks/data/signoffs/draw_m.py > /tmp/candidates_m.jsonl
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_f  # noqa: E402  (mirror)
import draw_g  # noqa: E402  (git, body_lines, messages, drawn, emit, PER_FILE)
import draw_j  # noqa: E402  (blobs)
import draw_k  # noqa: E402  (RAW)
import draw_l  # noqa: E402  (EXCLUDED: the sets before L)

SEED = 20261216
RESERVE = 0
IMAGEJ = "imagej+pipermail"
IMAGEJ_COMMIT = "e1ba8566b04f736fe4e2ef06b8cea2a97ef36897"
CPUNKS = "cryptoanarchywiki+mailing-list-archive-generator"
CPUNKS_COMMIT = "5ee11c76b130aadf0ed74877107df5053ab0361b"
PAGES = 8000  # cypherpunks pages read (a seeded sample)
QUOTA = {IMAGEJ: 250, CPUNKS: 250}
# The git addition (``addition``), drawn after the first 500 candidates were labelled, when their labels
# gave imagej/pipermail more than half the set's rows and positives; its repository and quota were fixed
# before any of its lines was read, and the first 500 candidates are the same with and without it.
ADD_REPOS = {"gpg+gnupg": "89f6537840310c06cacfb1e82b1d9382af830afd"}
ADD_QUOTA = {"gpg+gnupg": 110}
EXCLUDED = draw_l.EXCLUDED + ("heldout_2026-12-05l.yaml",)  # every sign-off set before M


def src(repo: str, commit: str, f: str) -> str:
    return f"mail:{repo.replace('+', '/')}@{commit[:12]}:{f}"


def imagej_groups() -> list:
    draw_f.mirror(IMAGEJ)
    files = draw_g.git(IMAGEJ, "ls-tree", "-r", "-z", "--name-only", IMAGEJ_COMMIT, "imagej-devel").decode().split("\0")
    files = sorted(f for f in files if f.count("/") == 1 and f.endswith(".txt"))
    raw = draw_j.blobs(IMAGEJ, IMAGEJ_COMMIT, files)
    return [(f"{src(IMAGEJ, IMAGEJ_COMMIT, f)}#{j}", draw_g.body_lines(m))
            for f in files if f in raw for j, m in enumerate(draw_g.messages(raw[f]))]


def cpunks_groups() -> list:
    draw_f.mirror(CPUNKS)
    files = draw_g.git(CPUNKS, "ls-tree", "-r", "-z", "--name-only", CPUNKS_COMMIT, "_emails").decode().split("\0")
    files = random.Random(SEED).sample(sorted(f for f in files if f.endswith(".md")), PAGES)
    raw = draw_j.blobs(CPUNKS, CPUNKS_COMMIT, sorted(files))
    out = []
    for f in sorted(files):
        text = "\n".join(draw_f.decode(raw.get(f, b"")))
        for m in draw_k.RAW.finditer(text):
            out.append((src(CPUNKS, CPUNKS_COMMIT, f), draw_g.body_lines(m.group(1).strip("\n").encode())))
    return out


def stratum_mail(rng, seen, taken, rest) -> list[dict]:
    out = []
    for repo, groups in ((IMAGEJ, imagej_groups()), (CPUNKS, cpunks_groups())):
        mine = draw_g.drawn(groups, draw_g.PER_FILE, rng, seen, taken)
        rng.shuffle(mine)
        print(f"# {repo}: {len(mine)} lines, {min(len(mine), QUOTA[repo])} kept", file=sys.stderr)
        out += mine[:QUOTA[repo]]
        rest += [{**r, "stratum": "mail"} for r in mine[QUOTA[repo]:]]
    return out


def stratum_git(rng, seen, taken, rest) -> list[dict]:
    return []


def addition(first: list[dict]) -> list[dict]:
    """The git addition: ``ADD_QUOTA`` commit-message lines of ``ADD_REPOS`` (``draw_f.stratum_git``: at
    most 2 lines a commit, 8 bare trailers), by ``random.Random(SEED + 1)``, no line of an earlier set
    or of the first draw; numbered after it."""
    rng = random.Random(SEED + 1)
    seen, _ = draw_f.known(EXCLUDED)
    seen |= {r["text"].strip() for r in first}
    taken = {r["text"] for r in first}
    rows = draw_f.stratum_git(rng, seen, taken, [], ADD_REPOS, ADD_QUOTA, draw_g.drawn)
    rng.shuffle(rows)
    print(f"# addition, git: {len(rows)} candidates", file=sys.stderr)
    return [{"i": len(first) + k, **r, "stratum": "git"} for k, r in enumerate(rows)]


def main() -> None:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        draw_g.emit(SEED, EXCLUDED, stratum_mail, stratum_git, RESERVE)
    sys.stdout.write(buf.getvalue())
    first = [json.loads(x) for x in buf.getvalue().splitlines()]
    for r in addition(first):
        print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
