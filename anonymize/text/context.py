"""Context over capitalisation: span post-filters (registered in ``SPAN_FILTERS``, after
Veil's own) driven by frames in package data.

* ``medication_frames``: a PERSON or LOCATION span the NER model proposes is dropped when it
  is a medication (the medication lexicon, ``data/lexicons/medications.txt``) or stands in a
  medication frame ("taking X", "switched to X", "X 50mg", "X made me"; ``data/context/
  frames.yaml``).  A span that is a first name or surname needs a strong frame (said only of
  medications) or the lexicon *and* a frame; a weak frame alone (people do it too: "X
  placed the order") drops only a single word no name list holds; a first name opening two or more words ("Grace
  Miller") is never dropped unless the whole span is a listed medication.
* ``signoff_names``: a first name in a sign-off, greeting or address position ("- Grace",
  "Thanks, Will", "Hi June,") becomes a PERSON span even when it is an ordinary word.

A third filter, ``validated_spans_own_their_digits``, drops card/phone guesses inside a
checked IBAN, coordinate pair or passport number.

Invariant: ``medication_frames`` only removes PERSON/LOCATION/NRP spans, ``signoff_names`` only
adds PERSON spans over first names, so no pattern recognizer's finding (e-mail, card,
phone...) is undone by them; ``validated_spans_own_their_digits`` removes a digit-shaped
guess only where a validated span covers the same text, so nothing it removes is left in
clear.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import regex

from veil_edge import Span, common_words, drop_owned, first_names, surnames

from . import credits
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


@lru_cache(maxsize=1)
def extra_first_names() -> frozenset[str]:
    """First names the gazetteer lacks (``data/lexicons/extra_first_names.txt``: "norm")."""
    with _data("lexicons", "extra_first_names.txt").open(encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip() and not line.startswith("#"))


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
    signoff_end: Any
    greeting_start: Any
    signature: Any
    caseless: Any
    trailer_end: Any
    after_greeting: Any
    intro_after: Any
    not_names: frozenset
    function_words: frozenset
    names: dict
    credits: dict


@lru_cache(maxsize=1)
def frames() -> Frames:
    import yaml

    with _data("context", "frames.yaml").open(encoding="utf-8") as fh:
        spec = yaml.safe_load(fh)
    med, names = spec["medication"], spec["names"]
    # other languages' closings and greetings count as the English ones do ("Gruß, Jan", "Hola Pablo,")
    names = dict(names, closings=names["closings"] + names.get("closings_other", []),
                 greetings=names["greetings"] + names.get("greetings_other", []))
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
        signoff_end=_signoff_end(names),
        greeting_start=_greeting_start(names),
        signature=_signature(names),
        caseless=_caseless_signature(names),
        trailer_end=regex.compile(r"(?:" + "|".join(names["trailers"]) + r")[ \t]*[.!]*[ \t\r]*(?:\n|\Z)"),
        after_greeting=regex.compile(r"(?i)(?:^|(?<=\n))[ \t]*(?:" + _alternation(
            names["greetings"] + names["greetings_punct"] + names["closings"]) + r")[ \t,]*\Z"),
        intro_after=regex.compile(r"(?i)[ \t]+(?:" + _alternation(names["intro_after"]) + r")(?![\w'’])"),
        # a caseless closing is no name either ("Regards,\n谢谢")
        not_names=frozenset(w.lower() for w in names["not_names"] + names.get("closings_caseless", [])),
        function_words=frozenset(w.lower() for w in names["function_words"]),
        names=names,
        credits=credits.patterns(names, names["closings"]),
    )


# a name as written at the start of a sentence, or in any case where the position says it
_NAME = r"(\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}]+)?)"
_NAME_ANY = r"(\p{L}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}]+)?)"
_LINE_START = r"(?:^|(?<=\n))[ \t\r]*"


def _signoff_end(names: dict):
    """A name closing the text or a line after a dash or a closing ("- grace", "Thx Mark!"), or
    alone on the text's last line."""
    dashes = "|".join(regex.escape(d) for d in names["dashes"])
    line_dashes = "|".join(regex.escape(d) for d in names.get("line_dashes", [])) or r"(?!)"
    trail = r"(?:" + "|".join(names["trailers"]) + r")?"
    end = trail + r"[ \t]*[.!]*[ \t\r]*(?:\n|\Z)"
    return regex.compile(
        r"(?:(?:(?<![\w'’])(?:" + dashes + r")|(?:^|(?<=[ \t\n]))(?:" + line_dashes + r"))[ \t]*" + _NAME_ANY + end
        + r"|(?i:(?<![\w'’])(?:" + _alternation(names["closings"]) + r"))(?![\w'’])[ \t]*[,.!]*\s*" + _NAME_ANY + end
        # a capitalised name alone on the last line of the text ("...\n\nGrace"): a signature
        + (r"|(?<=\n)[ \t\r]*" + _NAME + trail + r"[ \t]*[.!]*\s*\Z" if names.get("lone_last_line") == "capitalised" else "") + ")",
        regex.MULTILINE)


