"""The Parquet store: Hive-partitioned, atomically published, replay-idempotent.

See ``store/layout.py`` for where files live and what their names mean, and
``store/location.py`` for stores on object storage (``s3://bucket/prefix``): every
function here takes a local directory, a URL or a :class:`Location`.
"""

from veil.store.erase import ErasureResult, erase_user, topics
from veil.store.files import WrittenFile
from veil.store.layout import PartFile, check_topic, list_files
from veil.store.location import Location, normalize as normalize_location, resolve as resolve_location
from veil.store.offsets import next_offsets
from veil.store.retention import TopicPrune, prune
from veil.store.schema import SCHEMA, StoreRow
from veil.store.source import KafkaSource, SourceMismatch, check_source
from veil.store.snapshot import Snapshot, SnapshotChanged, SnapshotFile, read_snapshot, snapshot
from veil.store.writer import StoreWriter

__all__ = [
    "SCHEMA",
    "ErasureResult",
    "KafkaSource",
    "Location",
    "PartFile",
    "Snapshot",
    "SnapshotChanged",
    "SnapshotFile",
    "SourceMismatch",
    "StoreRow",
    "StoreWriter",
    "TopicPrune",
    "WrittenFile",
    "check_source",
    "check_topic",
    "erase_user",
    "list_files",
    "next_offsets",
    "normalize_location",
    "prune",
    "read_snapshot",
    "resolve_location",
    "snapshot",
    "topics",
]
