"""Draw the candidate lines of held-out sign-off set V (issue 17, reserve set after sets T and U).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``linux-bluetooth.vger.kernel.org.0`` -- the Linux Bluetooth (kernel and BlueZ) list (users' bug
  reports and questions, patches and their reviews, CI and bug-tracker mail);
* ``platform-driver-x86.vger.kernel.org.0`` -- the x86 platform drivers list (users' laptop reports,
  bug-tracker mail, patches and their reviews);
* ``linux-input.vger.kernel.org.0`` -- the Linux input and HID list (users' device reports, patches
  and their reviews).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before V (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to U; set W, drawn at the same time, was not committed and is not excluded) or a credit
line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail
addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_v.py > /tmp/candidates_v.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261236
RESERVE = 0
BLUETOOTH = "linux-mailinglist-archives+linux-bluetooth.vger.kernel.org.0"
PDX86 = "linux-mailinglist-archives+platform-driver-x86.vger.kernel.org.0"
INPUT = "linux-mailinglist-archives+linux-input.vger.kernel.org.0"
COMMITS = {
    BLUETOOTH: "c2268b638ee5ba22f7e9aca7d352849657cb3b3d",  # 48,253 messages
    PDX86: "805cabc31f40307269ceba0ff488ce2e1ca781a4",  # 40,596 messages
    INPUT: "c11fc827517745175f39b3af5b5ab2bed48eb7dc",  # 45,136 messages
}
QUOTA = {BLUETOOTH: 180, PDX86: 170, INPUT: 150}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("u")  # every sign-off set before V


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
