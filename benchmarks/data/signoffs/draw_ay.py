"""Draw the candidate lines of held-out sign-off set AY (issue 17, reserve set after set AW; drawn beside set AX).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message).  Of the four lists offered, linux-doc could not be mirrored (its
snapshot is over the mirror's size limit); the other three are used:

* ``linux-security-module.vger.kernel.org.0`` -- the Linux security modules list (LSM hooks, Landlock,
  Smack, AppArmor, keys: patches, their reviews and the design discussion around them);
* ``linux-integrity.vger.kernel.org.0`` -- the integrity subsystem's list (IMA/EVM, the TPM drivers,
  trusted keys: patches, reviews, users' questions and bug reports, some spam);
* ``linux-kbuild.vger.kernel.org.0`` -- the kernel build system's list (Kbuild, Kconfig, modpost,
  packaging scripts: patches and their reviews, build failures reported and discussed).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AX (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to AW) or a credit line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git
stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_ay.py > /tmp/candidates_ay.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261294
RESERVE = 0
LSM = "linux-mailinglist-archives+linux-security-module.vger.kernel.org.0"
INTEGRITY = "linux-mailinglist-archives+linux-integrity.vger.kernel.org.0"
KBUILD = "linux-mailinglist-archives+linux-kbuild.vger.kernel.org.0"
COMMITS = {
    LSM: "99aa1e009915e06a020f114fdf6868bdd1d65e5f",  # 43,759 messages
    INTEGRITY: "90ce6c9532d2fef2f36621a4daaf1435f4f513d2",  # 30,830 messages
    KBUILD: "0b0ca4448caf556212388f16621d14af31c5cb34",  # 31,699 messages
}
QUOTA = {LSM: 180, INTEGRITY: 170, KBUILD: 150}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("aw")  # every sign-off set before AX (not AX: drawn beside AY)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
