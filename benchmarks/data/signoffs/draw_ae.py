"""Draw the candidate lines of held-out sign-off set AE (issue 17, reserve set after set AD).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``linux-can.vger.kernel.org.0`` -- the Linux CAN (controller area network) list (drivers, the CAN
  stack and its tools: patches, reviews, users' questions and answers);
* ``linux-mtd.lists.infradead.org.0`` -- the Linux memory technology devices list (NAND/NOR flash,
  SPI-NOR, UBI and UBIFS: patches, reviews, bug reports and questions);
* ``linux-nvme.lists.infradead.org.0`` -- the Linux NVMe list (the NVMe host and target drivers and
  nvme-cli: patches, reviews, bug reports and questions).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AE (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to Z and AA to AD; not the sister sets AF and AG, drawn beside it) or a credit line,
duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses
-> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_ae.py > /tmp/candidates_ae.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261254
RESERVE = 0
CAN = "linux-mailinglist-archives+linux-can.vger.kernel.org.0"
MTD = "linux-mailinglist-archives+linux-mtd.lists.infradead.org.0"
NVME = "linux-mailinglist-archives+linux-nvme.lists.infradead.org.0"
COMMITS = {
    CAN: "ab58c620c521a512b8c6c1b558c7fc9dfffd17ea",  # 22,794 messages
    MTD: "9d273e9f67648b89b7d4ec16d7cad43e1430f3eb",  # 8,593 messages
    NVME: "d152d7970ed90c5c8edd537122f64b4ef3c29692",  # 7,543 messages
}
QUOTA = {CAN: 180, MTD: 170, NVME: 150}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("ad")  # every sign-off set before AE (not AF, AG: drawn beside it)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
