"""Where files live in the store, and what their names mean.

    STORE/<topic>/date=YYYY-MM-DD/part-<partition:05d>-<first:020d>-<last:020d>.parquet
    STORE/<topic>/date=YYYY-MM-DD/backfill-<source>-<first:020d>-<last:020d>.parquet

A *flush* writes the rows a worker buffered for one Kafka partition, covering the
offset range ``first..last``.  Its rows may fall on several dates; then the flush is
several files with the same name in different ``date=`` folders, and each carries
``veil.flush_files`` in its metadata so a half-published flush can be recognised.
Names are a pure function of (partition, offset range): replaying the same range
rewrites the same names, which is what makes replays idempotent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

PART_RE = re.compile(r"^part-(?P<partition>\d{5})-(?P<first>\d{20})-(?P<last>\d{20})\.parquet$")
BACKFILL_RE = re.compile(r"^backfill-(?P<source>[0-9a-f]{12})-(?P<first>\d{20})-(?P<last>\d{20})\.parquet$")
TOPIC_RE = re.compile(r"^[A-Za-z0-9._-]{1,249}$")


@dataclass(frozen=True)
class PartFile:
    """A published file of the store, as its name and folder describe it."""

    path: Path
    date: str
    partition: int | None  # None for backfill files
    first_offset: int
    last_offset: int


def check_topic(topic: str) -> str:
    """Topic names become folder names: accept Kafka's legal characters only."""
    if not TOPIC_RE.match(topic) or topic in {".", ".."}:
        raise ValueError(f"invalid topic name {topic!r}: use letters, digits, '.', '_' or '-'")
    return topic


def topic_dir(store: Path, topic: str) -> Path:
    return Path(store) / check_topic(topic)


def part_name(partition: int, first: int, last: int) -> str:
    return f"part-{partition:05d}-{first:020d}-{last:020d}.parquet"


def backfill_name(source: str, first: int, last: int) -> str:
    return f"backfill-{source}-{first:020d}-{last:020d}.parquet"


def parse(path: Path) -> PartFile | None:
    """The PartFile a path names, or None for anything that is not a published file."""
    folder = path.parent.name
    if not folder.startswith("date="):
        return None
    date = folder[len("date=") :]
    if m := PART_RE.match(path.name):
        return PartFile(path, date, int(m["partition"]), int(m["first"]), int(m["last"]))
    if m := BACKFILL_RE.match(path.name):
        return PartFile(path, date, None, int(m["first"]), int(m["last"]))
    return None


def list_files(store: Path, topic: str) -> list[PartFile]:
    """Every published file of a topic, ordered by date then name (temp files excluded)."""
    base = topic_dir(store, topic)
    if not base.is_dir():
        return []
    found = (parse(p) for p in sorted(base.glob("date=*/*.parquet")))
    return [f for f in found if f is not None]
