"""Field-path patterns.

A pattern is dotted: ``email``, ``payload.messages[*].body``, ``debug.*``, ``**.ssn``.

* ``name``  matches that object key exactly;
* ``*``     matches any one object key;
* ``[*]``   matches any one array element (``messages[*]`` = key ``messages`` then any element);
* ``**``    matches any number (zero or more) of keys and array elements.

Concrete paths are tuples of keys (``str``) and ``ANY_INDEX`` for array elements: array
positions never matter, so a path's resolution can be cached.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .records import FrozenRecord

ANY_INDEX = 0  # the array-element segment in a concrete path (an int, never a str key)

_KEY = "key"
_STAR = "star"
_INDEX = "index"
_GLOBSTAR = "globstar"

_KEY_RE = re.compile(r"^[^.\[\]*\s]+$")
_BRACKETS_RE = re.compile(r"(\[[^\]]*\])")


class PathPatternError(ValueError):
    """The pattern is malformed (message says why, quoting the pattern)."""


class PathPattern(FrozenRecord):
    _fields = ("text", "segments")

    def __init__(self, text: str, segments: tuple[tuple[str, str | None], ...]):
        self.__dict__.update(text=text, segments=segments)

    def matches(self, path: tuple) -> bool:
        return _match(self.segments, tuple(path))


def parse_pattern(text: str) -> PathPattern:
    if not isinstance(text, str) or not text.strip():
        raise PathPatternError("path pattern must be a non-empty string")
    if text != text.strip():
        raise PathPatternError(f"path pattern {text!r} has leading or trailing spaces")
    segments: list[tuple[str, str | None]] = []
    for part in text.split("."):
        if part == "":
            raise PathPatternError(f"path pattern {text!r} has an empty segment")
        pieces = [p for p in _BRACKETS_RE.split(part) if p != ""]
        first = True
        for piece in pieces:
            if piece.startswith("["):
                if piece != "[*]":
                    raise PathPatternError(
                        f"path pattern {text!r}: only [*] is supported for arrays, not {piece!r}"
                    )
                segments.append((_INDEX, None))
            else:
                if not first:
                    raise PathPatternError(f"path pattern {text!r}: text after ']' in {part!r}")
                if piece == "*":
                    segments.append((_STAR, None))
                elif piece == "**":
                    if len(pieces) > 1:
                        raise PathPatternError(f"path pattern {text!r}: '**' cannot be indexed")
                    segments.append((_GLOBSTAR, None))
                elif "[" in piece or "]" in piece:
                    raise PathPatternError(f"path pattern {text!r}: unbalanced brackets in {part!r}")
                elif "*" in piece:
                    raise PathPatternError(
                        f"path pattern {text!r}: '*' must be a whole segment (no partial wildcards like {piece!r})"
                    )
                elif not _KEY_RE.match(piece):
                    raise PathPatternError(f"path pattern {text!r}: bad key {piece!r}")
                else:
                    segments.append((_KEY, piece))
            first = False
    return PathPattern(text, tuple(segments))


@lru_cache(maxsize=65536)
def _match(segments: tuple, path: tuple) -> bool:
    if not segments:
        return not path
    kind, value = segments[0]
    rest = segments[1:]
    if kind == _GLOBSTAR:
        # zero segments, or swallow one and stay on '**'
        return _match(rest, path) or (bool(path) and _match(segments, path[1:]))
    if not path:
        return False
    head = path[0]
    if kind == _INDEX:
        ok = not isinstance(head, str)
    elif kind == _STAR:
        ok = isinstance(head, str)
    else:
        ok = isinstance(head, str) and head == value
    return ok and _match(rest, path[1:])


def format_path(path: tuple) -> str:
    """``("payload", ANY_INDEX, "body")`` → ``"payload[*].body"``."""
    out: list[str] = []
    for seg in path:
        if isinstance(seg, str):
            out.append(("." if out else "") + seg)
        else:
            out.append("[*]")
    return "".join(out)
