"""Snapshots: the exact list of files (with content hashes) a reader works on."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from store import layout
from store.files import sha256_file
from store.schema import SCHEMA


@dataclass(frozen=True)
class SnapshotFile:
    path: str
    sha256: str
    rows: int


@dataclass(frozen=True)
class Snapshot:
    store: str
    topic: str
    files: tuple[SnapshotFile, ...]

    @property
    def hash(self) -> str:
        """One hash for the whole input: changes if any file is added, removed or altered."""
        listing = [asdict(f) for f in self.files]
        return hashlib.sha256(json.dumps(listing, sort_keys=True).encode()).hexdigest()

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)

    def to_dict(self) -> dict:
        return {"store": self.store, "topic": self.topic, "hash": self.hash, "rows": self.rows,
                "files": [asdict(f) for f in self.files]}


def snapshot(store: str | Path, topic: str) -> Snapshot:
    """Fix the input of a job now: files published later are not part of it."""
    files = []
    for part in layout.list_files(Path(store), topic):
        rows = pq.read_metadata(part.path).num_rows
        files.append(SnapshotFile(str(part.path.resolve()), sha256_file(part.path), rows))
    return Snapshot(str(Path(store).resolve()), topic, tuple(files))


class SnapshotChanged(RuntimeError):
    """A file of the snapshot was altered or removed after the snapshot was taken."""


def read_snapshot(snap: Snapshot, columns: list[str] | None = None, verify: bool = True) -> pa.Table:
    """Read exactly the snapshot's files; with ``verify`` each file's hash is checked first."""
    tables = []
    for f in snap.files:
        path = Path(f.path)
        if verify and (not path.exists() or sha256_file(path) != f.sha256):
            raise SnapshotChanged(f"{path} changed since the snapshot was taken (erasure or prune?); take a new one")
        tables.append(pq.read_table(path, columns=columns, schema=SCHEMA))
    if not tables:
        return SCHEMA.empty_table() if columns is None else SCHEMA.empty_table().select(columns)
    return pa.concat_tables(tables)
