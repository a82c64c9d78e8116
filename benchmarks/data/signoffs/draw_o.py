"""Draw the candidate lines of held-out sign-off set O (issue 17, reserve set after set N).

Set N's pattern (``draw_n.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``blinux-list.redhat.com.0`` -- the Linux for blind general discussion list (users' questions and answers);
* ``samba-technical.lists.samba.org.0`` -- the Samba project's technical list (discussion, patches, reviews);
* ``speakup.linux-speakup.org.0`` -- the list of the Speakup console screen reader (users and developers).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes alone, before any line was read, labelled or scored, so that no repository holds
half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines equal
(stripped) to a text of any sign-off set in this folder before O (``EXCLUDED``: ``draw_n.EXCLUDED`` plus
set N) or a credit line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no
reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_o.py > /tmp/candidates_o.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (EXCLUDED: the sets before N; mail_stratum, stratum_git: set N's stratum)

SEED = 20261222
RESERVE = 0
BLINUX = "linux-mailinglist-archives+blinux-list.redhat.com.0"
SAMBA = "linux-mailinglist-archives+samba-technical.lists.samba.org.0"
SPEAKUP = "linux-mailinglist-archives+speakup.linux-speakup.org.0"
COMMITS = {
    BLINUX: "261b8ca23659b60fda5beaae96e12d4cb5580897",  # 6,019 messages
    SAMBA: "4af333615592bf19577840dc54148825edad6b03",  # 7,117 messages
    SPEAKUP: "b6f9ce8ca1451c0eec21e3bf91541c161ce9b20b",  # 1,967 messages
}
QUOTA = {BLINUX: 190, SAMBA: 190, SPEAKUP: 120}
EXCLUDED = draw_n.EXCLUDED + ("heldout_2026-12-05n.yaml",)  # every sign-off set before O


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