def _signature(names: dict):
    """A name under a closing after a comma or a line break ("Regards,\nNorm", "Cheers, Dale
    Fletcher", "Thanks,\nDr. R. K. Sharma"), under a "-- " delimiter line, or after "Dear" and
    before a comma: capitalised, up to three words, closing its line."""
    word = r"\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?\p{Ll}+)?"
    title = r"(?:(?i:" + _alternation(names["signature_titles"]) + r")\.?[ \t]+)?(?:\p{Lu}\.[ \t]*){0,3}"
    # or initials alone ("Thanks,\nJ.D."): two or three, each with its dot
    name = title + "(" + word + r"(?:[ \t]+" + word + r"){0,2}|\p{Lu}\.(?:[ \t]?\p{Lu}\.){1,2})"
    trail = r"(?:" + "|".join(names["trailers"]) + r")?"
    end = trail + r"[ \t]*[.!]*[ \t\r]*(?:\n|\Z)"
    delims = "|".join(regex.escape(d) for d in names["signature_delimiters"])
    return regex.compile(
        r"(?i:(?<![\w'’])(?:" + _alternation(names["closings"]) + r"))(?![\w'’])[ \t]*(?:,[ \t\r]*\n?|[ \t\r]*\n)\s*"
        + name + end
        + r"|" + _LINE_START + r"(?:" + delims + r")[ \t]*\r?\n[ \t]*" + name + end
        + r"|" + _LINE_START + r"(?i:dear)[ \t]+" + name + r"[ \t]*[,:]",
        regex.MULTILINE)


def _caseless_signature(names: dict):
    """One to four words wholly in a caseless script closing a line after a closing (any
    language's, ``closings_caseless`` too) or a dash, past its punctuation and an optional line
    break ("谢谢，\n王伟", "Thanks, 王伟", "شكرا،\nأحمد", "—— 李明").  Why a rule of its own: the
    signature pattern needs a capital, which these scripts do not have."""
    scripts = "".join(r"\p{Script=" + s + "}" for s in names["caseless_scripts"])
    token = r"[" + scripts + r"][" + scripts + r"\p{M}]*"
    punct = regex.escape(names["caseless_punct"])
    closings = _alternation(names["closings"] + names["closings_caseless"])
    dashes = "|".join(regex.escape(d) for d in names["dashes"])
    return regex.compile(
        r"(?:(?i:(?<![\w'’])(?:" + closings + r"))(?=[\s" + punct + r"])|(?<![\w'’])(?:" + dashes + r")+)"
        + r"[ \t]*[" + punct + r"]*[ \t\r]*\n?[ \t]*(" + token + r"(?:[ \t]+" + token + r"){0,3})"
        + r"[ \t]*[" + punct + r"]*[ \t\r]*(?:\n|\Z)", regex.MULTILINE)


def _greeting_start(names: dict):
    """A name opening the text or a line ("Hi June,", "hey grace", "Morning Dawn,", "Will
    here."), or mentioned with "@" anywhere ("@Rose:")."""
    return regex.compile(
        _LINE_START + r"(?i:" + _alternation(names["greetings"]) + r")[ \t,]+" + _NAME_ANY + r"(?![\w'’@])"
        + r"|" + _LINE_START + r"(?i:" + _alternation(names["greetings_punct"]) + r")[ \t]+" + _NAME_ANY
        + r"[ \t]*[,!:]"
        + r"|" + _LINE_START + _NAME + r"(?=,[ \t])"
        + r"|" + _LINE_START + _NAME_ANY + r"[ \t]+(?i:" + _alternation(names["intro_after"]) + r")(?![\w'’])"
        + r"|(?<![\w.@])" + regex.escape(names["mention"]) + _NAME_ANY + r"(?![\w'’@])",
        regex.MULTILINE)


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


def _followed_by_word(text: str, start: int, end: int, f: Frames) -> bool:
    """Another word follows (not punctuation, a line end, "here" as in "Will here."), and the
    name is no "@" mention."""
    if text[start - 1 : start] == "@" or regex.match(r"[ \t]*(?:[,!:;.?)]|\r?\n|\Z)", text[end : end + 4]):
        return False
    if f.trailer_end.match(text, end):  # "Will x", "Will :)" closing the line: a trailer, no word
        return False
    return not f.intro_after.match(text, end)


