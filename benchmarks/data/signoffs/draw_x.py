"""Draw the candidate lines of held-out sign-off set X (issue 17, reserve set after set W).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``linux-api.vger.kernel.org.0`` -- the Linux kernel user-space API list (discussion of system calls
  and ABI proposals, questions, patches and their reviews);
* ``linux-watchdog.vger.kernel.org.0`` -- the Linux watchdog drivers list (users' questions, patches
  and their reviews);
* ``linux-edac.vger.kernel.org.0`` -- the Linux EDAC (memory error detection) list (users' problem
  reports, patches and their reviews).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before X (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to W; set Y, drawn at the same time, was not committed and is not excluded) or a credit
line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail
addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_x.py > /tmp/candidates_x.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261240
RESERVE = 0
API = "linux-mailinglist-archives+linux-api.vger.kernel.org.0"
WATCHDOG = "linux-mailinglist-archives+linux-watchdog.vger.kernel.org.0"
EDAC = "linux-mailinglist-archives+linux-edac.vger.kernel.org.0"
COMMITS = {
    API: "eadbe31ba0fda1cff2e7f19c3df9d90e657d9c96",  # 30,571 messages
    WATCHDOG: "ac400b694e343e8afdcb7c17b3289b2051d348da",  # 16,365 messages
    EDAC: "5190ff4085bfcd396fbde08f7a0f3d19a118f866",  # 14,321 messages
}
QUOTA = {API: 200, WATCHDOG: 150, EDAC: 150}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("w")  # every sign-off set before X


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
