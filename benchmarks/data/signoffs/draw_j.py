"""Draw the candidate lines of held-out sign-off set J (issue 17, reserve set after round 9).

Set I's pattern (``draw_i.py``), with repositories no earlier set drew from, mirrored in
``/work/.mirror`` at fixed commits, and real human-written posts first (greetings, closings and
signatures with a person's name are what the earlier sets had least of):

* ``mail`` -- the 20 Newsgroups corpus (``20news-bydate``: 18,846 real Usenet posts of 1993 in
  twenty newsgroups, train and test halves) as committed in plain text in YunomiXavia/20news-bydate
  (``20news-bydate/20news-bydate-train|test/<group>/<n>``; the ``__MACOSX`` resource forks and the
  code are left out).  Parsed as in sets G-I (``draw_g.body_lines``: headers dropped, quote markers
  stripped).  The newsgroup is a stratum of its own: at most ``draw_g.PER_FILE`` lines a post, at
  most ``PER_GROUP`` lines a newsgroup (both halves together), ``MAIL_QUOTA`` in all.
* ``git``  -- commit messages of Claws Mail (eworm-de/claws-mail, a mirror of the Claws Mail
  history), INN (InterNetNews/inn, the Usenet news server) and slrn (jedsoft/slrn) at fixed commits
  (``GIT_REPOS``; ``draw_f.stratum_git``: at most 2 lines a commit, 8 bare trailers a repository,
  ``GIT_QUOTA[repo]`` lines a repository; slrn's history gave 12, short of its quota).

The quotas were set on source counts alone, before the labels were finished and with nothing
scored: a first draw (14 lines a newsgroup, Claws Mail 300, no INN) gave Claws Mail 65% of the
positives, a second (20 a newsgroup, Claws Mail 180) gave 20 Newsgroups 69% of the set; INN was
added and 16 lines a newsgroup kept, so that no repository holds half the set or half its
positives.  Lines read in the first two draws kept their hand labels (by text).

Candidates are ``draw_g.cue_lines`` (set F's cues plus signatures).  Dropped by program, unread:
lines equal (stripped) to a text of any sign-off set in this folder before J (``EXCLUDED``: sets
B-I, the dev sets) or a credit line, duplicates.  ``random.Random(SEED)`` as in sets G-I
(``draw_g.emit``); the union shuffled and printed whole (692 candidates: mail 320,
git 372), no reserve (``RESERVE = 0``).  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_j.py > /tmp/candidates_j.jsonl
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_f  # noqa: E402  (mirror, stratum_git)
import draw_g  # noqa: E402  (body_lines, drawn, emit)
import draw_i  # noqa: E402  (EXCLUDED: the sets before I)

SEED = 20261210
RESERVE = 0
NEWS = "YunomiXavia+20news-bydate"
NEWS_COMMIT = "2298b3e1c9f66cc3f2d8bf6da5dd68f15b37eb88"
NEWS_DIRS = ["20news-bydate/20news-bydate-train", "20news-bydate/20news-bydate-test"]
PER_GROUP = 16  # lines a newsgroup (20 groups)
MAIL_QUOTA = 320  # lines of the corpus in all
GIT_REPOS = {
    "eworm-de+claws-mail": "dad7dea84ab94bc1a9e5a35bd755756ecccc5a21",
    "InterNetNews+inn": "607fa7fcf4d0b24f3943e05ab372cee16279b123",
    "jedsoft+slrn": "39e5d7fa2dae09f43cd194291118741ef06d0638",
}
GIT_QUOTA = {"eworm-de+claws-mail": 180, "InterNetNews+inn": 180, "jedsoft+slrn": 40}
EXCLUDED = draw_i.EXCLUDED + ("heldout_2026-12-05i.yaml",)  # every sign-off set before J


def blobs(repo: str, commit: str, paths: list[str]) -> dict[str, bytes]:
    """The contents of ``paths`` at ``commit``, read through one ``git cat-file --batch``."""
    got = objects(repo, [f"{commit}:{p}" for p in paths])
    return {p: got[f"{commit}:{p}"] for p in paths if f"{commit}:{p}" in got}


def objects(repo: str, names: list[str]) -> dict[str, bytes]:
    """The contents of the objects ``names`` ("<commit>:<path>"), read through one ``git cat-file
    --batch``; a missing one is left out."""
    spec = "".join(f"{n}\n" for n in names).encode()
    out = subprocess.run(["git", f"--git-dir={draw_f.mirror(repo)}", "cat-file", "--batch"],
                         input=spec, capture_output=True, check=True).stdout
    got, pos = {}, 0
    for p in names:
        end = out.index(b"\n", pos)
        head = out[pos:end].split()
        if head[-1] == b"missing":
            pos = end + 1
            continue
        size = int(head[2])
        got[p] = out[end + 1:end + 1 + size]
        pos = end + 1 + size + 1
    return got


def stratum_mail(rng, seen, taken, rest) -> list[dict]:
    files = draw_g.git(NEWS, "ls-tree", "-r", "-z", "--name-only", NEWS_COMMIT, *NEWS_DIRS).decode().split("\0")
    files = sorted(f for f in files if f and "__MACOSX" not in f)
    raw = blobs(NEWS, NEWS_COMMIT, files)
    by_group: dict[str, list[str]] = {}
    for f in files:
        by_group.setdefault(f.split("/")[2], []).append(f)
    out = []
    for group in sorted(by_group):
        groups = [(f"mail:{NEWS.replace('+', '/')}@{NEWS_COMMIT[:12]}:{f}", draw_g.body_lines(raw[f]))
                  for f in by_group[group] if f in raw]
        mine = draw_g.drawn(groups, draw_g.PER_FILE, rng, seen, taken)
        rng.shuffle(mine)
        out += mine[:PER_GROUP]
        rest += [{**r, "stratum": "mail"} for r in mine[PER_GROUP:]]
    rng.shuffle(out)
    return out[:MAIL_QUOTA]


if __name__ == "__main__":
    draw_g.main_of(sys.modules[__name__])
