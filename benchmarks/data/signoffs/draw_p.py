"""Draw the candidate lines of held-out sign-off set P (issue 17, reserve set after set O).

Set O's pattern (``draw_o.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``linux-raid.vger.kernel.org.0`` -- the Linux software RAID (md, mdadm) list (users' questions and
  answers, patches and their reviews);
* ``openwrt-devel.lists.openwrt.org.0`` -- the OpenWrt router distribution's development list
  (discussion, patches, reviews);
* ``xdp-newbies.vger.kernel.org.0`` -- the XDP / AF_XDP newcomers' list (users' questions and answers).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before P (``EXCLUDED``: ``draw_o.EXCLUDED``
plus set O) or a credit line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git stratum,
no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_p.py > /tmp/candidates_p.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_o  # noqa: E402  (EXCLUDED: the sets before O)

SEED = 20261224
RESERVE = 0
RAID = "linux-mailinglist-archives+linux-raid.vger.kernel.org.0"
OPENWRT = "linux-mailinglist-archives+openwrt-devel.lists.openwrt.org.0"
XDP = "linux-mailinglist-archives+xdp-newbies.vger.kernel.org.0"
COMMITS = {
    RAID: "845bc001f40a90a3a40374f616ca8e9f99674e27",  # 19,535 messages
    OPENWRT: "bea3272bf96397d688ff41c998d459b24eaa6aff",  # 7,233 messages
    XDP: "df1d6934dc7ed84d16167232312426b3bcfd3d46",  # 1,941 messages
}
QUOTA = {RAID: 200, OPENWRT: 170, XDP: 130}
EXCLUDED = draw_o.EXCLUDED + ("heldout_2026-12-06o.yaml",)  # every sign-off set before P


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
