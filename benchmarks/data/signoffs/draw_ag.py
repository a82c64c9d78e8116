"""Draw the candidate lines of held-out sign-off set AG (issue 17, reserve set after set AD, beside sets AE and AF).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``linux-parisc.vger.kernel.org.0`` -- the Linux PA-RISC port's list (users' and porters' bug reports,
  questions and answers, patches and their reviews, much cross-posted arch and mm traffic);
* ``linux-unionfs.vger.kernel.org.0`` -- the overlayfs / union filesystems list (users' bug reports and
  questions, patches and their reviews, discussion among the developers);
* ``linux-modules.vger.kernel.org.0`` -- the kernel modules and kmod list (patches and their reviews,
  discussion of the module loader and kmod, some users' questions).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AG (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to Z and AA to AD; not sets AE and AF, drawn at the same time) or a credit line, duplicates.
``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_ag.py > /tmp/candidates_ag.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261258
RESERVE = 0
PARISC = "linux-mailinglist-archives+linux-parisc.vger.kernel.org.0"
UNIONFS = "linux-mailinglist-archives+linux-unionfs.vger.kernel.org.0"
MODULES = "linux-mailinglist-archives+linux-modules.vger.kernel.org.0"
COMMITS = {
    PARISC: "c3d1ac4f7a6dd784fb7d66af31dbc67d8ab84f11",  # 15,697 messages
    UNIONFS: "1ea9ce4723d1bfc8351b309c46fdfa82d06e8ffd",  # 8,481 messages
    MODULES: "2080521e742df305f26854462d7d8f41566969f1",  # 10,570 messages
}
QUOTA = {PARISC: 180, UNIONFS: 170, MODULES: 150}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("ad")  # every sign-off set before AG (not AE, AF, drawn beside it)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
