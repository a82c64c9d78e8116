"""Thanks credits, "Thanks Name!" and mail sign-off lines (issue 17, round 4): patterns built
from ``data/signoffs.yaml`` (``credit_cues``, ``credit_particles``, ``not_credited``,
``mail_signoff_delimiters``) and the check that a proposed name is one.  Both tiers run them
(``signoffs.signoff_names``).

* credit: after a thanks or credit cue anywhere in a line, capitalised words with particles
  and initials between them ("Thanks to Ondřej Nový for the report", "(Thanks, Lee
  SangYeong)", "thanks to Diederik de Haas", "Thanks W. Trevor King"), or one lower-case word;
* credit_one (round 9): after a cue of one person's act (``credit_cues_one_word``: "noted by",
  "patch from"), one capitalised word alone that is no ordinary word ("(Noted by Byrial.)");
* bang: a closing, a blank, one capitalised word and "!" ("Thx Kwabena!!");
* mail: the words between a sign-off delimiter and "<" (" -- qinxialei <e-mail>  date"), in any
  case and script, and a name in brackets after them;
* dash (round 5): a dash and one capitalised word ending the text ("... half asleep. - Kwame"),
  accepted as "bang" is;
* bracket (round 5): two to five capitalised words in square brackets ending a line, the
  author of a release-notes entry ("- fix leaks reported by coverity  [Masatake YAMATO]").

A name may hold an all-capital word after its first word ("Masatake YAMATO": a surname
written in capitals), and the cue may be followed by one HTML link tag ("Thanks to <a
href=...>Michael Sperberg-McQueen</a>") or, round 7, an opening quote; initials with or
without their dot may open it ("M Kelly", "R I Pienaar", "P.S.S.Camp"), a one-letter surname
close it before punctuation ('"Karthik K"').

Invariant: this module only proposes (start, end, kind) spans; ``signoffs.signoff_names``
decides with ``accept`` and only adds or widens PERSON spans, so no pattern recognizer's
finding is undone.  Why a credit needs two words or a listed first name: one capitalised word
after "thanks to" is as often a tool or a company ("Thanks to Dependabot", "thanks to RedHat").
"""

from __future__ import annotations

import regex

# a capitalised word, inner capitals and hyphen parts allowed: Nový, SangYeong, McHale, Gibson-Mount,
# Sperberg-McQueen; never the head of a longer word.  Round 8: a replacement character (U+FFFD)
# stands for a letter a wrong decoding lost ("Kristian H\ufffdgsberg" as the commit has it)
_LL = r"[\p{Ll}\ufffd]"
_WORD = (r"\p{Lu}" + _LL + r"+(?:\p{Lu}" + _LL + r"+)*(?:-\p{Lu}?" + _LL + r"+(?:\p{Lu}" + _LL + r"+)*)*"
         r"(?!['’]\w)(?![\p{L}\ufffd])")
# an initial with its dot, before a blank or, run together, another initial or the surname
# ("W. Trevor King", "P.S.S.Camp"); round 7: or without its dot, before a blank ("M Kelly",
# "R I Pienaar"), and one closing a name before punctuation or a quote ('"Karthik K"')
_INITIAL = r"\p{Lu}\.(?=[ \t]|\p{Lu})"
_BARE_INITIAL = r"\p{Lu}(?![\p{L}\p{N}'’.])"
_LAST_INITIAL = r"\p{Lu}(?![\p{L}\p{N}'’.-])(?=[ \t]*(?:[\"”'’),.;:!?<(\]\r\n]|\Z))"
# round 10 (set I, spent: "Reported by Siddharth M."): or an initial with its dot closing the name
# at a line's or the text's end, or before a closing bracket or punctuation
_END_INITIAL = r"\p{Lu}\.(?=[ \t]*(?:[\"”'’),;:!?\]\r\n]|\Z))"
# round 12 (set K dev): or a bare initial closing the name before a lower-case word ("Thanks to
# Tim S for the fix", "von Jörg K und"); a lone "A" or "I" is a word
_MID_INITIAL = r"(?![AI][ \t])\p{Lu}(?![\p{L}\p{N}'’.-])(?=[ \t]+\p{Ll})"
_LOWER = r"\p{Ll}{3,}(?![\w'’@.-]\w)"
_LETTERS = r"[\p{L}\p{M}][\p{L}\p{M}\ufffd'’.-]*"  # round 37: a lost letter (U+FFFD) inside
_CAPS = r"\p{Lu}{2,}(?![\p{L}'’])"
_LINK = r"(?:<a\b[^>\n]*>)?"
# compiled once: ``regex.match(pattern, ...)`` looks its pattern up in a cache on every call
_NEXT_WORD = regex.compile(r"[ \t]+([\p{L}]+)")
_NAME_WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}\ufffd'’-]*")


