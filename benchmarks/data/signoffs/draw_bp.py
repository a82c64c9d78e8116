"""Draw the candidate lines of held-out sign-off set BP (issue 17, pre-registered with set BO).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only: the R project's mailing
lists as kept by ``r-mailing-lists/data`` (one Parquet file a list, one row a message; ``draw_rml.py``
reads it), mirrored in ``/work/.mirror`` at a fixed commit:

* the R project's seven smallest lists no set drew from: r-sig-jobs (job posts, 442 messages),
  r-ug-ottawa (197), r-sig-gr (176), r-sig-windows (140), r-sig-insurance (117), r-sig-dcm (67) and
  r-sig-networks (27), one file each.

Every message of each file (its rows, in order) is read, its body's quote markers stripped.  At most
``draw_g.PER_FILE`` lines a message, ``QUOTA[path]`` lines a file, fixed on the files' sizes alone before
any line was read.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines equal
(stripped) to a text of any sign-off set in this folder before BP (``EXCLUDED``: ``draw_q.EXCLUDED`` plus
sets Q to BH and BI to BN) or a credit line, duplicates; sets BO and BP are drawn at once, so a text of
the sister merged first is left out by ``build_bp.py`` (its ``sister``).  ``draw_g.emit`` with
``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_bp.py > /tmp/candidates_bp.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (emit)
import draw_n  # noqa: E402  (stratum_git: no git stratum)
import draw_q  # noqa: E402  (EXCLUDED: the sets before Q; sets_through)
import draw_rml  # noqa: E402  (mail_stratum over the R lists' Parquet files)

SEED = 20261327
RESERVE = 0
COMMIT = "95bebefea52272ad51c84b206b9c483970ffee61"  # r-mailing-lists/data, 2026-05-07
QUOTA = {
    "data/messages/r-sig-jobs.parquet": 200,
    "data/messages/r-ug-ottawa.parquet": 80,
    "data/messages/r-sig-gr.parquet": 60,
    "data/messages/r-sig-windows.parquet": 60,
    "data/messages/r-sig-insurance.parquet": 50,
    "data/messages/r-sig-dcm.parquet": 30,
    "data/messages/r-sig-networks.parquet": 20,
}
# every sign-off set before BP: Q to BH (``sets_through``), then BI to BN (2026-12-08)
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("bh") + tuple(f"heldout_2026-12-08{s}.yaml" for s in ("bi", "bj", "bk", "bl", "bm", "bn"))


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_rml.mail_stratum(COMMIT, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
