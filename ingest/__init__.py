"""Kafka → sanitised store.  Entry points: ``IngestWorker`` (a consumer-group worker) and
``Backfill`` (a JSON-lines file, ``veil scrub``); both go through ``sanitize_messages`` and
the dead-letter sinks.  ``LocalBroker`` runs a real local broker."""

from veil.ingest.backfill import DEFAULT_MAX_BAD_FRACTION, Backfill, BackfillConfig, BackfillSummary
from veil.ingest.broker import LocalBroker
from veil.ingest.edge import EdgeGate, create_edge_keys, edge_key_path
from veil.ingest.deadletter import (
    DeadLetter,
    DeadLetterSink,
    Encryptor,
    FileDeadLetterSink,
    KafkaDeadLetterSink,
    erase_from_files,
)
from veil.ingest.letters import StoredLetter, counts as letter_counts, decrypt as decrypt_letter, file_letters, topic_letters
from veil.ingest.metrics import IngestMetrics
from veil.ingest.decode import decode_event
from veil.ingest.pipeline import Limits, Source, count_findings, sanitize_messages, to_store_row
from veil.ingest.replay import Replay, ReplaySummary, ReplayTarget
from veil.ingest.tuning import tune_gc
from veil.ingest.worker import IngestConfig, IngestWorker

__all__ = [
    "DEFAULT_MAX_BAD_FRACTION",
    "Backfill",
    "BackfillConfig",
    "BackfillSummary",
    "DeadLetter",
    "DeadLetterSink",
    "Encryptor",
    "FileDeadLetterSink",
    "IngestConfig",
    "IngestMetrics",
    "IngestWorker",
    "KafkaDeadLetterSink",
    "EdgeGate",
    "Limits",
    "LocalBroker",
    "Replay",
    "ReplaySummary",
    "ReplayTarget",
    "Source",
    "StoredLetter",
    "count_findings",
    "create_edge_keys",
    "decode_event",
    "decrypt_letter",
    "edge_key_path",
    "erase_from_files",
    "file_letters",
    "letter_counts",
    "sanitize_messages",
    "to_store_row",
    "topic_letters",
    "tune_gc",
]
