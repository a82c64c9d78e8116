"""Draw the candidate lines of held-out sign-off set BO (issue 17, pre-registered with set BP).

Set Q's pattern (``draw_q.py``), real human-written mailing-list mail only: the R project's mailing
lists as kept by ``r-mailing-lists/data`` (one Parquet file a list, one row a message; ``draw_rml.py``
reads it), mirrored in ``/work/.mirror`` at a fixed commit:

* r-help, the R project's main help list, in the two files set BF drew from,
  1997-1999 (4,129 messages) and 2025-2026 (1,206 messages): lines no earlier set holds (BF's texts are
  excluded; BF is spent), 250 candidates a file.

Every message of each file (its rows, in order) is read, its body's quote markers stripped.  At most
``draw_g.PER_FILE`` lines a message, ``QUOTA[path]`` lines a file, fixed on the files' sizes alone before
any line was read.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines equal
(stripped) to a text of any sign-off set in this folder before BO (``EXCLUDED``: ``draw_q.EXCLUDED`` plus
sets Q to BH and BI to BN) or a credit line, duplicates; sets BO and BP are drawn at once, so a text of
the sister merged first is left out by ``build_bo.py`` (its ``sister``).  ``draw_g.emit`` with
``random.Random(SEED)``; no git stratum, no reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_bo.py > /tmp/candidates_bo.jsonl
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

SEED = 20261326
RESERVE = 0
COMMIT = "95bebefea52272ad51c84b206b9c483970ffee61"  # r-mailing-lists/data, 2026-05-07
QUOTA = {
    "data/messages/r-help-1995-1999.parquet": 250,
    "data/messages/r-help-2025-2029.parquet": 250,
}
# every sign-off set before BO: Q to BH (``sets_through``), then BI to BN (2026-12-08)
EXCLUDED = draw_q.EXCLUDED + draw_q.sets_through("bh") + tuple(f"heldout_2026-12-08{s}.yaml" for s in ("bi", "bj", "bk", "bl", "bm", "bn"))


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, draw_rml.mail_stratum(COMMIT, QUOTA), draw_n.stratum_git, RESERVE)


if __name__ == "__main__":
    main()
