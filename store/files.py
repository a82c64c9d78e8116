"""Atomic publication of Parquet files: write ``*.tmp``, fsync, rename, fsync the folder.

A reader (or a crashed-and-restarted worker) therefore sees either the whole file or
nothing.  Also the one place that knows the store's file metadata keys.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from veil import __version__

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
    path: Path
    sha256: str
    rows: int
    bytes: int


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(table: pa.Table, path: Path, metadata: dict[bytes, bytes]) -> WrittenFile:
    """Write ``table`` to ``path`` atomically with ``metadata`` merged into its schema."""
    merged = dict(table.schema.metadata or {})
    merged.update(metadata)
    merged[META_VERSION] = __version__.encode()
    merged[META_ROWS] = str(table.num_rows).encode()
    table = table.replace_schema_metadata(merged)

    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    payload = buffer.getvalue()

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)
    return WrittenFile(path, hashlib.sha256(payload).hexdigest(), table.num_rows, len(payload))


def file_metadata(path: Path) -> dict[bytes, bytes]:
    return dict(pq.read_schema(path).metadata or {})


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
