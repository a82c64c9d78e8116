"""Draw the candidate lines of held-out sign-off set Q (issue 17, reserve set after set P).

Set P's pattern (``draw_p.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``ksummit.lists.linux.dev.0`` -- the Linux kernel (maintainers) summit list (topic proposals and
  their discussion among kernel developers);
* ``jailhouse-dev.googlegroups.com.0`` -- the Jailhouse partitioning hypervisor's list (users'
  questions and answers, patches and their reviews);
* ``util-linux.vger.kernel.org.0`` -- the util-linux list (bug reports, questions, patches, reviews).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before Q (``EXCLUDED``: ``draw_p.EXCLUDED``
plus set P) or a credit line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git stratum,
no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_q.py > /tmp/candidates_q.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_p  # noqa: E402  (EXCLUDED: the sets before P)

SEED = 20261226
RESERVE = 0
KSUMMIT = "linux-mailinglist-archives+ksummit.lists.linux.dev.0"
JAILHOUSE = "linux-mailinglist-archives+jailhouse-dev.googlegroups.com.0"
UTIL = "linux-mailinglist-archives+util-linux.vger.kernel.org.0"
COMMITS = {
    KSUMMIT: "d0e195b0d7f18ef5c425f0129c6588a42b4ec521",  # 3,115 messages
    JAILHOUSE: "1d5d6186a2d77a24f43948e2219f5ed709ec9a6d",  # 5,589 messages
    UTIL: "c10d32250721b0fc19e06759fce322a03058474d",  # 3,509 messages
}
QUOTA = {KSUMMIT: 180, JAILHOUSE: 170, UTIL: 150}
EXCLUDED = draw_p.EXCLUDED + ("heldout_2026-12-06p.yaml",)  # every sign-off set before Q


def sets_through(last: str) -> tuple[str, ...]:
    """The files of held-out sets Q to ``last`` ("ba"), in the order they were drawn (Q on
    2026-12-06; R to Z, then AA to AZ, BA... on 2026-12-07): what a later draw excludes after
    ``EXCLUDED``, so that its script need not list them."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    later = list(letters[letters.index("r"):]) + [a + b for a in "abc" for b in letters]
    drawn = later[: later.index(last) + 1]
    return ("heldout_2026-12-06q.yaml",) + tuple(f"heldout_2026-12-07{n}.yaml" for n in drawn)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
