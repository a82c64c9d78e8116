"""Draw the candidate lines of held-out sign-off set L (issue 17, reserve set after set K).

Set K's pattern (``draw_k.py``), with repositories no earlier set drew from, mirrored in
``/work/.mirror`` at fixed commits, real human-written mail first:

* ``mail`` -- the Twisted project's legacy mailing-list archive (twisted/pipermail: the Mailman
  "pipermail" monthly text archives of twisted-python, twisted-web, divunal-author, divunal-list,
  inheritance and reality, 2001-2022, committed as ``<list>/<year>-<Month>.txt``; the ``.gz`` copies and
  the per-message HTML pages are left out).  A month's file is split into its messages
  (``draw_g.messages``) and each parsed as in sets G-J (``draw_g.body_lines``: headers dropped, quote
  markers stripped).  The list is a stratum of its own: at most ``draw_g.PER_FILE`` lines a message, at
  most ``PER_LIST`` lines a list, ``MAIL_QUOTA`` in all.
* ``git``  -- commit messages of the IRC clients irssi (irssi/irssi) and WeeChat (weechat/weechat),
  the IRC bouncer ZNC (znc/znc), the IRC gateway BitlBee (bitlbee/bitlbee) and the IRC client
  HexChat (hexchat/hexchat) at fixed commits
  (``GIT_REPOS``; ``draw_f.stratum_git``: at most 2 lines a commit, 8 bare trailers a repository,
  ``GIT_QUOTA[repo]`` lines a repository; WeeChat's history gave 72 and HexChat's 22, short of their
  quotas).

The quotas were set on source counts alone, before any line was labelled and with nothing scored, so
that no repository holds half the set (HexChat was added, before any labelling, when WeeChat fell short
of its quota): 594 candidates (mail 270: twisted-web 75, twisted-python 73, inheritance 61, divunal-list
28, reality 19, divunal-author 14; git 324: irssi 110, WeeChat 72, ZNC 60, BitlBee 60, HexChat 22).  Candidates are ``draw_g.cue_lines`` (set F's cues plus
signatures).  Dropped by program, unread: lines equal (stripped) to a text of any sign-off set in this
folder before L (``EXCLUDED``: ``draw_k.EXCLUDED`` plus set K) or a credit line, duplicates.
``random.Random(SEED)`` as in sets G-K (``draw_g.emit``); the union shuffled and printed whole, no
reserve (``RESERVE = 0``).  E-mail addresses -> ``<EMAIL>`` (pipermail writes them "user at host":
those are left as written).

    python benchmarks/data/signoffs/draw_l.py > /tmp/candidates_l.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_f  # noqa: E402  (mirror, stratum_git)
import draw_g  # noqa: E402  (git, body_lines, messages, drawn, emit, PER_FILE)
import draw_j  # noqa: E402  (blobs)
import draw_k  # noqa: E402  (EXCLUDED: the sets before K)

SEED = 20261214
RESERVE = 0
LIST = "twisted+pipermail"
LIST_COMMIT = "75a0ed20ffa55cc4354dc11e725a2f2c096f566c"
PER_LIST = 150  # lines a mailing list (six lists)
MAIL_QUOTA = 270  # lines of the archive in all
GIT_REPOS = {
    "irssi+irssi": "43f1727ef9fe1cb51d5031ee2dd0e1965217e4cb",
    "weechat+weechat": "fb69b4affb1832cfa91dc9611692d6848465cd92",
    "znc+znc": "fe8d43f828f49561c8156f60a2dc51a1b5b7da2c",
    "bitlbee+bitlbee": "8af06ca5362445ff6379aca028b79c607ed77f90",
    "hexchat+hexchat": "b544ac3350e85d4cc41fe3414cbdb82d75ce5d7a",
}
GIT_QUOTA = {"irssi+irssi": 110, "weechat+weechat": 110, "znc+znc": 60, "bitlbee+bitlbee": 60, "hexchat+hexchat": 50}
EXCLUDED = draw_k.EXCLUDED + ("heldout_2026-12-05k.yaml",)  # every sign-off set before L


def stratum_mail(rng, seen, taken, rest) -> list[dict]:
    draw_f.mirror(LIST)
    files = draw_g.git(LIST, "ls-tree", "-r", "-z", "--name-only", LIST_COMMIT).decode().split("\0")
    files = sorted(f for f in files if f.count("/") == 1 and f.endswith(".txt"))
    raw = draw_j.blobs(LIST, LIST_COMMIT, files)
    by_list: dict[str, list[str]] = {}
    for f in files:
        by_list.setdefault(f.split("/")[0], []).append(f)
    out = []
    for name in sorted(by_list):
        groups = []
        for f in by_list[name]:
            if f not in raw:
                continue
            for j, m in enumerate(draw_g.messages(raw[f])):
                groups.append((f"mail:{LIST.replace('+', '/')}@{LIST_COMMIT[:12]}:{f}#{j}", draw_g.body_lines(m)))
        mine = draw_g.drawn(groups, draw_g.PER_FILE, rng, seen, taken)
        rng.shuffle(mine)
        print(f"# list {name}: {len(mine)} lines, {min(len(mine), PER_LIST)} kept", file=sys.stderr)
        out += mine[:PER_LIST]
        rest += [{**r, "stratum": "mail"} for r in mine[PER_LIST:]]
    rng.shuffle(out)
    rest += [{**r, "stratum": "mail"} for r in out[MAIL_QUOTA:]]
    return out[:MAIL_QUOTA]


if __name__ == "__main__":
    draw_g.main_of(sys.modules[__name__])
