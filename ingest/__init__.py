"""Kafka → sanitised store.  Entry point: ``IngestWorker``; ``decode_event`` and the
dead-letter sinks are shared with ``veil scrub``; ``LocalBroker`` runs a real local broker."""

from veil.ingest.broker import LocalBroker
from veil.ingest.deadletter import (
    DeadLetter,
    DeadLetterSink,
    Encryptor,
    FileDeadLetterSink,
    KafkaDeadLetterSink,
    erase_from_files,
)
from veil.ingest.metrics import IngestMetrics
from veil.ingest.decode import decode_event
from veil.ingest.pipeline import Limits, Source, count_findings, sanitize_messages, to_store_row
from veil.ingest.worker import IngestConfig, IngestWorker, tune_gc

__all__ = [
    "DeadLetter",
    "DeadLetterSink",
    "Encryptor",
    "FileDeadLetterSink",
    "IngestConfig",
    "IngestMetrics",
    "IngestWorker",
    "KafkaDeadLetterSink",
    "Limits",
    "LocalBroker",
    "Source",
    "count_findings",
    "decode_event",
    "erase_from_files",
    "sanitize_messages",
    "to_store_row",
    "tune_gc",
]
