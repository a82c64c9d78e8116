"""Draw the candidate lines of held-out sign-off set W (issue 17, reserve set after sets T and U).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``linux-usb.vger.kernel.org.0`` -- the Linux USB list (users' problem reports and questions,
  regressions, patches and their reviews, build-bot reports);
* ``linux-wireless.vger.kernel.org.0`` -- the Linux wireless list (users' problem reports,
  regressions, patches, their reviews and pull requests);
* ``io-uring.vger.kernel.org.0`` -- the io_uring list (users' questions and bug reports about the
  kernel interface and liburing, patches and their reviews).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before W (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to U; set V, drawn at the same time, was not committed and is not excluded) or a credit
line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail
addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_w.py > /tmp/candidates_w.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261238
RESERVE = 0
USB = "linux-mailinglist-archives+linux-usb.vger.kernel.org.0"
WIRELESS = "linux-mailinglist-archives+linux-wireless.vger.kernel.org.0"
IOURING = "linux-mailinglist-archives+io-uring.vger.kernel.org.0"
COMMITS = {
    USB: "22c5a01ea2d3d8b313d2a78b6eef13d6bad89a13",  # 106,221 messages
    WIRELESS: "3dad7ddeaad20fc6c5d8414ebd8a2b3e2dc35b70",  # 97,591 messages
    IOURING: "13402fd07a919d07992615928b9d609b620717d9",  # 33,495 messages
}
QUOTA = {USB: 180, WIRELESS: 180, IOURING: 140}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("u")  # every sign-off set before W


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
