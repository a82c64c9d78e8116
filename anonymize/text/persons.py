"""Context rules for PERSON spans after all recognizers ran: brand- and company-shaped
"names" dropped, names listed next to a found one added, later mentions of a found name
added; ordinary words the NER model took for a group (NRP) dropped."""

from __future__ import annotations

import re

from veil_edge import Span, add_later_mentions, alternation, word_set


# "the Hamilton Beach toaster", "a Jack Wolfskin jacket": a determiner before a capitalised
# pair makes it a brand; "Meta Quest 3", "Stanley Quencher 40oz": a model number after it.
_DETERMINER_BEFORE = re.compile(r"(?:^|[^\w'’])(?:" + alternation("brand_determiners") + r")[ \t]+\Z", re.I)
_MODEL_AFTER = re.compile(
    r"^(?:[ \t]+[A-Z][a-z]+)?[ \t]+(?:\d{1,4}[A-Za-z]{0,3}|[A-Z]{1,3}\d{1,4}[A-Za-z]*)(?![\w\-])(?![ \t.-]*\d)")
# "Anna and Tom", "hunter and Leonie", "Anna, Tom": names listed next to a name already found.
_LIST_AFTER = re.compile(r"^(?:[ \t]*,[ \t]*|[ \t]+(?:and|&)[ \t]+)([^\W\d_][\w'’-]+)")
_LIST_BEFORE = re.compile(r"(?:^|[^\w'’-])([^\W\d_][\w'’-]+)(?:[ \t]*,[ \t]*|[ \t]+(?:and|&)[ \t]+)\Z")
# "Vaxart Inc", "Mile Solutions", "Achari Ventures": organisations, not persons.
_COMPANY_END = re.compile(r"\b(?:" + alternation("company_words") + r")\.?(?:['’]s)?$", re.I)  # data/company_words.txt
_NOT_NAME_TOKENS = word_set("not_name_tokens")  # never a later mention of a name


def _strong_name(value: str, first, common) -> bool:
    """"Luca Drescher" (a first name that is no ordinary word, then a word that is none
    either) stays a name even after "a"; "Hamilton Beach" and "Jack Wolfskin" do not."""
    toks = value.split()
    return (len(toks) >= 2 and toks[0].lower() in first and toks[0].lower() not in common
            and toks[-1].lower() not in common)


def person_context(text: str, spans: list[Span], ner: bool) -> list[Span]:
    """Context rules for PERSON spans: drop brand-shaped ones; with NER, add names listed next
    to a found one ("Anna and Tom"); add later mentions of a name already found ("Kirk Lee and
    I share it, add Kirk as a user")."""
    if not any(s.entity == "PERSON" for s in spans):
        return spans
    from veil_edge import common_words, first_names, surnames

    common, first, last = common_words(), first_names(), surnames()
    kept = [span for span in spans if span.entity != "PERSON" or _still_a_person(text, span, common, first, last)]
    if not ner:
        return kept
    covered = [(s.start, s.end) for s in kept]
    kept = _add_listed_names(text, kept, covered, common, first)
    return add_later_mentions(text, kept, common)  # the lite tier's rule too (veil_edge/mentions.py)


def _still_a_person(text: str, span: Span, common, first, last) -> bool:
    """False for a brand ("the Hamilton Beach"), a model ("Meta Quest 3"), a company ("Vaxart
    Inc") and ordinary words the NER model capitalised ("Salesperson", "zip code")."""
    value = text[span.start : span.end]
    if (
        _DETERMINER_BEFORE.search(text, max(0, span.start - 8), span.start) and not _strong_name(value, first, common)
        or _MODEL_AFTER.match(text[span.end : span.end + 12])
        or _COMPANY_END.search(value)
    ):
        return False
    words = value.strip().lower().split()
    if len(words) == 1 and words[0] in common and words[0] not in first and words[0] not in last:
        return False  # "Salesperson", "Pedestrians": an ordinary word the NER model capitalised
    if len(words) > 1 and words[0] not in first and all(
            w in common or w.endswith("s") and w[:-1] in common for w in words):
        return False  # "zip code", "Guilty Pleasures": ordinary words, not opened by a first name
    return True


def _add_listed_names(text: str, kept: list[Span], covered: list, common, first) -> list[Span]:
    """"Anna and Tom", "hunter and Leonie", "Anna, Tom": names listed next to a found one."""
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
    return kept


def ordinary_words_are_no_group(text: str, spans: list[Span]) -> list[Span]:
    """"Pedestrians", "Locals": ordinary words the NER model took for a group (NRP)."""
    from veil_edge import common_words, nationality_words

    common, groups = common_words(), nationality_words()

    def ordinary(value: str) -> bool:
        words = value.lower().split()
        return bool(words) and value.lower() not in groups and all(
            w not in groups and (w in common or w.endswith("s") and w[:-1] in common) for w in words)

    return [s for s in spans if s.entity != "NRP" or not ordinary(text[s.start : s.end])]
