"""The lite tier: free-text PII found without any NLP model, for devices.

E-mail addresses, URLs, IP addresses (checked by ``ipaddress``), card numbers (Luhn, or
written in groups of four), IBANs (ISO 13616 mod-97), SSNs (the dashed shape and the SSA's
rules for the others), phone numbers (Veil's phone patterns, ``veil_edge.patterns``, shared
with the server) and person names from the name lists (``NameListFinder``).  Spans are
merged as the server merges them (``merge_spans``).

Invariant: a policy the lite tier cannot honour is refused when the scrubber is built
(``check_policy``), never silently weakened: a ``redact_text`` rule that names an entity
the lite tier has no detector for (``entities: [LOCATION]``).  Under Veil's default entity set the lite tier
does its part and the server's full tier does the rest (places, groups, dates, names the
lists miss): a miss at the edge is still caught centrally.
"""

from __future__ import annotations

import ipaddress
import threading
from typing import Sequence

import regex

from .entities import DEFAULT_ENTITIES, DEFAULT_SCORE_THRESHOLD
from .errors import PolicyError
from .patterns import CARD_CONTEXT, CARD_PATTERNS, FLAGS, PHONE_CONTEXT, PHONE_PATTERNS, SSN_PATTERNS, phone_digits_ok
from .prefilter import free_digits, glued, unescape_breaks
from .spans import Span, merge_spans

LITE_ENTITIES = frozenset({"EMAIL_ADDRESS", "URL", "IP_ADDRESS", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "PHONE_NUMBER",
                           "PERSON"})

_EMAIL = regex.compile(r"(?<![\w.+%-])[\w.+%-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
_URL = regex.compile(r"(?<![\w@])(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", regex.I)
_IPV4 = regex.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
_IPV6 = regex.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
_IBAN = regex.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}(?![A-Za-z0-9])")
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


def iban_ok(text: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to numbers, mod 97 == 1."""
    s = text.replace(" ", "")
    if not 15 <= len(s) <= 34:
        return False
    moved = s[4:] + s[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


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


_DETECTORS = {
    "EMAIL_ADDRESS": lambda text: [m.span() for m in _EMAIL.finditer(text)] if "@" in text else [],
    "URL": lambda text: [m.span() for m in _URL.finditer(text)],
    "IP_ADDRESS": _ips,
    "CREDIT_CARD": _cards,
    "IBAN_CODE": lambda text: [m.span() for m in _IBAN.finditer(text) if iban_ok(m.group())],
    "US_SSN": _ssns,
    "PHONE_NUMBER": _phones,
}


class LiteEngine:
    """``analyze_many`` with the server engine's signature, without NLP."""

    def __init__(self) -> None:
        self._names = None
        self._lock = threading.Lock()

    def _name_finder(self):
        if self._names is None:
            with self._lock:
                if self._names is None:
                    from .names import NameListFinder

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
            if entity in ("PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN") and digits < 7:
                continue
            spans += [Span(s, e, entity, 1.0) for s, e in _DETECTORS[entity](text) if not glued(entity, text, s, e)]
        ibans = [(s.start, s.end) for s in spans if s.entity == "IBAN_CODE"]
        if ibans:  # the digit groups of an IBAN are no card or phone number
            spans = [s for s in spans if s.entity == "IBAN_CODE" or not any(a <= s.start and s.end <= b for a, b in ibans)]
        return merge_spans(spans, text)


class LiteTier:
    """The edge's default tier (``Scrubber(tier="lite")``)."""

    name = "lite"
    _engine: LiteEngine | None = None

    def engine(self) -> LiteEngine:
        if LiteTier._engine is None:
            LiteTier._engine = LiteEngine()
        return LiteTier._engine


def check_policy(policy) -> None:
    """Refuse a policy the lite tier cannot honour: a ``redact_text`` operator that names,
    in its own ``entities``, one the lite tier has no detector for."""
    ops = [(f"rules[{i}]", r.operator, r.line) for i, r in enumerate(policy.rules)]
    ops += [(f"default.{k}", op, None) for k, op in policy.default.items()]
    for where, op, line in ops:
        ents = getattr(op, "entities", None) if op.deferred else None
        missing = sorted(set(ents or ()) - LITE_ENTITIES)
        if missing:
            raise PolicyError(f"the lite tier cannot detect {', '.join(missing)} (needs the NLP model): use --tier full "
                              "on a host with veil installed, or leave these entities to the server",
                              source=policy.source, line=line, field=f"{where}.entities")
