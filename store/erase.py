"""Right to erasure: rewrite every file that holds a user's rows without them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from veil.store import layout
from veil.store.files import META_ERASED, WrittenFile, publish
from veil.store.location import Location, resolve


@dataclass
class ErasureResult:
    rows_removed: int = 0  # with dry_run: the rows that would be removed
    files_rewritten: list[WrittenFile] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    #: (file, content hash before the rewrite, the user's rows it held), one per file rewritten;
    #: the file is a Path on a local disk, a URL on object storage
    files_held: list[tuple[Path | str, str, int]] = field(default_factory=list)
    #: ``topic/date=…/name`` of every file read for the user's rows
    files_examined: list[str] = field(default_factory=list)
    dry_run: bool = False


def topics(store: str | Path | Location) -> list[str]:
    """Topics of the store: folders that hold ``date=`` partitions."""
    loc = resolve(store)
    found = []
    for info in loc.listdir(loc.base):
        if info.type != pafs.FileType.Directory or not layout.TOPIC_RE.match(info.base_name):
            continue
        if any(c.type == pafs.FileType.Directory and c.base_name.startswith("date=") for c in loc.listdir(info.path)):
            found.append(info.base_name)
    return sorted(found)


def erase_user(store: str | Path | Location, pseudonym: str, only_topics: list[str] | None = None,
               *, dry_run: bool = False) -> ErasureResult:
    """Remove every row whose ``user`` is ``pseudonym``; each file is replaced atomically.
    With ``dry_run`` nothing is rewritten: the result lists what would be.

    A file left with no rows stays in place, empty: its name still records the offsets
    it covered, so the ingest worker does not re-read (and re-store) the erased events.
    """
    loc = resolve(store)
    result = ErasureResult(dry_run=dry_run)
    for topic in only_topics or topics(loc):
        for part in layout.list_files(loc, topic):
            result.files_examined.append(loc.relative(part.fs_path))
            users = pq.read_table(part.fs_path, columns=["user"], filesystem=loc.filesystem)["user"]
            hits = pc.sum(pc.equal(users, pseudonym)).as_py() or 0
            if not hits:
                continue
            payload = loc.read_bytes(part.fs_path)  # hashed and rewritten from the same bytes
            before = hashlib.sha256(payload).hexdigest()
            if dry_run:
                result.files_held.append((part.path, before, hits))
                result.rows_removed += hits
                if topic not in result.topics:
                    result.topics.append(topic)
                continue
            table = pq.read_table(pa.BufferReader(payload))
            kept = table.filter(pc.not_equal(table["user"], pseudonym))
            meta = dict(table.schema.metadata or {})
            erased = int(meta.get(META_ERASED, b"0")) + hits
            meta[META_ERASED] = str(erased).encode()
            result.files_rewritten.append(
                publish(kept.replace_schema_metadata(None), part.fs_path, meta, loc))
            result.files_held.append((part.path, before, hits))
            result.rows_removed += hits
            if topic not in result.topics:
                result.topics.append(topic)
    return result
