"""Draw the candidate lines of held-out sign-off set AK (issue 17, reserve set after set AJ, beside sets AL and AM).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``linux-i2c.vger.kernel.org.0`` -- the I2C/SMBus subsystem's list (bus drivers, clients, PMBus:
  patches and their reviews, bug reports, users' questions);
* ``linux-arch.vger.kernel.org.0`` -- the cross-architecture list (asm-generic, barriers, syscalls,
  mm and tree-wide series: patches, reviews and design discussion);
* ``linux-sctp.vger.kernel.org.0`` -- the SCTP protocol list (the kernel's SCTP stack: patches,
  reviews, bug and syzbot reports and their discussion, users' questions).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AK (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to Z and AA to AJ; not AL and AM, drawn at the same time) or a credit line, duplicates.
``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_ak.py > /tmp/candidates_ak.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261266
RESERVE = 0
I2C = "linux-mailinglist-archives+linux-i2c.vger.kernel.org.0"
ARCH = "linux-mailinglist-archives+linux-arch.vger.kernel.org.0"
SCTP = "linux-mailinglist-archives+linux-sctp.vger.kernel.org.0"
COMMITS = {
    I2C: "0a53485e3093fe365d24ad13c4a03926a1bcdb33",  # 41,739 messages
    ARCH: "e1923b54d0251a5537c7280c3d9b7bd66611255e",  # 53,141 messages
    SCTP: "4ffd08331c52a9e014f3c275173c60a77ee70dd2",  # 4,154 messages
}
QUOTA = {I2C: 180, ARCH: 170, SCTP: 150}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("aj")  # every sign-off set before AK (not AL, AM: drawn beside it)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
