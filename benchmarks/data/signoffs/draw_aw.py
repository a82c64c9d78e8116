"""Draw the candidate lines of held-out sign-off set AW (issue 17, reserve set after set AU; drawn beside set AV).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from repositories no earlier
set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives of
mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m`` of each
commit, a whole raw message).  Five archives, every list of the five offered (all five could be
mirrored): two large ones that hold most of the quota and three small ones (a year or so of mail each)
weighted low:

* ``linux-kselftest.vger.kernel.org.0`` -- the kernel selftests list (patches to the selftests and
  the KUnit framework and their reviews, test failures reported and discussed);
* ``linux-clk.vger.kernel.org.0`` -- the common clock framework list (clock drivers and bindings:
  patches, reviews, bug reports);
* ``linux-unisoc.lists.infradead.org.0`` -- the Unisoc / RDA Micro SoC list (patches and their
  reviews);
* ``wcn36xx.lists.infradead.org.0`` -- the wcn36xx Qualcomm Wi-Fi driver's list (patches, reviews,
  some spam);
* ``legousb-devel.lists.sourceforge.net.0`` -- the LEGO USB tower driver's list (patches, a bug
  report and its discussion).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AV (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to AU) or a credit line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git
stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_aw.py > /tmp/candidates_aw.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261290
RESERVE = 0
KSELFTEST = "linux-mailinglist-archives+linux-kselftest.vger.kernel.org.0"
CLK = "linux-mailinglist-archives+linux-clk.vger.kernel.org.0"
UNISOC = "linux-mailinglist-archives+linux-unisoc.lists.infradead.org.0"
WCN = "linux-mailinglist-archives+wcn36xx.lists.infradead.org.0"
LEGO = "linux-mailinglist-archives+legousb-devel.lists.sourceforge.net.0"
COMMITS = {
    KSELFTEST: "1d47e00f47ac751ce2a9c1fa01507edfbb029eb7",  # 94,908 messages
    CLK: "b14c112dff7054d3e109523199c5f130d66ecd5a",  # 88,352 messages
    UNISOC: "04f5841515cbb9cd71467fa5c9da75edc55276ce",  # 69 messages
    WCN: "a8e6aa8230fe50cea89a85e66dd318790a222eb5",  # 39 messages
    LEGO: "ab3c6aaae028ae641602a7967549208c80c40548",  # 29 messages
}
QUOTA = {KSELFTEST: 210, CLK: 200, UNISOC: 40, WCN: 25, LEGO: 25}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("au")  # every sign-off set before AV (not AV: drawn beside AW)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
