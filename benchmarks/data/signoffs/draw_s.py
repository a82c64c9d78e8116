"""Draw the candidate lines of held-out sign-off set S (issue 17, reserve set after set Q).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``linux-man.vger.kernel.org.0`` -- the Linux man-pages list (reports of issues in manual pages,
  reviews of new pages, discussion of the C library and standards, patches and their reviews);
* ``linux-cifs.vger.kernel.org.0`` -- the Linux CIFS/SMB3 client and ksmbd server list (users' bug
  reports and regressions, questions, patches and their reviews, pull requests);
* ``ath10k.lists.infradead.org.0`` -- the ath10k Wi-Fi driver's list (users' questions and problem
  reports, patches and their reviews).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before S (``EXCLUDED``: ``draw_q.EXCLUDED``
plus set Q; set R, drawn at the same time, was not committed and is not excluded) or a credit line,
duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses
-> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_s.py > /tmp/candidates_s.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261230
RESERVE = 0
MAN = "linux-mailinglist-archives+linux-man.vger.kernel.org.0"
CIFS = "linux-mailinglist-archives+linux-cifs.vger.kernel.org.0"
ATH10K = "linux-mailinglist-archives+ath10k.lists.infradead.org.0"
COMMITS = {
    MAN: "0f25944defa3b073fb9710c2b98d9b7e779581ca",  # 17,885 messages
    CIFS: "a3b4e497b10ac00bb9811f936d37157cdd4e8aab",  # 23,337 messages
    ATH10K: "b2c01dea42c37b732661168b725f3ad013c406b0",  # 2,017 messages
}
QUOTA = {MAN: 190, CIFS: 180, ATH10K: 130}
EXCLUDED = draw_q.EXCLUDED + ("heldout_2026-12-06q.yaml",)  # every sign-off set before S


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
