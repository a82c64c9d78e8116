"""Event-time normalisation to ISO-8601 UTC (``2026-11-29T10:00:00Z``)."""

from __future__ import annotations

import math
import re
from datetime import datetime, timezone

# Epoch numbers at or above this are milliseconds (1e11 seconds is the year 5138).
_MS_THRESHOLD = 1e11


def _format(dt: datetime) -> str:
    dt = dt.astimezone(timezone.utc)
    base = dt.strftime("%Y-%m-%dT%H:%M:%S")
    if dt.microsecond:
        frac = f"{dt.microsecond:06d}".rstrip("0")
        if len(frac) <= 3:
            frac = frac.ljust(3, "0")
        else:
            frac = frac.ljust(6, "0")
        base += "." + frac
    return base + "Z"


# Times already in the canonical form this module produces (UTC, ``Z``, no fraction or a
# fraction ``_format`` would print the same way) come back as they are after a range check,
# instead of being parsed and formatted again: most events carry such times.  Years before
# 1000 (which ``strftime`` would not pad) and fractions it would shorten (``.000``,
# ``.120000``) take the general path.
_CANONICAL = re.compile(r"[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(?!000Z)\d{3}|\.(?!\d{3}000Z)\d{6})?Z")


def normalize_event_time(value: object) -> str:
    """ISO strings with or without zone (naive = UTC), epoch seconds or milliseconds.

    Raises ``ValueError`` (message without the value) when it cannot be read.
    """
    if type(value) is str and _CANONICAL.fullmatch(value):
        try:
            datetime.fromisoformat(value[:-1])  # month 13, 30 February, hour 24... fail here
        except ValueError:
            pass
        else:
            return value
    return _parse_event_time(value)


def _parse_event_time(value: object) -> str:
    """``normalize_event_time`` without the canonical fast path."""
    if isinstance(value, bool):
        raise ValueError("event time is a boolean")
    if isinstance(value, (int, float)):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError("event time is not a finite number")
        seconds = number / 1000.0 if abs(number) >= _MS_THRESHOLD else number
        try:
            dt = datetime.fromtimestamp(seconds, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            raise ValueError("event time number is out of range") from None
        return _format(dt)
    if isinstance(value, str):
        text = value.strip()
        if not text or len(text) > 64:
            raise ValueError("event time string is empty or too long")
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            # A numeric string is an epoch number.
            try:
                number = float(text)
            except ValueError:
                raise ValueError("event time string is not ISO-8601") from None
            return _parse_event_time(number)
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=timezone.utc)
        return _format(dt)
    raise ValueError(f"event time has unsupported type {type(value).__name__}")
