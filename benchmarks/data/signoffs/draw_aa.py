"""Draw the candidate lines of held-out sign-off set AA (issue 17, reserve set after set Z).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``linux-f2fs-devel.lists.sourceforge.net.0`` -- the F2FS file system's list (users' bug reports and
  questions, patches and their reviews, patchwork summaries);
* ``kasan-dev.googlegroups.com.0`` -- the list of the kernel's sanitizers, KASAN, KCSAN, KMSAN, KFENCE
  (patches and their reviews, discussion among their developers; some spam);
* ``linux-mmc.vger.kernel.org.0`` -- the MMC / SD / SDIO list (patches and their reviews).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AA (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to Z) or a credit line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git
stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_aa.py > /tmp/candidates_aa.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261246
RESERVE = 0
F2FS = "linux-mailinglist-archives+linux-f2fs-devel.lists.sourceforge.net.0"
KASAN = "linux-mailinglist-archives+kasan-dev.googlegroups.com.0"
MMC = "linux-mailinglist-archives+linux-mmc.vger.kernel.org.0"
COMMITS = {
    F2FS: "cf8220238d004c6cbc73310d315fc02aeea36766",  # 22,267 messages
    KASAN: "93a690373100c9019489f8dceb94a4b0f1a74a3c",  # 21,180 messages
    MMC: "c4c1d55e72070d01a373e3dd207ca9aa7f603a26",  # 34,670 messages
}
QUOTA = {F2FS: 180, KASAN: 170, MMC: 150}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("z")  # every sign-off set before AA


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
