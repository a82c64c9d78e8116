"""Turning a Kafka message's raw bytes into an event, or a reason why not.

Reasons are short codes counted in metrics and the audit log; details never quote
the message (it may be full of personal data).
"""

from __future__ import annotations

import json
from typing import Any

from anonymize.types import Rejected

DEFAULT_MAX_BYTES = 1 << 20  # 1 MiB
DEFAULT_MAX_DEPTH = 32


def _depth_exceeds(value: Any, limit: int) -> bool:
    # Iterative: a hostile message must not be able to blow the Python stack.
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values())
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node)
    return False


def decode_event(
    raw: bytes | None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> dict[str, Any] | Rejected:
    """The JSON object in ``raw``, or a ``Rejected`` saying what is wrong with it."""
    if raw is None:
        return Rejected("empty", "message has no value (tombstone)")
    if len(raw) > max_bytes:
        return Rejected("too_large", f"message is {len(raw)} bytes, limit is {max_bytes}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejected("not_utf8", f"invalid UTF-8 at byte {exc.start}")
    try:
        event = json.loads(text)
    except RecursionError:
        return Rejected("too_deep", f"nesting deeper than the JSON parser allows (limit {max_depth})")
    except json.JSONDecodeError as exc:
        # exc.msg is the parser's description only; str(exc) could include text.
        return Rejected("not_json", f"{exc.msg} at line {exc.lineno} column {exc.colno}")
    if not isinstance(event, dict):
        return Rejected("not_object", f"JSON value is a {type(event).__name__}, not an object")
    # Cheap bound first: nesting cannot exceed the number of opening brackets.
    if raw.count(b"[") + raw.count(b"{") > max_depth and _depth_exceeds(event, max_depth):
        return Rejected("too_deep", f"nesting deeper than {max_depth} levels")
    return event
