"""Checks on one found span: is it personal data at all (``keep_span``), is it glued to an id
(``glued``), which lines of it to judge (``pieces``).  Invariant: each check reads only the text
and the span, never the other spans."""

from __future__ import annotations

import re

from veil_edge import ID_LIKE as _ID_LIKE, ISO_TS as _ISO_TS, NER_ENTITIES as _NER_ENTITIES
from veil_edge import UUID as _UUID, alternation, glued


_NUMBERISH = re.compile(r"^[\d\s.,:/+-]+$")
_MONTHS = alternation("month_prefixes")
_FULL_DATE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + _MONTHS + r")[a-z]*\.?,?\s+\d{2,4}\b"  # 12 March 1985
    r"|\b(?:" + _MONTHS + r")[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{2,4}\b"  # March 12, 1985
    r"|\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d{2}\b",  # 12/03/1985
    re.I,
)


# Name-shaped tokens that are not names: CamelCase product words ("QuietComfort", "PowerCore"),
# except the prefixes real surnames carry (McDonald, MacLeod, DeShawn, LaToya, O'Neil).
_CAMEL = re.compile(r"^(?!(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|St|Fitz)[A-Z])[A-Z]?[a-z]+[A-Z][A-Za-z]*$")


_LINE_PIECE = re.compile(r"[^\n]+")


def pieces(entity: str, text: str, start: int, end: int) -> list[tuple[int, int]]:
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


_SPECIFIC_DATE = re.compile(
    r"(?<!\d)(?:19|20)\d{2}(?!\d)|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}:\d{2}"
    r"|\b(?:" + _MONTHS + r")[a-z]*\.?\s+\d{1,2}(?!\d)|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + _MONTHS + r")"
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.I,
)


# "CO.LTD", "Co.Ltd", "S.A.": company forms that look like a domain to the URL pattern
_COMPANY_DOT = re.compile(r"^(?:[A-Z][A-Za-z]*\.)?(?:co|ltd|inc|llc|plc|corp|sa|ag|bv|nv|gmbh)\.(?:ltd|inc|llc|plc|co|corp)$", re.I)
NUMERIC_DATE = re.compile(r"^\d{1,2}([/.-])\d{1,2}\1(?:19|20)\d{2}$")


# "2014-2026", "1991 - 1995", "2008,2009,2010": years in a copyright line or a period, not a
# phone number (each year 1900-2039, in order)
_YEARS = re.compile(r"^(?:(?:19|20)\d{2}[ \t]*(?:[-–—,/]|, )[ \t]*)+(?:19|20)\d{2}$")


def _year_run(span: str) -> bool:
    if not _YEARS.match(span):
        return False
    years = [int(y) for y in re.findall(r"\d{4}", span)]
    return years == sorted(years) and years[-1] < 2040


# Words an NER date span may open with that are not the date itself
DATE_LEAD = re.compile(r"(?:(?:the|last|next|this|on|every|early|late|during|since|until|before|after|in)\s+)+", re.I)


def keep_span(entity: str, span: str, all_dates: bool = False) -> bool:
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
    if entity == "PHONE_NUMBER" and _year_run(stripped):
        return False
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
