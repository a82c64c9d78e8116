"""The ingest worker: a Kafka consumer-group member that sanitises events into the store.

Exactly-once into the store, at-least-once onto the dead-letter topic:

1. On assignment, seek each partition past what the store already holds (the store is
   the truth; Kafka's committed offset is used when it is further, e.g. after a flush
   that held only dead letters).
2. Buffer sanitised rows per partition; flush by row count or age: publish the
   Parquet files atomically, then append the facts to the audit log, then commit.
3. On revoke, flush and commit before letting the partitions go; on SIGTERM/SIGINT or
   after ``exit_when_idle`` seconds without messages, flush, commit and exit 0.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.consumer.subscription_state import ConsumerRebalanceListener
from kafka.errors import KafkaError, KafkaTimeoutError
from kafka.structs import MemberState, OffsetAndMetadata

from veil.anonymize import SanitizedEvent, Sanitizer
from veil.anonymize import Rejected
from veil.ingest.deadletter import DeadLetterSink, KafkaDeadLetterSink
from veil.ingest.edge import RAW as RAW_ARRIVAL, EdgeGate, EdgeTally, tally
from veil.ingest.metrics import IngestMetrics
from veil.ingest.pipeline import Limits, Source, count_findings, dead_letter, sanitize_raw, store_row
from veil.ingest.tuning import tune_gc  # noqa: F401 - re-exported (veil.ingest.tune_gc)
from veil.store import KafkaSource, StoreRow, StoreWriter, check_source, next_offsets
from veil.core.errors import UnreachableError
from veil.core.logs import log_facts

log = logging.getLogger("veil.ingest")


@dataclass
class IngestConfig:
    bootstrap: str
    topics: list[str]
    store: Path | str  # a local directory or a URL (s3://bucket/prefix)
    group: str = "veil-ingest"
    flush_rows: int = 5000
    max_buffered_rows: int = 50_000  # across partitions: bounds memory at any backlog
    flush_seconds: float = 10.0
    exit_when_idle: float | None = None
    max_poll_records: int = 500
    max_poll_interval_ms: int = 300_000
    session_timeout_ms: int = 10_000
    limits: Limits = field(default_factory=Limits)
    dlq_suffix: str = ".dlq"


@dataclass
class _Buffer:
    """What has been read from one partition since its last flush."""

    first_offset: int | None = None
    last_offset: int | None = None
    rows: list[StoreRow] = field(default_factory=list)
    events: list[SanitizedEvent] = field(default_factory=list)  # those with findings, for the audit
    letters: Counter[str] = field(default_factory=Counter)
    edge: EdgeTally = field(default_factory=EdgeTally)  # events scrubbed at the edge (ingest/edge.py)
    started: float = field(default_factory=time.monotonic)

    def note(self, first: int, last: int) -> None:
        """Records read from ``first`` to ``last`` (inclusive) were added."""
        if self.first_offset is None:
            self.first_offset = first
            self.started = time.monotonic()
        self.last_offset = last


class _Rebalance(ConsumerRebalanceListener):
    """Runs on kafka-python's IO thread, where blocking consumer calls are not allowed:
    revoke publishes and commits asynchronously (the store is the truth, so the next
    owner resumes correctly even if that commit is lost); assign only pauses the
    partitions so the main loop can seek them from the store before fetching."""

    def __init__(self, worker: "IngestWorker"):
        self.worker = worker

    def on_partitions_revoked(self, revoked):
        self.worker.flush(list(revoked), blocking_commit=False)
        self.worker.discard(list(revoked))

    def on_partitions_lost(self, lost):
        # Another member may own them already: publishing now could duplicate rows.
        self.worker.discard(list(lost))

    def on_partitions_assigned(self, assigned):
        if assigned:
            self.worker.consumer.pause(*assigned)
            self.worker.pending_seek.update(assigned)


class IngestWorker:
    def __init__(
        self,
        config: IngestConfig,
        sanitizer: Sanitizer,
        policy_hash: str,
        deadletter_key: bytes,
        audit_log=None,
        metrics: IngestMetrics | None = None,
        edge_gate: EdgeGate | None = None,
    ):
        self.config = config
        self.edge = edge_gate or EdgeGate({policy_hash}, None)
        self.sanitizer = sanitizer
        self.policy_hash = policy_hash
        self.audit_log = audit_log
        self.metrics = metrics or IngestMetrics()
        self.writer = StoreWriter(config.store)
        self.writer.warm_up()  # pyarrow's lazy imports: not in the first flush, which holds up a poll
        self.buffers: dict[TopicPartition, _Buffer] = {}
        self.totals: Counter[str] = Counter()
        self._positions: dict[TopicPartition, int] = {}  # next offset per partition, for lag
        self.pending_seek: set[TopicPartition] = set()  # assigned, paused until seeked from the store
        self.first_message_at: float | None = None  # perf_counter stamps, for benchmarks
        self.last_commit_at: float | None = None
        self._stop = False
        self.consumer = self._connect(lambda: self._make_consumer())
        producer = self._connect(
            lambda: KafkaProducer(bootstrap_servers=config.bootstrap, acks="all", linger_ms=20,
                                  bootstrap_timeout_ms=5_000)
        )
        self.deadletters: DeadLetterSink = KafkaDeadLetterSink(producer, deadletter_key, config.dlq_suffix)

    # -- setup -------------------------------------------------------------------------
    def _make_consumer(self) -> KafkaConsumer:
        c = self.config
        return KafkaConsumer(
            bootstrap_servers=c.bootstrap,
            group_id=c.group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=c.max_poll_records,
            max_poll_interval_ms=c.max_poll_interval_ms,
            session_timeout_ms=c.session_timeout_ms,
            heartbeat_interval_ms=max(500, c.session_timeout_ms // 3),
            max_partition_fetch_bytes=max(1 << 20, c.limits.max_bytes + 1024),
            bootstrap_timeout_ms=5_000,
        )

    def _connect(self, make):
        """Retry an unreachable broker with capped exponential backoff, saying so in the
        log each time.  A worker told to exit when idle gives up (``UnreachableError``,
        exit 6) once that long has passed without a connection; any other keeps trying."""
        idle = self.config.exit_when_idle
        deadline = None if idle is None else time.monotonic() + idle
        delay = 0.5
        while True:
            try:
                return make()
            except KafkaTimeoutError:  # kafka-python 3: 'Unable to bootstrap from ...'
                if deadline is not None and time.monotonic() + delay > deadline:
                    raise UnreachableError(
                        f"no Kafka broker answered at {self.config.bootstrap} within {idle:g} s "
                        "(--exit-when-idle); check --bootstrap and that the broker is up") from None
                log_facts(log, "broker unreachable, retrying", logging.WARNING,
                          bootstrap=self.config.bootstrap, retry_in_s=delay)
                time.sleep(delay)
                delay = min(delay * 2, 30.0)

    def install_signal_handlers(self) -> None:
        def stop(signum, _frame):
            log_facts(log, "stop requested", signal=signal.Signals(signum).name)
            self._stop = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)

    # -- the loop ----------------------------------------------------------------------
    def run(self) -> Counter[str]:
        self.consumer.subscribe(self.config.topics, listener=_Rebalance(self))
        log_facts(log, "worker started", topics=self.config.topics, group=self.config.group)
        last_message = time.monotonic()
        try:
            while not self._stop:
                batch = self.consumer.poll(timeout_ms=500)
                if self.pending_seek:
                    self.seek_from_store()
                    last_message = time.monotonic()  # idle time counts from the assignment
                if batch:
                    last_message = time.monotonic()
                    self.first_message_at = self.first_message_at or time.perf_counter()
                    self._handle(batch)
                elif (
                    self.config.exit_when_idle is not None
                    and time.monotonic() - last_message >= self.config.exit_when_idle
                    and self.consumer.assignment()
                ):
                    log_facts(log, "idle, exiting", idle_s=self.config.exit_when_idle)
                    break
                self._flush_due()
                self._update_lag()
            self._settle_rebalance()
            self.flush(list(self.buffers))
        finally:
            self.consumer.close(autocommit=False)
            self.deadletters.close()  # flushes; a worker runs once
            log_facts(log, "worker stopped", **dict(self.totals))
        return self.totals

    def _settle_rebalance(self, timeout: float = 15.0) -> None:
        """Before leaving the group, let an in-flight rebalance finish.

        Leaving while our JoinGroup is still pending can leave the coordinator waiting for
        a leader that is gone (seen with the tansu broker: the remaining member then never
        gets an assignment).  Assigned partitions stay paused, so no records are read.
        """
        deadline = time.monotonic() + timeout
        while (self.consumer.group_metadata().state != MemberState.STABLE and time.monotonic() < deadline):
            owned = self.consumer.assignment()
            if owned:
                self.consumer.pause(*owned)
            for tp, records in self.consumer.poll(timeout_ms=200).items():
                # Cannot happen while paused; never drop what was read.
                self._handle({tp: records})

    def _handle(self, batch: dict[TopicPartition, list]) -> None:
        raws: list[bytes | None] = []
        spans: list[tuple[TopicPartition, list, int]] = []  # each partition's slice of raws
        arrivals = []
        for tp, records in batch.items():
            spans.append((tp, records, len(raws)))
            for r in records:  # events scrubbed at the edge: seals opened (ingest/edge.py)
                value, arrival = self.edge.prepare(r.value, r.headers) if r.headers else (r.value, RAW_ARRIVAL)
                raws.append(value)
                arrivals.append(arrival)
            self.metrics.events_in.labels(tp.topic).inc(len(records))
        self.totals["events_in"] += len(raws)
        # One sanitiser call for the whole poll, so free text is batched through the NLP pipeline.
        results = sanitize_raw(self.sanitizer, raws, self.config.limits)
        if self.edge.untrusted == "dead_letter":
            results = [Rejected("edge_untrusted", f"edge message not opened ({a.reason})") if a.kind == "untrusted" else r
                       for r, a in zip(results, arrivals)]
        for tp, records, start in spans:
            if not records:
                continue
            topic, partition = tp.topic, tp.partition
            buffer = self.buffers.setdefault(tp, _Buffer())
            buffer.note(records[0].offset, records[-1].offset)
            rows, with_findings = buffer.rows, buffer.events
            for record, result, arrival in zip(records, islice(results, start, start + len(records)),
                                               islice(arrivals, start, start + len(records))):
                tally(buffer.edge, arrival, None if isinstance(result, Rejected) else result.findings)
                if isinstance(result, Rejected):
                    letter = dead_letter(Source(topic, partition, record.offset, record.timestamp), record.value, result)
                    self.deadletters.send(letter)
                    buffer.letters[letter.reason] += 1
                    self.metrics.dead_letters.labels(topic, letter.reason).inc()
                    self.totals["dead_letters"] += 1
                else:
                    rows.append(store_row(result, topic, partition, record.offset, record.timestamp))
                    if result.findings:
                        with_findings.append(result)
            self._positions[tp] = buffer.last_offset + 1

    def _flush_due(self) -> None:
        now = time.monotonic()
        due = [
            tp
            for tp, b in self.buffers.items()
            if b.first_offset is not None
            and (len(b.rows) >= self.config.flush_rows or now - b.started >= self.config.flush_seconds)
        ]
        if not due and sum(len(b.rows) for b in self.buffers.values()) >= self.config.max_buffered_rows:
            due = [max(self.buffers, key=lambda tp: len(self.buffers[tp].rows))]
        if due:
            self.flush(due)

    def discard(self, partitions: list[TopicPartition]) -> None:
        """Forget unpublished rows of partitions this worker no longer owns."""
        for tp in partitions:
            dropped = self.buffers.pop(tp, None)
            self._positions.pop(tp, None)
            self.pending_seek.discard(tp)
            if dropped is not None and dropped.first_offset is not None:
                log_facts(log, "partition lost, unpublished rows dropped (they will be re-read)",
                          logging.WARNING, topic=tp.topic, partition=tp.partition, rows=len(dropped.rows))

    def flush(self, partitions: list[TopicPartition], blocking_commit: bool = True) -> None:
        """Publish, audit and commit what was read from these partitions.

        ``blocking_commit=False`` is for the rebalance listener (kafka-python's IO thread).
        """
        started = time.monotonic()
        to_commit: dict[TopicPartition, OffsetAndMetadata] = {}
        # Dead letters must be durable before the offsets that produced them are committed.
        self.deadletters.flush()
        owned = self.consumer.assignment()
        for tp in partitions:
            if blocking_commit and tp not in owned:
                self.discard([tp])  # evicted between polls: the new owner re-reads these rows
                continue
            buffer = self.buffers.pop(tp, None)
            if buffer is None or buffer.first_offset is None:
                continue
            assert buffer.last_offset is not None
            # Rows carry the Kafka timestamp when the event has no time of its own.
            fallback = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d")
            written = self.writer.write_flush(
                tp.topic, tp.partition, buffer.first_offset, buffer.last_offset,
                buffer.rows, self.policy_hash, fallback, self._source(tp.topic),
            )
            self._audit(tp, buffer, written)
            to_commit[tp] = OffsetAndMetadata(buffer.last_offset + 1, "", -1)
            self.metrics.rows_written.labels(tp.topic).inc(len(buffer.rows))
            self.totals["rows_written"] += len(buffer.rows)
            self.totals["files_written"] += len(written)
        if to_commit:
            self._commit(to_commit, blocking_commit)
            self.last_commit_at = time.perf_counter()
            self.metrics.flush_seconds.observe(time.monotonic() - started)
            log_facts(log, "flushed", partitions=len(to_commit),
                      next_offsets={f"{tp.topic}/{tp.partition}": o.offset for tp, o in to_commit.items()})

    def _audit(self, tp: TopicPartition, buffer: _Buffer, written) -> None:
        findings = count_findings(buffer.events)
        for by_type in findings.values():
            for entity_type, n in by_type.items():
                self.metrics.pii_found.labels(entity_type).inc(n)
        if self.audit_log is None:
            return
        if written:
            self.audit_log.append(
                "files_written",
                topic=tp.topic,
                partition=tp.partition,
                first_offset=buffer.first_offset,
                last_offset=buffer.last_offset,
                policy_hash=self.policy_hash,
                rows=len(buffer.rows),
                files=[
                    {"path": w.relpath, "sha256": w.sha256, "rows": w.rows}
                    for w in written
                ],
                pii=findings,
            )
        if buffer.edge:
            self.audit_log.append("edge_arrivals", topic=tp.topic, partition=tp.partition,
                                  first_offset=buffer.first_offset, last_offset=buffer.last_offset,
                                  **buffer.edge.facts())
        if buffer.letters:
            self.audit_log.append(
                "dead_letters", topic=tp.topic, partition=tp.partition,
                first_offset=buffer.first_offset, last_offset=buffer.last_offset,
                reasons=dict(buffer.letters),
            )

    def _commit(self, offsets: dict[TopicPartition, OffsetAndMetadata], blocking: bool) -> None:
        """The files are already published, so a failed commit loses nothing: the next
        owner of the partition seeks from the store.  Log it and carry on."""
        if not blocking:
            self.consumer.commit_async(offsets)
            return
        try:
            self.consumer.commit(offsets)
        except KafkaError as exc:
            log_facts(log, "offset commit failed; the store still holds the position", logging.WARNING,
                      error=type(exc).__name__, partitions=len(offsets))

    # -- rebalance ---------------------------------------------------------------------
    def seek_from_store(self) -> None:
        """Seek newly assigned partitions past what the store holds, then resume them."""
        assigned = [tp for tp in self.pending_seek if tp in self.consumer.assignment()]
        self.pending_seek.clear()
        by_topic: dict[str, list[TopicPartition]] = {}
        for tp in assigned:
            by_topic.setdefault(tp.topic, []).append(tp)
        for topic, tps in by_topic.items():
            # Offsets from another topic incarnation would skip or duplicate events: refuse.
            check_source(self.writer.location, topic, self._source(topic), [tp.partition for tp in tps])
            from_store = next_offsets(self.writer.location, topic, [tp.partition for tp in tps])
            for tp in tps:
                committed = self.consumer.committed(tp)
                position = max(from_store.get(tp.partition, -1), committed if committed is not None else -1)
                if position >= 0:
                    self.consumer.seek(tp, position)
                log_facts(log, "partition assigned", topic=topic, partition=tp.partition,
                          store_next=from_store.get(tp.partition), committed=committed)
        if assigned:
            self.consumer.resume(*assigned)

    def _source(self, topic: str) -> KafkaSource:
        """The cluster id and topic id the broker reports (kafka-python keeps them on its
        cluster metadata; there is no public accessor), None where it reports none."""
        cluster = getattr(getattr(self.consumer, "_client", None), "cluster", None)
        if cluster is None:
            return KafkaSource()
        topic_id = cluster.topic_id(topic) if hasattr(cluster, "topic_id") else None
        return KafkaSource(getattr(cluster, "cluster_id", None), str(topic_id) if topic_id else None)

    def _update_lag(self) -> None:
        for tp, position in self._positions.items():
            high = self.consumer.highwater(tp)
            if high is not None:
                self.metrics.consumer_lag.labels(tp.topic, str(tp.partition)).set(max(0, high - position))
