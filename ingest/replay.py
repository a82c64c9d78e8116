"""Replaying dead letters through the normal path, after a policy or producer fix.

Invariants:

* A letter goes through the same decode → policy → store row steps as when it first
  arrived, with its original coordinates (so an event without an id of its own gets the
  id it would have had: ``topic/partition/offset`` from Kafka, ``<backfill source>:<line>``
  from a file).
* Exactly once: rows land in backfill files named by the letters' origin (a hash, never
  a value) and fixed chunks of ``CHUNK_LINES`` positions there, each file holding every
  passing letter of its chunk, so replaying the same letters again rewrites the same
  files.  The origin of a Kafka topic partition is its name (append-only: a later replay
  rewrites each chunk whole, new letters included); the origin of a local file is its name
  and its content hash, because letters that pass are then removed from the file (an
  atomic rewrite) and the rest, renumbered, must not reuse the names of rows already
  written.  Letters that still fail stay where they were, untouched.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import IO, Any

from veil.anonymize import Policy, Sanitizer
from veil.core.outputs import atomic_output
from veil.ingest.backfill import CHUNK_LINES, output_line
from veil.ingest.deadletter import DeadLetter
from veil.ingest.letters import StoredLetter, decrypt
from veil.ingest.pipeline import Source, count_findings, sanitize_messages, to_store_row
from veil.store import StoreWriter


@dataclass
class ReplaySummary:
    letters: int = 0
    replayed: int = 0
    still_bad: int = 0
    still_bad_by_reason: dict[str, int] = field(default_factory=dict)
    files_written: int = 0
    removed_from_files: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"letters": self.letters, "replayed": self.replayed, "still_bad": self.still_bad,
                "still_bad_by_reason": self.still_bad_by_reason, "files_written": self.files_written,
                "removed_from_files": self.removed_from_files}


@dataclass(frozen=True)
class ReplayTarget:
    """Where replayed events go: the store (``store`` + ``topic``) or a JSON-lines file."""

    store: str | Path | None = None
    topic: str | None = None
    output: Path | None = None


def _origin(letter: StoredLetter) -> str:
    """The file (stem) or topic partition a letter is kept in."""
    return letter.id.rsplit(":", 1)[0] if ":" in letter.id else letter.id.rsplit("/", 1)[0]


def _position(letter: StoredLetter) -> int:
    return int(letter.id.rsplit(":", 1)[1] if ":" in letter.id else letter.id.rsplit("/", 1)[1])


def _fallback_id(letter: StoredLetter) -> str | None:
    """The id a file line without one got (``<source>:<line>``); Kafka letters get theirs
    from their coordinates in ``store_row``."""
    if ":" not in letter.id:
        return None
    stem = letter.id.rsplit(":", 1)[0]  # scrub-<12 hex>-<time>-<pid>
    parts = stem.split("-")
    return f"{parts[1]}:{letter.source_offset}" if len(parts) > 1 and parts[0] == "scrub" else None


class Replay:
    """``Replay(policy, keys..., target, audit_log).run(letters) -> ReplaySummary``."""

    def __init__(self, policy: Policy, *, pseudonym_key: bytes, deadletter_key: bytes, target: ReplayTarget,
                 audit_log: Any):
        self.policy = policy
        self.sanitizer = Sanitizer(policy, pseudonym_key)
        self.key = deadletter_key
        self.target = target
        self.audit_log = audit_log
        self.summary = ReplaySummary()
        self.passed: list[StoredLetter] = []

    def run(self, letters: list[StoredLetter], deadletter_dir: Path | None = None) -> ReplaySummary:
        self.summary.letters = len(letters)
        writer = StoreWriter(self.target.store) if self.target.store is not None else None
        if self.target.output is not None:
            with atomic_output(self.target.output) as out:
                self._all(letters, writer, out, deadletter_dir)
        else:
            self._all(letters, writer, None, deadletter_dir)
        if deadletter_dir is not None:
            self.summary.removed_from_files = remove_letters(deadletter_dir, self.passed)
        self.audit_log.append("deadletter_replay", policy_hash=self.policy.hash, topic=self.target.topic,
                              letters=self.summary.letters, replayed=self.summary.replayed,
                              still_bad=self.summary.still_bad, still_bad_by_reason=self.summary.still_bad_by_reason,
                              files_written=self.summary.files_written)
        return self.summary

    def _all(self, letters: list[StoredLetter], writer: StoreWriter | None, out: IO | None,
             deadletter_dir: Path | None) -> None:
        reasons: Counter[str] = Counter()
        for origin, group in groupby(sorted(letters, key=lambda x: (_origin(x), _position(x))), key=_origin):
            source = _source_id(origin, deadletter_dir)
            for index, chunk in groupby(group, key=lambda x: _position(x) // CHUNK_LINES):
                self._chunk(source, index, list(chunk), writer, out, reasons)
        self.summary.still_bad_by_reason = dict(reasons)

    def _chunk(self, source: str, index: int, chunk: list[StoredLetter], writer: StoreWriter | None,
               out: IO | None, reasons: Counter[str]) -> None:
        messages = [(Source(x.source_topic, x.source_partition, x.source_offset), decrypt(x, self.key)) for x in chunk]
        rows, events = [], []
        for letter, (src, _raw), result in zip(chunk, messages, sanitize_messages(self.sanitizer, messages)):
            if isinstance(result, DeadLetter):
                self.summary.still_bad += 1
                reasons[result.reason] += 1
                continue
            result.event_id = result.event_id or _fallback_id(letter)
            self.passed.append(letter)
            events.append(result)
            if out is not None:
                out.write(output_line(result, self.policy.hash))
            else:
                rows.append(to_store_row(result, src, self.target.topic))
        self.summary.replayed += len(events)
        if writer is not None and rows:
            first, last = index * CHUNK_LINES, (index + 1) * CHUNK_LINES - 1  # fixed: a rerun rewrites it
            written = writer.write_backfill(self.target.topic, source, first, last, rows, self.policy.hash,
                                            fallback_date=_today())
            self.summary.files_written += len(written)
            self.audit_log.append("files_written", topic=self.target.topic, source=f"replay-{source}",
                                  first_offset=first, last_offset=last, policy_hash=self.policy.hash,
                                  rows=len(rows), pii=count_findings(events),
                                  files=[{"path": w.relpath, "sha256": w.sha256, "rows": w.rows} for w in written])


def _source_id(origin: str, deadletter_dir: Path | None) -> str:
    """12 hex digits naming an origin's replayed rows (see the module docstring)."""
    digest = hashlib.sha256(f"replay:{origin}".encode())
    local = Path(deadletter_dir) / f"{origin}.jsonl" if deadletter_dir is not None else None
    if local is not None and local.is_file():
        digest.update(local.read_bytes())
    return digest.hexdigest()[:12]


def remove_letters(directory: Path, letters: list[StoredLetter]) -> int:
    """Remove these (file) letters from their files, each file rewritten atomically."""
    by_file: dict[str, set[int]] = {}
    for letter in letters:
        if ":" in letter.id:
            stem, line = letter.id.rsplit(":", 1)
            by_file.setdefault(stem, set()).add(int(line))
    removed = 0
    for stem, lines in by_file.items():
        path = Path(directory) / f"{stem}.jsonl"
        kept = [line for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if n not in lines]
        removed += len(lines)
        if kept:
            with atomic_output(path, mode=0o600) as handle:
                handle.write("".join(line + "\n" for line in kept))
        else:
            os.unlink(path)
    return removed


def _today() -> str:
    import datetime as dt

    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d")

