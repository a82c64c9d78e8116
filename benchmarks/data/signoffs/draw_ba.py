"""Draw the candidate lines of held-out sign-off set BA (issue 17, reserve set after set AY; drawn beside set AZ).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message).  Three of the five lists offered are used (chosen on sizes and
subject lines only, the two smallest for a fast draw and one of middle size):

* ``linux-stm32.st-md-mailman.stormreply.com.0`` -- the STM32 SoC list (drivers, device trees, stmmac
  Ethernet: patches, their reviews and the discussion around them);
* ``openipmi-developer.lists.sourceforge.net.0`` -- the OpenIPMI / kernel IPMI drivers' list (patches,
  reviews, users' bug reports and questions answered by the maintainer);
* ``kgdb-bugreport.lists.sourceforge.net.0`` -- the kgdb / kdb kernel debugger's list (patches, reviews,
  bug reports and their discussion).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AZ (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to AY) or a credit line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git
stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_ba.py > /tmp/candidates_ba.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261298
RESERVE = 0
STM32 = "linux-mailinglist-archives+linux-stm32.st-md-mailman.stormreply.com.0"
OPENIPMI = "linux-mailinglist-archives+openipmi-developer.lists.sourceforge.net.0"
KGDB = "linux-mailinglist-archives+kgdb-bugreport.lists.sourceforge.net.0"
COMMITS = {
    STM32: "3fd7e18b53156d17a412f11874ac91e9d21e5df0",  # 39,441 messages
    OPENIPMI: "557a73736dbfab4e742451a937a1e7d15075dc06",  # 3,008 messages
    KGDB: "8a635a6fa96fd4ac85e6dc231d37809688401fbc",  # 2,358 messages
}
QUOTA = {STM32: 200, OPENIPMI: 160, KGDB: 140}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("ay")  # every sign-off set before AZ (not AZ: drawn beside BA)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
