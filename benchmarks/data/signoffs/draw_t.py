"""Draw the candidate lines of held-out sign-off set T (issue 17, reserve set after set S).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``linux-btrfs.vger.kernel.org.0`` -- the Btrfs file system's list (users' questions and problem
  reports, recovery help, patches and their reviews, pull requests);
* ``linux-ext4.vger.kernel.org.0`` -- the ext4 file system's list (bug reports and regressions, users'
  questions, patches and their reviews, pull requests, some bot reports);
* ``selinux.vger.kernel.org.0`` -- the SELinux list (users' questions on policy and tools, kernel and
  userspace patches and their reviews, design discussion).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before T (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q, R and S; set U, drawn at the same time, was not committed and is not excluded) or a credit
line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail
addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_t.py > /tmp/candidates_t.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261232
RESERVE = 0
BTRFS = "linux-mailinglist-archives+linux-btrfs.vger.kernel.org.0"
EXT4 = "linux-mailinglist-archives+linux-ext4.vger.kernel.org.0"
SELINUX = "linux-mailinglist-archives+selinux.vger.kernel.org.0"
COMMITS = {
    BTRFS: "21ffbbb65ef85e3a4b12318e27b8ae622929eaa9",  # 75,581 messages
    EXT4: "934fee7b906a742104b1f1b6b6c54c3c428ab0c5",  # 42,700 messages
    SELINUX: "0fb496373ee5dcb53379ba0b83af5f57cbb9ac6a",  # 23,163 messages
}
QUOTA = {BTRFS: 190, EXT4: 170, SELINUX: 140}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("s")  # every sign-off set before T


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
