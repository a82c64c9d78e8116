"""Offsets from the store: the store, not Kafka's committed offset, is the truth.

On partition assignment a worker asks where to resume.  The answer is one past the
last offset of the last *complete* flush in the store (as Confluent's HDFS sink does).
A flush whose files are not all there (the worker died between two renames) is
removed: its offsets were never committed, so they are read again.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from pathlib import Path

from store import layout
from store.files import META_FLUSH_FILES, file_metadata

log = logging.getLogger(__name__)


def next_offsets(store: str | Path, topic: str, partitions: list[int] | None = None) -> dict[int, int]:
    """``{partition: next offset to read}`` for partitions that have data in the store.

    Repairs half-published flushes of those partitions as a side effect (see module doc),
    so call it only for partitions this process owns.
    """
    flushes: dict[int, dict[tuple[int, int], list[layout.PartFile]]] = defaultdict(lambda: defaultdict(list))
    for part in layout.list_files(Path(store), topic):
        if part.partition is None or (partitions is not None and part.partition not in partitions):
            continue
        flushes[part.partition][(part.first_offset, part.last_offset)].append(part)

    result: dict[int, int] = {}
    for partition, by_range in flushes.items():
        _remove_stale_tmp(Path(store), topic, partition)
        ordered = sorted(by_range.items())
        for index, ((first, last), files) in enumerate(ordered):
            expected = int(file_metadata(files[0].path).get(META_FLUSH_FILES, b"1"))
            if len(files) < expected:
                # Everything from the first broken flush on is re-read from Kafka.
                for _, later in ordered[index:]:
                    for part in later:
                        part.path.unlink(missing_ok=True)
                log.warning(
                    "removed half-published flush",
                    extra={"facts": {"topic": topic, "partition": partition, "first_offset": first}},
                )
                break
            result[partition] = last + 1
    return result


def _remove_stale_tmp(store: Path, topic: str, partition: int) -> None:
    prefix = f"part-{partition:05d}-"
    for tmp in layout.topic_dir(store, topic).glob(f"date=*/{prefix}*.tmp"):
        tmp.unlink(missing_ok=True)
