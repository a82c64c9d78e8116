"""The Parquet store: Hive-partitioned, atomically published, replay-idempotent.

See ``store/layout.py`` for where files live and what their names mean.
"""

from store.erase import ErasureResult, erase_user, topics
from store.files import WrittenFile
from store.layout import PartFile, list_files
from store.offsets import next_offsets
from store.retention import TopicPrune, prune
from store.schema import SCHEMA, StoreRow
from store.snapshot import Snapshot, SnapshotChanged, SnapshotFile, read_snapshot, snapshot
from store.writer import StoreWriter

__all__ = [
    "SCHEMA",
    "ErasureResult",
    "PartFile",
    "Snapshot",
    "SnapshotChanged",
    "SnapshotFile",
    "StoreRow",
    "StoreWriter",
    "TopicPrune",
    "WrittenFile",
    "erase_user",
    "list_files",
    "next_offsets",
    "prune",
    "read_snapshot",
    "snapshot",
    "topics",
]
