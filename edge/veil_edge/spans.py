"""A found span, the merge of overlapping spans into one placeholder each, and the splice
that writes ``<TYPE>`` placeholders into the text.  Invariant: after ``merge_spans`` spans are
sorted and disjoint, and every character a span covered is still covered."""

from __future__ import annotations

import re

from .entities import _OWNS, _PLACES, _PRIORITY
from .records import FrozenRecord

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on a device's cold start
if TYPE_CHECKING:
    from typing import Iterable, Sequence


class Span(FrozenRecord):
    """``text[start:end]`` holds an ``entity`` (found with confidence ``score``)."""

    _fields = ("start", "end", "entity", "score")

    def __init__(self, start: int, end: int, entity: str, score: float):
        self.__dict__.update(start=start, end=end, entity=entity, score=score)


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


def drop_owned(spans: list) -> list:
    """``spans`` without the guesses a validated span owns (see ``_OWNS``)."""
    strong = [s for s in spans if s.entity in _OWNS]
    if not strong:
        return spans
    return [s for s in spans if not any(s.entity in _OWNS[o.entity] and o.start <= s.start and s.end <= o.end
                                        for o in strong)]
