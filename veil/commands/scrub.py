"""``veil scrub``: the ingest policy applied to a JSON-lines file (files and backfills)."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Iterator

from veil.core.settings import Home

CHUNK_LINES = 2000  # fixed, so a replayed backfill writes the same file names


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "scrub",
        help="sanitise a JSON-lines file into a file or into the store",
        description="Apply the same policy and scrubbing as `veil ingest` to a JSON-lines file. "
        "Bad lines are counted, reported and kept encrypted under --home.",
    )
    p.add_argument("input", type=Path, metavar="INPUT.jsonl")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("-o", "--output", type=Path, metavar="OUTPUT.jsonl",
                     help="one sanitised line per valid input line, same order")
    out.add_argument("--store", metavar="DIR|URL",
                     help="write into the Parquet store, a directory or s3://bucket/prefix (needs --topic)")
    p.add_argument("--topic", metavar="NAME", help="dataset name in the store")
    p.add_argument("--policy", type=Path, metavar="FILE", help="policy YAML (default: built-in safe policy)")
    p.add_argument("--home", metavar="DIR", help="Veil home (default: $VEIL_HOME or ./.veil)")
    p.add_argument("--batch-size", type=int, default=256, help="events per NLP batch (default: %(default)s)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="sanitising processes (default: %(default)s); output is identical for any N")
    p.set_defaults(func=run)


def _source_id(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:12]


def _numbered_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            yield number, line.rstrip(b"\r\n")


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from veil.anonymize import Sanitizer, load_policy
    from veil.audit import open_audit
    from veil.ingest import FileDeadLetterSink, Source, count_findings, sanitize_messages, to_store_row
    from veil.ingest import DeadLetter
    from veil.store import StoreWriter
    from veil.store import check_topic
    from veil.core import UsageError

    if not args.input.is_file():
        raise UsageError(f"input file {args.input} does not exist")
    if args.store is not None:
        if not args.topic:
            raise UsageError("--store needs --topic NAME (the dataset the rows belong to)")
        try:
            check_topic(args.topic)
        except ValueError as exc:
            raise UsageError(str(exc)) from None

    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    home = Home.resolve(args.home)
    policy = load_policy(args.policy)
    pool = None
    if args.workers > 1:
        # Started before any thread (progress bar) exists; each process builds one
        # Sanitizer and loads its NLP engine once (_init_worker).
        pool = _WorkerPool(args.workers, args.policy, home.pseudonym_key())
    else:
        sanitizer = Sanitizer(policy, home.pseudonym_key())

        def sanitize(chunk: list[tuple[int, bytes]]) -> list:
            return sanitize_messages(sanitizer, [(Source(topic, -1, number), raw) for number, raw in chunk])
    _ledger, audit_log = open_audit(home)
    source_id = _source_id(args.input)
    topic = args.topic or "scrub"
    letters = FileDeadLetterSink(home.deadletter_dir, home.deadletter_key(), f"scrub-{source_id}")
    writer = StoreWriter(args.store) if args.store is not None else None
    output = open(args.output, "w", encoding="utf-8") if args.output is not None else None
    counts: Counter[str] = Counter()
    pii_total: dict[str, Counter[str]] = {}

    def emit(chunk: list[tuple[int, bytes]], results: list) -> None:
        messages = [(Source(topic, -1, number), raw) for number, raw in chunk]
        rows = []
        events = []
        for (source, _raw), result in zip(messages, results, strict=True):
            if isinstance(result, DeadLetter):
                letters.send(result)
                counts["bad_lines"] += 1
                continue
            if result.event_id is None:
                result.event_id = f"{source_id}:{source.offset}"
            events.append(result)
            counts["events_out"] += 1
            if output is not None:
                # the policy hash on every line, as every store file carries it in its metadata
                output.write(json.dumps({"event_id": result.event_id, "user": result.user, "ts": result.ts,
                                         "data": result.data, "policy_hash": policy.hash},
                                        ensure_ascii=False) + "\n")
            else:
                rows.append(to_store_row(result, source, topic))
        findings = count_findings(events)
        if writer is not None and chunk:
            written = writer.write_backfill(topic, source_id, chunk[0][0], chunk[-1][0], rows, policy.hash,
                                            fallback_date=_today())
            if written:
                audit_log.append("files_written", topic=topic, source=f"backfill-{source_id}",
                                 first_offset=chunk[0][0], last_offset=chunk[-1][0], policy_hash=policy.hash,
                                 rows=len(rows),
                                 files=[{"path": w.relpath, "sha256": w.sha256,
                                         "rows": w.rows} for w in written],
                                 pii=findings)
        for field_path, by_type in findings.items():
            pii_total.setdefault(field_path, Counter()).update(by_type)

    def chunks(bar) -> Iterator[list[tuple[int, bytes]]]:
        chunk: list[tuple[int, bytes]] = []
        for number, raw in _numbered_lines(args.input):
            bar.update(len(raw) + 1)
            counts["lines"] += 1
            if not raw.strip():
                counts["blank_lines"] += 1
                continue
            chunk.append((number, raw))
            if len(chunk) >= CHUNK_LINES or (output is not None and len(chunk) >= args.batch_size):
                yield chunk
                chunk = []
        yield chunk

    size = args.input.stat().st_size
    try:
        with tqdm(total=size, unit="B", unit_scale=True, desc="scrub", disable=None, file=sys.stderr) as bar:
            if pool is None:
                for chunk in chunks(bar):
                    emit(chunk, sanitize(chunk))
            else:
                for chunk, results in pool.ordered(chunks(bar), topic, args.batch_size):
                    emit(chunk, results)
    finally:
        if pool is not None:
            pool.close()
    if output is not None:
        output.close()
    letters.close()
    pii = {field_path: dict(by_type) for field_path, by_type in sorted(pii_total.items())}
    audit_log.append("scrub_run", topic=topic, source=f"backfill-{source_id}", policy_hash=policy.hash,
                     lines=counts["lines"], events_out=counts["events_out"], bad_lines=counts["bad_lines"],
                     pii=pii)
    if letters.counts:
        audit_log.append("dead_letters", topic=topic, source=f"backfill-{source_id}", reasons=dict(letters.counts))
    summary = {"lines": counts["lines"], "events_out": counts["events_out"], "bad_lines": counts["bad_lines"],
               "bad_by_reason": dict(letters.counts), "blank_lines": counts["blank_lines"],
               "policy_hash": policy.hash}
    if letters.counts:
        summary["dead_letter_file"] = str(letters.path)
    print(json.dumps(summary))
    return 0


class _WorkerPool:
    """Chunks of lines in, sanitised results out, in input order, over N processes.

    Each chunk is cut into batches of ``batch_size`` lines; at most ``2 * N`` batches are in
    flight, so memory stays bounded whatever the file size.  Every worker process builds its
    own Sanitizer (and NLP engine) once, in the pool initializer.  A batch's results do not
    depend on which process ran it, so the output equals the single-process output.
    """

    def __init__(self, workers: int, policy_path: Path | None, pseudonym_key: bytes):
        import multiprocessing as mp

        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        if method == "fork":
            # Load the NLP engine once here: forked workers inherit it (copy-on-write) instead
            # of each importing spaCy/Presidio and loading the model again.
            from veil.anonymize import Sanitizer, load_policy

            from veil.ingest import tune_gc

            Sanitizer(load_policy(policy_path), pseudonym_key).warm_up()
            # Frozen objects are never touched by the collector, so their pages stay shared
            # between the workers instead of being copied by each one's first full collection.
            tune_gc()
        self.workers = workers
        self._pool = mp.get_context(method).Pool(
            workers, initializer=_init_worker, initargs=(str(policy_path) if policy_path else None, pseudonym_key)
        )

    def ordered(self, chunks: Iterator[list[tuple[int, bytes]]], topic: str, batch_size: int):
        from collections import deque

        pending: deque = deque()  # (chunk, is its last batch, AsyncResult)
        limit = 2 * self.workers
        parts: list = []  # results of the chunk being reassembled
        for chunk in chunks:
            pieces = [chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size)] or [[]]
            for n, piece in enumerate(pieces):
                async_result = self._pool.apply_async(_work, (topic, piece))
                pending.append((chunk, n == len(pieces) - 1, async_result))
                while len(pending) > limit:
                    done = self._collect(pending, parts)
                    if done is not None:
                        yield done
                        parts = []
        while pending:
            done = self._collect(pending, parts)
            if done is not None:
                yield done
                parts = []

    @staticmethod
    def _collect(pending, parts: list):
        chunk, last, async_result = pending.popleft()
        parts.extend(async_result.get())
        return (chunk, list(parts)) if last else None

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()


_WORKER: dict = {}


def _init_worker(policy_path: str | None, pseudonym_key: bytes) -> None:
    import signal

    from veil.anonymize import Sanitizer, load_policy

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    sanitizer = Sanitizer(load_policy(policy_path), pseudonym_key)
    sanitizer.warm_up()
    _WORKER["sanitizer"] = sanitizer


def _work(topic: str, piece: list[tuple[int, bytes]]) -> list:
    from veil.ingest import Source, sanitize_messages

    return sanitize_messages(_WORKER["sanitizer"], [(Source(topic, -1, number), raw) for number, raw in piece])


def _today() -> str:
    import datetime as dt

    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d")
