"""Offsets from the store: the store, not Kafka's committed offset, is the truth.

On partition assignment a worker asks where to resume.  The answer is one past the
last offset of the last *complete* flush in the store (as Confluent's HDFS sink does).
A flush whose files are not all there (the worker died between two renames) is
removed: its offsets were never committed, so they are read again.

The same holds on object storage: S3 lists and reads what was PUT before (strong
read-after-write consistency), and a flush's files are named by their offsets.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from pathlib import Path

from veil.store import layout
from veil.store.files import META_FLUSH_FILES, file_metadata
from veil.store.location import Location, resolve

log = logging.getLogger(__name__)


def next_offsets(store: str | Path | Location, topic: str, partitions: list[int] | None = None) -> dict[int, int]:
    """``{partition: next offset to read}`` for partitions that have data in the store.

    Repairs half-published flushes of those partitions as a side effect (see module doc),
    so call it only for partitions this process owns.
    """
    loc = resolve(store)
    paths = layout.list_paths(loc, topic)
    flushes: dict[int, dict[tuple[int, int], list[layout.PartFile]]] = defaultdict(lambda: defaultdict(list))
    for path in paths:
        part = layout.parse(path, loc)
        if part is None or part.partition is None or (partitions is not None and part.partition not in partitions):
            continue
        flushes[part.partition][(part.first_offset, part.last_offset)].append(part)

    result: dict[int, int] = {}
    for partition, by_range in flushes.items():
        _remove_stale_tmp(loc, paths, partition)
        ordered = sorted(by_range.items())
        for index, ((first, last), files) in enumerate(ordered):
            expected = int(file_metadata(files[0].fs_path, loc).get(META_FLUSH_FILES, b"1"))
            if len(files) < expected:
                # Everything from the first broken flush on is re-read from Kafka.
                for _, later in ordered[index:]:
                    for part in later:
                        loc.delete(part.fs_path)
                log.warning(
                    "removed half-published flush",
                    extra={"facts": {"topic": topic, "partition": partition, "first_offset": first}},
                )
                break
            result[partition] = last + 1
    return result


def _remove_stale_tmp(loc: Location, paths: list[str], partition: int) -> None:
    """Temp files a dead writer left (local disks only: object stores get no temp files)."""
    prefix = f"part-{partition:05d}-"
    for path in paths:
        name = path.rpartition("/")[2]
        if name.startswith(prefix) and name.endswith(".tmp"):
            loc.delete(path)
