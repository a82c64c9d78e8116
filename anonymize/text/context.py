"""Context over capitalisation: span post-filters (registered in ``SPAN_FILTERS``, after
Veil's own) driven by frames in package data.

* ``medication_frames``: a PERSON or LOCATION span the NER model proposes is dropped when it
  is a medication (the medication lexicon, ``data/lexicons/medications.txt``) or stands in a
  medication frame ("taking X", "switched to X", "X 50mg", "X made me"; ``data/context/
  frames.yaml``).  A span that is a first name or surname needs a strong frame (said only of
  medications) or the lexicon *and* a frame; a weak frame alone (people do it too: "X
  placed the order") drops only a single word no name list holds; a first name opening two or more words ("Grace
  Miller") is never dropped unless the whole span is a listed medication.
* ``signoffs_are_names``: a first name in a sign-off, greeting or address position ("- Grace",
  "Thanks, Will", "Hi June,") becomes a PERSON span even when it is an ordinary word: the
  rules and their data are ``veil_edge.signoffs`` (``edge/veil_edge/data/signoffs.yaml``),
  which the lite tier runs too; here they get the medication lexicon (a medication is no name).

A third filter, ``validated_spans_own_their_digits``, drops card/phone guesses inside a
checked IBAN, coordinate pair or passport number.

Invariant: ``medication_frames`` only removes PERSON/LOCATION/NRP spans, ``signoff_names``
only adds or widens PERSON spans (see ``veil_edge.signoffs``), so no pattern recognizer's
finding (e-mail, card, phone...) is undone by them; ``validated_spans_own_their_digits`` removes a digit-shaped
guess only where a validated span covers the same text, so nothing it removes is left in
clear.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import regex

from veil_edge import common_words, drop_owned, first_names, signoff_names, surnames

from .filters import register_span_filter

_TARGETS = ("PERSON", "LOCATION", "NRP")
_TOKEN = regex.compile(r"[\p{L}][\p{L}\p{N}'’-]*")


def _data(*parts: str):
    return resources.files(__package__.rpartition(".")[0]).joinpath("data", *parts)  # veil.anonymize


@lru_cache(maxsize=1)
def medications() -> frozenset[str]:
    """Lower-case medication names (generic and brand), single- and multi-word: MedlinePlus's
    (``medications.txt``) and the FDA's brand names (``medication_brands.txt``)."""
    terms = set()
    for name in ("medications.txt", "medication_brands.txt"):
        with _data("lexicons", name).open(encoding="utf-8") as fh:
            terms.update(line.strip() for line in fh if line.strip() and not line.startswith("#"))
    return frozenset(terms)


def _alternation(phrases: list[str]) -> str:
    # longest first, so "switched to" wins over "switched"; spaces match any run of blanks
    return "|".join(regex.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True))


@dataclass(frozen=True)
class Frames:
    before_strong: Any
    before_weak: Any
    before_listed: Any
    after_strong: Any
    after_weak: Any
    dose_after: Any
    dose_before: Any
    title_before: Any
    strong_scan: Any


@lru_cache(maxsize=1)
def frames() -> Frames:
    import yaml

    with _data("context", "frames.yaml").open(encoding="utf-8") as fh:
        spec = yaml.safe_load(fh)
    med = spec["medication"]
    lead = r"(?:(?:the|a|an|my|generic|brand)\s+)?"
    units = _alternation(med["units"])

    def before(key: str):
        return regex.compile(r"(?i)(?<![\w'’])(?:" + _alternation(med[key]) + r")\s+" + lead + r"\Z")

    def after(key: str):
        return regex.compile(r"(?i)\A[\s,]*(?:" + _alternation(med[key]) + r")(?![\w'’])")

    word = r"(\p{L}[\p{L}\p{N}-]+)"
    dose = r"\d+(?:[.,]\d+)?\s*(?:" + units + r")"
    strong_scan = (
        r"(?i:(?<![\w'’])(?:" + _alternation(med["before_strong"]) + r")\s+" + lead + r")" + word
        + r"|(?i:(?<![\w.])" + dose + r"\s+(?:of\s+)?" + lead + r")" + word
        + r"|" + word + r"(?i:[\s,]*(?:" + _alternation(med["after_strong"]) + r")(?![\w'’])"
        + r"|\s*\(?\s*" + dose + r"(?!\w))"
    )
    return Frames(
        before_strong=before("before_strong"),
        before_weak=before("before_weak"),
        before_listed=before("before_listed"),
        after_strong=after("after_strong"),
        after_weak=after("after_weak"),
        dose_after=regex.compile(r"(?i)\A\s*\(?\s*\d+(?:[.,]\d+)?\s*(?:" + units + r")(?![\w])"),
        dose_before=regex.compile(r"(?i)(?<![\w.])\d+(?:[.,]\d+)?\s*(?:" + units + r")\s+(?:of\s+)?" + lead + r"\Z"),
        title_before=regex.compile(r"(?i)(?<![\w'’])(?:" + _alternation(med["titles"]) + r")\.?\s+\Z"),
        strong_scan=regex.compile(strong_scan),
    )


