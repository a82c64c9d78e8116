"""Thanks credits, "Thanks Name!" and mail sign-off lines (issue 17, round 4): patterns built
from ``data/signoffs.yaml`` (``credit_cues``, ``credit_particles``, ``not_credited``,
``mail_signoff_delimiters``) and the check that a proposed name is one.  Both tiers run them
(``signoffs.signoff_names``).

* credit: after a thanks or credit cue anywhere in a line, capitalised words with particles
  and initials between them ("Thanks to Ondřej Nový for the report", "(Thanks, Lee
  SangYeong)", "thanks to Diederik de Haas", "Thanks W. Trevor King"), or one lower-case word;
* bang: a closing, a blank, one capitalised word and "!" ("Thx Kwabena!!");
* mail: the words between a sign-off delimiter and "<" (" -- qinxialei <e-mail>  date"), in any
  case and script, and a name in brackets after them;
* dash (round 5): a dash and one capitalised word ending the text ("... half asleep. - Kwame"),
  accepted as "bang" is;
* bracket (round 5): two to five capitalised words in square brackets ending a line, the
  author of a release-notes entry ("- fix leaks reported by coverity  [Masatake YAMATO]").

A name may hold an all-capital word after its first word ("Masatake YAMATO": a surname
written in capitals), and the cue may be followed by one HTML link tag ("Thanks to <a
href=...>Michael Sperberg-McQueen</a>").

Invariant: this module only proposes (start, end, kind) spans; ``signoffs.signoff_names``
decides with ``accept`` and only adds or widens PERSON spans, so no pattern recognizer's
finding is undone.  Why a credit needs two words or a listed first name: one capitalised word
after "thanks to" is as often a tool or a company ("Thanks to Dependabot", "thanks to RedHat").
"""

from __future__ import annotations

import regex

# a capitalised word, inner capitals and hyphen parts allowed: Nový, SangYeong, McHale, Gibson-Mount,
# Sperberg-McQueen; never the head of a longer word
_WORD = r"\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)*(?:-\p{Lu}?\p{Ll}+(?:\p{Lu}\p{Ll}+)*)*(?!['’]\w)(?!\p{L})"
_INITIAL = r"\p{Lu}\.(?=[ \t])"
_LOWER = r"\p{Ll}{3,}(?![\w'’@.-]\w)"
_LETTERS = r"[\p{L}\p{M}][\p{L}\p{M}'’.-]*"
_CAPS = r"\p{Lu}{2,}(?![\p{L}'’])"
_LINK = r"(?:<a\b[^>\n]*>)?"
# compiled once: ``regex.match(pattern, ...)`` looks its pattern up in a cache on every call
_NEXT_WORD = regex.compile(r"[ \t]+([\p{L}]+)")
_NAME_WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’-]*")


def phrase_alternation(phrases: list[str]) -> str:
    # longest first, so "thanks to" wins over "thanks"; spaces match any run of blanks
    return "|".join(regex.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True))


def patterns(names: dict, closings: list[str]) -> dict:
    """kind -> compiled pattern whose groups are the proposed names."""
    part = r"(?:(?:" + phrase_alternation(names["credit_particles"]) + r")[ \t]+)*"
    token = r"(?:" + _WORD + r"|" + _INITIAL + r"|" + _CAPS + r")"
    words = _WORD + r"(?:[ \t]+" + part + token + r"){0,4}"
    # round 6: or a surname in capitals before the given name ("Thanks OBATA Akio"), which
    # ``accept`` takes only when the given name is a listed first name
    name = r"(" + _CAPS + r"[ \t]+" + _WORD + r"|(?:" + _INITIAL + r"[ \t]*)*" + words + r"|" + _LOWER + r")"
    cue = r"(?i:(?<![\w'’])(?:" + phrase_alternation(names["credit_cues"]) + r"))(?![\w'’])[ \t]*[,:]?[ \t]*" + _LINK
    dashes = "|".join(regex.escape(d) for d in names["dashes"])
    delims = "|".join(regex.escape(d) for d in names["mail_signoff_delimiters"])
    paren = r"(?:[ \t]*\((?:(" + _LETTERS + r"(?:[ \t]+" + _LETTERS + r"){0,4})|[^)\n]*)\))?"
    return {
        "credit": regex.compile(cue + name),
        "bang": regex.compile(r"(?i:(?<![\w'’])(?:" + phrase_alternation(closings) + r"))[ \t]+(\p{Lu}\p{Ll}+)[ \t]*!+(?=\s|\Z)"),
        "mail": regex.compile(r"(?:^|(?<=\n))[ \t]*(?:" + delims + r")[ \t]*(" + _LETTERS + r"(?:[ \t]+" + _LETTERS
                              + r"){0,5})" + paren + r"[ \t]*<", regex.MULTILINE),
        "dash": regex.compile(r"(?<![\w'’])(?:" + dashes + r")[ \t]*(\p{Lu}\p{Ll}+)[ \t]*[.!]*\s*\Z"),
        "bracket": regex.compile(r"\[(" + _WORD + r"(?:[ \t]+" + part + token + r"){1,4})\][ \t\r]*$", regex.MULTILINE),
    }


class Words:
    """The lower-case word sets ``accept`` and ``organisation_follows`` judge by, built once
    from ``data/signoffs.yaml`` (not on every proposed name)."""

    def __init__(self, names: dict):
        self.bots = frozenset(w.lower() for w in names["not_credited"])
        self.particles = frozenset(w.lower() for w in names["credit_particles"])
        self.not_after = frozenset(w.lower() for w in names.get("not_credited_after", []))


def organisation_follows(text: str, end: int, words: Words) -> bool:
    """Whether the word after a credited name makes it an organisation ("Qualys Security
    Advisory team", "the Apache Software Foundation")."""
    m = _NEXT_WORD.match(text, end, end + 40)
    return bool(m) and m.group(1).lower() in words.not_after


def accept(value: str, kind: str, sets: Words, first, extra, common, not_names, meds) -> bool:
    """Whether a proposed ``kind`` span is a name: never a bot, tool, organisation, address
    word or medication; a credit of one word only a listed first name that, in lower case, is
    no ordinary word ("thanks to emiliano", not "thanks to sun"); two or more words unless all
    are ordinary words and the first is no first name ("Thanks Very Much")."""
    bots, particles = sets.bots, sets.particles
    low = value.lower()
    words = [w for w in _NAME_WORD.findall(low) if w not in particles]
    # a medication opening it ("Thanks to Wellbutrin XL") is no name, whatever follows
    if not words or low in bots or low in meds or words[0] in meds or any(w in bots or w in not_names for w in words):
        return False
    if kind == "mail":
        return True
    if kind in ("bang", "dash"):
        return words[0] in first or words[0] in extra or words[0] not in common
    head = value.split()[0]
    if len(head) > 1 and head.isupper():  # a surname in capitals first: "OBATA Akio", not "GNU Emacs"
        return len(words) == 2 and (words[1] in first or words[1] in extra)
    if len(words) == 1:
        # round 6: a hyphenated given name whose parts are all listed ("Jean-loup", "Anne-Marie")
        parts = words[0].split("-")
        listed = all(p in first or p in extra for p in parts if p)
        return listed and not (value.islower() and words[0] in common)
    return not all(w in common for w in words) or words[0] in first