def _found(text: str, f: Frames) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the names the sign-off, greeting, signature (caseless scripts too) and
    credit patterns find: kind "frame" (a listed first name needed), "signature", or a ``credits``
    kind."""
    pats = [(f.signoff_end, "frame"), (f.greeting_start, "frame"), (f.signature, "signature"),
            (f.caseless, "signature")]
    pats += [(p, kind) for kind, p in f.credits.items()]
    return [(m.start(g), m.end(g), kind) for pat, kind in pats
            for m in pat.finditer(text) for g in range(1, pat.groups + 1) if m.start(g) >= 0]


def _no_name_word(text: str, span, f: Frames) -> bool:
    """A one-word PERSON span that is an address word in lower case after a greeting or
    closing ("Cheers mate"), or a function word before another word ("Hi will this work")."""
    value = text[span.start : span.end]
    low = value.lower()
    if " " in value.strip() or not (low in f.not_names or low in f.function_words):
        return False
    line = text.rfind("\n", 0, span.start) + 1
    if not f.after_greeting.search(text[line : span.start]):
        return False
    # an address word in any case: "Hello, World!" is no more a person than "hello world"
    return low in f.function_words and _followed_by_word(text, span.start, span.end, f) \
        or low in f.not_names


def signoff_names(text: str, spans: list) -> list:
    """Add PERSON spans for first names in sign-off, greeting and address positions, and for any
    capitalised name in a signature; drop one-word PERSON guesses that are function or address
    words after a greeting ("Hi can any body help", "Cheers mate")."""
    f = frames()
    bots = {w.lower() for w in f.names["not_credited"]}
    out = [s for s in spans if not (s.entity == "PERSON" and (_no_name_word(text, s, f)
                                                             or text[s.start : s.end].lower() in bots))]
    found = _found(text, f)
    if not found:
        return out

    first, extra = first_names(), extra_first_names()
    meds = medications()
    common, words = common_words(), f.not_names | f.function_words
    for start, end, kind in found:
        low = text[start:end].lower()
        if kind in f.credits:
            if credits.accept(text[start:end], kind, f.names, first, extra, common, words, meds) \
                    and not credits.organisation_follows(text, end, f.names):
                out = _widen(out, start, end)
            continue
        head = low.split()[0]
        if head in f.not_names or low in meds or head in f.function_words and _followed_by_word(text, start, end, f) \
                or any(s.start < end and start < s.end and s.entity == "PERSON" for s in out):
            continue
        if kind == "signature" or low in first or low in extra:
            out = [s for s in out if not (s.start < end and start < s.end and s.entity in ("LOCATION", "NRP"))]
            if not any(s.start < end and start < s.end for s in out):
                out.append(Span(start, end, "PERSON", 0.6))
    return out


def _widen(spans: list, start: int, end: int) -> list:
    """One PERSON span over ``start:end`` and every PERSON, LOCATION or NRP span it overlaps
    ("Thanks <PERSON> Santana" -> the whole credited name); other spans it overlaps stay and
    the name is then left to them."""
    over = [s for s in spans if s.start < end and start < s.end]
    if any(s.entity not in _TARGETS for s in over):
        return spans
    lo, hi = min([start] + [s.start for s in over]), max([end] + [s.end for s in over])
    return [s for s in spans if s not in over] + [Span(lo, hi, "PERSON", 0.6)]


@register_span_filter
def medications_are_no_names(text: str, spans: list, request, wanted: list[str]) -> list:
    """"taking Junel", "Lasix 40mg": not a person or place (``medication_frames``)."""
    return medication_frames(text, spans)


@register_span_filter
def signoffs_are_names(text: str, spans: list, request, wanted: list[str]) -> list:
    """"- Grace", "Thanks, Will", "Hi June,": a name (``signoff_names``)."""
    if "PERSON" not in request.ents or not request.ner:
        return spans
    return signoff_names(text, spans)


# A validated span (mod-97, coordinate ranges, a passport format after "passport") owns the
# digit-shaped guesses inside it: "<IBAN_CODE>", never "<CREDIT_CARD>" (veil_edge's table,
# ``VALIDATED_OWNS``: the lite tier applies the same).
@register_span_filter
def validated_spans_own_their_digits(text: str, spans: list, request, wanted: list[str]) -> list:
    """Digit-shaped guesses inside a validated IBAN, coordinate pair or passport number go."""
    return drop_owned(spans)
