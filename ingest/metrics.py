"""Prometheus metrics of the ingest worker.  Labels are topics, partitions, reasons and
entity types — never values from events."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server


class IngestMetrics:
    def __init__(self, registry: CollectorRegistry | None = None):
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.events_in = Counter("veil_events_in", "Messages read from Kafka", ["topic"], registry=r)
        self.rows_written = Counter("veil_rows_written", "Rows published to the store", ["topic"], registry=r)
        self.dead_letters = Counter(
            "veil_dead_letters", "Messages sent to the dead-letter path", ["topic", "reason"], registry=r
        )
        self.pii_found = Counter("veil_pii_found", "PII entities removed", ["entity_type"], registry=r)
        self.consumer_lag = Gauge(
            "veil_consumer_lag", "High watermark minus position", ["topic", "partition"], registry=r
        )
        self.flush_seconds = Histogram(
            "veil_flush_seconds", "Time to publish a flush and commit its offsets", registry=r
        )

    def serve(self, port: int) -> None:
        start_http_server(port, addr="0.0.0.0", registry=self.registry)
