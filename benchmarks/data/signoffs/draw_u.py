"""Draw the candidate lines of held-out sign-off set U (issue 17, reserve set after sets R and S).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``linux-nfs.vger.kernel.org.0`` -- the Linux NFS client and server list (users' questions and problem
  reports, regressions, patches and their reviews, pull requests);
* ``cgroups.vger.kernel.org.0`` -- the control groups list (users' bug reports and questions about
  memory and I/O control, patches and their reviews);
* ``dm-devel.redhat.com.0`` -- the device-mapper and multipath-tools list (users' questions and bug
  reports, patches and their reviews).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before U (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q, R and S; set T, drawn at the same time, was not committed and is not excluded) or a credit
line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail
addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_u.py > /tmp/candidates_u.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261234
RESERVE = 0
NFS = "linux-mailinglist-archives+linux-nfs.vger.kernel.org.0"
CGROUPS = "linux-mailinglist-archives+cgroups.vger.kernel.org.0"
DM = "linux-mailinglist-archives+dm-devel.redhat.com.0"
COMMITS = {
    NFS: "e2131c3c99e6c2fb66da3bdd7b5cb7c24e3af831",  # 51,703 messages
    CGROUPS: "903ffaa9c0ee342a7db382259ec39e967f268d24",  # 36,148 messages
    DM: "42227151f25bd1b6c9208a275d4edabafd0203a5",  # 18,002 messages
}
QUOTA = {NFS: 190, CGROUPS: 160, DM: 150}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("s")  # every sign-off set before U


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
