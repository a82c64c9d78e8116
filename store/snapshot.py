"""Snapshots: the exact list of files (with content hashes) a reader works on.

A snapshot names its files by absolute local path or by URL (``s3://bucket/…``), so
:func:`read_snapshot` reads it back on any machine that reaches the same store.  Each file
also names the policy hash its writer recorded (``veil.policy_hash``): the policy that
decided what the rows hold, which a model trained on them must be served under.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from veil.core.errors import VeilError
from veil.store import layout
from veil.store.files import META_POLICY_HASH
from veil.store.location import Location, resolve, resolve_file
from veil.store.schema import SCHEMA


@dataclass(frozen=True)
class SnapshotFile:
    path: str
    sha256: str
    rows: int
    policy_hash: str = ""  # inside the file's bytes, so already covered by sha256


@dataclass(frozen=True)
class Snapshot:
    store: str
    topic: str
    files: tuple[SnapshotFile, ...]

    @property
    def hash(self) -> str:
        """One hash for the whole input: changes if any file is added, removed or altered."""
        # policy_hash is left out: it is part of the bytes sha256 covers, and leaving it out
        # keeps the hashes of snapshots taken before it was recorded.
        listing = [{"path": f.path, "sha256": f.sha256, "rows": f.rows} for f in self.files]
        return hashlib.sha256(json.dumps(listing, sort_keys=True).encode()).hexdigest()

    @property
    def policy_hashes(self) -> list[str]:
        """The distinct policies the snapshot's rows were written under ("" = not recorded)."""
        return sorted({f.policy_hash for f in self.files if f.policy_hash})

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)

    def to_dict(self) -> dict:
        return {"store": self.store, "topic": self.topic, "hash": self.hash, "rows": self.rows,
                "files": [asdict(f) for f in self.files]}


def snapshot(store: str | Path | Location, topic: str) -> Snapshot:
    """Fix the input of a job now: files published later are not part of it."""
    loc = resolve(store)
    files = []
    for part in layout.list_files(loc, topic):
        payload = loc.read_bytes(part.fs_path)
        meta = pq.read_metadata(pa.BufferReader(payload))
        policy = (meta.metadata or {}).get(META_POLICY_HASH, b"").decode("ascii", "replace")
        files.append(SnapshotFile(str(part.path), hashlib.sha256(payload).hexdigest(), meta.num_rows, policy))
    return Snapshot(loc.url, topic, tuple(files))


class SnapshotChanged(VeilError, RuntimeError):
    """A file of the snapshot was altered or removed after the snapshot was taken."""


def read_snapshot(snap: Snapshot, columns: list[str] | None = None, verify: bool = True) -> pa.Table:
    """Read exactly the snapshot's files; with ``verify`` each file's hash is checked first.

    Each file is read once into memory: the bytes that are hashed are the bytes parsed."""
    tables = []
    for f in snap.files:
        fs, inner = resolve_file(f.path)
        try:
            with fs.open_input_stream(inner) as handle:
                payload = handle.read()
        except FileNotFoundError:
            raise SnapshotChanged(f"{f.path} was removed since the snapshot was taken (erasure or prune?); "
                                  "take a new one") from None
        if verify and hashlib.sha256(payload).hexdigest() != f.sha256:
            raise SnapshotChanged(f"{f.path} changed since the snapshot was taken (erasure or prune?); take a new one")
        tables.append(pq.read_table(pa.BufferReader(payload), columns=columns, schema=SCHEMA))
    if not tables:
        return SCHEMA.empty_table() if columns is None else SCHEMA.empty_table().select(columns)
    return pa.concat_tables(tables)
