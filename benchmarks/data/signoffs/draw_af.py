"""Draw the candidate lines of held-out sign-off set AF (issue 17, reserve set after set AD).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``linux-ide.vger.kernel.org.0`` -- the ATA / IDE (libata) list (patches and their reviews, users'
  bug reports about drives and controllers and their answers);
* ``linux-efi.vger.kernel.org.0`` -- the EFI list (patches and their reviews, boot and firmware
  discussion);
* ``linux-riscv.lists.infradead.org.0`` -- the RISC-V port's list (patches and their reviews, some
  users' reports; its archive here ends in 2020).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AF (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to Z and AA to AD) or a credit line, duplicates.  ``draw_g.emit`` with
``random.Random(SEED)``; no git stratum, no reserve.  E-mails -> ``<EMAIL>``.  Sister sets AE and AG,
drawn at the same time from other lists, are not excluded.

    python benchmarks/data/signoffs/draw_af.py > /tmp/candidates_af.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261256
RESERVE = 0
IDE = "linux-mailinglist-archives+linux-ide.vger.kernel.org.0"
EFI = "linux-mailinglist-archives+linux-efi.vger.kernel.org.0"
RISCV = "linux-mailinglist-archives+linux-riscv.lists.infradead.org.0"
COMMITS = {
    IDE: "91ad23b643848d57bf79d9020c2772cd84140e01",  # 15,722 messages
    EFI: "82105dc374a0e54e9bc276a658bfe08fe37b9eb5",  # 19,946 messages
    RISCV: "bd03af294b98c14e60cf86d03a1bf0c982df11b0",  # 6,158 messages
}
QUOTA = {IDE: 180, EFI: 170, RISCV: 150}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("ad")  # every sign-off set before AF


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
