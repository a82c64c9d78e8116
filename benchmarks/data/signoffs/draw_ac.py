"""Draw the candidate lines of held-out sign-off set AC (issue 17, reserve set after set AB).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``linux-omap.vger.kernel.org.0`` -- the TI OMAP platform list (patches and their reviews, users' and
  developers' bug reports and discussion of OMAP / AM33xx / DRA7 boards);
* ``kvmarm.lists.cs.columbia.edu.0`` -- the KVM/arm list (patches and their reviews, design discussion);
* ``linux-pwm.vger.kernel.org.0`` -- the PWM subsystem's list (patches and their reviews).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AC (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to Z, AA and AB) or a credit line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``;
no git stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_ac.py > /tmp/candidates_ac.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261250
RESERVE = 0
OMAP = "linux-mailinglist-archives+linux-omap.vger.kernel.org.0"
KVMARM = "linux-mailinglist-archives+kvmarm.lists.cs.columbia.edu.0"
PWM = "linux-mailinglist-archives+linux-pwm.vger.kernel.org.0"
COMMITS = {
    OMAP: "4ef43b1fc591632dc8cec51c1940c03172b7fcd9",  # 25,943 messages
    KVMARM: "4be7d95f3907acec8a80b0a67631e6843a7b8677",  # 21,367 messages
    PWM: "153d785a1d348799c52d3f60a2b800c9720eda55",  # 23,541 messages
}
QUOTA = {OMAP: 180, KVMARM: 170, PWM: 150}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("ab")  # every sign-off set before AC


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
