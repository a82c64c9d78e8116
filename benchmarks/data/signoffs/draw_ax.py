"""Draw the candidate lines of held-out sign-off set AX (issue 17, reserve set after set AW; drawn beside set AY).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message).  Three of the four lists offered, the three smallest (the fourth,
linux-crypto, 64,192 messages, left undrawn for time):

* ``linux-acpi.vger.kernel.org.0`` -- the ACPI list (ACPI core and drivers, platform and power
  management: patches and their reviews, regression reports and their discussion);
* ``netfilter-devel.vger.kernel.org.0`` -- the netfilter developers' list (netfilter, nftables,
  ipset, IPVS: patches, reviews, bug reports, questions);
* ``linux-hwmon.vger.kernel.org.0`` -- the hardware monitoring list (hwmon drivers and bindings:
  patches, reviews, users' requests and questions about sensors).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AX (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to AW) or a credit line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git
stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_ax.py > /tmp/candidates_ax.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261292
RESERVE = 0
ACPI = "linux-mailinglist-archives+linux-acpi.vger.kernel.org.0"
NETFILTER = "linux-mailinglist-archives+netfilter-devel.vger.kernel.org.0"
HWMON = "linux-mailinglist-archives+linux-hwmon.vger.kernel.org.0"
COMMITS = {
    ACPI: "b5ca579a20f1ac5c23e4f9fbe0b82501b062dfc0",  # 53,572 messages
    NETFILTER: "0c500530255e2525728f4a3896e9917ef034ed78",  # 39,403 messages
    HWMON: "6caf602944ab4f11f8a6e987d4d6448ecb2bd95d",  # 32,943 messages
}
QUOTA = {ACPI: 180, NETFILTER: 160, HWMON: 160}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("aw")  # every sign-off set before AX (not AY: drawn beside AX)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
