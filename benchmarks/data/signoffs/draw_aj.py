"""Draw the candidate lines of held-out sign-off set AJ (issue 17, reserve set after set AG, beside sets AH and AI).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``intel-wired-lan.osuosl.org.0`` -- the Intel wired Ethernet drivers' list (e1000e, igb, igc, ixgbe,
  i40e, ice, idpf: patches and their reviews, test reports, bug reports, some build-bot mail);
* ``linux-fscrypt.vger.kernel.org.0`` -- the filesystem encryption list (fscrypt, fs-verity,
  blk-crypto: patches, reviews, users' questions);
* ``linux-fpga.vger.kernel.org.0`` -- the FPGA subsystem's list (FPGA manager, DFL drivers: patches,
  reviews, questions).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AJ (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to Z and AA to AG; not AH and AI, drawn at the same time) or a credit line, duplicates.
``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_aj.py > /tmp/candidates_aj.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261264
RESERVE = 0
IWL = "linux-mailinglist-archives+intel-wired-lan.osuosl.org.0"
FSCRYPT = "linux-mailinglist-archives+linux-fscrypt.vger.kernel.org.0"
FPGA = "linux-mailinglist-archives+linux-fpga.vger.kernel.org.0"
COMMITS = {
    IWL: "c4945f66d0de42b73c30c10f213e1cb777e2953b",  # 37,430 messages
    FSCRYPT: "6584666d02aa7ad59086db755ce951d26a89fb5b",  # 7,548 messages
    FPGA: "8f2419c9e9ac11abc79b2489ba9beba27d5710d5",  # 7,584 messages
}
QUOTA = {IWL: 190, FSCRYPT: 160, FPGA: 150}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("ag")  # every sign-off set before AJ (not AH, AI: drawn beside it)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
