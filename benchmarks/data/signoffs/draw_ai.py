"""Draw the candidate lines of held-out sign-off set AI (issue 17, reserve set after set AG, beside sets AH and AJ).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``linux-samsung-soc.vger.kernel.org.0`` -- the Samsung Exynos / S3C SoC list (patches and their
  reviews, pull requests, discussion among the developers, some users' bug reports);
* ``dmaengine.vger.kernel.org.0`` -- the kernel DMA engine subsystem's list (patches and their reviews,
  discussion among the developers);
* ``driverdev-devel.linuxdriverproject.org.0`` -- the staging drivers' list (newcomers' patches and
  their reviews, build robots' reports, spam).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AI (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to Z and AA to AG; not sets AH and AJ, drawn at the same time) or a credit line, duplicates.
``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_ai.py > /tmp/candidates_ai.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261262
RESERVE = 0
SAMSUNG = "linux-mailinglist-archives+linux-samsung-soc.vger.kernel.org.0"
DMAENGINE = "linux-mailinglist-archives+dmaengine.vger.kernel.org.0"
DRIVERDEV = "linux-mailinglist-archives+driverdev-devel.linuxdriverproject.org.0"
COMMITS = {
    SAMSUNG: "6ecaaef2e4769a79458fe0443927d73524f785fb",  # 33,705 messages
    DMAENGINE: "689f1edfd41098c1601fdab77f697abfcdf4e4a1",  # 27,116 messages
    DRIVERDEV: "3f618eda022a3f4dfc4c365e576ad7a3d3affe49",  # 23,425 messages
}
QUOTA = {SAMSUNG: 180, DMAENGINE: 170, DRIVERDEV: 150}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("ag")  # every sign-off set before AI (not AH, AJ, drawn beside it)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
