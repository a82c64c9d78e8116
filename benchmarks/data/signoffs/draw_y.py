"""Draw the candidate lines of held-out sign-off set Y (issue 17, reserve set after sets V and W).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``linux-leds.vger.kernel.org.0`` -- the Linux LED subsystem list (patches to LED, backlight and
  multi-function device drivers, their reviews, a few users' questions and bot reports);
* ``linux-serial.vger.kernel.org.0`` -- the Linux serial / TTY list (patches and their reviews,
  users' bug reports and questions);
* ``ltp.lists.linux.it.0`` -- the Linux Test Project's list (patches to tests and their reviews,
  questions about test failures, CI test reports).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before Y (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to W; set X, drawn at the same time, was not committed and is not excluded) or a credit
line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail
addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_y.py > /tmp/candidates_y.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261242
RESERVE = 0
LEDS = "linux-mailinglist-archives+linux-leds.vger.kernel.org.0"
SERIAL = "linux-mailinglist-archives+linux-serial.vger.kernel.org.0"
LTP = "linux-mailinglist-archives+ltp.lists.linux.it.0"
COMMITS = {
    LEDS: "316c55d5c9cdfc0eebba5cd73456946a1e749233",  # 23,200 messages
    SERIAL: "9a55e4ec5167e07c662805f363f503c7fc8ca398",  # 37,333 messages
    LTP: "ed420ebbd56ba8ddc785638e833fe00c5be1ad04",  # 35,118 messages
}
QUOTA = {LEDS: 150, SERIAL: 170, LTP: 180}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("w")  # every sign-off set before Y


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
