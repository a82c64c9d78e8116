"""Shared result shapes of the anonymiser.  Tiny on purpose: ``ingest`` imports it too.

Neither type may ever carry a raw event value: ``Rejected.detail`` explains *what* was
wrong (field names, types, reasons), never *which value* it was.
"""

from __future__ import annotations

from .records import FrozenRecord, Record


class Rejected(FrozenRecord):
    """An event that cannot be sanitised.

    ``reason`` is a short code (``not_object``, ``missing_user_key``, ``bad_user_key``,
    ``bad_event_id``, ``bad_event_time``, ``scrub_error``; ingest adds ``not_utf8``,
    ``not_json``, ``too_large``, ``too_deep``...).  ``detail`` is human-readable and never
    quotes a value from the event.
    """

    _fields = ("reason", "detail")

    def __init__(self, reason: str, detail: str = ""):
        self.__dict__.update(reason=reason, detail=detail)


class SanitizedEvent(Record):
    """One event after the policy ran.

    ``data`` holds every field except the user key, event id and event time (those
    are the ``user``, ``event_id`` and ``ts`` attributes).  ``findings`` maps a field
    path (array indices written ``[*]``) to PII entity type to count; never values.
    """

    _fields = ("event_id", "user", "ts", "data", "findings")

    def __init__(self, event_id: str | None, user: str, ts: str | None, data: dict,
                 findings: dict[str, dict[str, int]] | None = None):
        self.event_id = event_id
        self.user = user
        self.ts = ts
        self.data = data
        self.findings = {} if findings is None else findings
