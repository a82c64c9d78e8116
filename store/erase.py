"""Right to erasure: rewrite every file that holds a user's rows without them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq

from store import layout
from store.files import META_ERASED, WrittenFile, file_metadata, publish, sha256_file


@dataclass
class ErasureResult:
    rows_removed: int = 0
    files_rewritten: list[WrittenFile] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    #: (file, content hash before the rewrite, the user's rows it held), one per file rewritten
    files_held: list[tuple[Path, str, int]] = field(default_factory=list)


def topics(store: str | Path) -> list[str]:
    base = Path(store)
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if p.is_dir() and any(p.glob("date=*")))


def erase_user(store: str | Path, pseudonym: str, only_topics: list[str] | None = None) -> ErasureResult:
    """Remove every row whose ``user`` is ``pseudonym``; each file is replaced atomically.

    A file left with no rows stays in place, empty: its name still records the offsets
    it covered, so the ingest worker does not re-read (and re-store) the erased events.
    """
    result = ErasureResult()
    for topic in only_topics or topics(store):
        for part in layout.list_files(Path(store), topic):
            users = pq.read_table(part.path, columns=["user"])["user"]
            hits = pc.sum(pc.equal(users, pseudonym)).as_py() or 0
            if not hits:
                continue
            before = sha256_file(part.path)
            table = pq.read_table(part.path)
            kept = table.filter(pc.not_equal(table["user"], pseudonym))
            meta = file_metadata(part.path)
            erased = int(meta.get(META_ERASED, b"0")) + hits
            meta[META_ERASED] = str(erased).encode()
            result.files_rewritten.append(publish(kept.replace_schema_metadata(None), part.path, meta))
            result.files_held.append((part.path, before, hits))
            result.rows_removed += hits
            if topic not in result.topics:
                result.topics.append(topic)
    return result
