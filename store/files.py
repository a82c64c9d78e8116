"""Atomic publication of Parquet files.

On a local disk: write ``*.tmp``, fsync, rename, fsync the folder.  On object storage:
one PUT of the finished bytes (see :mod:`store.location`).  A reader (or a
crashed-and-restarted worker) therefore sees either the whole file or nothing.  Also
the one place that knows the store's file metadata keys.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from veil.store.location import Location, put_local, resolve_file
from veil.core.version import __version__

# Parquet key-value metadata written on every file.
META_POLICY_HASH = b"veil.policy_hash"
META_VERSION = b"veil.version"
META_FIRST = b"veil.flush_first_offset"
META_LAST = b"veil.flush_last_offset"
META_FLUSH_FILES = b"veil.flush_files"
META_ROWS = b"veil.rows"
META_ERASED = b"veil.erased_rows"


@dataclass(frozen=True)
class WrittenFile:
    path: Path | str  # a Path on a local disk, a URL (s3://bucket/…) on object storage
    sha256: str
    rows: int
    bytes: int
    relpath: str = field(default="", compare=False)  # topic/date=…/name, relative to the store


def encode(table: pa.Table, metadata: dict[bytes, bytes]) -> tuple[pa.Table, bytes]:
    """The finished Parquet bytes of ``table`` with ``metadata`` merged into its schema."""
    merged = dict(table.schema.metadata or {})
    merged.update(metadata)
    merged[META_VERSION] = __version__.encode()
    merged[META_ROWS] = str(table.num_rows).encode()
    table = table.replace_schema_metadata(merged)
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return table, buffer.getvalue()


def publish(table: pa.Table, path: Path | str, metadata: dict[bytes, bytes],
            loc: Location | None = None) -> WrittenFile:
    """Write ``table`` to ``path`` atomically with ``metadata`` merged into its schema.

    Without ``loc``, ``path`` is a local file; with it, a path inside ``loc``'s filesystem."""
    table, payload = encode(table, metadata)
    if loc is None:
        put_local(Path(path), payload)
        public, rel = Path(path), ""
    else:
        loc.put(os.fspath(path), payload)
        public, rel = loc.public(os.fspath(path)), loc.relative(os.fspath(path))
    return WrittenFile(public, hashlib.sha256(payload).hexdigest(), table.num_rows, len(payload), rel)


def file_metadata(path: Path | str, loc: Location | None = None) -> dict[bytes, bytes]:
    fs = loc.filesystem if loc is not None else None
    if fs is None and not isinstance(path, Path):
        fs, path = resolve_file(path)
    return dict(pq.read_schema(os.fspath(path), filesystem=fs).metadata or {})


def sha256_file(path: Path | str) -> str:
    fs, inner = resolve_file(path)
    digest = hashlib.sha256()
    with fs.open_input_stream(inner) as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
