"""Backfills: the ingest policy applied to a JSON-lines file (``veil scrub``).

Invariants:

* One output per valid input line, in input order; bad lines become dead letters
  (encrypted, under the home's ``deadletter/``) with their line number as the offset.
* An output file (``output``) is checked against the input first (the same file, a hard
  or symbolic link to it is refused) and published whole by rename at the end; a run
  that fails, or rejects more than ``max_bad_fraction`` of its lines, leaves the old file
  (or nothing) in place.
* Store output (``store`` + ``topic``) is written chunk by chunk under names made of the
  input's hash and line range (``CHUNK_LINES`` is fixed), so a replayed backfill rewrites
  the same files and never duplicates a row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterator

from veil.anonymize import Policy, SanitizedEvent, Sanitizer
from veil.core.errors import BadInputError, UsageError
from veil.core.outputs import atomic_output, check_output
from veil.ingest.backfill_pool import Chunk, WorkerPool, sanitize_chunk
from veil.ingest.deadletter import DeadLetter, FileDeadLetterSink
from veil.ingest.pipeline import Source, count_findings, to_store_row
from veil.store import StoreWriter, check_topic

CHUNK_LINES = 2000  # fixed, so a replayed backfill writes the same file names
DEFAULT_MAX_BAD_FRACTION = 0.5


@dataclass(frozen=True)
class BackfillConfig:
    """What to scrub and where to.  Exactly one of ``output`` and ``store`` is set."""

    input: Path
    policy: Policy
    policy_path: Path | None = None  # worker processes load the policy from here
    output: Path | None = None
    store: str | Path | None = None
    topic: str | None = None
    batch_size: int = 256
    workers: int = 1
    max_bad_fraction: float = DEFAULT_MAX_BAD_FRACTION
    progress: bool = True

    def validate(self) -> None:
        if not Path(self.input).is_file():
            raise UsageError(f"input file {self.input} does not exist")
        if (self.output is None) == (self.store is None):
            raise UsageError("give exactly one of -o OUTPUT.jsonl and --store DIR")
        if self.store is not None:
            if not self.topic:
                raise UsageError("--store needs --topic NAME (the dataset the rows belong to)")
            try:
                check_topic(self.topic)
            except ValueError as exc:
                raise UsageError(str(exc)) from None
        if self.output is not None:
            check_output(Path(self.output), [Path(self.input)])
        if self.workers < 1:
            raise UsageError("--workers must be at least 1")
        if self.batch_size < 1:
            raise UsageError("--batch-size must be at least 1")
        if not 0 <= self.max_bad_fraction <= 1:
            raise UsageError("--max-bad-fraction must be between 0 and 1")


@dataclass
class BackfillSummary:
    """What a backfill did; ``to_dict`` is what ``veil scrub`` prints."""

    policy_hash: str
    lines: int = 0
    blank_lines: int = 0
    events_out: int = 0
    bad_lines: int = 0
    bad_by_reason: dict[str, int] = field(default_factory=dict)
    files_written: int = 0
    output: str | None = None  # the published output file (None: not written)
    dead_letter_file: str | None = None

    @property
    def bad_fraction(self) -> float:
        considered = self.lines - self.blank_lines
        return self.bad_lines / considered if considered else 0.0

    def dominant_reasons(self, n: int = 3) -> str:
        top = Counter(self.bad_by_reason).most_common(n)
        return ", ".join(f"{reason} ({count})" for reason, count in top)

    def to_dict(self) -> dict[str, Any]:
        out = {"lines": self.lines, "events_out": self.events_out, "bad_lines": self.bad_lines,
               "bad_by_reason": dict(self.bad_by_reason), "blank_lines": self.blank_lines,
               "policy_hash": self.policy_hash}
        if self.output is not None:
            out["output"] = self.output
        if self.files_written:
            out["files_written"] = self.files_written
        if self.dead_letter_file is not None:
            out["dead_letter_file"] = self.dead_letter_file
        return out


def output_line(event: SanitizedEvent, policy_hash: str) -> str:
    """One line of a JSON-lines output: the policy hash on every line, as every store file
    carries it in its metadata."""
    return json.dumps({"event_id": event.event_id, "user": event.user, "ts": event.ts, "data": event.data,
                       "policy_hash": policy_hash}, ensure_ascii=False) + "\n"


def source_id(path: Path) -> str:
    """12 hex digits of the input's SHA-256: the backfill's name in the store and the log."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:12]