def phrase_alternation(phrases: list[str]) -> str:
    # longest first, so "thanks to" wins over "thanks"; spaces match any run of blanks
    return "|".join(regex.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True))


def elided(names: dict) -> str:
    """Round 9: the elided particle opening a surname ("d'Itri", "O'Brien",
    ``credit_elided_particles``), as a pattern; one that never matches when the list is empty."""
    heads = sorted({p.rstrip("'’") for p in names.get("credit_elided_particles", [])}, key=len, reverse=True)
    return r"(?i:" + "|".join(regex.escape(h) for h in heads) + r")['’]" if heads else r"(?!)"


def patterns(names: dict, closings: list[str]) -> dict:
    """kind -> compiled pattern whose groups are the proposed names."""
    part = r"(?:(?:" + phrase_alternation(names["credit_particles"]) + r")[ \t]+)*"
    token = (r"(?:" + _WORD + r"|" + elided(names) + _WORD + r"|" + _INITIAL + r"|" + _CAPS + r"|" + _BARE_INITIAL
             + r"(?=[ \t]+(?:\p{Lu}\p{Ll}|" + _LAST_INITIAL + r"|" + _END_INITIAL + r"))|" + _LAST_INITIAL + r"|" + _END_INITIAL + r"|" + _MID_INITIAL + r")")
    # round 11 (set J, spent: "reported by Matus fantomas Uhlar <...>"): a handle inside the name,
    # quoted ('Simon "corecode" Schubert') or in lower case, no function word or particle, when a
    # capitalised word follows it and closes the name before an address, a bracket or a line end
    stop = phrase_alternation(names["function_words"] + names["credit_particles"]
                              + ["and", "or", "for", "with", "from", "via", "the", "in", "on", "at", "of", "to",
                                 "by", "who", "und", "et", "also", "again", "too"])
    handle = (r"(?:[\"“'‘][\p{L}\p{N}_.-]+[\"”'’](?=[ \t]+\p{Lu})|(?!(?i:" + stop + r")(?![\p{L}]))\p{Ll}[\p{Ll}\p{N}_]{2,}"
              r"(?=[ \t]+" + _WORD + r"[ \t]*(?:[<(\[\r\n]|\Z)))")
    words = _WORD + r"(?:[ \t]+" + part + r"(?:" + token + r"|" + handle + r")){0,4}"
    initials = r"(?:" + _INITIAL + r"[ \t]*|" + _BARE_INITIAL + r"[ \t]+)*"
    # round 6: or a surname in capitals before the given name ("Thanks OBATA Akio"), which
    # ``accept`` judges by the given name
    name = r"(" + _CAPS + r"[ \t]+" + _WORD + r"|" + initials + words + r"|" + _LOWER + r")"
    # round 7: the name may be quoted ('suggested by "Karthik K"')
    cue = (r"(?i:(?<![\w'’])(?:" + phrase_alternation(names["credit_cues"]) + r"))(?![\w'’])[ \t]*[,:]?[ \t]*" + _LINK
           + r"[\"“'‘]?")
    dashes = "|".join(regex.escape(d) for d in names["dashes"])
    paren = r"(?:[ \t]*\((?:(" + _LETTERS + r"(?:[ \t]+" + _LETTERS + r"){0,4})|[^)\n]*)\))?"
    # round 9: one capitalised word alone after a cue of one person's act ("(Noted by Byrial.)"),
    # judged by ``accept`` as kind "credit_one"
    one = phrase_alternation(names.get("credit_cues_one_word", [])) or r"(?!)"
    cue_one = (r"(?i:(?<![\w'’])(?:" + one + r"))(?![\w'’])[ \t]*[,:]?[ \t]*" + _LINK
               + r"[\"“'‘]?")
    return {
        "credit": regex.compile(cue + name),
        "credit_one": regex.compile(cue_one + r"(\p{Lu}" + _LL + r"+)(?![\p{L}\p{N}\ufffd'’-])(?![ \t]+\p{Lu})"),
        # round 11: a possessive before a noun of a person's work ("use Fabian's patch"), judged
        # by ``accept`` as kind "possessive"
        # round 27 (set AF, spent: "in Linus' tree"): or a name ending in "s" and its bare apostrophe
        # round 36 (set BE, spent: "Takashi's proposed patch", "Nick's LPID patches"): or one word between
        "possessive": regex.compile(r"(?<![\p{L}\p{N}'’.-])(\p{Lu}" + _LL + r"+)(?:['’]s|(?<=s)['’])"
                                    r"(?:[ \t]+[\p{L}\p{N}][\p{L}\p{N}-]*)?[ \t]+(?i:"
                                    + (phrase_alternation(names.get("possessive_credit_nouns", [])) or r"(?!)")
                                    + r")(?![\w'’])"),
        # round 11 (set G dev: "thanks to jeff covey"): two lower-case words after a cue, judged by
        # ``accept`` as kind "credit_lower" (a listed first name, then a listed surname)
        "credit_lower": regex.compile(cue + r"(" + _LOWER + r"[ \t]+" + _LOWER + r")"),
        # round 26 (sets T and AC, spent: "thanks for Ann for reporting the build failure"): a name
        # between "thanks for" and "for" and a word, judged by ``accept`` as kind "thanks_for"
        "thanks_for": regex.compile(r"(?i:(?<![\w'’])(?:" + (phrase_alternation(
            [p for p in names.get("thanks_for", []) if p in names["credit_cues"]]) or r"(?!)")
            + r"))[ \t]+for[ \t]+(\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}\p{Ll}+)?)[ \t]+for[ \t]+\p{Ll}"),
        "bang": regex.compile(r"(?i:(?<![\w'’])(?:" + phrase_alternation(closings) + r"))[ \t]+(\p{Lu}\p{Ll}+)[ \t]*!+(?=\s|\Z)"),
        # round 11: or after a mail header's "From:" anywhere on a line, in any language the
        # data lists ("Bug report From:   Chris van den Berg <...>", "Von: Jörg de Vries <...>")
        "mail": _mail(names, paren),
        # round 7: a dash run into the word after a word and a blank is an option, no sign-off
        # ("spotted by clang -Wextra"): run together only after punctuation or a line start
        "dash": regex.compile(r"(?:(?<![\w'’])(?:" + dashes + r")[ \t]+|(?<=(?:\A|[\n.!?,;:)\]\"'”’])[ \t]*)(?:"
                              + dashes + r"))(\p{Lu}\p{Ll}+)[ \t]*[.!]*\s*\Z"),
        "bracket": regex.compile(r"\[(" + _WORD + r"(?:[ \t]+" + part + token + r"){1,4})\][ \t\r]*$", regex.MULTILINE),
    }


