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

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from veil.store.location import Location, resolve

PART_RE = re.compile(r"^part-(?P<partition>\d{5})-(?P<first>\d{20})-(?P<last>\d{20})\.parquet$")
BACKFILL_RE = re.compile(r"^backfill-(?P<source>[0-9a-f]{12})-(?P<first>\d{20})-(?P<last>\d{20})\.parquet$")
TOPIC_RE = re.compile(r"^[A-Za-z0-9._-]{1,249}$")


@dataclass(frozen=True)
class PartFile:
    """A published file of the store, as its name and folder describe it."""

    path: Path | str  # a Path on a local disk, a URL (s3://bucket/…) on object storage
    date: str
    partition: int | None  # None for backfill files
    first_offset: int
    last_offset: int
    fs_path: str = field(default="", compare=False)  # the path inside the store's filesystem

    def __post_init__(self) -> None:
        if not self.fs_path:
            object.__setattr__(self, "fs_path", os.fspath(self.path))


def check_topic(topic: str) -> str:
    """Topic names become folder names: accept Kafka's legal characters only."""
    if not TOPIC_RE.match(topic) or topic in {".", ".."}:
        raise ValueError(f"invalid topic name {topic!r}: use letters, digits, '.', '_' or '-'")
    return topic


def topic_dir(store: Path, topic: str) -> Path:
    """The topic's folder of a local store."""
    return Path(store) / check_topic(topic)


def topic_path(loc: Location, topic: str) -> str:
    """The topic's folder inside the store's filesystem."""
    return loc.join(check_topic(topic))


def part_name(partition: int, first: int, last: int) -> str:
    return f"part-{partition:05d}-{first:020d}-{last:020d}.parquet"


def backfill_name(source: str, first: int, last: int) -> str:
    return f"backfill-{source}-{first:020d}-{last:020d}.parquet"


def parse(path: Path | str, loc: Location | None = None) -> PartFile | None:
    """The PartFile a path names, or None for anything that is not a published file.

    With ``loc``, ``path`` is a path inside ``loc``'s filesystem."""
    text = os.fspath(path)
    folder, _, name = text.rpartition("/")
    folder = folder.rpartition("/")[2]
    if not folder.startswith("date="):
        return None
    date = folder[len("date=") :]
    public = loc.public(text) if loc is not None else path
    if m := PART_RE.match(name):
        return PartFile(public, date, int(m["partition"]), int(m["first"]), int(m["last"]), text)
    if m := BACKFILL_RE.match(name):
        return PartFile(public, date, None, int(m["first"]), int(m["last"]), text)
    return None


def list_paths(store: "str | Path | Location", topic: str) -> list[str]:
    """Every file (any name) in the topic's ``date=`` folders, as filesystem paths."""
    loc = resolve(store)
    base = topic_path(loc, topic)
    prefix = base + "/date="
    return [p for p in loc.walk_files(base) if p.startswith(prefix) and p.count("/", len(base)) == 2]


def list_files(store: "str | Path | Location", topic: str) -> list[PartFile]:
    """Every published file of a topic, ordered by date then name (temp files excluded)."""
    loc = resolve(store)
    found = (parse(p, loc) for p in list_paths(loc, topic))
    return [f for f in found if f is not None]
