"""Turning a Kafka message's raw bytes into an event, or a reason why not.

Reasons are short codes counted in metrics and the audit log; details never quote
the message (it may be full of personal data).
"""

from __future__ import annotations

import json
from typing import Any

from veil.anonymize import Rejected

try:  # a C parser ~3x faster than json.loads; optional, results are the same (see _fast_loads)
    import orjson
except ImportError:  # pragma: no cover - orjson is a pinned dependency
    orjson = None

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


_SLOW = object()  # _fast_loads: "ask json.loads"
_FAST_MAX_BRACKETS = 256  # more opening brackets than this: json.loads decides

# orjson reads an integer literal beyond 64 bits as a float; json.loads as an int.  Any
# float this large sends the message through json.loads instead.
_HUGE = 9.2e18


def _has_huge_float(value: Any) -> bool:
    if type(value) is float:
        return not -_HUGE < value < _HUGE
    if type(value) is not dict and type(value) is not list:
        return False
    stack = [value]
    while stack:
        node = stack.pop()
        for child in node.values() if type(node) is dict else node:
            kind = type(child)
            if kind is float:
                if not -_HUGE < child < _HUGE:
                    return True
            elif kind is dict or kind is list:
                stack.append(child)
    return False


def _fast_loads(raw: bytes) -> Any:
    """``json.loads(raw.decode("utf-8"))`` by orjson, or ``_SLOW`` where the slow path must
    decide: orjson refuses invalid UTF-8 (as strictly as Python's codec) and invalid JSON,
    but also some of what json.loads accepts (NaN, Infinity, lone surrogates, numbers too
    large, very deep nesting), and reads huge integers as floats.  Whatever orjson accepts
    otherwise, json.loads reads to the same value (checked by tests/test_ingest_decode.py)."""
    if orjson is None:
        return _SLOW
    try:
        value = orjson.loads(raw)
    except ValueError:  # orjson.JSONDecodeError
        return _SLOW
    return _SLOW if _has_huge_float(value) else value


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
    brackets = raw.count(b"[") + raw.count(b"{")
    # orjson accepts valid UTF-8 only (as strictly as Python's codec).  Not for deeply nested
    # input, where json.loads may stop at Python's recursion limit, nor for anything but an
    # object: the json.loads path gives those their reason and detail, as before.
    event = _fast_loads(raw) if brackets < _FAST_MAX_BRACKETS else _SLOW
    if type(event) is not dict:
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
    if brackets > max_depth and _depth_exceeds(event, max_depth):
        return Rejected("too_deep", f"nesting deeper than {max_depth} levels")
    return event