def _mail(names: dict, paren: str):
    """The words between a sign-off delimiter and "<" (" -- Ann Roe <e-mail>"), or after a mail
    header's name ("From: Ann Roe <...>"); round 31 (sets AK and AM, spent: "--\nfangez <...>",
    "--\nAnn V N <...>"): or on the line under a signature delimiter alone on its line."""
    delims = "|".join(regex.escape(d) for d in names["mail_signoff_delimiters"])
    under = "|".join(regex.escape(d.strip()) for d in names["signature_delimiters"])
    headers = phrase_alternation(names.get("mail_headers", [])) or r"(?!)"
    return regex.compile(r"(?:(?:^|(?<=\n))[ \t]*(?:(?:" + delims + r")|(?:" + under + r")[ \t]*\r?\n)"
                         r"|(?<![\w'’])(?i:" + headers + r"):)[ \t]*("
                         + _LETTERS + r"(?:[ \t]+" + _LETTERS + r"){0,5})" + paren + r"[ \t]*<", regex.MULTILINE)


class Words:
    """The lower-case word sets ``accept`` and ``organisation_follows`` judge by, built once
    from ``data/signoffs.yaml`` (not on every proposed name)."""

    def __init__(self, names: dict):
        self.bots = frozenset(w.lower() for w in names["not_credited"])
        self.particles = frozenset(w.lower() for w in names["credit_particles"])
        self.not_after = frozenset(w.lower() for w in names.get("not_credited_after", []))
        self.places = frozenset(w.lower() for w in names.get("not_credited_places", []))
        self.not_possessors = frozenset(w.lower() for w in names.get("possessive_not_names", []))  # round 36


def organisation_follows(text: str, end: int, words: Words) -> bool:
    """Whether the word after a credited name makes it an organisation ("Qualys Security
    Advisory team", "the Apache Software Foundation")."""
    m = _NEXT_WORD.match(text, end, end + 40)
    return bool(m) and m.group(1).lower() in words.not_after


def pronounceable(word: str) -> bool:
    """A word in capitals that reads as a surname, not an acronym: four letters or more, two of
    them vowels ("NAKAJI", "KAMAHARA"; not "GNU", "HCL", "ARM")."""
    return len(word) >= 4 and sum(c in "aeiouy" for c in word.lower()) >= 2


