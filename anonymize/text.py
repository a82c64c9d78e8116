"""Free-text PII redaction: Presidio's AnalyzerEngine on a spaCy NlpEngine, plus Veil's
recognizers (``recognizers.py``), result filters that keep ids/SKUs/timestamps, and a
splice that replaces each found span by a typed placeholder (``<PERSON>``).

The engine is built lazily, once per process and spaCy model (``get_engine``); all texts
of a batch go through spaCy in one ``nlp.pipe`` call.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sys
import threading
from dataclasses import dataclass
from typing import Iterable, Sequence

import regex

log = logging.getLogger(__name__)

# Entities Veil looks for by default.  Not included: UUID, US_BANK_NUMBER, US_PASSPORT,
# US_DRIVER_LICENSE, US_ITIN, UK_NHS, MEDICAL_LICENSE (they fire on order numbers, SKUs,
# UUIDs and US phones), MAC_ADDRESS, and ORGANIZATION (organisations are not personal data,
# and a small NER model labels brands in product names as organisations).  A policy may ask
# for any of them with ``entities:``.
DEFAULT_ENTITIES: tuple[str, ...] = (
    "PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS",
    "LOCATION", "STREET_ADDRESS", "URL", "DATE_TIME", "NRP", "CRYPTO",
)
SUPPORTED_ENTITIES: frozenset[str] = frozenset(DEFAULT_ENTITIES) | {
    "US_BANK_NUMBER", "US_PASSPORT", "US_DRIVER_LICENSE", "US_ITIN", "UK_NHS", "MEDICAL_LICENSE",
    "MAC_ADDRESS", "UUID", "ORGANIZATION",
}
DEFAULT_SCORE_THRESHOLD = 0.35

# Entities whose every match holds at least this many digits (used to skip recognizers).
_NEEDS_7_DIGITS = {"PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "US_BANK_NUMBER", "US_PASSPORT",
                   "US_ITIN", "UK_NHS"}
_NEEDS_4_DIGITS = {"IP_ADDRESS"}
_MAYBE_URL = re.compile(r"[A-Za-z0-9-]\.[A-Za-z]{2}")

# When spans overlap they are merged into one placeholder labelled by the first of these.
_PRIORITY = {
    ent: i for i, ent in enumerate((
        "EMAIL_ADDRESS", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "CRYPTO", "IP_ADDRESS", "PHONE_NUMBER",
        "STREET_ADDRESS", "PERSON", "URL", "LOCATION", "DATE_TIME", "NRP", "ORGANIZATION",
    ))
}

# NER-derived entities get extra scrutiny: small models label ids, numbers and acronyms.
_NER_ENTITIES = {"PERSON", "LOCATION", "ORGANIZATION", "NRP", "DATE_TIME"}
_ISO_TS = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$", re.I
)
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
# ord_12345, SKU-AB-1234, INV2024-001, a1b2c3: letters and digits glued, or joined by _ / -
_ID_LIKE = re.compile(r"^(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+)*$|^[A-Za-z]+_[\w-]+$")
_NUMBERISH = re.compile(r"^[\d\s.,:/+-]+$")
_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_FULL_DATE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + _MONTHS + r")[a-z]*\.?,?\s+\d{2,4}\b"  # 12 March 1985
    r"|\b(?:" + _MONTHS + r")[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{2,4}\b"  # March 12, 1985
    r"|\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d{2}\b",  # 12/03/1985
    re.I,
)


# Digit-shaped entities: a match glued to letters ("ORD-2026-744356", "INV2024-1234567") or
# after "#" ("#1687234") is part of an identifier, not a phone or card number.
_DIGIT_ENTITIES = {"PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "US_BANK_NUMBER", "US_PASSPORT", "US_ITIN", "UK_NHS",
                   "US_DRIVER_LICENSE", "MEDICAL_LICENSE", "IP_ADDRESS"}
_GLUED_BEFORE = re.compile(r"(?:[A-Za-z][A-Za-z0-9]*[-_/.]?|#|[-_/][A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*[-_/])\Z")
# "555-0100x12" is an extension; "070-783-977-Office" a label
_PHONE_LABEL = r"(?i:office|fax|home|work|mobile|cell|tel)\b"
_GLUED_AFTER = re.compile(r"^(?:(?![xX]\d)[A-Za-z0-9_]|[-_/](?!" + _PHONE_LABEL + r")[A-Za-z])")
# Name-shaped tokens that are not names: CamelCase product words ("QuietComfort", "PowerCore"),
# except the prefixes real surnames carry (McDonald, MacLeod, DeShawn, LaToya, O'Neil).
_CAMEL = re.compile(r"^(?!(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|St|Fitz)[A-Z])[A-Z]?[a-z]+[A-Z][A-Za-z]*$")


def _glued(entity: str, text: str, start: int, end: int) -> bool:
    if entity not in _DIGIT_ENTITIES:
        return False
    before = text[max(0, start - 24) : start]
    return bool(_GLUED_BEFORE.search(before) or _GLUED_AFTER.match(text[end : end + 12]))


_NOT_FREE_DIGITS = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?"  # ISO timestamps
    r"|\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"  # UUIDs
    # ids gluing letters and digits (SKU3082394, ORD-2026-744356, evt_9x2k), not "555-0100x12"
    # and not IBAN-shaped tokens (DE89370400440532013000)
    r"|(?<![\w+:/.@-])(?![\d-]+[xX]\d+\b)(?![\d-]+-" + _PHONE_LABEL + r")"
    r"(?![A-Za-z]{2}\d{2}[A-Za-z0-9]{8,}\b)(?=[\w-]*[A-Za-z])(?=[\w-]*\d)[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*"
    r"(?![\w:/.@+-])"
)


def _free_digits(text: str) -> int:
    digits = sum(ch.isdigit() for ch in text)
    if digits < 7:
        return digits
    return sum(ch.isdigit() for ch in _NOT_FREE_DIGITS.sub(" ", text))


# Recognizers that guess names from word lists: like NER, not run on product/item fields.
_NER_LIKE_RECOGNIZERS = {"VeilGazetteerNameRecognizer", "VeilPlaceRecognizer", "VeilNationalityRecognizer"}
_PHONE_REGIONS = ("US", "GB", "DE")
# Recognizers that run only when a policy names the entity explicitly (``entities:``).
# Recognizers whose every match is a listed word: the checks for NER output do not apply
# ("iraqis" in lower case is still a nationality).
_EXACT_LIST_RECOGNIZERS = {"VeilNationalityRecognizer"}
_EXPLICIT_ONLY_RECOGNIZERS = {"VeilPlaceRecognizer": "LOCATION", "VeilNationalityRecognizer": "NRP"}
_LINE_PIECE = re.compile(r"[^\n]+")


def _pieces(entity: str, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """An NER span that runs over a line break ("Brett Gray\n862.760.2254") is split into its
    lines, each judged on its own; other spans are kept whole."""
    if entity not in _NER_ENTITIES or "\n" not in text[start:end]:
        return [(start, end)]
    out = []
    for m in _LINE_PIECE.finditer(text, start, end):
        piece = m.group()
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            out.append((m.start() + left, m.start() + right))
    return out


# "the Hamilton Beach toaster", "a Jack Wolfskin jacket": a determiner before a capitalised
# pair makes it a brand; "Meta Quest 3", "Stanley Quencher 40oz": a model number after it.
_DETERMINER_BEFORE = re.compile(
    r"(?:^|[^\w'’])(?:the|a|an|this|that|these|those|my|your|our|their|its|great|new|lovely|amazing|awesome|"
    r"excellent|terrible|broken|cheap|original|genuine|used|refurbished)[ \t]+\Z", re.I)
_MODEL_AFTER = re.compile(
    r"^(?:[ \t]+[A-Z][a-z]+)?[ \t]+(?:\d{1,4}[A-Za-z]{0,3}|[A-Z]{1,3}\d{1,4}[A-Za-z]*)(?![\w\-])(?![ \t.-]*\d)")
# "Anna and Tom", "hunter and Leonie", "Anna, Tom": names listed next to a name already found.
_LIST_AFTER = re.compile(r"^(?:[ \t]*,[ \t]*|[ \t]+(?:and|&)[ \t]+)([^\W\d_][\w'’-]+)")
_LIST_BEFORE = re.compile(r"(?:^|[^\w'’-])([^\W\d_][\w'’-]+)(?:[ \t]*,[ \t]*|[ \t]+(?:and|&)[ \t]+)\Z")
# "Vaxart Inc", "Mile Solutions", "Achari Ventures": organisations, not persons.
_COMPANY_END = re.compile(
    r"\b(?:inc|corp|corporation|co|ltd|llc|plc|gmbh|ag|sa|se|bv|nv|limited|holding|holdings|solutions|ventures|group|"
    r"resources|technologies|therapeutics|partners|associates|industries|systems|services|bank|fund|trust|"
    r"company|international|labs|studios|club|hotel|university|college|school)\.?(?:['’]s)?$", re.I)
_NAME_TOKEN = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’-]*")


def _strong_name(value: str, first, common) -> bool:
    """"Luca Drescher" (a first name that is no ordinary word, then a word that is none
    either) stays a name even after "a"; "Hamilton Beach" and "Jack Wolfskin" do not."""
    toks = value.split()
    return (len(toks) >= 2 and toks[0].lower() in first and toks[0].lower() not in common
            and toks[-1].lower() not in common)


def _person_context(text: str, spans: list[Span], ner: bool) -> list[Span]:
    """Context rules for PERSON spans: drop brand-shaped ones; add later mentions of a name
    already found ("Kirk Lee and I share it, add Kirk as a user")."""
    if not any(s.entity == "PERSON" for s in spans):
        return spans
    from .gazetteer import common_words, first_names, surnames

    common = common_words()
    first = first_names()
    last = surnames()
    kept: list[Span] = []
    for span in spans:
        if span.entity == "PERSON":
            value = text[span.start : span.end]
            if (
                _DETERMINER_BEFORE.search(text, max(0, span.start - 8), span.start) and not _strong_name(value, first, common)
                or _MODEL_AFTER.match(text[span.end : span.end + 12])
                or _COMPANY_END.search(value)
            ):
                continue
            words = value.strip().lower().split()
            if len(words) == 1 and words[0] in common and words[0] not in first and words[0] not in last:
                continue  # "Salesperson", "Pedestrians": an ordinary word the NER model capitalised
            if len(words) > 1 and words[0] not in first and all(
                    w in common or w.endswith("s") and w[:-1] in common for w in words):
                continue  # "zip code", "Guilty Pleasures": ordinary words, not opened by a first name
        kept.append(span)
    if not ner:
        return kept
    covered = [(s.start, s.end) for s in kept]
    for span in [s for s in kept if s.entity == "PERSON"]:
        for m in (_LIST_AFTER.match(text, span.end), _LIST_BEFORE.search(text, max(0, span.start - 40), span.start)):
            if m is None:
                continue
            tok = m.group(1)
            low = tok.lower()
            if low not in _NOT_NAME_TOKENS and len(low) >= 3 \
                    and (low in first and (tok[:1].isupper() or tok.islower())
                         or tok[:1].isupper() and tok[1:].islower() and low not in common and "and" in m.group()) \
                    and not any(a < m.end(1) and m.start(1) < b for a, b in covered):
                kept.append(Span(m.start(1), m.end(1), "PERSON", 0.45))
                covered.append((m.start(1), m.end(1)))
    names = {}
    for span in kept:
        if span.entity == "PERSON":
            for tok in _NAME_TOKEN.findall(text[span.start : span.end]):
                if len(tok) >= 3 and tok.lower() not in _NOT_NAME_TOKENS:
                    names[tok.lower()] = tok
    if not names:
        return kept
    for m in _NAME_TOKEN.finditer(text):
        tok = m.group()
        if tok.lower() not in names or any(a <= m.start() < b for a, b in covered):
            continue
        if tok.islower() and tok in common:
            continue  # "will" after "Will Smith"
        if not (tok[:1].isupper() or tok.islower()):
            continue
        kept.append(Span(m.start(), m.end(), "PERSON", 0.5))
    return kept


def _ordinary_words_are_no_group(text: str, spans: list[Span]) -> list[Span]:
    """"Pedestrians", "Locals": ordinary words the NER model took for a group (NRP)."""
    from .gazetteer import common_words, nationality_words

    common, groups = common_words(), nationality_words()

    def ordinary(value: str) -> bool:
        words = value.lower().split()
        return bool(words) and value.lower() not in groups and all(
            w not in groups and (w in common or w.endswith("s") and w[:-1] in common) for w in words)

    return [s for s in spans if s.entity != "NRP" or not ordinary(text[s.start : s.end])]


_NOT_NAME_TOKENS = frozenset("""
the and for from with this that dear thanks thank regards cheers best kind warm love hello hey mr mrs miss
you your they them she her him his our who what which both all one two three new old
""".split())


_SPECIFIC_DATE = re.compile(
    r"(?<!\d)(?:19|20)\d{2}(?!\d)|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}:\d{2}"
    r"|\b(?:" + _MONTHS + r")[a-z]*\.?\s+\d{1,2}(?!\d)|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + _MONTHS + r")"
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.I,
)
# Quote and list marks opening a line ("> ", "}} ", "| ") in pasted or quoted text
_LINE_MARK = r"(?:[>|}\]*•?]{1,3}[ \t]*)?"
# Pieces that continue a postal address on the same or the next lines: unit, postcode, state
# code, "nan" (a missing field in generated data), a line in capitals, a short capitalised line.
_ADDRESS_TAIL = regex.compile(
    r"(?:[ \t]*,?[ \t]*\n?[ \t]*" + _LINE_MARK + r",?[ \t]*)(?:(?i:apt|apartment|suite|unit|flat)\.?[ \t]*#?\d{1,5}[A-Za-z]?"
    r"|\d{4,5}(?:-\d{3,4})?(?![\d-]|[ \t]+\d)|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}\b|[A-Z]{2}\b|nan\b"
    r"|\p{Lu}[\p{Lu}'’.-]{2,}(?:[ \t-]+[\p{Lu}'’.-]{2,}){0,3}(?![\w])"
    r"|(?<=\n[ \t]*" + _LINE_MARK + r")\p{Lu}[\w'’.-]+(?:[ \t-]+(?:(?:an der|am|im|an|de|la|del|di|da|du|des|sur|upon)"
    r"[ \t]+)?[\p{Lu}(][\w'’.()-]+){0,3}(?=[ \t]*(?:\n|$|,|[ \t]\d))"
    # "Apt. 756 Warszawa nan": a town closing the line after a unit or number
    r"|(?<=(?:\d|\d[A-Za-z])[ \t]+)\p{Lu}[\p{Ll}'’.-]+(?:[ \t-]+\p{Lu}[\p{Ll}'’.-]+){0,2}(?=[ \t]+nan\b|[ \t]*(?:\n|$))"
    # "Cyprus (Greek)", "Korea (South)": a qualifier in brackets
    r"|(?<=\p{L}[ \t]*)\(\p{Lu}[\p{L} .'’-]{1,25}\))"
)
# ", Arnsdorf", ", Kiel, Germany 21096": a town after a comma that ends a numbered address
_TOWN_AFTER_COMMA = regex.compile(
    r"[ \t]*,[ \t]*\p{Lu}[\p{Ll}'’.-]+(?:[ \t-]+\p{Lu}[\p{Ll}'’.-]+){0,2}(?=[ \t]*(?:$|\n|[.,;!?]|[ \t]+\d))"
)
_ADDRESS_HEAD = re.compile(r"(?<![\w.-])\d{1,5}[ \t]+\Z")


def _phone_vs_address(spans: list[Span]) -> list[Span]:
    """A phone match that runs into an address ("0681 213" of "0681 213 Endeavour Lane") was
    its house numbers: the address wins."""
    places = [s for s in spans if s.entity in ("STREET_ADDRESS", "LOCATION")]
    if not places:
        return spans
    return [s for s in spans if s.entity != "PHONE_NUMBER" or not any(
        p.start < s.end and s.start < p.end and not (s.start <= p.start and p.end <= s.end) for p in places)]


_PLACES = ("LOCATION", "STREET_ADDRESS")
_TOWN_LINE_ABOVE = regex.compile(r"(?:^|\n)[ \t]*" + _LINE_MARK + r"(\p{Lu}[\p{L}'’.-]+(?:[ \t-]+[\p{L}'’.-]+){0,3})"
                                  r"[ \t]*\n[ \t]*" + _LINE_MARK + r"\Z")
_LINE_END_AFTER = regex.compile(r"[ \t]*(?:\n|$)")
_UNIONS = frozenset({"european union", "the european union", "united nations", "the united nations", "african union",
                     "nato", "eu", "un"})
_SURNAME_STREET_TYPES = frozenset("""
lane hill hills wood woods park parks ford fords brook brooks field fields green greens mill mills well wells
cross dale glen grove groves lake lakes mount pike ridge river rivers hollow heath marsh gate gates wall walls
way walk chase burg banks bend knoll meadows pines shore shores spring springs stone forest fort haven lodge
""".split())


def _address_blocks(text: str, spans: list[Span]) -> list[Span]:
    """With LOCATION asked for by name: grow address spans over the pieces around them, then
    settle which spans are places, persons or neither."""
    from .gazetteer import countries, first_names, places, surnames

    out = [_grown_address(text, s) if s.entity in _PLACES else s for s in spans]
    lists = _PlaceLists(places(), first_names(), countries(), surnames())
    out = [Span(s.start, s.end, "LOCATION", s.score) if s.entity == "PERSON" and _person_is_a_place(text, s, lists)
           else s for s in out]
    out = _towns_above_countries(text, out, lists)
    places_found = [(s.start, s.end) for s in out if s.entity in _PLACES]
    # "Szczecin Country Club", "Ajax NV", "European Union": an organisation, not a place
    return [s for s in out if not (s.entity == "PERSON" and _street_named_after_person(text, s, places_found)
                                   or s.entity == "LOCATION" and (_COMPANY_END.search(text[s.start : s.end])
                                                                  or text[s.start : s.end].lower() in _UNIONS))]


@dataclass(frozen=True)
class _PlaceLists:
    places: frozenset
    first_names: frozenset
    countries: frozenset
    surnames: frozenset


def _grown_address(text: str, span: Span) -> Span:
    """The address span grown over the units, postcodes, towns and countries after it (on the
    next lines only when it holds a number) and a house or building number before it."""
    start, end = span.start, span.end
    for _ in range(6):
        numbered = any(ch.isdigit() for ch in text[start:end])
        m = _ADDRESS_TAIL.match(text, end)
        if not m and numbered:
            m = _TOWN_AFTER_COMMA.match(text, end)
        if not m or m.end() <= end or "\n" in m.group() and not numbered:
            break
        end = m.end()
    for _ in range(2):  # "2159 46 rue Nationale": a building number before the house number
        head = _ADDRESS_HEAD.search(text, max(0, start - 8), start)
        if not head:
            break
        start = head.start()
    return Span(start, end, span.entity, span.score)


def _person_is_a_place(text: str, span: Span, lists: _PlaceLists) -> bool:
    """An NER "person" that is a country ("France"), a town after a place cue ("originally from
    London"; not "moved to Anna's place"), or a listed town that is neither a first name nor a
    surname ("Rotterdam"; not "Victoria", "Oliveira")."""
    from .recognizers import PLACE_CUE_BEFORE

    value = text[span.start : span.end].lower()
    if value in lists.countries:
        return True
    cue = bool(PLACE_CUE_BEFORE.search(text, max(0, span.start - 24), span.start)) \
        and not text.startswith(("'s", "’s"), span.end)
    if value.split()[0] in lists.first_names:
        return cue and value in lists.places
    return cue or value in lists.places and value not in lists.surnames


def _towns_above_countries(text: str, spans: list[Span], lists: _PlaceLists) -> list[Span]:
    """"Sara Adams\n\nPalanumäe\nEstonia": the line just above a country alone on its line is
    its town, unless that line opens with a first name."""
    out = list(spans)
    for country in [s for s in spans if s.entity == "LOCATION" and text[s.start : s.end].lower() in lists.countries]:
        town = _TOWN_LINE_ABOVE.search(text, max(0, country.start - 80), country.start)
        if town and _LINE_END_AFTER.match(text, country.end) and (
                town.group(1).split()[0].lower() not in lists.first_names or town.group(1).lower() in lists.places):
            a, b = town.span(1)
            out = [s for s in out if not (s.entity == "PERSON" and s.start < b and a < s.end)]
            out.append(Span(a, b, "LOCATION", country.score))
    return out


def _street_named_after_person(text: str, span: Span, places_found: list[tuple[int, int]]) -> bool:
    """A "person" inside a longer address is a street named after one ("Kevin Lane Street");
    one that is the whole street name counts as one when its last word is a street type that
    is not also a common surname ("Sara Locks", "Nándor Heights"; not "Kevin Lane")."""
    from .recognizers import STREET_TYPES

    tail = text[span.start : span.end].split()[-1].lower()
    whole_street = tail in STREET_TYPES and tail not in _SURNAME_STREET_TYPES
    return any(a <= span.start and span.end <= b and (b - a > span.end - span.start or whole_street)
               for a, b in places_found)


# "CO.LTD", "Co.Ltd", "S.A.": company forms that look like a domain to the URL pattern
_COMPANY_DOT = re.compile(r"^(?:[A-Z][A-Za-z]*\.)?(?:co|ltd|inc|llc|plc|corp|sa|ag|bv|nv|gmbh)\.(?:ltd|inc|llc|plc|co|corp)$", re.I)
_NUMERIC_DATE = re.compile(r"^\d{1,2}([/.-])\d{1,2}\1(?:19|20)\d{2}$")
_ESCAPED_BREAK = re.compile(r"\\[nrt]")


def _unescape_breaks(text: str) -> str:
    return _ESCAPED_BREAK.sub(lambda m: "\n " if m.group() == "\\n" else "  ", text)


# Words an NER date span may open with that are not the date itself
_DATE_LEAD = re.compile(r"(?:(?:the|last|next|this|on|every|early|late|during|since|until|before|after|in)\s+)+", re.I)


def _keep_span(entity: str, span: str, all_dates: bool = False) -> bool:
    """False for matches that are not personal data (ids, timestamps, acronyms...)."""
    stripped = span.strip(" \t\n.,;:!?()[]{}\"'")
    if not stripped:
        return False
    if entity == "DATE_TIME" and all_dates:
        # a specific date or time ("2013", "March 3", "1973-09-19 21:23"), not a duration
        # ("8+ years", "last month") and not a postcode the NER model took for a year
        if _UUID.match(stripped) or (_ID_LIKE.match(stripped) and not _ISO_TS.match(stripped)):
            return False
        if re.search(r"(?<![\d.,])\d{5,}(?![\d.,])", stripped) and not _ISO_TS.match(stripped):
            return False
        return bool(_SPECIFIC_DATE.search(stripped))
    if entity in ("PERSON", "LOCATION", "NRP") and stripped.isupper() and len(stripped) <= 4:
        return False  # EUR, USD, SKU, USA, OK
    if entity == "PERSON" and any(_CAMEL.match(tok) for tok in stripped.split()):
        return False
    if entity in _NER_ENTITIES:
        if _ISO_TS.match(stripped) or _UUID.match(stripped) or _ID_LIKE.match(stripped):
            return False
        if entity == "DATE_TIME":
            # Only human-written full dates (a birth date) are personal; times, relative
            # dates, years and machine timestamps are not.
            return bool(_FULL_DATE.search(stripped))
        if _NUMBERISH.match(stripped):
            return False
        if any(ch.isdigit() for ch in stripped) and entity != "LOCATION":
            return False
        if entity in ("ORGANIZATION", "NRP"):
            letters = [ch for ch in stripped if ch.isalpha()]
            if len(letters) < 2:
                return False
            if stripped.isupper() and len(stripped) <= 5:  # SSN, IBAN, SKU, USA
                return False
            if stripped.islower():
                return False
    if entity in ("URL",) and (_ISO_TS.match(stripped) or _UUID.match(stripped) or _COMPANY_DOT.match(stripped)):
        return False
    return True


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    entity: str
    score: float


def merge_spans(spans: Iterable[Span], text: str | None = None) -> list[Span]:
    """Union overlapping spans; each region is labelled by the highest-priority entity.

    With ``text``, spans of two types that only partly overlap keep a part each ("Vickie
    Friedman Suite" and "Suite 929, 81003 Võsa 99"): shared address words go to the place
    when the other is a person (NER names run on into the address lines after them), shared
    name words to the person; otherwise the higher-priority type takes them.  Either way every
    character stays covered."""
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    for span in ordered:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            if text is not None and last.entity != span.entity and last.start < span.start and span.end > last.end:
                if _shared_part_goes_to(last, span, text) is last:
                    rest = _trimmed(text, Span(last.end, span.end, span.entity, span.score))
                    if rest is not None:
                        merged.append(rest)
                    else:
                        merged[-1] = Span(last.start, span.end, last.entity, last.score)
                else:
                    head = _trimmed(text, Span(last.start, span.start, last.entity, last.score))
                    if head is not None:
                        merged[-1] = head
                        merged.append(span)
                    else:
                        merged[-1] = Span(last.start, span.end, span.entity, span.score)
                continue
            best = min((last, span), key=lambda s: (_PRIORITY.get(s.entity, 99), -s.score))
            merged[-1] = Span(last.start, max(last.end, span.end), best.entity, max(last.score, span.score))
        else:
            merged.append(span)
    return merged


_ADDRESS_WORDS = re.compile(r"\d|\b(?:suite|apt|apartment|unit|flat|floor|box|p\.?\s?o\.?)\b", re.I)


def _shared_part_goes_to(a: Span, b: Span, text: str) -> Span:
    if {a.entity, b.entity} & {"PERSON"} and (a.entity in _PLACES or b.entity in _PLACES):
        # "Vickie Friedman Suite" + "Suite 929": the place; "Taylor Ferguson" + "Ferguson Suite 12": the person
        place, person = (a, b) if a.entity in _PLACES else (b, a)
        return place if _ADDRESS_WORDS.search(text, max(a.start, b.start), min(a.end, b.end)) else person
    return min((a, b), key=lambda s: (_PRIORITY.get(s.entity, 99), -s.score))


def _trimmed(text: str, span: Span) -> Span | None:
    """The span without spaces and separators at its ends; None when too little is left."""
    start, end = span.start, span.end
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return Span(start, end, span.entity, span.score) if end - start >= 2 else None


def splice(text: str, spans: Sequence[Span]) -> str:
    out: list[str] = []
    pos = 0
    for span in spans:
        out.append(text[pos : span.start])
        out.append(f"<{span.entity}>")
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


# Strings that cannot hold PII are skipped without NLP.
_SKIP_SHORT_NUMBER = re.compile(r"^[+-]?\d{1,6}(?:[.,]\d+)?$")


# "$19.99", "59.53 EUR", "USD 1,234.56", "€ 12"
_AMOUNT = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d{1,6}(?:[.,]\d{1,2})?)"
_PRICE = re.compile(
    r"^(?:(?:[A-Z]{3}\s?|[$€£¥]\s?)" + _AMOUNT + r"|" + _AMOUNT + r"\s?(?:[A-Z]{3}|[$€£¥])|\d{1,6}[.,]\d{1,2})$"
)
# one word without capitals or digits ("shipped", "chat") or a short code ("USD", "EUR")
_PLAIN_WORD = re.compile(r"^(?:[a-z][a-z_-]{0,39}|[A-Z]{2,5})$")


def cannot_hold_pii(text: str) -> bool:
    """Strings nothing in the engine could flag: ids, timestamps, prices, single plain words."""
    stripped = text.strip()
    if len(stripped) < 2:
        return True
    if len(stripped) <= 24 and (_PRICE.match(stripped) or _PLAIN_WORD.match(stripped)):
        return True
    if len(stripped) <= 64 and " " not in stripped:
        if _ISO_TS.match(stripped) or _UUID.match(stripped) or _SKIP_SHORT_NUMBER.match(stripped):
            return True
        if _ID_LIKE.match(stripped) and not stripped.isdigit() and "@" not in stripped:
            return True
    return False


_HEAVY = ("torch", "transformers")


@contextlib.contextmanager
def _without_torch(spacy_model: str):
    """Import spaCy and Presidio without torch and transformers when neither is loaded yet.

    thinc and Presidio import them only to offer optional GPU/transformer engines that a
    CPU spaCy pipeline never uses; skipping them cuts a process's start from ~7 s to ~1.5 s
    (it matters for every ``veil scrub --workers N`` process).  The block is lifted right
    after, so a later ``import torch`` elsewhere in the process still works.  Transformer
    spaCy models (``*_trf``) keep the normal imports.
    """
    if "trf" in spacy_model or any(name in sys.modules for name in _HEAVY + ("spacy", "presidio_analyzer")):
        yield
        return
    for name in _HEAVY:
        sys.modules[name] = None  # type: ignore[assignment]  # makes "import torch" raise ImportError
    try:
        yield
    finally:
        for name in _HEAVY:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


class TextEngine:
    """One Presidio analyzer (with its spaCy pipeline) per process and model."""

    def __init__(self, spacy_model: str):
        from veil.core.settings import configure_offline

        configure_offline()
        _quiet_third_party_logs()
        with _without_torch(spacy_model):
            import presidio_analyzer  # noqa: F401
            import spacy
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider

        from . import recognizers as _builtin  # noqa: F401 - registers Veil's recognizers
        from .recognizer_registry import RECOGNIZERS

        if not (spacy.util.is_package(spacy_model) or __import__("pathlib").Path(spacy_model).exists()):
            # Presidio would try to download it; Veil never reaches the internet.
            raise RuntimeError(
                f"spaCy model {spacy_model!r} is not installed (set VEIL_SPACY_MODEL or install the package)"
            )
        provider = NlpEngineProvider(
            nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": spacy_model}]}
        )
        self.nlp_engine = provider.create_engine()
        # The dependency parser is the slowest stage and nothing downstream needs it: NER,
        # and the tagger/lemmatizer that Presidio's context words use, run without it.
        nlp = self.nlp_engine.nlp["en"]
        if "parser" in nlp.pipe_names:
            nlp.disable_pipe("parser")
        # The tagger and rule lemmatizer only feed Presidio's context words (lemmas); lower-cased
        # token text serves that as well at a fraction of the cost (~15% faster per event).
        if "ner" in nlp.pipe_names and "lemmatizer" in nlp.pipe_names:
            for name in ("tagger", "attribute_ruler", "lemmatizer"):
                if name in nlp.pipe_names:
                    nlp.disable_pipe(name)
            _register_lower_lemma()
            nlp.add_pipe("veil_lower_lemma", last=True)
        # In the small English models NER embeds its own tok2vec; the shared "tok2vec" component
        # only feeds the tagger and parser, both off by now: skip it (NER output is unchanged,
        # spaCy's time drops by about a third).
        if "tok2vec" in nlp.pipe_names and not any(
            name in nlp.pipe_names for name in ("tagger", "parser", "morphologizer", "senter")
        ) and _ner_has_own_tok2vec(nlp):
            nlp.disable_pipe("tok2vec")
        self.analyzer = AnalyzerEngine(nlp_engine=self.nlp_engine, supported_languages=["en"],
                                       context_aware_enhancer=_in_place_context_enhancer())
        # Word-list recognizers run after Presidio's analysis, on their own: inside it, a longer
        # NER span that Veil later drops ("Timothy :) the Logitech MX") would swallow theirs.
        # Presidio's phonenumbers matcher runs once per region and is the costliest recognizer;
        # Veil's own phone patterns cover international (+..) and grouped national formats, so
        # three regions suffice for national numbers written without a country code.
        for recognizer in self.analyzer.registry.recognizers:
            if recognizer.name == "PhoneRecognizer" and hasattr(recognizer, "supported_regions"):
                recognizer.supported_regions = _PHONE_REGIONS
        _cache_recognizer_lookup(self.analyzer.registry)
        self.post_recognizers = []
        for factory in RECOGNIZERS.values():
            recognizer = factory()
            if recognizer.name in _NER_LIKE_RECOGNIZERS:
                self.post_recognizers.append(recognizer)
            else:
                self.analyzer.registry.add_recognizer(recognizer)
        self.model = spacy_model

    def _tokens_only(self, nlp, text: str):
        doc = nlp.make_doc(text)
        for token in doc:
            token.lemma_ = token.lower_
        return self.nlp_engine._doc_to_nlp_artifact(doc, "en")

    def analyze_many(
        self,
        texts: Sequence[str],
        entities: Sequence[str] | None = None,
        score_threshold: float | None = None,
        batch_size: int = 64,
        ner: bool = True,
    ) -> list[list[Span]]:
        """Merged, filtered PII spans for each text; spaCy runs once over all of them.
        ``ner=False`` ignores the NER model's entities (pattern recognizers still run)."""
        ents = list(entities or DEFAULT_ENTITIES)
        # A policy that names its own entity list and includes DATE_TIME wants every date and
        # time; Veil's default set keeps only human-written full dates (birth dates).
        explicit = entities is not None and set(entities) != set(DEFAULT_ENTITIES)
        all_dates = explicit and "DATE_TIME" in ents
        threshold = DEFAULT_SCORE_THRESHOLD if score_threshold is None else score_threshold
        out: list[list[Span]] = []
        if not texts:
            return out
        few_digits = [e for e in ents if e not in _NEEDS_7_DIGITS]
        no_digits = [e for e in few_digits if e not in _NEEDS_4_DIGITS]
        # Escaped line breaks ("Name\\nStreet", common in logged or re-encoded text) are read as
        # breaks; the replacement keeps every offset, so spans still apply to the original text.
        texts = [_unescape_breaks(t) if "\\" in t else t for t in texts]
        if ner:
            processed = self.nlp_engine.process_batch(list(texts), language="en", batch_size=batch_size)
        else:
            # Without NER only the tokens matter (context words): the tokenizer alone is enough.
            nlp = self.nlp_engine.nlp["en"]
            processed = ((text, self._tokens_only(nlp, text)) for text in texts)
        for text, artifacts in processed:
            # Skip recognizers that cannot match (phonenumbers' matcher is slow on every text);
            # digits inside timestamps, UUIDs and letter+digit ids do not count.
            digits = _free_digits(text)
            wanted = ents if digits >= 7 else few_digits if digits >= 4 else no_digits
            # Cheap exact pre-checks: no "@", no e-mail; no "x.yz", no URL; in the default set a
            # date is kept only when written in full (3+ digits).  Presidio's URL regex is its
            # second costliest recognizer.
            if "@" not in text or not _MAYBE_URL.search(text) or (digits < 3 and not all_dates):
                wanted = [e for e in wanted if not (
                    e == "EMAIL_ADDRESS" and "@" not in text
                    or e == "URL" and not _MAYBE_URL.search(text)
                    or e == "DATE_TIME" and digits < 3 and not all_dates)]
            if not wanted:
                out.append([])
                continue
            results = self.analyzer.analyze(
                text, language="en", entities=wanted, nlp_artifacts=artifacts, score_threshold=threshold
            )
            if ner:
                for recognizer in self.post_recognizers:
                    if recognizer.name in _EXPLICIT_ONLY_RECOGNIZERS and not (
                        explicit and _EXPLICIT_ONLY_RECOGNIZERS[recognizer.name] in ents
                    ):
                        continue
                    if set(recognizer.supported_entities) & set(wanted):
                        results = list(results) + [r for r in recognizer.analyze(text, wanted, artifacts)
                                                   if r.score >= threshold]
            spans = []
            for r in results:
                if r.entity_type not in ents:
                    continue
                for start, end in _pieces(r.entity_type, text, r.start, r.end):
                    if r.entity_type == "DATE_TIME":
                        lead = _DATE_LEAD.match(text, start, end)
                        start = lead.end() if lead and lead.end() < end else start  # "the last Sunday"
                    listed = (r.recognition_metadata or {}).get("recognizer_name") in _EXACT_LIST_RECOGNIZERS
                    if (listed or _keep_span(r.entity_type, text[start:end], all_dates)) \
                            and not _glued(r.entity_type, text, start, end):
                        spans.append(Span(start, end, r.entity_type, r.score))
            if "DATE_TIME" in wanted and any(s.entity == "PHONE_NUMBER" for s in spans):
                # "07.04.1986" is a date, not a phone number; nor is the "14.840280" of
                # "1986-08-06 21:38:14.840280"
                dates = [(s.start, s.end) for s in spans if s.entity == "DATE_TIME"]
                spans = [Span(s.start, s.end, "DATE_TIME", s.score)
                         if s.entity == "PHONE_NUMBER" and _NUMERIC_DATE.match(text[s.start : s.end]) else s
                         for s in spans
                         if s.entity != "PHONE_NUMBER" or not any(a <= s.start and s.end <= b for a, b in dates)]
            if "NRP" in ents and any(s.entity == "NRP" for s in spans):
                spans = _ordinary_words_are_no_group(text, spans)
            if "PERSON" in ents:
                spans = _person_context(text, spans, ner)
            if explicit and "LOCATION" in ents and spans:
                spans = _address_blocks(text, spans)
            spans = _phone_vs_address(spans)
            out.append(merge_spans(spans, text))
        return out


def _cache_recognizer_lookup(registry) -> None:
    """Presidio filters its whole registry by entity and language on every ``analyze`` call;
    Veil asks with a handful of entity lists, so the answer is kept per list (the registry is
    complete before the engine's first analysis; adding a recognizer clears the cache), in a
    fixed order."""
    original_get, original_add = registry.get_recognizers, registry.add_recognizer
    cache: dict = {}

    def get_recognizers(language, entities=None, all_fields=False, ad_hoc_recognizers=None):
        if ad_hoc_recognizers:
            return original_get(language, entities, all_fields, ad_hoc_recognizers)
        key = (language, tuple(entities) if entities is not None else None, all_fields)
        found = cache.get(key)
        if found is None:
            # Presidio returns them in set order, which follows object ids and so differs from one
            # process to the next; a fixed order keeps ties resolved the same way in every run.
            found = cache[key] = sorted(original_get(language, entities, all_fields, ad_hoc_recognizers),
                                        key=lambda r: (r.name, tuple(r.supported_entities)))
        return list(found)

    def add_recognizer(recognizer):
        cache.clear()
        return original_add(recognizer)

    registry.get_recognizers = get_recognizers
    registry.add_recognizer = add_recognizer


def _ner_has_own_tok2vec(nlp) -> bool:
    try:
        arch = nlp.config["components"]["ner"]["model"]["tok2vec"]["@architectures"]
    except (KeyError, TypeError):
        return False
    return "Listener" not in arch


def _in_place_context_enhancer():
    """Presidio's context enhancer, minus its deep copy of every result of every text (~8% of
    the analysis time): the results it gets are built fresh for each call, so raising their
    scores in place is safe."""
    from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

    class _Shared(list):
        def __deepcopy__(self, memo):
            return self

    class InPlaceContextEnhancer(LemmaContextAwareEnhancer):
        def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
            return list(super().enhance_using_context(text, _Shared(raw_results), nlp_artifacts, recognizers,
                                                      context))

    return InPlaceContextEnhancer()


def _register_lower_lemma() -> None:
    from spacy.language import Language

    if "veil_lower_lemma" in Language.factories:
        return

    @Language.component("veil_lower_lemma")
    def lower_lemma(doc):
        for token in doc:
            token.lemma_ = token.lower_
        return doc


_ENGINES: dict[str, TextEngine] = {}
_ENGINES_LOCK = threading.Lock()


def get_engine(spacy_model: str) -> TextEngine:
    """The process-wide engine for this model, built on first use."""
    engine = _ENGINES.get(spacy_model)
    if engine is None:
        with _ENGINES_LOCK:
            engine = _ENGINES.get(spacy_model)
            if engine is None:
                engine = TextEngine(spacy_model)
                _ENGINES[spacy_model] = engine
    return engine


def _quiet_third_party_logs() -> None:
    for name in ("presidio-analyzer", "presidio-anonymizer", "presidio_analyzer", "spacy", "tldextract", "filelock"):
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET or logger.level < logging.ERROR:
            logger.setLevel(logging.ERROR)
