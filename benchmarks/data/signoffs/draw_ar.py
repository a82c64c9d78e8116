"""Draw the candidate lines of held-out sign-off set AR (issue 17, reserve set after set AP).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``intel-gvt-dev.lists.freedesktop.org.0`` -- the Intel GVT-g (graphics virtualisation) list (i915
  GVT and VFIO/mdev patches and their reviews, tree-wide series, build-robot reports, much spam);
* ``bridge.lists.linux-foundation.org.0`` -- the Linux bridge list (the kernel's bridge, its switchdev
  and DSA offload: patches, reviews, some users' questions);
* ``linux-nfc.lists.01.org.0`` -- the Linux NFC list (the kernel's NFC drivers and the neard daemon:
  patches, reviews, users' questions and bug reports).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AR (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to Z and AA to AP; not the sister sets AQ and AS, drawn beside it) or a credit line,
duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses
-> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_ar.py > /tmp/candidates_ar.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261280
RESERVE = 0
GVT = "linux-mailinglist-archives+intel-gvt-dev.lists.freedesktop.org.0"
BRIDGE = "linux-mailinglist-archives+bridge.lists.linux-foundation.org.0"
NFC = "linux-mailinglist-archives+linux-nfc.lists.01.org.0"
COMMITS = {
    GVT: "d948ab3d5b48fa714572ccebf42825e91bf40d8d",  # 11,032 messages
    BRIDGE: "c8fe86af0ca2521ed3e0f3228c567b7dc606b82c",  # 4,710 messages
    NFC: "f456f02015926dd94b75cf3b07025183b46845e4",  # 722 messages
}
QUOTA = {GVT: 200, BRIDGE: 190, NFC: 110}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("ap")  # every sign-off set before AR (not AQ, AS: drawn beside it)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
