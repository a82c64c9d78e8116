"""Draw the candidate lines of held-out sign-off set BC (issue 17, reserve set after set BA; drawn beside sets BB and BD).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from one repository no
earlier set drew from, mirrored in ``/work/.mirror`` at a fixed commit: the public-inbox (v2) git archive
of one mailing list as committed by linux-mailinglist-archives, one message a commit (the blob ``m`` of
each commit, a whole raw message).  One list by design (few unused lists remain; each sister set has its
own):

* ``linux-pm.vger.kernel.org.0`` -- the Linux power management list (cpufreq, cpuidle, suspend and
  hibernation, thermal, power supply, devfreq: patches, their reviews and the discussion around them).

Every commit of the archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quota was set on
the archive's size and subject lines alone, before any line was read, labelled or scored (the "no
repository holds half the rows" rule cannot apply to one list).  Candidates are ``draw_g.cue_lines``.
Dropped by program, unread: lines equal (stripped) to a text of any sign-off set in this folder before BB
(``EXCLUDED``: ``draw_q.EXCLUDED`` plus sets Q to BA) or a credit line, duplicates.  ``draw_g.emit`` with
``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_bc.py > /tmp/candidates_bc.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261302
RESERVE = 0
PM = "linux-mailinglist-archives+linux-pm.vger.kernel.org.0"
COMMITS = {
    PM: "33c525055eebb4844d4f7a9e1cbfa9bec4b17e5c",  # 113,573 messages
}
QUOTA = {PM: 500}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("ba")  # every sign-off set before BB (not BB, BD: drawn beside BC)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
