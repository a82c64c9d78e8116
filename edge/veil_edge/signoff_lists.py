"""Round 22 (set Z and sets T-Y, spent): a name written next to a PERSON span on a sign-off's,
greeting's or credit's line is a name too ("thank you Ann and Zorro", "Thanks for Ann/Frank
helping", "Hi Ann,marcel", "--\\nWu,Haiqiang <...>"), and so is a lower-case surname closing a
signature's line ("Regards,\\nMrs Ann kakadu."): people are thanked and greeted in lists, and
the NER or the name lists find only the names they know.  ``signoff_names`` calls
``listed_with`` last, over its own result.

A neighbour is a name joined to the span by "and", "&", "/" or a comma on the same line (with
up to two capitalised words or initials after its first: "Ann and Iblis Lin"), and the line
must hold a greeting, closing or credit phrase, or lie under a closing or a signature
delimiter.  Its first word decides: a name when a first-name list holds it (an ordinary word
only after "and", "&" or "/": "Ann and Mark", not "Grant, Ann said"), or when it is
capitalised and no ordinary word; never a function, address, tool, place, organisation or
closing word, a contraction or a medication.  Under a closing or delimiter, the span's line may
also hold a lower-case surname closing it that is no ordinary word, a quoted nickname before the
surname (round 28: 'Ann "walken" Roe'), a surname in capitals opening it before a comma
("HATAYAMA, Ann"), or (round 29) a surname and a quoted nickname before the name ('ROE "nick" Ann').

Invariant: only PERSON spans are added, each over words that no other span touches; no span
is removed or changed.
"""

from __future__ import annotations

import regex

from .credits import pronounceable
from .gazetteer import common_words, first_names, surnames
from .signoff_rules import Rules
from .spans import Span

_WORD = r"(\p{L}[\p{Ll}'’]+(?:-\p{Lu}\p{Ll}+)?)"
# the words a neighbour may go on with: a capitalised word, initials or capitals ("Iblis Lin",
# "Junio C Hamano", "Greg KH")
_MORE = r"(?:[ \t]+(?:\p{Lu}[\p{Ll}'’]+|(?![AI](?![\p{L}.]))\p{Lu}{1,3}\.?)){0,2}"  # "I", "A": words
# round 30: "&&"; round 31 (set AN, spent: "--\nCheers,\nAnn Roe / Hyeonggon"): blanks around "/"
_JOIN = r"(?:[ \t]*,[ \t]*(?:(?:and|&)[ \t]+)?|[ \t]+and[ \t]+|[ \t]*&&?[ \t]*|[ \t]*/[ \t]*)"
# a word that ends where the text's word ends: no letter, digit, path, address or file after it
_WORD_END = r"(?![\p{L}\p{N}_/@]|[.-][\p{L}\p{N}])"
# round 23 (set AA, spent: "Hi Ann, Ulrich-san,"): an honorific may follow, run on by a hyphen
_AFTER = regex.compile(_JOIN + "(" + _WORD + _MORE + ")" + r"(?:-(\p{Ll}+))?" + _WORD_END)
_BEFORE = regex.compile(r"(?<![\p{L}\p{N}_/@.-])" + _WORD + _JOIN + r"\Z")
_SURNAME = regex.compile(r"[ \t]+(\p{Ll}[\p{Ll}'’-]+)(?=[ \t]*[,.]?[ \t\r]*(?:\n|\Z))")
# round 28 (set AG, spent): under a closing, a surname in capitals before a comma and the name
# ("HATAYAMA, Ann"), and a quoted nickname before the surname ('Ann "walken" Roe.')
_CAPS_BEFORE = regex.compile(r"(?:^|(?<=\n))[ \t]*(\p{Lu}{3,}(?:-\p{Lu}{2,})?)[ \t]*,[ \t]*\Z")
# round 29 (set AH, spent: '--\nROE "nick" Ann'): a surname and a quoted nickname before the name
_NICK_BEFORE = regex.compile(r"(?:^|(?<=\n))[ \t]*(\p{Lu}{2,}|\p{Lu}\p{Ll}+)[ \t]+([\"“][\p{L}\p{N}_.-]+[\"”])[ \t]+\Z")
_NICKNAME = regex.compile(r"[ \t]+([\"“'‘][\p{L}\p{N}_.-]+[\"”'’])[ \t]+(\p{Lu}[\p{Ll}'’-]+)(?=[ \t]*[,.]?[ \t\r]*(?:\n|\Z))")
_COMMA_ONLY = regex.compile(r"[ \t]*,[ \t]*\Z")
_CLOSED = regex.compile(r"[ \t]*(?:[.!?;:)]|,?[ \t\r]*(?:\n|\Z))")  # a sentence's or line's end
_LIST_GOES_ON = regex.compile(r"[ \t]*(?:,|[ \t]and[ \t])")  # round 31: another item follows
_LOOK_BACK = 60  # characters before a span searched for a word and its join


def listed_with(text: str, spans: list, r: Rules, meds=frozenset()) -> list:
    """``spans`` with a PERSON span added over each name joined to a PERSON span (and to the
    names added, in turn) and over each further part of a signed name (``_surname``); ``spans``
    itself when none is."""
    queue = sorted((s for s in spans if s.entity == "PERSON"), key=lambda s: s.start)
    out = spans
    while queue:
        span = queue.pop(0)
        for start, end in _neighbours(text, span, r, meds) + _surname(text, span, r, meds):
            if any(s.start < end and start < s.end for s in out):
                continue
            added = Span(start, end, "PERSON", 0.6)
            out = out + [added]
            queue.append(added)
    return out


