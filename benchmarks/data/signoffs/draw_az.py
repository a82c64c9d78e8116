"""Draw the candidate lines of held-out sign-off set AZ (issue 17, reserve set after set AY; drawn beside set BA).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message).  Of the four lists offered, linux-xfs (82,191 messages, the largest)
was left out to keep the draw short; the other three are used:

* ``linux-crypto.vger.kernel.org.0`` -- the kernel crypto API's list (ciphers, hashes, hardware crypto
  drivers, lib/crypto: patches, their reviews, bug reports and the discussion around them);
* ``linux-erofs.lists.ozlabs.org.0`` -- the EROFS file system's list (the kernel driver and erofs-utils:
  patches, reviews, users' questions and bug reports);
* ``nvdimm.lists.linux.dev.0`` -- the NVDIMM / persistent memory list (libnvdimm, DAX, ndctl, CXL
  neighbours: patches, reviews, bug reports and questions).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines
equal (stripped) to a text of any sign-off set in this folder before AZ (``EXCLUDED``: ``draw_q.EXCLUDED``
plus sets Q to AY) or a credit line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git
stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_az.py > /tmp/candidates_az.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261296
RESERVE = 0
CRYPTO = "linux-mailinglist-archives+linux-crypto.vger.kernel.org.0"
EROFS = "linux-mailinglist-archives+linux-erofs.lists.ozlabs.org.0"
NVDIMM = "linux-mailinglist-archives+nvdimm.lists.linux.dev.0"
COMMITS = {
    CRYPTO: "a771af3035acf933afa04614192e08a2229523b1",  # 64,192 messages
    EROFS: "b091b47ea5b1fc4b7a6e7e4ec595a3e997b3a83d",  # 15,218 messages
    NVDIMM: "c585ab8b00d078f51482ddc63f53b077bcc44040",  # 14,925 messages
}
QUOTA = {CRYPTO: 180, EROFS: 170, NVDIMM: 150}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("ay")  # every sign-off set before AZ (not BA: drawn beside AZ)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
