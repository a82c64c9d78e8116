"""Draw the candidate lines of held-out sign-off set AO (issue 17, reserve set after set AM).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``nouveau.lists.freedesktop.org.0`` -- the nouveau list (the nouveau DRM driver for NVIDIA GPUs and
  the nova Rust drivers: patches, reviews, bug reports and discussion);
* ``sparclinux.vger.kernel.org.0`` -- the Linux SPARC list (the SPARC port: patches, reviews, bug
  reports and users' problems, tree-wide series that touch SPARC);
* ``kvm-ppc.vger.kernel.org.0`` -- the KVM on PowerPC list (KVM for POWER: patches, reviews and
  discussion, KVM-wide series).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AO (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to Z and AA to AM; not the sister sets AN and AP, drawn beside it) or a credit line,
duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses
-> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_ao.py > /tmp/candidates_ao.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261274
RESERVE = 0
NOUVEAU = "linux-mailinglist-archives+nouveau.lists.freedesktop.org.0"
SPARC = "linux-mailinglist-archives+sparclinux.vger.kernel.org.0"
KVMPPC = "linux-mailinglist-archives+kvm-ppc.vger.kernel.org.0"
COMMITS = {
    NOUVEAU: "aae68d3955f89bbb5e94310e5593adb446be00d5",  # 19,812 messages
    SPARC: "5cfff0ae2ca8ee9592aa9b30cf8a8ab2bbc2f416",  # 17,891 messages
    KVMPPC: "e113b236e63b3239ecc7aff3c5fab23e5c4e712b",  # 5,965 messages
}
QUOTA = {NOUVEAU: 180, SPARC: 170, KVMPPC: 150}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("am")  # every sign-off set before AO (not AN, AP: drawn beside it)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