class Backfill:
    """``Backfill(config, ...).run() -> BackfillSummary``.  Raises ``UsageError`` for a
    config that cannot run (before anything is written) and ``BadInputError`` when more
    than ``max_bad_fraction`` of the lines were rejected (after the dead letters, the
    audit entries and any store rows are written; an output file is then not published)."""

    def __init__(self, config: BackfillConfig, *, pseudonym_key: bytes, deadletter_dir: Path,
                 deadletter_key: bytes, audit_log: Any):
        config.validate()
        self.config = config
        self._pseudonym_key = pseudonym_key
        self.audit_log = audit_log
        self.source = source_id(Path(config.input))
        self.topic = config.topic or "scrub"
        self.letters = FileDeadLetterSink(deadletter_dir, deadletter_key, f"scrub-{self.source}")
        self.summary = BackfillSummary(policy_hash=config.policy.hash)
        self._pii: dict[str, Counter[str]] = {}

    def run(self) -> BackfillSummary:
        cfg = self.config
        with ExitStack() as stack:
            output = stack.enter_context(atomic_output(Path(cfg.output))) if cfg.output is not None else None
            writer = StoreWriter(cfg.store) if cfg.store is not None else None
            for chunk, results in self._results():
                self._emit(chunk, results, output, writer)
            self.letters.close()
            self._audit_run()
            if self.summary.bad_lines and self.summary.bad_fraction > cfg.max_bad_fraction:
                raise self._too_many_bad()  # inside the ExitStack: the output file is not published
        if cfg.output is not None:
            self.summary.output = str(cfg.output)
        return self.summary

    # -- sanitising ------------------------------------------------------------------
    def _results(self) -> Iterator[tuple[Chunk, list]]:
        cfg = self.config
        if cfg.workers == 1:
            sanitizer = Sanitizer(cfg.policy, self._pseudonym_key)
            for chunk in self._chunks():
                yield chunk, sanitize_chunk(sanitizer, self.topic, chunk)
            return
        # Started before any thread (the progress bar) exists.
        pool = WorkerPool(cfg.workers, cfg.policy_path, self._pseudonym_key)
        try:
            yield from pool.ordered(self._chunks(), self.topic, cfg.batch_size)
        finally:
            pool.close()

    def _chunks(self) -> Iterator[Chunk]:
        from tqdm import tqdm

        cfg = self.config
        size = Path(cfg.input).stat().st_size
        limit = CHUNK_LINES if cfg.output is None else min(CHUNK_LINES, cfg.batch_size)
        with tqdm(total=size, unit="B", unit_scale=True, desc="scrub", file=sys.stderr,
                  disable=None if cfg.progress else True) as bar, open(cfg.input, "rb") as handle:
            chunk: Chunk = []
            for number, line in enumerate(handle, start=1):
                bar.update(len(line))
                raw = line.rstrip(b"\r\n")
                self.summary.lines += 1
                if not raw.strip():
                    self.summary.blank_lines += 1
                    continue
                chunk.append((number, raw))
                if len(chunk) >= limit:
                    yield chunk
                    chunk = []
            yield chunk

    # -- writing ---------------------------------------------------------------------
    def _emit(self, chunk: Chunk, results: list, output: IO | None, writer: StoreWriter | None) -> None:
        rows, events = [], []
        for (number, _raw), result in zip(chunk, results, strict=True):
            if isinstance(result, DeadLetter):
                self.letters.send(result)
                self.summary.bad_lines += 1
                continue
            if result.event_id is None:
                result.event_id = f"{self.source}:{number}"
            events.append(result)
            self.summary.events_out += 1
            if output is not None:
                output.write(output_line(result, self.config.policy.hash))
            else:
                rows.append(to_store_row(result, Source(self.topic, -1, number), self.topic))
        findings = count_findings(events)
        if writer is not None and chunk:
            self._write_rows(writer, chunk, rows, findings)
        for field_path, by_type in findings.items():
            self._pii.setdefault(field_path, Counter()).update(by_type)

    def _write_rows(self, writer: StoreWriter, chunk: Chunk, rows: list, findings: dict) -> None:
        first, last = chunk[0][0], chunk[-1][0]
        policy_hash = self.config.policy.hash
        written = writer.write_backfill(self.topic, self.source, first, last, rows, policy_hash,
                                        fallback_date=_today())
        if not written:
            return
        self.summary.files_written += len(written)
        self.audit_log.append("files_written", topic=self.topic, source=f"backfill-{self.source}",
                              first_offset=first, last_offset=last, policy_hash=policy_hash, rows=len(rows),
                              files=[{"path": w.relpath, "sha256": w.sha256, "rows": w.rows} for w in written],
                              pii=findings)

    def _audit_run(self) -> None:
        s = self.summary
        s.bad_by_reason = dict(self.letters.counts)
        if self.letters.counts:
            s.dead_letter_file = str(self.letters.path)
        pii = {field_path: dict(by_type) for field_path, by_type in sorted(self._pii.items())}
        self.audit_log.append("scrub_run", topic=self.topic, source=f"backfill-{self.source}",
                              policy_hash=s.policy_hash, lines=s.lines, events_out=s.events_out,
                              bad_lines=s.bad_lines, pii=pii)
        if self.letters.counts:
            self.audit_log.append("dead_letters", topic=self.topic, source=f"backfill-{self.source}",
                                  reasons=dict(self.letters.counts))

    def _too_many_bad(self) -> BadInputError:
        s, cfg = self.summary, self.config
        kept = "no output file was written" if cfg.output is not None else "the good rows are in the store"
        return BadInputError(
            f"{s.bad_lines} of {s.lines - s.blank_lines} lines rejected ({s.bad_fraction:.0%}, more than "
            f"--max-bad-fraction {cfg.max_bad_fraction:g}), mostly {s.dominant_reasons()}; {kept}; the bad "
            f"lines are kept encrypted in {s.dead_letter_file}. Fix the policy or the input and run again")


def _today() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d")
