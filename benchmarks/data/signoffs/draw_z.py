"""Draw the candidate lines of held-out sign-off set Z (issue 17, reserve set after set Y).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``clang-built-linux.googlegroups.com.0`` -- the list of building the Linux kernel with Clang/LLVM
  (users' build reports and their discussion, build-bot reports, patches and their reviews);
* ``linux-hyperv.vger.kernel.org.0`` -- the Linux on Hyper-V list (patches and their reviews, discussion
  among the drivers' developers);
* ``linux-remoteproc.vger.kernel.org.0`` -- the remoteproc / rpmsg list (patches and their reviews).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before Z (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to Y) or a credit line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git
stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_z.py > /tmp/candidates_z.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261244
RESERVE = 0
CLANG = "linux-mailinglist-archives+clang-built-linux.googlegroups.com.0"
HYPERV = "linux-mailinglist-archives+linux-hyperv.vger.kernel.org.0"
REMOTEPROC = "linux-mailinglist-archives+linux-remoteproc.vger.kernel.org.0"
COMMITS = {
    CLANG: "30cdf62d11c001a2a55b0316ab319a61871bfd81",  # 23,543 messages
    HYPERV: "b22dfe3300dfffcf3c3db5b05e2fefae4595e467",  # 26,431 messages
    REMOTEPROC: "6c727f35e677228bb0f770772e54e0dc4fb114c4",  # 21,439 messages
}
QUOTA = {CLANG: 180, HYPERV: 170, REMOTEPROC: 150}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("y")  # every sign-off set before Z


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
