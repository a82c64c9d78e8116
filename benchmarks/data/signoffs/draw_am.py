"""Draw the candidate lines of held-out sign-off set AM (issue 17, reserve set after set AJ).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``linux-scsi.vger.kernel.org.0`` -- the Linux SCSI list (SCSI core, UFS, HBA and target drivers:
  patches, reviews, bug reports, regressions and their discussion, pull requests);
* ``linux-mips.vger.kernel.org.0`` -- the Linux MIPS list (the MIPS port, its SoCs and boards:
  patches, reviews, bug reports and questions, tree-wide series that touch MIPS);
* ``freedreno.lists.freedesktop.org.0`` -- the freedreno list (the msm DRM driver for Qualcomm
  Adreno GPUs and display: patches, reviews, bug reports and discussion).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AM (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to Z and AA to AJ; not the sister sets AK and AL, drawn beside it) or a credit line,
duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses
-> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_am.py > /tmp/candidates_am.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261270
RESERVE = 0
SCSI = "linux-mailinglist-archives+linux-scsi.vger.kernel.org.0"
MIPS = "linux-mailinglist-archives+linux-mips.vger.kernel.org.0"
FREEDRENO = "linux-mailinglist-archives+freedreno.lists.freedesktop.org.0"
COMMITS = {
    SCSI: "745d2a211851f0c173516072def5a95e4f2b41cd",  # 82,631 messages
    MIPS: "941c8071bee8d3b1658676bd4ef39dcd167a4e96",  # 51,565 messages
    FREEDRENO: "0674c4d1bb3a521c35a5d8b40bb1dec18ab87e81",  # 38,637 messages
}
QUOTA = {SCSI: 180, MIPS: 170, FREEDRENO: 150}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("aj")  # every sign-off set before AM (not AK, AL: drawn beside it)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
