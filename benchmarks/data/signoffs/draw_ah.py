"""Draw the candidate lines of held-out sign-off set AH (issue 17, reserve set after set AG).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``linux-sh.vger.kernel.org.0`` -- the Linux SuperH list (the SH architecture port and its boards:
  patches, reviews, bug reports and their discussion, tree-wide series that touch SH);
* ``linux-fbdev.vger.kernel.org.0`` -- the Linux frame buffer devices list (fbdev drivers, the
  console, backlight and the staging fb drivers: patches, reviews, bug reports and questions);
* ``linux-rtc.vger.kernel.org.0`` -- the Linux real-time clock list (RTC drivers and their bindings:
  patches, reviews, bug reports and questions).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AH (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to Z and AA to AG; not the sister sets AI and AJ, drawn beside it) or a credit line,
duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses
-> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_ah.py > /tmp/candidates_ah.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261260
RESERVE = 0
SH = "linux-mailinglist-archives+linux-sh.vger.kernel.org.0"
FBDEV = "linux-mailinglist-archives+linux-fbdev.vger.kernel.org.0"
RTC = "linux-mailinglist-archives+linux-rtc.vger.kernel.org.0"
COMMITS = {
    SH: "63c666551e37115da73d83fb0e16635b93491dfb",  # 13,882 messages
    FBDEV: "eb8fcbdf0b080e019d9fbbdde869054da86bc496",  # 21,160 messages
    RTC: "f000dc7b86ef54f85a1656af9db5e6e84cde0faf",  # 17,232 messages
}
QUOTA = {SH: 180, FBDEV: 170, RTC: 150}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("ag")  # every sign-off set before AH (not AI, AJ: drawn beside it)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
