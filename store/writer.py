"""Writing flushes into the store."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from veil.store import layout
from veil.store.files import META_FIRST, META_FLUSH_FILES, META_LAST, META_POLICY_HASH, WrittenFile, encode, publish
from veil.store.location import Location, resolve
from veil.store.schema import StoreRow, rows_to_table
from veil.store.source import KafkaSource

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class StoreWriter:
    """Publishes buffered rows as Parquet files, one flush at a time.

    ``store`` is a local directory or a URL (``s3://bucket/prefix``; see
    :mod:`store.location`).  ``fallback_date`` is used for rows without an event time
    (``YYYY-MM-DD``).
    """

    def __init__(self, store: str | Path | Location):
        self.location = resolve(store)
        self.location.ensure_root()
        #: a Path for a local store, the URL otherwise
        self.store = Path(self.location.base) if self.location.is_local else self.location.url

    def warm_up(self) -> None:
        """Build and encode an empty table once, so the first flush does not pay for
        pyarrow's lazy set-up (its first array built from a list imports pandas, ~0.3 s;
        the Parquet writer and zstd codec load on first use).  Writes nothing."""
        encode(rows_to_table([]), {})

    def write_flush(
        self,
        topic: str,
        partition: int,
        first_offset: int,
        last_offset: int,
        rows: list[StoreRow],
        policy_hash: str,
        fallback_date: str,
        source: KafkaSource | None = None,
    ) -> list[WrittenFile]:
        """Publish the rows read from ``topic``/``partition`` between two offsets (inclusive).

        Rows are split by date; every file of the flush gets the same name and records
        how many files the flush has, so a crash half-way is detectable (see offsets.py),
        and the Kafka cluster and topic incarnation they came from (see source.py).
        """
        name = layout.part_name(partition, first_offset, last_offset)
        extra = source.metadata() if source is not None else {}
        return self._write_grouped(topic, name, first_offset, last_offset, rows, policy_hash, fallback_date, extra)

    def write_backfill(
        self,
        topic: str,
        source: str,
        first_line: int,
        last_line: int,
        rows: list[StoreRow],
        policy_hash: str,
        fallback_date: str,
    ) -> list[WrittenFile]:
        """Publish rows from a file backfill; ``source`` is a 12-hex-digit id of the input file."""
        name = layout.backfill_name(source, first_line, last_line)
        return self._write_grouped(topic, name, first_line, last_line, rows, policy_hash, fallback_date)

    def _write_grouped(
        self,
        topic: str,
        name: str,
        first: int,
        last: int,
        rows: list[StoreRow],
        policy_hash: str,
        fallback_date: str,
        extra: dict[bytes, bytes] | None = None,
    ) -> list[WrittenFile]:
        if not rows:
            return []
        by_date: dict[str, list[StoreRow]] = defaultdict(list)
        for row in rows:
            date = row.date
            by_date[date if date and _DATE_RE.match(date) else fallback_date].append(row)
        meta = {
            META_POLICY_HASH: policy_hash.encode(),
            META_FIRST: str(first).encode(),
            META_LAST: str(last).encode(),
            META_FLUSH_FILES: str(len(by_date)).encode(),
            **(extra or {}),
        }
        base = layout.topic_path(self.location, topic)
        return [
            publish(rows_to_table(group), f"{base}/date={date}/{name}", meta, self.location)
            for date, group in sorted(by_date.items())
        ]
