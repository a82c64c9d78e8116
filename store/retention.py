"""Retention: remove ``date=YYYY-MM-DD`` partitions older than a cutoff.

``prune(store, older_than_days)`` drops every published file in a ``date=`` folder
strictly before ``today - older_than_days`` (UTC) and removes the folders left empty.

Pruning must never make the ingest worker read pruned events again.  The worker
resumes one past the highest offset *in the store* (:func:`store.next_offsets`), and
a flush whose files are not all present counts as half-published (it and everything
after it are re-read).  So a pruned file is **deleted** only when nothing needs its
name; otherwise it is replaced, atomically, by a *tombstone*: an empty Parquet file
with the same name, schema and flush metadata (plus ``veil.pruned_rows`` and
``veil.pruned_at``).  A pruned file is kept as a tombstone when

* its flush is the last one of its Kafka partition (it holds the partition's
  high-water offset), or
* its flush also has files in dates that are kept (the flush must stay complete).

Tombstones hold no rows (DuckDB and snapshots read them as empty) and are removed
by a later prune once a newer flush of the partition exists.  Backfill files
(``veil scrub --store``) carry no Kafka offsets and are always deleted.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Protocol

import pyarrow.parquet as pq

from veil.store import layout
from veil.store.erase import topics as store_topics
from veil.store.files import file_metadata, publish
from veil.store.location import Location, resolve

META_PRUNED_ROWS = b"veil.pruned_rows"
META_PRUNED_AT = b"veil.pruned_at"
_DATE_DIR = re.compile(r"^date=(\d{4}-\d{2}-\d{2})$")


class AuditSink(Protocol):
    def append(self, kind: str, **facts: Any) -> Any: ...


@dataclass
class TopicPrune:
    """What a prune did (or, on a dry run, would do) to one topic."""

    topic: str
    cutoff: str  # dates strictly before this are pruned
    dates: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # relative to the store
    rows: int = 0
    deleted: int = 0
    tombstones: int = 0
    high_water: dict[int, int] = field(default_factory=dict)  # partition -> last offset kept on record

    def to_dict(self) -> dict:
        return {
            "topic": self.topic,
            "cutoff": self.cutoff,
            "dates": self.dates,
            "files": len(self.files),
            "rows": self.rows,
            "files_deleted": self.deleted,
            "tombstones": self.tombstones,
            "high_water_offsets": {str(k): v for k, v in sorted(self.high_water.items())},
        }


def cutoff_date(older_than_days: int, today: date | None = None) -> date:
    if older_than_days < 0:
        raise ValueError(f"--older-than must be >= 0 days, got {older_than_days}")
    today = today or datetime.now(timezone.utc).date()
    return today - timedelta(days=int(older_than_days))


def prune(
    store: str | Path | Location,
    older_than_days: int,
    topic: str | None = None,
    *,
    dry_run: bool = False,
    today: date | None = None,
    audit_log: AuditSink | None = None,
) -> list[TopicPrune]:
    """Prune partitions older than ``older_than_days`` in ``topic`` (default: every topic).
    Returns one :class:`TopicPrune` per topic that had something to prune.  With
    ``audit_log`` (and not ``dry_run``) each pruned topic is logged as ``retention_pruned``
    right after its files are gone, so a prune cut short still logs what it did."""
    store = resolve(store)
    cutoff = cutoff_date(older_than_days, today)
    names = [layout.check_topic(topic)] if topic else store_topics(store)
    results = []
    for name in names:
        result = _prune_topic(store, name, cutoff, dry_run)
        if result.files:
            results.append(result)
            if audit_log is not None and not dry_run:
                _audit(audit_log, result, older_than_days)
    return results


def _audit(audit_log: AuditSink, r: TopicPrune, older_than_days: int) -> None:
    audit_log.append(
        "retention_pruned", topic=r.topic, older_than_days=older_than_days, cutoff=r.cutoff, dates=r.dates,
        files=len(r.files), rows=r.rows, files_deleted=r.deleted, tombstones=r.tombstones,
        high_water_offsets={str(k): v for k, v in sorted(r.high_water.items())}, paths=r.files,
    )


def _date_of(part: layout.PartFile) -> date | None:
    m = _DATE_DIR.match(f"date={part.date}")
    if not m:
        return None
    try:
        return date.fromisoformat(m.group(1))
    except ValueError:
        return None


def _prune_topic(store: Location, topic: str, cutoff: date, dry_run: bool) -> TopicPrune:
    result = TopicPrune(topic=topic, cutoff=cutoff.isoformat())
    files = layout.list_files(store, topic)
    old = [f for f in files if (d := _date_of(f)) is not None and d < cutoff]
    if not old:
        return result

    # Flushes of each Kafka partition: (first, last) -> files, and the last flush per partition.
    flushes: dict[tuple[int, int, int], list[layout.PartFile]] = defaultdict(list)
    last_flush: dict[int, tuple[int, int]] = {}
    for f in files:
        if f.partition is None:
            continue
        flushes[(f.partition, f.first_offset, f.last_offset)].append(f)
        rng = (f.first_offset, f.last_offset)
        if f.partition not in last_flush or rng > last_flush[f.partition]:
            last_flush[f.partition] = rng
    old_paths = {f.fs_path for f in old}
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ").encode()

    dates: set[str] = set()
    folders: set[str] = set()
    for f in old:
        rows = pq.read_metadata(f.fs_path, filesystem=store.filesystem).num_rows
        keep_name = False
        if f.partition is not None:
            siblings = flushes[(f.partition, f.first_offset, f.last_offset)]
            is_last = last_flush[f.partition] == (f.first_offset, f.last_offset)
            flush_spans_kept_dates = any(s.fs_path not in old_paths for s in siblings)
            keep_name = is_last or flush_spans_kept_dates
            if is_last:
                result.high_water[f.partition] = f.last_offset
        if keep_name and rows == 0 and META_PRUNED_ROWS in file_metadata(f.fs_path, store):
            continue  # already a tombstone: nothing to do
        result.files.append(store.relative(f.fs_path))
        result.rows += rows
        dates.add(f.date)
        folders.add(f.fs_path.rpartition("/")[0])
        if keep_name:
            result.tombstones += 1
            if not dry_run:
                _tombstone(store, f.fs_path, rows, now)
        else:
            result.deleted += 1
            if not dry_run:
                store.delete(f.fs_path)
    result.dates = sorted(dates)
    if not dry_run:
        for folder in folders:
            # Only when empty (a file published meanwhile keeps it); object stores have no folders.
            store.remove_dir_if_empty(folder)
    return result


def _tombstone(store: Location, path: str, rows: int, now: bytes) -> None:
    """Replace ``path`` atomically by an empty file with the same schema and flush metadata."""
    schema = pq.read_schema(path, filesystem=store.filesystem)
    meta = dict(schema.metadata or {})
    previous = int(meta.get(META_PRUNED_ROWS, b"0"))
    meta[META_PRUNED_ROWS] = str(previous + rows).encode()
    meta[META_PRUNED_AT] = now
    publish(schema.remove_metadata().empty_table(), path, meta, store)
