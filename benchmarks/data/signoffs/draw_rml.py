"""The mail stratum of sets drawn from the R mailing lists' archive (sets BF onwards, issue 17).

``r-mailing-lists/data`` keeps each list of the R project (r-help, r-sig-*) as a Parquet file of its
messages, one row a message: ``id``, ``body`` (the text, quoted lines kept with their markers), sender
fields that the draw never reads.  Invariant: a draw reads only ``id`` and ``body`` of the files it
names at a fixed commit of the mirror, in the files' row order, so the same commit gives the same
candidates; a file the mirror left out (its largest) stops the draw with one line, never a smaller set.
A body becomes lines as ``draw_g.body_lines`` makes them of a text part: quote markers stripped.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, QUOTE)
import draw_n  # noqa: E402  (quota_stratum: set N's stratum over any sources)

REPO = "r-mailing-lists+data"


def groups(commit: str, path: str) -> list:
    """(source, lines) of each message of the Parquet file ``path`` at ``commit``."""
    raw = draw_g.git(REPO, "show", f"{commit}:{path}")
    if not raw.startswith(b"PAR1"):
        sys.exit(f"draw: {path} at {commit[:12]} is not in the mirror of r-mailing-lists/data: check the path, or"
                 " fetch github:r-mailing-lists/data again if the mirror left it out (the frozen set's lines come from it)")
    table = pq.read_table(io.BytesIO(raw), columns=["id", "body"])
    return [(f"mail:r-mailing-lists/data@{commit[:12]}:{path}:{i}", [draw_g.QUOTE.sub("", x) for x in b.splitlines()])
            for i, b in zip(table.column("id").to_pylist(), table.column("body").to_pylist())]


def mail_stratum(commit: str, quota: dict):
    """The one stratum: each file of ``quota`` (path -> lines kept) at ``commit``, in that order
    (``draw_n.quota_stratum``)."""
    return draw_n.quota_stratum([(path, lambda path=path: groups(commit, path), keep) for path, keep in quota.items()])
