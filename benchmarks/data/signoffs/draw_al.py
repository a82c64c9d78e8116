"""Draw the candidate lines of held-out sign-off set AL (issue 17, reserve set after set AJ, beside sets AK and AM).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``linux-pci.vger.kernel.org.0`` -- the Linux PCI subsystem's list (PCI core, host controller and
  endpoint drivers: patches and their reviews, users' regression and bug reports, questions, some
  build-bot mail);
* ``linux-rdma.vger.kernel.org.0`` -- the Linux RDMA / InfiniBand list (kernel drivers and rdma-core:
  patches, reviews, bug reports, users' questions, some build-bot mail);
* ``linux-alpha.vger.kernel.org.0`` -- the Linux Alpha port's list (the Alpha architecture: patches,
  reviews, users' reports on old hardware, tree-wide series that touch Alpha).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AL (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to Z and AA to AJ; not the sister sets AK and AM, drawn beside it) or a credit line,
duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses
-> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_al.py > /tmp/candidates_al.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261268
RESERVE = 0
PCI = "linux-mailinglist-archives+linux-pci.vger.kernel.org.0"
RDMA = "linux-mailinglist-archives+linux-rdma.vger.kernel.org.0"
ALPHA = "linux-mailinglist-archives+linux-alpha.vger.kernel.org.0"
COMMITS = {
    PCI: "4645c13623701efa02dc64acb288c917972e4c44",  # 109,409 messages
    RDMA: "d5bb0b1f3c8af24ab090a3366e20a4d9105668dd",  # 66,852 messages
    ALPHA: "150576baaf1f7ae7600bdc156a7547baa3c09278",  # 8,868 messages
}
QUOTA = {PCI: 200, RDMA: 180, ALPHA: 120}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("aj")  # every sign-off set before AL (not AK, AM: drawn beside it)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
