"""Draw the candidate lines of held-out sign-off set AU (issue 17, reserve set after set AS; drawn beside set AT).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from repositories no earlier
set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives of
mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m`` of each
commit, a whole raw message).  Four archives, not three: of the four lists offered, only linuxppc-dev's
snapshot could be mirrored here (linux-arm-msm's, amd-gfx's and intel-gfx's are over the 500 MiB a
snapshot may have), so three small lists no earlier set drew from were added to it:

* ``linuxppc-dev.lists.ozlabs.org.0`` -- the Linux on PowerPC developers' list (patches and their
  reviews, bug reports);
* ``linux-ia64.vger.kernel.org.0`` -- the Linux IA-64 (Itanium) list (cross-posted arch-wide series and
  their reviews, a few users' reports);
* ``linux-uvc-devel.lists.sourceforge.net.0`` -- the USB video class driver's list (users' questions
  about webcams and their answers, a few patches);
* ``tboot-devel.lists.sourceforge.net.0`` -- the Trusted Boot (tboot) list (users' questions and bug
  reports, patches, announcements).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AT (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to AS) or a credit line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git
stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_au.py > /tmp/candidates_au.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261286
RESERVE = 0
PPC = "linux-mailinglist-archives+linuxppc-dev.lists.ozlabs.org.0"
IA64 = "linux-mailinglist-archives+linux-ia64.vger.kernel.org.0"
UVC = "linux-mailinglist-archives+linux-uvc-devel.lists.sourceforge.net.0"
TBOOT = "linux-mailinglist-archives+tboot-devel.lists.sourceforge.net.0"
COMMITS = {
    PPC: "1f63ba56c83aeef60596aa4e96a998244c8082eb",  # 103,678 messages
    IA64: "76fadc37719052b3a443e41e1187531324e61336",  # 8,531 messages
    UVC: "93cfc2b3675b404d37b0602ece22e90e29d1ba81",  # 163 messages
    TBOOT: "dcc11c616ca8a66c749cfb4a55e8a42e46292ee9",  # 325 messages
}
QUOTA = {PPC: 220, IA64: 160, UVC: 60, TBOOT: 60}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("as")  # every sign-off set before AT (not AT: drawn beside AU)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
