"""Raw messages in, sanitised events or dead letters out — shared by ``veil ingest``
(Kafka messages) and ``veil scrub`` (lines of a file)."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from veil.anonymize import SanitizedEvent, Sanitizer
from veil.anonymize import Rejected
from veil.ingest.deadletter import DeadLetter
from veil.ingest.decode import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, decode_event
from veil.store import StoreRow

log = logging.getLogger("veil.ingest")


@dataclass(frozen=True)
class Source:
    """Where a raw message came from: a Kafka coordinate, or a file and line number."""

    topic: str
    partition: int
    offset: int
    timestamp_ms: int | None = None


def _iso_time(timestamp_ms: int | None) -> str | None:
    """A Kafka record timestamp as ISO-8601 UTC (None for file lines)."""
    if timestamp_ms is None or timestamp_ms < 0:
        return None
    moment = dt.datetime.fromtimestamp(timestamp_ms / 1000, dt.timezone.utc)
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
    outcomes = sanitize_raw(sanitizer, [raw for _, raw in messages], limits)
    return [
        dead_letter(source, raw, outcome) if isinstance(outcome, Rejected) else outcome
        for (source, raw), outcome in zip(messages, outcomes, strict=True)
    ]


def sanitize_raw(
    sanitizer: Sanitizer,
    raws: Sequence[bytes | None],
    limits: Limits = Limits(),
) -> list[SanitizedEvent | Rejected]:
    """``sanitize_messages`` without the coordinates: one result per raw message, in order,
    a ``Rejected`` for each bad one (the caller turns those into dead letters).  The ingest
    worker uses it so that it builds a ``Source`` only for the messages that need one."""
    results: list[SanitizedEvent | Rejected] = [None] * len(raws)  # type: ignore[list-item]
    good_index: list[int] = []
    good_events: list[dict] = []
    max_bytes, max_depth = limits.max_bytes, limits.max_depth
    for i, raw in enumerate(raws):
        decoded = decode_event(raw, max_bytes, max_depth)
        if isinstance(decoded, Rejected):
            results[i] = decoded
        else:
            good_index.append(i)
            good_events.append(decoded)
    if good_events:
        for i, outcome in zip(good_index, _sanitize_isolated(sanitizer, good_events), strict=True):
            results[i] = outcome
    return results


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


def dead_letter(source: Source, raw: bytes | None, rejected: Rejected) -> DeadLetter:
    """The dead letter of a message the pipeline rejected."""
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
    return store_row(event, topic, source.partition, source.offset, source.timestamp_ms, source.topic)


def store_row(event: SanitizedEvent, topic: str, partition: int, offset: int, timestamp_ms: int | None,
              source_topic: str | None = None) -> StoreRow:
    """The store row of an event read at these coordinates: without an id of its own the
    event is ``source_topic/partition/offset`` (``source_topic`` defaults to ``topic``), without
    a time of its own it takes the record's timestamp."""
    return StoreRow(
        event.event_id or f"{topic if source_topic is None else source_topic}/{partition}/{offset}",
        event.user,
        event.ts or _iso_time(timestamp_ms),
        topic,
        partition,
        offset,
        event.data,
    )


def count_findings(events: Sequence[SanitizedEvent]) -> dict[str, dict[str, int]]:
    """Sum findings (field → entity type → count) over events, for the audit log and metrics."""
    total: dict[str, Counter[str]] = {}
    for event in events:
        for field_path, by_type in event.findings.items():
            total.setdefault(field_path, Counter()).update(by_type)
    return {field_path: dict(counter) for field_path, counter in sorted(total.items())}
