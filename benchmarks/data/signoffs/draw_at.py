"""Draw the candidate lines of held-out sign-off set AT (issue 17, reserve set after set AS; drawn beside set AU).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from repositories no earlier
set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives of
mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m`` of each
commit, a whole raw message).  Four archives: of the four lists offered, only linux-arm-kernel's snapshot
could be mirrored here (xen-devel's, linux-media's and bpf's are over the 500 MB a mirror may bring, and
no later epoch of them is to be had), so three small lists no earlier set used stand in for them:

* ``linux-uvc-devel.lists.sourceforge.net.0`` -- the USB video class driver's list (users' questions
  about webcams and their answers, some patches and reviews);
* ``tboot-devel.lists.sourceforge.net.0`` -- Intel's Trusted Boot (tboot) list (patches and their
  reviews, users' questions and bug reports);
* ``oprofile-list.lists.sourceforge.net.0`` -- the OProfile profiler's list (users' questions and
  answers, patches, the removal of oprofile from the kernel and its discussion);
* ``linux-arm-kernel.lists.infradead.org.0`` -- the ARM Linux kernel port's list (patches and their
  reviews, device trees, bug reports; 2019-2020 only in this epoch).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds more than half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program,
unread: lines equal (stripped) to a text of any sign-off set in this folder before AT (``EXCLUDED``:
``draw_q.EXCLUDED`` plus sets Q to AS) or a credit line, duplicates.  ``draw_g.emit`` with
``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_at.py > /tmp/candidates_at.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261284
RESERVE = 0
UVC = "linux-mailinglist-archives+linux-uvc-devel.lists.sourceforge.net.0"
TBOOT = "linux-mailinglist-archives+tboot-devel.lists.sourceforge.net.0"
OPROFILE = "linux-mailinglist-archives+oprofile-list.lists.sourceforge.net.0"
ARM = "linux-mailinglist-archives+linux-arm-kernel.lists.infradead.org.0"
COMMITS = {
    UVC: "93cfc2b3675b404d37b0602ece22e90e29d1ba81",  # 163 messages
    TBOOT: "dcc11c616ca8a66c749cfb4a55e8a42e46292ee9",  # 325 messages
    OPROFILE: "2379fde18bab51e03f39916d1867e4d4a5a28df2",  # 329 messages
    ARM: "965ee2ba877cdebbf51f205e7e42ea321265f693",  # 91,854 messages
}
QUOTA = {UVC: 90, TBOOT: 90, OPROFILE: 70, ARM: 250}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("as")  # every sign-off set before AT (not AU: drawn beside it)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
