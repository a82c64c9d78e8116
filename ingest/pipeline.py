"""Raw messages in, sanitised events or dead letters out — shared by ``veil ingest``
(Kafka messages) and ``veil scrub`` (lines of a file)."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from anonymize import SanitizedEvent, Sanitizer
from anonymize.types import Rejected
from ingest.deadletter import DeadLetter
from ingest.decode import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, decode_event
from store import StoreRow

log = logging.getLogger("veil.ingest")


@dataclass(frozen=True)
class Source:
    """Where a raw message came from: a Kafka coordinate, or a file and line number."""

    topic: str
    partition: int
    offset: int
    timestamp_ms: int | None = None

    @property
    def default_event_id(self) -> str:
        return f"{self.topic}/{self.partition}/{self.offset}"

    @property
    def iso_time(self) -> str | None:
        """The Kafka record timestamp as ISO-8601 UTC (None for file lines)."""
        if self.timestamp_ms is None or self.timestamp_ms < 0:
            return None
        moment = dt.datetime.fromtimestamp(self.timestamp_ms / 1000, dt.timezone.utc)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@dataclass(frozen=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH


def sanitize_messages(
    sanitizer: Sanitizer,
    messages: Sequence[tuple[Source, bytes | None]],
    limits: Limits = Limits(),
) -> list[SanitizedEvent | DeadLetter]:
    """One result per message, in order.  All decodable events go through the sanitiser
    in one batch, so free text is batched through the NLP pipeline."""
    results: list[SanitizedEvent | DeadLetter | None] = [None] * len(messages)
    good_index: list[int] = []
    good_events: list[dict] = []
    for i, (source, raw) in enumerate(messages):
        decoded = decode_event(raw, limits.max_bytes, limits.max_depth)
        if isinstance(decoded, Rejected):
            results[i] = _letter(source, raw, decoded)
        else:
            good_index.append(i)
            good_events.append(decoded)
    if good_events:
        for i, outcome in zip(good_index, _sanitize_isolated(sanitizer, good_events), strict=True):
            source, raw = messages[i]
            results[i] = _letter(source, raw, outcome) if isinstance(outcome, Rejected) else outcome
    return results  # type: ignore[return-value]


def _sanitize_isolated(sanitizer: Sanitizer, events: list[dict]) -> list[SanitizedEvent | Rejected]:
    """The sanitiser isolates failures per event; should a whole batch fail anyway, retry
    event by event so one poisonous event is dead-lettered and the rest still land."""
    try:
        return sanitizer.sanitize_batch(events)
    except Exception as exc:  # noqa: BLE001 - any bug must cost one event, not the worker
        log.warning("batch sanitisation failed, retrying per event",
                    extra={"facts": {"error": type(exc).__name__, "events": len(events)}})
    results: list[SanitizedEvent | Rejected] = []
    for event in events:
        try:
            results.extend(sanitizer.sanitize_batch([event]))
        except Exception as exc:  # noqa: BLE001
            results.append(Rejected("scrub_error", f"sanitiser raised {type(exc).__name__}"))
    return results


def _letter(source: Source, raw: bytes | None, rejected: Rejected) -> DeadLetter:
    return DeadLetter(
        reason=rejected.reason,
        detail=rejected.detail,
        source_topic=source.topic,
        source_partition=source.partition,
        source_offset=source.offset,
        raw=raw,
        source_timestamp=source.timestamp_ms,
    )


def to_store_row(event: SanitizedEvent, source: Source, topic: str) -> StoreRow:
    return StoreRow(
        event_id=event.event_id or source.default_event_id,
        user=event.user,
        ts=event.ts or source.iso_time,
        topic=topic,
        partition=source.partition,
        offset=source.offset,
        data=event.data,
    )


def count_findings(events: Sequence[SanitizedEvent]) -> dict[str, dict[str, int]]:
    """Sum findings (field → entity type → count) over events, for the audit log and metrics."""
    total: dict[str, Counter[str]] = {}
    for event in events:
        for field_path, by_type in event.findings.items():
            total.setdefault(field_path, Counter()).update(by_type)
    return {field_path: dict(counter) for field_path, counter in sorted(total.items())}