def _is_medication(value: str) -> bool:
    meds = medications()
    low = " ".join(value.lower().split())
    if low in meds:
        return True
    toks = [t.lower() for t in _TOKEN.findall(value)]
    return bool(toks) and all(t in meds for t in toks)


def _frame(text: str, start: int, end: int, f: Frames) -> str | None:
    """"strong", "weak", "listed" (a frame only for a listed medication) or None: the
    medication frame around ``text[start:end]``."""
    before = text[max(0, start - 40) : start]
    after = text[end : end + 40]
    if f.title_before.search(before):
        return None
    if f.before_strong.search(before) or f.after_strong.match(after) or f.dose_after.match(after) \
            or f.dose_before.search(before):
        return "strong"
    if f.before_weak.search(before) or f.after_weak.match(after):
        return "weak"
    return "listed" if f.before_listed.search(before) else None


def _document_medications(text: str, f: Frames) -> frozenset[str]:
    """Words that stand in a strong medication frame somewhere in ``text`` ("switched back to
    Junel"): a medication there is one in the whole text ("I liked Junel and ...")."""
    return frozenset(g.lower() for m in f.strong_scan.finditer(text) for g in m.groups() if g)


def _ordinary(low: str, common) -> bool:
    """An ordinary word, inflected forms included ("prescribed", "hoping", "started")."""
    return low in common or any(low.endswith(suf) and (low[: -len(suf)] in common or low[: -len(suf)] + "e" in common)
                                for suf in ("s", "ed", "d", "ing"))


def _core(text: str, span, toks: list, common, first, last) -> int:
    """Start of the span after leading ordinary words the NER model took in ("Prescribed
    Gabapentin", "Hoping Wellbutrin")."""
    start = span.start
    for m in _TOKEN.finditer(text, span.start, span.end):
        low = m.group().lower()
        if m.end() >= span.end or low in first or low in last or not _ordinary(low, common):
            break
        start = m.end() + len(text[m.end() : span.end]) - len(text[m.end() : span.end].lstrip())
    return start


def _core_end(text: str, start: int, end: int, f: Frames) -> int:
    """End of the span before trailing frame words the NER model took in ("Effexor XR" before
    "after": the frame is "XR", a formulation)."""
    toks = list(_TOKEN.finditer(text, start, end))
    while len(toks) > 1 and (f.after_strong.match(text[toks[-1].start() : end])
                             or f.after_weak.match(text[toks[-1].start() : end])):
        end = toks.pop().start()
        end -= len(text[start:end]) - len(text[start:end].rstrip())
    return end


def medication_frames(text: str, spans: list) -> list:
    """Drop PERSON/LOCATION/NRP spans that are medications by lexicon or frame."""
    if not any(s.entity in _TARGETS for s in spans):
        return spans

    first, last, common = first_names(), surnames(), common_words()
    f = frames()
    in_text = None
    kept = []
    for span in spans:
        if span.entity in _TARGETS:
            toks = [t.lower() for t in _TOKEN.findall(text, span.start, span.end)]
            value = text[span.start : span.end]
            start = _core(text, span, toks, common, first, last)
            # "Grace Miller", "Yasemin Öztürk": a first name opening two or more words is a person
            if not (len(toks) >= 2 and toks[0] in first and not _is_medication(value)) \
                    and not f.title_before.search(text[max(0, start - 16) : start]):
                end = _core_end(text, start, span.end, f)
                core = text[start:end]
                core_toks = [t.lower() for t in _TOKEN.findall(core)]
                name_like = any(t in first or t in last for t in core_toks)
                frame = _frame(text, start, end, f)
                if in_text is None:
                    in_text = _document_medications(text, f)
                # a weak frame ("X placed", "experience with X") is said of people too: it makes
                # a medication only of one word no name list knows ("Mirena placed"), never of
                # two ("Thandiwe Nkosi placed the order": names from outside the lists)
                if frame == "strong" or core_toks and all(t in in_text for t in core_toks) \
                        or _is_medication(core) and (frame or not name_like) \
                        or frame == "weak" and not name_like and len(core_toks) == 1:
                    continue
        kept.append(span)
    return kept


@register_span_filter
def medications_are_no_names(text: str, spans: list, request, wanted: list[str]) -> list:
    """"taking Junel", "Lasix 40mg": not a person or place (``medication_frames``)."""
    return medication_frames(text, spans)


@register_span_filter
def signoffs_are_names(text: str, spans: list, request, wanted: list[str]) -> list:
    """"- Grace", "Thanks, Will", "Hi June,": a name (``veil_edge.signoff_names``, the lite
    tier's rule too; a listed medication is never one)."""
    if "PERSON" not in request.ents or not request.ner:
        return spans
    return signoff_names(text, spans, medications())


# A validated span (mod-97, coordinate ranges, a passport format after "passport") owns the
# digit-shaped guesses inside it: "<IBAN_CODE>", never "<CREDIT_CARD>" (veil_edge's table,
# ``VALIDATED_OWNS``: the lite tier applies the same).
@register_span_filter
def validated_spans_own_their_digits(text: str, spans: list, request, wanted: list[str]) -> list:
    """Digit-shaped guesses inside a validated IBAN, coordinate pair or passport number go."""
    return drop_owned(spans)
