"""Draw the candidate lines of held-out sign-off set AQ (issue 17, reserve set after set AP).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``keyrings.vger.kernel.org.0`` -- the kernel keyrings list (key management, certificates, trusted
  keys: patches, their reviews, users' questions);
* ``target-devel.vger.kernel.org.0`` -- the kernel SCSI target (LIO) list (patches, reviews, bug
  reports and questions);
* ``reiserfs-devel.vger.kernel.org.0`` -- the ReiserFS / Reiser4 list (bug reports, questions,
  patches, reviews).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AQ (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to Z and AA to AP) or a credit line, duplicates.  ``draw_g.emit`` with
``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_aq.py > /tmp/candidates_aq.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261278
RESERVE = 0
KEYRINGS = "linux-mailinglist-archives+keyrings.vger.kernel.org.0"
TARGET = "linux-mailinglist-archives+target-devel.vger.kernel.org.0"
REISERFS = "linux-mailinglist-archives+reiserfs-devel.vger.kernel.org.0"
COMMITS = {
    KEYRINGS: "a78389e9942187c1dd2639ad33c2f6fe4dcd136d",  # 13,398 messages
    TARGET: "40106323585c4a5598813f1515f974116acae153",  # 7,273 messages
    REISERFS: "3f0f0062e8b29ed1d6b03271d8685cc03346c87a",  # 2,249 messages
}
QUOTA = {KEYRINGS: 200, TARGET: 190, REISERFS: 110}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("ap")  # every sign-off set before AQ (not AR, AS: drawn beside it)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
