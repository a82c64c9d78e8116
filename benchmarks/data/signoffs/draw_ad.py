"""Draw the candidate lines of held-out sign-off set AD (issue 17, reserve set after set AB, beside set AC).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``virtualization.lists.linux-foundation.org.0`` -- the Linux virtualization list (virtio, vhost, vDPA:
  patches and their reviews, discussion among the developers);
* ``iommu.lists.linux-foundation.org.0`` -- the Linux IOMMU / DMA-mapping list (patches and their
  reviews, discussion, some users' bug reports);
* ``linux-aspeed.lists.ozlabs.org.0`` -- the ASPEED BMC SoC list (patches and their reviews, device
  trees, discussion among the developers).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AD (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to Z, AA and AB; not set AC, drawn at the same time) or a credit line, duplicates.
``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_ad.py > /tmp/candidates_ad.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261252
RESERVE = 0
VIRT = "linux-mailinglist-archives+virtualization.lists.linux-foundation.org.0"
IOMMU = "linux-mailinglist-archives+iommu.lists.linux-foundation.org.0"
ASPEED = "linux-mailinglist-archives+linux-aspeed.lists.ozlabs.org.0"
COMMITS = {
    VIRT: "d74976623cfb0fa025c0b5d7112acc72c417ec46",  # 27,573 messages
    IOMMU: "2113526f0244c4ddb57483c52d233233d42ee694",  # 31,951 messages
    ASPEED: "91d69a2ef07c2be122b3d1964481aa4765c4ca32",  # 16,945 messages
}
QUOTA = {VIRT: 180, IOMMU: 170, ASPEED: 150}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("ab")  # every sign-off set before AD (not AC, drawn beside it)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
