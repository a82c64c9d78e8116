"""Presidio-free PII patterns: passport numbers, IBANs, obfuscated e-mail, geo coordinates.

Each finder is a plain function ``find_X(text) -> list[PatternMatch]`` built from a regex, a
validator function and context words in package data (``data/patterns/*.yaml``).  The lite
tier (``lite.py``) calls them as they are; the server wraps them as Presidio recognizers
(``veil.anonymize.recognizers.finders``).  One definition for both tiers; this module imports
only ``regex`` and ``yaml``.

Invariant: a finder returns only matches its validator accepted (IBAN mod-97 and length,
coordinate ranges and precision, a passport format after a passport context word, an
obfuscated address ending in a known top-level domain); ``coarse_coordinate`` is idempotent
(the edge puts a coordinate on the grid, the server does it again and gets the same value).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from functools import lru_cache

import regex

from .geo import _coord, _spec, coarse_coordinate, geo_field

__all__ = ["OBFUSCATED_AT", "PatternMatch", "coarse_coordinate", "find_coordinates", "find_ibans", "find_obfuscated_emails",
           "find_passports", "geo_field", "iban_valid"]


@dataclass(frozen=True)
class PatternMatch:
    start: int
    end: int
    entity: str
    score: float


class _Lazy:
    """A pattern compiled on first use: the edge's cold start pays for none of them (the
    ``regex`` module takes milliseconds per pattern), a device with no free text never."""

    __slots__ = ("_source", "_flags", "_compiled")

    def __init__(self, source: str, flags: int = 0):
        self._source, self._flags, self._compiled = source, flags, None

    def __getattr__(self, name: str):  # search, match, finditer, sub ...
        if self._compiled is None:
            self._compiled = regex.compile(self._source, self._flags)
        return getattr(self._compiled, name)


def _words(phrases) -> str:
    return "|".join(regex.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True))


# ---------------------------------------------------------------- IBAN


@lru_cache(maxsize=1)
def _iban_lengths() -> dict[str, int]:
    return {k.upper(): int(v) for k, v in _spec("iban")["lengths"].items()}


# two letters, two check digits, then 11-30 letters/digits, optionally in groups of 4
_IBAN = _Lazy(r"(?<![\p{L}\p{N}])([A-Za-z]{2}\d{2}(?:[ \t]?[A-Za-z0-9]){11,30})(?![\p{L}\p{N}])")


def iban_valid(candidate: str) -> bool:
    """ISO 13616: the country's length and the ISO 7064 mod-97 check."""
    code = "".join(candidate.split()).upper()
    if _iban_lengths().get(code[:2]) != len(code) or not code.isalnum():
        return False
    digits = "".join(str(int(ch, 36)) for ch in code[4:] + code[:4])
    return int(digits) % 97 == 1


def find_ibans(text: str) -> list[PatternMatch]:
    out = []
    for m in _IBAN.finditer(text):
        s = m.group(1)
        # the pattern is greedy over spaces: try shorter prefixes at group boundaries too
        for end in range(len(s), 14, -1):
            if (end == len(s) or s[end] in " \t") and iban_valid(s[:end]):
                out.append(PatternMatch(m.start(1), m.start(1) + len(s[:end].rstrip()), "IBAN_CODE", 1.0))
                break
    return out


# ---------------------------------------------------------------- passports


@lru_cache(maxsize=1)
def _passport_patterns():
    spec = _spec("passport")
    formats = "|".join(f"(?:{f})" for f in spec["formats"].values())
    number = regex.compile(r"(?i)(?<![\p{L}\p{N}-])(" + formats + r")(?![\p{L}\p{N}-])")
    context = regex.compile(r"(?i)(?<![\p{L}])(?:" + _words(spec["context"]) + r")(?![\p{L}])")
    return number, context, int(spec["window"])


def find_passports(text: str) -> list[PatternMatch]:
    """Numbers in a known passport format within ``window`` characters after a context word."""
    number, context, window = _passport_patterns()
    out = []
    for c in context.finditer(text):
        for m in number.finditer(text, c.end(), min(len(text), c.end() + window)):
            token = m.group(1)
            if sum(ch.isdigit() for ch in token) >= 5:
                out.append(PatternMatch(m.start(1), m.end(1), "PASSPORT", 0.85))
                break
    return out


# ---------------------------------------------------------------- obfuscated e-mail


@lru_cache(maxsize=1)
def _obfuscated_email():
    spec = _spec("email_obfuscated")
    at = _words(spec["at"]).replace(r"\ ", r"\s+")
    dot = _words(spec["dot"])
    tld = "|".join(sorted(spec["tlds"].split(), key=len, reverse=True))
    label = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    sep = r"(?:\s*(?:" + dot + r")\s*|\.)"
    pat = (r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}\s*(?:" + at + r")\s*"
           + label + r"(?:" + sep + label + r")*" + sep + r"(?i:" + tld + r")(?![\w-])")
    return regex.compile(pat)


# the cheap pre-check the text engine runs before asking for EMAIL_ADDRESS on text without "@"
OBFUSCATED_AT = _Lazy(r"(?i)[\[({<]\s*(?:at|@)\s*[\])}>]|\w\s+at\s+\w[\w-]*\s*(?:[\[({<]\s*)?dot\b")


def find_obfuscated_emails(text: str) -> list[PatternMatch]:
    """``bill at example dot com``, ``bill [at] example [dot] com``, ``bill(at)example.org``;
    a plain address (with ``@`` and dots only) is left to the stock recognizer."""
    out = []
    for m in _obfuscated_email().finditer(text):
        value = m.group()
        if "@" in value and not regex.search(r"\s|[\[({<]", value):
            continue
        out.append(PatternMatch(m.start(), m.end(), "EMAIL_ADDRESS", 0.8))
    return out


# ---------------------------------------------------------------- geo coordinates

_NUM = r"[-+−]?\d{1,3}[.,]\d+"
_HEMI = r"(?:\s*°?\s*(?P<{h}>[NSEWnsew])(?![\p{L}]))?"
_DEG = r"\s*°?"
_PAIR = _Lazy(
    r"(?<![\w.,-])(?P<lat>" + _NUM + r")" + _DEG + _HEMI.replace("{h}", "h1")
    + r"\s*[,;/ ]\s*(?:(?i:lon|lng|long|longitude)\s*[:=]?\s*)?"
    + r"(?P<lon>" + _NUM + r")" + _DEG + _HEMI.replace("{h}", "h2")
    + r"(?!\w|[.,]\d)"  # a full stop may end the sentence: "meet at 52.5200, 13.4050."
)


def find_coordinates(text: str) -> list[PatternMatch]:
    """Latitude/longitude pairs ("52.5200, 13.4050", "40.7128° N, 74.0060° W") with at least
    ``min_decimals`` decimals each, latitude within ±90 and longitude within ±180."""
    need = int(_spec("geo")["min_decimals"])
    out = []
    for m in _PAIR.finditer(text):
        lat, dlat = _coord(m.group("lat"))
        lon, dlon = _coord(m.group("lon"))
        h1, h2 = (m.group("h1") or "").upper(), (m.group("h2") or "").upper()
        if h1 and h1 not in "NS" or h2 and h2 not in "EW":
            continue
        if min(dlat, dlon) >= need and abs(lat) <= 90 and abs(lon) <= 180:
            out.append(PatternMatch(m.start(), m.end(), "GEO_COORDINATES", 0.85))
    return out

