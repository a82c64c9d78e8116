"""Draw the candidate lines of held-out sign-off set BE (issue 17, reserve set after set BD).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from one repository no
earlier set drew from, mirrored in ``/work/.mirror`` at a fixed commit: a public-inbox (v2) git archive
of one mailing list, this time from another GitHub owner than linux-mailinglist-archives (the same
layout: one message a commit, the blob ``m`` of each commit, a whole raw message).  One list by design:

* ``cygwingitgadget/cygwin-patches-list-mirror`` -- the Cygwin patches list (cygwin-patches@cygwin.com,
  2000-2026: patches to the Cygwin DLL and its utilities, their reviews and the discussion around them).

Every commit of the archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quota was set on
the archive's size and subject lines alone, before any line was read, labelled or scored (with one list
the "no repository over half the rows" rule cannot apply).  Candidates are ``draw_g.cue_lines``.
Dropped by program, unread: lines equal (stripped) to a text of any sign-off set in this folder before
BE (``EXCLUDED``: ``draw_q.EXCLUDED`` plus sets Q to BD) or a credit line, duplicates.  ``draw_g.emit``
with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_be.py > /tmp/candidates_be.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261306
RESERVE = 0
CYGWIN = "cygwingitgadget+cygwin-patches-list-mirror"
COMMITS = {
    CYGWIN: "a1378f039a264bafabcb29dcfde73700e038ef12",  # 15,305 messages
}
QUOTA = {CYGWIN: 500}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("bd")  # every sign-off set before BE


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
