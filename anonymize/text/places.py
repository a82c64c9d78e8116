"""With LOCATION asked for by name: address spans grown over the units, postcodes, towns and
countries around them, and the settling of which spans are places, persons or neither."""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from veil_edge import PLACES as _PLACES, Span, word_set

from .persons import _COMPANY_END


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


def phone_vs_address(spans: list[Span]) -> list[Span]:
    """A phone match that runs into an address ("0681 213" of "0681 213 Endeavour Lane") was
    its house numbers: the address wins."""
    places = [s for s in spans if s.entity in ("STREET_ADDRESS", "LOCATION")]
    if not places:
        return spans
    return [s for s in spans if s.entity != "PHONE_NUMBER" or not any(
        p.start < s.end and s.start < p.end and not (s.start <= p.start and p.end <= s.end) for p in places)]


_TOWN_LINE_ABOVE = regex.compile(r"(?:^|\n)[ \t]*" + _LINE_MARK + r"(\p{Lu}[\p{L}'’.-]+(?:[ \t-]+[\p{L}'’.-]+){0,3})"
                                  r"[ \t]*\n[ \t]*" + _LINE_MARK + r"\Z")
_LINE_END_AFTER = regex.compile(r"[ \t]*(?:\n|$)")
_UNIONS = word_set("unions")
_SURNAME_STREET_TYPES = word_set("surname_street_types")


def address_blocks(text: str, spans: list[Span]) -> list[Span]:
    """With LOCATION asked for by name: grow address spans over the pieces around them, then
    settle which spans are places, persons or neither."""
    from veil_edge import countries, first_names, places, surnames

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
    from ..recognizers import PLACE_CUE_BEFORE

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
    from ..recognizers import STREET_TYPES

    tail = text[span.start : span.end].split()[-1].lower()
    whole_street = tail in STREET_TYPES and tail not in _SURNAME_STREET_TYPES
    return any(a <= span.start and span.end <= b and (b - a > span.end - span.start or whole_street)
               for a, b in places_found)
