"""Which Kafka topic a store's offsets belong to.

Exactly-once rests on offsets: a worker resumes one past the highest offset the store
holds (:mod:`store.offsets`).  Offsets mean something only within one *incarnation* of a
topic on one cluster: a topic deleted and created again (or a broker started afresh,
or a fail-over to a mirror cluster) starts counting again, and resuming from the old
store would skip new events or store old ones twice under new offsets.

Invariant: every flush file records the cluster id and topic id it was read from
(``veil.kafka.cluster_id``, ``veil.kafka.topic_id``), and a worker refuses to ingest a
topic whose newest flush in the store came from another incarnation
(:func:`check_source`).  Files written before these keys existed, and brokers that report
no ids, are not compared: there is nothing to compare them with.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from veil.core.errors import UsageError
from veil.store import layout
from veil.store.files import file_metadata
from veil.store.location import Location, resolve

META_CLUSTER_ID = b"veil.kafka.cluster_id"
META_TOPIC_ID = b"veil.kafka.topic_id"


@dataclass(frozen=True)
class KafkaSource:
    """The cluster and topic incarnation a flush was read from (None: not known)."""

    cluster_id: str | None = None
    topic_id: str | None = None

    def metadata(self) -> dict[bytes, bytes]:
        out = {}
        if self.cluster_id:
            out[META_CLUSTER_ID] = self.cluster_id.encode()
        if self.topic_id:
            out[META_TOPIC_ID] = self.topic_id.encode()
        return out

    @classmethod
    def of_metadata(cls, meta: dict[bytes, bytes]) -> "KafkaSource":
        def text(key: bytes) -> str | None:
            value = meta.get(key)
            return value.decode() if value else None

        return cls(text(META_CLUSTER_ID), text(META_TOPIC_ID))


class SourceMismatch(UsageError):
    """The store's offsets of a topic came from another topic incarnation or cluster."""


def recorded_sources(store: str | Path | Location, topic: str, partitions: list[int] | None = None
                     ) -> dict[int, KafkaSource]:
    """``{partition: source of its newest flush}`` for partitions with data in the store."""
    loc = resolve(store)
    newest: dict[int, layout.PartFile] = {}
    for part in layout.list_files(loc, topic):
        if part.partition is None or (partitions is not None and part.partition not in partitions):
            continue
        best = newest.get(part.partition)
        if best is None or part.last_offset > best.last_offset:
            newest[part.partition] = part
    return {p: KafkaSource.of_metadata(file_metadata(f.fs_path, loc)) for p, f in newest.items()}


def check_source(store: str | Path | Location, topic: str, live: KafkaSource,
                 partitions: list[int] | None = None) -> None:
    """Raise :class:`SourceMismatch` when the store's newest flush of any of these
    partitions was read from another cluster or topic incarnation than ``live``."""
    for partition, seen in sorted(recorded_sources(store, topic, partitions).items()):
        for what, was, now in (("cluster", seen.cluster_id, live.cluster_id),
                               ("topic id", seen.topic_id, live.topic_id)):
            if was and now and was != now:
                raise SourceMismatch(
                    f"the store's '{topic}' (partition {partition}) was read from another {what} ({was}; the "
                    f"broker now reports {now}): its offsets do not line up with this topic's, so resuming "
                    "would skip or duplicate events. Ingest into a new store, or under a new topic name")
