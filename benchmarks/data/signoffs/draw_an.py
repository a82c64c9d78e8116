"""Draw the candidate lines of held-out sign-off set AN (issue 17, reserve set after set AM).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``kernel-janitors.vger.kernel.org.0`` -- the kernel janitors list (small clean-ups and fixes across
  the tree: patches, their reviews, maintainers' replies and discussion of janitorial work);
* ``ceph-devel.vger.kernel.org.0`` -- the Ceph development list (the kernel Ceph client, RBD and
  netfs: patches, reviews, bug reports, design discussion, build-robot reports);
* ``live-patching.vger.kernel.org.0`` -- the kernel live-patching list (livepatch, ftrace, objtool and
  reliable stack traces: patches, reviews, users' questions and their answers).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AN (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to Z and AA to AM; not the sister sets AO and AP, drawn beside it) or a credit line,
duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses
-> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_an.py > /tmp/candidates_an.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261272
RESERVE = 0
JANITORS = "linux-mailinglist-archives+kernel-janitors.vger.kernel.org.0"
CEPH = "linux-mailinglist-archives+ceph-devel.vger.kernel.org.0"
LIVEPATCH = "linux-mailinglist-archives+live-patching.vger.kernel.org.0"
COMMITS = {
    JANITORS: "e1f173d7d1b0551ab9864366cc3f5494a70f21ea",  # 36,786 messages
    CEPH: "849ce26359546e0bcec23fdf843a2029317f74f6",  # 18,168 messages
    LIVEPATCH: "27414c1dfb68b548f5b26d4ec321f72555dbe65f",  # 7,162 messages
}
QUOTA = {JANITORS: 180, CEPH: 170, LIVEPATCH: 150}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("am")  # every sign-off set before AN (not AO, AP: drawn beside it)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
