"""The lite tier's engine: the finders behind ``veil_edge.lite`` (see its docstring), in a
module of their own so that building a lite ``Scrubber`` for structured events imports none
of them (``regex`` and the patterns cost the cold start milliseconds)."""

from __future__ import annotations

import ipaddress
import re
import threading
from typing import Sequence

import regex

from .entities import DEFAULT_ENTITIES, DEFAULT_SCORE_THRESHOLD
from .lite import LITE_ENTITIES
from .patterns import CARD_CONTEXT, CARD_PATTERNS, FLAGS, PHONE_CONTEXT, PHONE_PATTERNS, SSN_PATTERNS, phone_digits_ok
from .pii_patterns import (OBFUSCATED_AT, find_coordinates, find_ibans, find_obfuscated_emails, find_passports,
                           iban_valid)
from .prefilter import digit_count, free_digits, glued, unescape_breaks
from .mentions import add_later_mentions
from .spans import Span, drop_owned, merge_spans

_EMAIL = regex.compile(r"(?<![\w.+%-])[\w.+%-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
_URL = regex.compile(r"(?<![\w@])(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", regex.I)
_IPV4 = regex.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
_IPV6 = regex.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
_CARD_RUN = regex.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")
_SSN_OTHER = regex.compile(r"(?<![\w.-])(\d{3})([ .])(\d{2})\2(\d{4})(?![\w.-])")
_SOURCES = {name: p for name, p, _ in (*PHONE_PATTERNS, *CARD_PATTERNS, *SSN_PATTERNS)}
_COMPILED: dict = {}


def _pattern(name: str):
    """The shared pattern ``name``, compiled on first use (a structured event needs none)."""
    found = _COMPILED.get(name)
    if found is None:
        found = _COMPILED[name] = regex.compile(_SOURCES[name], FLAGS)
    return found

_CONTEXT_WINDOW = 40


def luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


iban_ok = iban_valid  # ISO 13616: the country's length and mod 97 == 1 (``pii_patterns``)


def ssn_ok(area: str, group: str, serial: str) -> bool:
    """The SSA never issues area 000, 666 or 9xx, group 00 or serial 0000."""
    return area not in ("000", "666") and not area.startswith("9") and group != "00" and serial != "0000"


def _near(text: str, start: int, words: Sequence[str]) -> bool:
    before = text[max(0, start - _CONTEXT_WINDOW) : start].lower()
    return any(w in before for w in words)


def _phones(text: str) -> list[tuple[int, int]]:
    out = []
    for name, _, score in PHONE_PATTERNS:
        for m in _pattern(name).finditer(text):
            if phone_digits_ok(m.group()) and (score >= DEFAULT_SCORE_THRESHOLD or _near(text, m.start(), PHONE_CONTEXT)):
                out.append(m.span())
    return out


def _cards(text: str) -> list[tuple[int, int]]:
    out = [m.span() for name in ("card_grouped", "card_after_cue") for m in _pattern(name).finditer(text)]
    for m in _CARD_RUN.finditer(text):
        digits = "".join(ch for ch in m.group() if ch.isdigit())
        if 13 <= len(digits) <= 19 and (luhn(digits) or _near(text, m.start(), CARD_CONTEXT)):
            out.append(m.span())
    return out


def _ips(text: str) -> list[tuple[int, int]]:
    out = []
    for pattern in (_IPV4, _IPV6):
        for m in pattern.finditer(text):
            try:
                ipaddress.ip_address(m.group())
            except ValueError:
                continue
            out.append(m.span())
    return out


def _ssns(text: str) -> list[tuple[int, int]]:
    out = [m.span() for m in _pattern("ssn_dashed").finditer(text)]
    out += [m.span() for m in _SSN_OTHER.finditer(text) if ssn_ok(m.group(1), m.group(3), m.group(4))]
    return out


# every branch of OBFUSCATED_AT holds a bracket or the word "dot": one cheap scan before it
_OBFUSCATION_CUE = re.compile(r"[\[({<]|(?i:dot)")


def _emails(text: str) -> list[tuple[int, int]]:
    out = [m.span() for m in _EMAIL.finditer(text)] if "@" in text else []
    # "bill at example dot com", "bill [at] example [dot] com"
    if _OBFUSCATION_CUE.search(text) and OBFUSCATED_AT.search(text):
        out += [(m.start, m.end) for m in find_obfuscated_emails(text)]
    return out


def _found(finder):
    return lambda text: [(m.start, m.end) for m in finder(text)]


_DETECTORS = {
    "EMAIL_ADDRESS": _emails,
    "URL": lambda text: [m.span() for m in _URL.finditer(text)],
    "IP_ADDRESS": _ips,
    "CREDIT_CARD": _cards,
    "IBAN_CODE": _found(find_ibans),
    "US_SSN": _ssns,
    "PHONE_NUMBER": _phones,
    "PASSPORT": _found(find_passports),
    "GEO_COORDINATES": _found(find_coordinates),
}
# free digits (not inside ids) each of these needs, as the server skips them too; a passport
# number is letters and digits glued ("C01X00T47"), so it is looked for after its context word
_MIN_DIGITS = {"PHONE_NUMBER": 7, "CREDIT_CARD": 7, "IBAN_CODE": 7, "US_SSN": 7, "GEO_COORDINATES": 7}
_PASSPORT_DIGITS = 5  # find_passports takes a number with five digits or more only


class LiteEngine:
    """``analyze_many`` with the server engine's signature, without NLP."""

    def __init__(self) -> None:
        self._names = None
        self._signoffs = None
        self._lock = threading.Lock()

    def _name_finder(self):
        if self._names is None:
            with self._lock:
                if self._names is None:
                    from .names import NameListFinder
                    from .signoffs import signoff_names

                    self._signoffs = signoff_names
                    self._names = NameListFinder()
        return self._names

    def analyze_many(self, texts: Sequence[str], entities: Sequence[str] | None = None,
                     score_threshold: float | None = None, batch_size: int = 64, ner: bool = True) -> list[list[Span]]:
        """Merged spans for each text.  ``ner=False`` (product fields) skips the name lists,
        as the server skips NER there."""
        wanted = [e for e in (entities or DEFAULT_ENTITIES) if e in LITE_ENTITIES]
        return [self._analyze(unescape_breaks(t) if "\\" in t else t, wanted, ner) for t in texts]

    def _analyze(self, text: str, wanted: list[str], ner: bool) -> list[Span]:
        digits = free_digits(text)
        spans = []
        for entity in wanted:
            if entity == "PERSON":
                if ner:
                    spans += [Span(s, e, "PERSON", score) for s, e, score in self._name_finder().find(text)]
                continue
            if digits < _MIN_DIGITS.get(entity, 0):
                continue
            if entity == "PASSPORT" and digit_count(text) < _PASSPORT_DIGITS:
                continue  # ids count here: the number is letters and digits glued
            spans += [Span(s, e, entity, 1.0) for s, e in _DETECTORS[entity](text) if not glued(entity, text, s, e)]
        merged = merge_spans(drop_owned(spans), text)
        if ner and "PERSON" in wanted:
            # the server's sign-off, greeting and credit rules ("works well. - Grace", "Thanks,
            # Will"), the same code and data (``signoffs.py``): else the name leaves the device
            finder = self._name_finder()  # loads the sign-off rules with the lists
            found = self._signoffs(text, merged)
            if found is not merged:
                merged = merge_spans(found, text)
            if any(s.entity == "PERSON" for s in merged):
                # as the server's person context does: the server cannot, once the name is gone;
                # after the sign-offs, so that "Grace ... - Grace" loses both
                merged = merge_spans(add_later_mentions(text, merged, finder.common), text)
        return merged