def _neighbours(text: str, span, r: Rules, meds) -> list[tuple[int, int]]:
    """(start, end) of the name after the span and of the word before it, on its line, that
    the module's rule takes."""
    found = []
    m = _AFTER.match(text, span.end)
    if m and (m[3] is None or m[3] in r.honorifics) \
            and _name_word(m[2], text[span.end : m.start(1)], r, meds, _greeted(text, span.start, r),
                           m[1] == m[2] and _CLOSED.match(text, m.end()) is not None,
                           m[1] == m[2] and _LIST_GOES_ON.match(text, m.end()) is not None) \
            and not any(w.lower() in r.no_name_words for w in m[1].split()[1:]):
        found.append(m.span(1))
    m = _BEFORE.search(text, max(0, span.start - _LOOK_BACK), span.start)
    if m and _name_word(m[1], text[m.end(1) : span.start], r, meds, _greeted(text, m.start(1), r)):
        found.append(m.span(1))
    return found if found and _cued_line(text, span.start, r) else []


def _greeted(text: str, at: int, r: Rules) -> bool:
    """Whether a greeting opening its line comes right before ``at``."""
    return r.after_greeting.search(text, text.rfind("\n", 0, at) + 1, at) is not None


def _surname(text: str, span, r: Rules, meds) -> list[tuple[int, int]]:
    """(start, end) of a lower-case surname after the span closing a signature's line, of a
    surname in capitals before it and a comma, opening the line, and of a quoted nickname and
    the surname after it, or of a surname and a quoted nickname before it; only under a closing or
    a signature delimiter."""
    if not _under_closing(text, span.start, r):
        return []
    found = []
    m = _SURNAME.match(text, span.end)
    if m and not (m[1] in common_words() or m[1] in r.no_name_words or m[1] in meds):
        found.append(m.span(1))
    m = _NICKNAME.match(text, span.end)
    if m:  # each on its own: the NER may have read the surname as a place, which stays redacted so
        found += [m.span(1), m.span(2)]
    m = _CAPS_BEFORE.search(text, max(0, span.start - _LOOK_BACK), span.start)
    if m and _surname_word(m[1], r):
        found.append(m.span(1))
    m = _NICK_BEFORE.search(text, max(0, span.start - _LOOK_BACK), span.start)
    if m and _surname_word(m[1], r):
        found += [m.span(1), m.span(2)]
    return found


def _surname_word(word: str, r: Rules) -> bool:
    """A surname before a signed name: a listed surname ("WANG"), or no ordinary word, in capitals
    only when pronounceable ("HATAYAMA"; not "IBM"); never a no-name word ("NOTE")."""
    low = word.lower()
    if low in r.no_name_words:
        return False
    if low in surnames():
        return True  # "WANG": a listed surname, though a dictionary holds the word
    return (not word.isupper() or pronounceable(word)) and low not in common_words()


def _name_word(word: str, join: str, r: Rules, meds, greeted: bool = False, closed: bool = False,
               listing: bool = False) -> bool:
    """Whether ``word``, joined by ``join``, is a name (the module's rule); ``greeted``: the
    word or the name it is joined to follows a greeting opening its line; ``closed``: the word
    alone closes the sentence or line after the name; ``listing``: the word alone, then a comma
    or "and" (another item of a list)."""
    low = word.lower()
    if "'" in low or "’" in low:
        return low in first_names()  # "I'll", "won't"; a name with one, only as listed
    listed = low in first_names() or low in r.extra_first_names
    if greeted and listed and word[0].isupper() and _COMMA_ONLY.match(join) is None and low not in r.vocative_not:
        return True  # round 23 (set AB, spent: "Hi Will and Ann,"): greeted, a function word is a name
    if r.no_name(low, meds) or low in r.credit_words.not_after or low in r.credit_words.places or low in r.languages \
            or low in r.closing_set or low in r.greeting_first or low in r.credit_first:
        return False
    common = low in common_words()
    if word.islower() and listing and not greeted and len(word) >= 3 and word.isalpha():
        # round 31 (set AP, spent: "thanks to Ann, frank, trendal, dan,"): an item of a list of
        # names written in lower case, a listed first name or no ordinary word
        return listed or not common
    if listed:
        return not common or _COMMA_ONLY.match(join) is None
    if common and closed and not greeted and word.istitle() and _COMMA_ONLY.match(join) is None:
        # round 24 (set T, spent: "thank you Ann and Zorro."): an ordinary word closing a thanks's
        # list after "and", capitalised, no plural (a group: "Ann and Friends!") or address word;
        # not in a greeting ("Hello Ann and Welcome,")
        return not low.endswith("s") and low not in r.vocative_not
    if word.islower():
        # round 23 (set AA, spent: "Hi Ann and zijie,"): greeted after "and" or "&", in lower case
        return greeted and _COMMA_ONLY.match(join) is None and len(word) >= 3 and word.isalpha() and not common
    return len(word) >= 3 and not common


def _cued_line(text: str, at: int, r: Rules) -> bool:
    """Whether ``at``'s line holds a greeting, closing or credit phrase or lies under a closing
    or a signature delimiter."""
    start = text.rfind("\n", 0, at) + 1
    stop = text.find("\n", at)
    return r.list_cue.search(text, start, stop if stop >= 0 else len(text)) is not None \
        or _under_closing(text, at, r)


def _under_closing(text: str, at: int, r: Rules) -> bool:
    """Whether the line above ``at``'s is a closing or a signature delimiter, alone."""
    start = text.rfind("\n", 0, at) + 1
    if not start:
        return False
    above = text[text.rfind("\n", 0, start - 1) + 1 : start - 1].strip()
    return above in r.delimiter_lines or " ".join(above.casefold().rstrip(",.!:;").split()) in r.closing_set
