"""Draw the candidate lines of held-out sign-off set AB (issue 17, reserve set after set Z).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``linux-spi.vger.kernel.org.0`` -- the Linux SPI subsystem's list (patches and their reviews,
  discussion among the drivers' developers);
* ``linux-tegra.vger.kernel.org.0`` -- the NVIDIA Tegra platform's list (patches and their reviews,
  discussion among the developers);
* ``linux-s390.vger.kernel.org.0`` -- the Linux on IBM Z (s390) list (patches and their reviews, KVM
  unit tests, discussion).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AB (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to Z; not set AA, drawn at the same time) or a credit line, duplicates.  ``draw_g.emit`` with
``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_ab.py > /tmp/candidates_ab.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261248
RESERVE = 0
SPI = "linux-mailinglist-archives+linux-spi.vger.kernel.org.0"
TEGRA = "linux-mailinglist-archives+linux-tegra.vger.kernel.org.0"
S390 = "linux-mailinglist-archives+linux-s390.vger.kernel.org.0"
COMMITS = {
    SPI: "6cd2ed4876a52f1f87f043bef75cf554bd343bc3",  # 36,672 messages
    TEGRA: "9478faa2e319bb0eefa05f4a402e42c3cda64e01",  # 50,916 messages
    S390: "ea1beacbfe116058effb4344bcf4fdaba96ce6cc",  # 59,973 messages
}
QUOTA = {SPI: 170, TEGRA: 170, S390: 160}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("z")  # every sign-off set before AB (AA drawn beside it)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
