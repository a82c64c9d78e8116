"""Draw the candidate lines of held-out sign-off set AV (issue 17, reserve set after set AU; drawn beside set AW).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message).  Of the five lists offered, b43-dev and libertas-dev were left out
on their sizes and dates alone (187 and 99 messages, each covering only about a year, 2019-2020, mostly
cross-posted patch series):

* ``linux-gpio.vger.kernel.org.0`` -- the Linux GPIO and pin control list (patches and their reviews,
  libgpiod's patches and users' questions, bug reports);
* ``linux-iio.vger.kernel.org.0`` -- the Linux industrial I/O (sensors, ADCs) list (patches and their
  reviews, users' questions);
* ``squashfs-devel.lists.sourceforge.net.0`` -- the Squashfs developers' list (patches, reviews, a
  performance regression's discussion, announcements).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AV (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to AU) or a credit line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git
stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_av.py > /tmp/candidates_av.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261288
RESERVE = 0
GPIO = "linux-mailinglist-archives+linux-gpio.vger.kernel.org.0"
IIO = "linux-mailinglist-archives+linux-iio.vger.kernel.org.0"
SQUASHFS = "linux-mailinglist-archives+squashfs-devel.lists.sourceforge.net.0"
COMMITS = {
    GPIO: "d5ee68a33783bb2b2214f96ec3bb6bfea99db273",  # 95,467 messages
    IIO: "939b2ca6ff5b99ea460668d91b6aa51ab5c15d0a",  # 67,554 messages
    SQUASHFS: "8b61e27f4f3c5b2351d2684f0b9543714d67d1e2",  # 102 messages
}
QUOTA = {GPIO: 240, IIO: 220, SQUASHFS: 40}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("au")  # every sign-off set before AV (not AW: drawn beside it)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