def plural_of(low: str, common) -> bool:
    """Whether ``low`` (lower case) is the plural of an ordinary word of ``common`` ("fixes",
    "requirements", "experts"): the ordinary-word list holds no plurals."""
    return low.endswith("s") and (low[:-1] in common or low.endswith("es") and low[:-2] in common
                                  or low.endswith("ies") and low[:-3] + "y" in common)


def heading(head: str, common) -> bool:
    """Whether one word after a dash or before "!" reads as a heading, not a name: (round 33, sets AT
    and AU, spent: "- Fixes", "-Requirements") a plural, but for a stem in "a", "i", "o" or "u", as
    names end ("- Jamis": "jami" is a rare word too); (round 37, set BH, spent: "- Checkpointing") a
    gerund of seven letters or more; (round 39, sets BL and BN, spent: "- Robotics") a field of study."""
    return plural_of(head, common) and head[-2:-1] not in "aiou" or len(head) >= 7 and head.endswith(("ing", "ics"))


def accept(value: str, kind: str, sets: Words, first, extra, common, not_names, meds, last=frozenset()) -> bool:
    """Whether a proposed ``kind`` span is a name: never a bot, tool, organisation, address
    word or medication; a credit of one word only a listed first name that, in lower case, is
    no ordinary word ("thanks to emiliano", not "thanks to sun"); two or more words unless all
    are ordinary words and the first is no first name ("Thanks Very Much"); initials before a
    surname ``last`` lists or no ordinary word ("M Kelly", "P.S.S.Camp")."""
    bots, particles = sets.bots, sets.particles
    low = value.lower()
    raw = _NAME_WORD.findall(low)
    if kind == "credit" and raw and len(raw[0]) == 1:
        # initials first ("M Kelly", "R I Pienaar", "Y Petremann", "P.S.S.Camp"; an initial may
        # spell a particle or a function word: "Y", "A"): judged by the first word after them
        rest = [w for w in raw if len(w) > 1]
        if rest and not (low in meds or any(w in bots or w in not_names or w in meds for w in rest)) \
                and (rest[0] in last or rest[0] not in common):
            return True
    # round 8: a capitalised first word is the name's head even when it spells a particle
    # ("reported by Al [1]", "Del Smith"); particles are stripped only after it
    head_kept = raw[:1] if raw and value[:1].isupper() else []
    words = head_kept + [w for w in raw[len(head_kept):] if w not in particles]
    # a medication opening it ("Thanks to Wellbutrin XL") is no name, whatever follows; an
    # address word only after its first word when that is a listed first name ("Myles Dear")
    if not words or low in bots or low in meds or words[0] in meds or any(w in bots for w in words) \
            or words[0] in not_names \
            or any(w in not_names for w in words[1:]) and not (words[0] in first or words[0] in extra):
        return False
    if kind == "mail":
        return True
    if kind == "credit_lower":  # "thanks to jeff covey"; not "thanks to your help"
        return len(raw) == 2 and (raw[0] in first or raw[0] in extra) and raw[1] in last \
            and not (raw[0] in not_names or raw[1] in not_names or raw[1] in meds)
    if kind == "possessive" and raw and raw[0] in sets.not_possessors:
        return False  # round 36: "America's relief efforts"
    if kind == "possessive" and len(raw) == 1 and (raw[0] in first or raw[0] in extra):
        return raw[0] not in not_names and raw[0] not in sets.places  # "Mark's patch"; not "Will's"
    if kind == "thanks_for":  # "thanks for Ann for reporting": a listed first name or no ordinary word
        return raw[0] in first or raw[0] in extra or raw[0] not in common and raw[0] not in sets.places
    if kind in ("credit_one", "possessive"):
        # round 9: one word after "noted by", "patch from"...: no ordinary word, tool, bot or place
        return len(raw) == 1 and raw[0] not in common and raw[0] not in not_names and raw[0] not in sets.places
    if kind in ("bang", "dash"):
        return words[0] in first or words[0] in extra or words[0] not in common and not heading(words[0], common)
    head = value.split()[0]
    if len(head) > 1 and head.isalpha() and head.isupper():
        # a surname in capitals first: "OBATA Akio" (a listed given name) or, round 7, "NAKAJI
        # Hirouyuki" (neither word ordinary, the capitals no acronym); not "GNU Emacs", "HCL Tech"
        return len(words) == 2 and (words[1] in first or words[1] in extra
                                    or pronounceable(head) and not (words[0] in common or words[1] in common))
    if len(words) == 1:
        # round 6: a hyphenated given name whose parts are all listed ("Jean-loup", "Anne-Marie")
        parts = words[0].split("-")
        listed = all(p in first or p in extra for p in parts if p)
        return listed and not (value.islower() and words[0] in common)
    return not all(w in common for w in words) or words[0] in first
