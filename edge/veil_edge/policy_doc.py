"""A parsed policy document: the YAML's mappings and lists, remembering their lines (so a
bad rule is reported at its line), and their JSON form for the policy cache.

Invariant: ``from_json(to_json(doc))`` equals ``doc`` value for value, line for line, so a
policy built from a cached document is the policy built from the YAML (same hash, same
operators); ``to_json`` gives ``None`` for a document JSON cannot carry exactly.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on a device's cold start
if TYPE_CHECKING:
    from typing import Any



class LineDict(dict):
    line: int | None = None
    key_lines: dict


class LineList(list):
    line: int | None = None
    item_lines: list


def key_line(mapping: Any, key: str) -> int | None:
    if isinstance(mapping, LineDict):
        return mapping.key_lines.get(key, mapping.line)
    return None


def line_of(obj: Any) -> int | None:
    return getattr(obj, "line", None)


class _NotJson(Exception):
    pass


_SCALARS = (str, int, float, bool, type(None))


def _encode(obj: Any) -> Any:
    # containers become tagged objects (a JSON object is never a scalar of the document);
    # anything else YAML can give (dates, bytes, non-string keys) is not cached at all
    if isinstance(obj, LineDict):
        if not all(type(k) is str for k in obj):
            raise _NotJson
        return {"m": [[k, obj.key_lines.get(k), _encode(v)] for k, v in obj.items()], "l": obj.line}
    if isinstance(obj, LineList):
        return {"s": [_encode(v) for v in obj], "l": obj.line, "i": obj.item_lines}
    if type(obj) in _SCALARS:
        return obj
    raise _NotJson


def to_json(doc: Any) -> Any:
    """The document as plain JSON values, or ``None`` if it holds what JSON cannot carry."""
    try:
        return _encode(doc)
    except _NotJson:
        return None


def from_json(obj: Any) -> Any:
    """The document ``to_json`` gave (``ValueError``/``KeyError``/``TypeError`` if malformed)."""
    if isinstance(obj, dict):
        if "m" in obj:
            out = LineDict()
            out.line, out.key_lines = obj["l"], {}
            for key, line, value in obj["m"]:
                if type(key) is not str:
                    raise TypeError("mapping key")
                out[key] = from_json(value)
                out.key_lines[key] = line
            return out
        items = LineList(from_json(v) for v in obj["s"])
        items.line, items.item_lines = obj["l"], list(obj["i"])
        if len(items.item_lines) != len(items):
            raise ValueError("item lines")
        return items
    if type(obj) in _SCALARS:
        return obj
    raise TypeError("not a document value")
