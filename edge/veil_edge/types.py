"""Shared result shapes of the anonymiser.  Tiny on purpose: ``ingest`` imports it too.

Neither type may ever carry a raw event value: ``Rejected.detail`` explains *what* was
wrong (field names, types, reasons), never *which value* it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Rejected:
    """An event that cannot be sanitised.

    ``reason`` is a short code (``not_object``, ``missing_user_key``, ``bad_user_key``,
    ``bad_event_id``, ``bad_event_time``, ``scrub_error``; ingest adds ``not_utf8``,
    ``not_json``, ``too_large``, ``too_deep``...).  ``detail`` is human-readable and never
    quotes a value from the event.
    """

    reason: str
    detail: str = ""


@dataclass
class SanitizedEvent:
    """One event after the policy ran.

    ``data`` holds every field except the user key, event id and event time (those
    are the ``user``, ``event_id`` and ``ts`` attributes).  ``findings`` maps a field
    path (array indices written ``[*]``) to PII entity type to count; never values.
    """

    event_id: str | None
    user: str
    ts: str | None
    data: dict[str, Any]
    findings: dict[str, dict[str, int]] = field(default_factory=dict)
