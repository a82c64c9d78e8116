"""Kafka → sanitised store.  Entry point: ``IngestWorker``; ``decode_event`` and the
dead-letter sinks are shared with ``veil scrub``; ``LocalBroker`` runs a real local broker."""

from ingest.broker import LocalBroker
from ingest.deadletter import DeadLetter, DeadLetterSink, Encryptor, FileDeadLetterSink, KafkaDeadLetterSink
from ingest.decode import decode_event
from ingest.pipeline import Limits, Source, count_findings, sanitize_messages, to_store_row
from ingest.worker import IngestConfig, IngestWorker, tune_gc

__all__ = [
    "DeadLetter",
    "DeadLetterSink",
    "Encryptor",
    "FileDeadLetterSink",
    "IngestConfig",
    "IngestWorker",
    "KafkaDeadLetterSink",
    "Limits",
    "LocalBroker",
    "Source",
    "count_findings",
    "decode_event",
    "sanitize_messages",
    "to_store_row",
    "tune_gc",
]
