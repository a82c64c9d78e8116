"""Small conversions the report's sections share: times, numbers, a flush's files and rows.

Audit facts are read leniently (an old or odd entry must not stop a report), so every
number goes through :func:`as_int` / :func:`as_float` and every time through
:func:`parse_ts`.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any


def parse_ts(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def utc(value: datetime | date | None) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def as_int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def as_float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def str_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def files_and_rows(facts: Any) -> tuple[list[dict[str, Any]], int]:
    """A ``files_written`` entry's files, and its rows (summed over the files when listed)."""
    files = [f for f in facts.files or [] if isinstance(f, dict)] if isinstance(facts.files, list) else []
    rows = sum(as_int(f.get("rows")) for f in files) if files else as_int(facts.rows)
    return files, rows


def actor_label(actor: dict[str, Any] | None) -> str | None:
    """Who acted, for a table cell: the name given (``--actor``), else ``os_user@host``."""
    if not isinstance(actor, dict):
        return None  # written before actors were recorded
    who = actor.get("name") or actor.get("os_user")
    return f"{who}@{actor.get('host')}" if who and not actor.get("name") else who


def by_count(counter: Any) -> dict[str, int]:
    """A Counter as a dict, most common first."""
    return dict(counter.most_common())


def nested_by_count(counters: dict[str, Any]) -> dict[str, dict[str, int]]:
    """{key: Counter} as {key: dict, most common first}, keys sorted."""
    return {key: by_count(c) for key, c in sorted(counters.items())}
