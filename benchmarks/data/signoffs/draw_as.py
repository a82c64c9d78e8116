"""Draw the candidate lines of held-out sign-off set AS (issue 17, reserve set after set AP; drawn beside sets AQ and AR).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only, from repositories no earlier
set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives of
mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m`` of each
commit, a whole raw message).  Two archives, not three: of the four lists offered, linux-rpi-kernel's
mirror is a work tree (not the bare ``repo`` directory ``draw_f.mirror`` reads; 701 messages of
2019-2020) and devicetree's snapshot is too large to mirror here, so only these two are drawn:

* ``devel.lists.orangefs.org.0`` -- the OrangeFS kernel client's list (patches and their reviews,
  pull requests, cross-posted vfs series, some spam);
* ``alsa-devel.alsa-project.org.0`` -- the ALSA (Linux sound) developers' list (patches and their
  reviews, users' bug reports and questions).

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes and subject lines alone, before any line was read, labelled or scored, so that no
repository holds more than half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program,
unread: lines equal (stripped) to a text of any sign-off set in this folder before AQ (``EXCLUDED``:
``draw_q.EXCLUDED`` plus sets Q to AP) or a credit line, duplicates.  ``draw_g.emit`` with
``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_as.py > /tmp/candidates_as.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_n  # noqa: E402  (mail_stratum, stratum_git: set N's stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q)

SEED = 20261282
RESERVE = 0
ORANGEFS = "linux-mailinglist-archives+devel.lists.orangefs.org.0"
ALSA = "linux-mailinglist-archives+alsa-devel.alsa-project.org.0"
COMMITS = {
    ORANGEFS: "ddfa467f29acef74f257e180ba54f9b920eb2ed5",  # 522 messages
    ALSA: "450e3ddd583c06d6104b7a430993e1d1c1da72b2",  # 90,504 messages
}
QUOTA = {ORANGEFS: 250, ALSA: 250}
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("ap")  # every sign-off set before AQ (not AQ, AR: drawn beside AS)


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_n.mail_stratum(COMMITS, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
