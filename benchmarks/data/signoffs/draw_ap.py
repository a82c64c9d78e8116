"""Draw the candidate lines of held-out sign-off set AP (issue 17, reserve set after set AM).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``etnaviv.lists.freedesktop.org.0`` -- the etnaviv list (the DRM driver for Vivante GPUs: patches,
  reviews, users' questions and bug reports, tree-wide series that touch etnaviv);
* ``openrisc.lists.librecores.org.0`` -- the OpenRISC list (the OpenRISC architecture, its Linux port
  and toolchain: patches, reviews, questions and discussion of the spec, tree-wide series);
* ``cake.lists.bufferbloat.net.0`` -- the cake list of the bufferbloat project (the CAKE qdisc:
  users' questions and answers, measurements and discussion, some patches).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AP (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to Z and AA to AM; not the sister sets AN and AO, drawn beside it) or a credit line,
duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses
-> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_ap.py > /tmp/candidates_ap.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261276
RESERVE = 0
ETNAVIV = "linux-mailinglist-archives+etnaviv.lists.freedesktop.org.0"
OPENRISC = "linux-mailinglist-archives+openrisc.lists.librecores.org.0"
CAKE = "linux-mailinglist-archives+cake.lists.bufferbloat.net.0"
COMMITS = {
    ETNAVIV: "d8525f4bdf790ef68c19e427ec1436815c31e4e7",  # 3,377 messages
    OPENRISC: "716562acd286f9e5ba2fd9becc7c8d5427d11057",  # 2,950 messages
    CAKE: "79f82baabf37a47935fac459510c82d33ebd4715",  # 1,639 messages
}
QUOTA = {ETNAVIV: 170, OPENRISC: 170, CAKE: 160}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("am")  # every sign-off set before AP (not AN, AO: drawn beside it)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
