"""Draw the candidate lines of held-out sign-off set R (issue 17, reserve set after set Q).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``cluster-devel.redhat.com.0`` -- the cluster file system (GFS2) and DLM developers' list (patches
  and their reviews, pull requests, bug reports and their discussion);
* ``v9fs-developer.lists.sourceforge.net.0`` -- the 9p file system's (v9fs) list (patches and their
  reviews, bug reports, users' questions, much spam);
* ``linux1394-devel.lists.sourceforge.net.0`` -- the Linux FireWire (IEEE 1394) list (patches and
  their reviews, users' questions and bug reports, releases, some spam).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before R (``EXCLUDED``: ``draw_q.EXCLUDED``
plus set Q) or a credit line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git stratum,
no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_r.py > /tmp/candidates_r.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261228
RESERVE = 0
CLUSTER = "linux-mailinglist-archives+cluster-devel.redhat.com.0"
V9FS = "linux-mailinglist-archives+v9fs-developer.lists.sourceforge.net.0"
FIREWIRE = "linux-mailinglist-archives+linux1394-devel.lists.sourceforge.net.0"
COMMITS = {
    CLUSTER: "73a28d6aff8b62b122c6d8df456d3f70eea1a204",  # 7,288 messages
    V9FS: "2783b9828907d9b799eef51f93b640078aca1fd3",  # 4,081 messages
    FIREWIRE: "f89375f6c60aa913502cea4930b86a0fec9e3d00",  # 1,218 messages
}
QUOTA = {CLUSTER: 190, V9FS: 170, FIREWIRE: 140}
EXCLUDED = draw_q.EXCLUDED + ("heldout_2026-12-06q.yaml",)  # every sign-off set before R


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
