"""The Parquet store: Hive-partitioned, atomically published, replay-idempotent.

See ``store/layout.py`` for where files live and what their names mean, and
``store/location.py`` for stores on object storage (``s3://bucket/prefix``): every
function here takes a local directory, a URL or a :class:`Location`.
"""

from store.erase import ErasureResult, erase_user, topics
from store.files import WrittenFile
from store.layout import PartFile, list_files
from store.location import Location, resolve as resolve_location
from store.offsets import next_offsets
from store.retention import TopicPrune, prune
from store.schema import SCHEMA, StoreRow
from store.snapshot import Snapshot, SnapshotChanged, SnapshotFile, read_snapshot, snapshot
from store.writer import StoreWriter

__all__ = [
    "SCHEMA",
    "ErasureResult",
    "Location",
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
    "resolve_location",
    "snapshot",
    "topics",
]
