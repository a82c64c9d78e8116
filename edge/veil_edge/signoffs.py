"""Names in sign-off, greeting, signature and credit positions (issue 17), for both tiers: a
first name after a dash or a closing ("works well. - Grace", "Thanks, Will"), opening a
greeting ("Hi June,"), any capitalised name under a closing ("Regards,\\nNorm"), words in a
caseless script there ("谢谢，\\n王伟"), and thanks or authorship credits ("thanks to Paul
Smith", ``credits.py``).  Rules and phrases are data (``data/signoffs.yaml``, read from its
JSON twin; first names the gazetteer lacks in ``data/extra_first_names.txt``); the patterns
are compiled on the first free text that needs them (``signoff_rules.py``), and each is tried
only where its cue is (``signoff_cues.py``); this module judges what they find, and names
listed beside a found one are added last (``signoff_lists.py``).

The server runs ``signoff_names`` as a span filter over its NER and pattern spans
(``veil.anonymize.text.context``, with its medication lexicon as ``meds``); the lite tier runs
it over its own spans (``lite_engine``), so a name in these positions does not leave a
device in clear.

Invariant: only PERSON spans are added or widened, and the only spans removed are PERSON
guesses these rules judge no name (bots, tools and organisations with no listed name in
them, function or address words after a greeting: "Hi can any body help", "Cheers mate",
bullet items of unlisted words; round 15: a greeting itself, "Hello Speakup members," and lower-case
words going on after a closing, "Thanks again, will explore.") and LOCATION/NRP guesses a signature name replaces or that
lie wholly inside an address role after "Dear" (round 9: "Dear Maintainer,"), so no
pattern finding (e-mail, card, phone...) is undone; the one other span a name takes in is a URL guess wholly inside a
credited name ("P.S.S.Camp"), which the wider PERSON span still removes.
"""

from __future__ import annotations

import regex

from . import credits, pinyin
from .gazetteer import common_words, first_names, nationality_words, surnames
from .signoff_cues import _FRAME_KINDS, PATTERNS, _found, _starts  # noqa: F401  (PATTERNS, _starts: the tests' view)
from .signoff_lists import listed_with
from .signoff_rules import Rules, extra_first_names, rules, spec  # noqa: F401  (spec, extra_first_names: the public view)
from .spans import Span

_TARGETS = ("PERSON", "LOCATION", "NRP")
# round 14 (set N, spent: "Hi S?bastien,"): a "?" inside a word stands for a letter a wrong
# encoding lost, read as U+FFFD, as round 8 reads that character
_LOST = regex.compile(r"(?<=\p{L})\?(?=\p{Ll})"
                     # round 37 (sets BF-BH, spent: "Best\nAndr?", "--\nEI-JI Nakama? <...>"): or closing the
                     # last word of a line of one to three capitalised words, at its end or before an address
                     r"|(?<=(?:^|\n)[ \t]*(?:\p{Lu}[\p{L}\ufffd?.-]*[ \t]+){0,2}\p{Lu}[\p{L}\ufffd?-]*\p{Ll})\?"
                     r"(?=[ \t]*(?:<|\r?\n|\Z))")
# round 38 (sets BI-BK, spent: "--\nJos? Matos", "--\nMine ?etinkaya-Rundel", "--\nAbra??o"): on a line
# of four words at most (a signature's), a "?" run after a letter before another, one after a letter
# before a capitalised word, and one opening a word before small letters are lost letters too
# round 39 (set BN, spent: "Dear ?useRs,"): the word opened by "?" all small letters, and five words at most
_SHORT_LOST = regex.compile(r"(?<=\p{L})\?+(?=\p{L})|(?<=\p{L})\?(?=[ \t]+\p{Lu})|(?<=^|[ \t])\?+(?=\p{Ll}++(?!\p{Lu}))")
_SHORT_WORDS = 5
# round 39 (set BN, spent: "(Reported by Herv'e Pag`es.)", 'S"oren Vogel'): an accent written as TeX writes
# it, a backtick or a double quote between a letter and a vowel, is part of the word
# (or an apostrophe before a word's last "e": "Herv'e", "Ren'e"; no English contraction ends so)
_TEX_ACCENT = regex.compile(r"(?<=\p{L})[`\"](?=[aeiouyAEIOUY])|(?<=\p{L})'(?=[eE](?!\p{L}))")
_INITIAL_RUN = regex.compile(r"(\p{Lu}\p{Ll}+)\p{Lu}")  # round 18: "JimC", a name and an initial run on
_CAMEL = regex.compile(r"(\p{Lu}\p{Ll}+)(\p{Lu}\p{Ll}{2,})")  # "RaviTeja": two capitalised parts run together
# round 14 (set N, spent: "Hi, Neharika and All,"): a greeting to two, the second capitalised;
# round 15 (set O, spent: "Hi Ann, Bharath,"): or after a comma (round 20: "Dear Ann, dear Yutan,")
_AND_BEFORE = regex.compile(r"\p{Lu}[\p{Ll}\ufffd'’]+(?:[ \t]+(?:and|&)[ \t]+|[ \t]*,[ \t]*(?:(?i:dear)[ \t]+)?)\Z")
_SENTENCE = regex.compile(r"(?<=[.!?])[ \t]+")  # round 15: where a sentence starts in mid-line
_STOP_END = regex.compile(r"[.!]+[ \t]*\Z")  # round 23: a closing's full stop or "!" before the word
_BANG_END = regex.compile(r"![ \t]*\Z")  # round 25: "Thanks! Ann, for ...": a closing's "!" before the name
# a second greeted name (round 19, set U spent: "Hi Johanness & Ann & Bo,": or more, after "&")
# round 30 (sets AH-AM, spent: "Hi Ann/Dhananjay,", "Hi, Ann && Bob"): or after "/" or "&&"
_AND_NAME = regex.compile(r"(?:(?:[ \t]+(?:and|&&?)[ \t]+|[ \t]*/[ \t]*)\p{Lu}[\p{Ll}\ufffd'’]+)+[ \t]*(?:[,!:.]|\r?\n|\Z)")
# round 17: a surname in capitals (round 19: or capitalised) after a greeted name, then
# punctuation or the line's end
_SURNAME_AFTER = regex.compile(r"[ \t]+(\p{Lu}{3,}|\p{Lu}\p{Ll}+)(?=[ \t]*[,!:.]|[ \t\r]*(?:\n|\Z))")
# round 19: what may follow a greeted name no list holds besides punctuation: a dash closing the
# line ("Hi Yihao-") or, after a thanks, "for" ("thanks Hellwig for your reply")
_DASH_END = regex.compile(r"(?:[ \t]+-{2,}|-+)[ \t\r]*(?:\n|\Z)")  # round 37 (set BH, spent: "Hi Taka --")
_DASH_CLAUSE = regex.compile(r"[ \t]+[-–—][ \t]+\p{Ll}")  # round 34: "Hi Jagath - and thanks!"
_FOR_AFTER = regex.compile(r"[ \t]+for[ \t]+\p{Ll}")
_GREETED_PUNCT = regex.compile(r"[ \t]*[,!:]")  # round 17: after a lower-case greeted name
_COMMA_AFTER = regex.compile(r"[ \t]*,")  # round 31: "Hi Mark Brown, Ann,"
_BRACKET_AFTER = regex.compile(r"[ \t]*\(")  # round 33: "Thanks\n-Will (Will Deacon)": the name again
_STOP_LINE_END = regex.compile(r"[ \t]*[.!]?[ \t\r]*(?:\n|\Z)")  # round 31: "Hi, tejun."
_CLOSED = regex.compile(r"[ \t]*(?:[,!:;.?)]|\r?\n|\Z)")  # punctuation or a line end after a name


def _followed_by_word(text: str, start: int, end: int, r: Rules) -> bool:
    """Another word follows (not punctuation, a line end, "here" as in "Will here."), and the
    name is no "@" mention."""
    if text[start - 1 : start] == "@" or _CLOSED.match(text[end : end + 4]):
        return False
    if r.trailer_end.match(text, end):  # "Will x", "Will :)" closing the line: a trailer, no word
        return False
    return not r.intro_after.match(text, end)



def _no_name_word(text: str, span, r: Rules) -> bool:
    """A one-word PERSON span that is an address word in lower case after a greeting or
    closing ("Cheers mate"), a function word before another word ("Hi will this work"), or a
    capitalised ordinary word that no first-name list holds after a closing ("Cheers Mate";
    round 13: after a greeting it is a name, ``_vocative``), or (round 14) a group addressed
    ("Hi Experts,", ``_group_word``); rounds 23 and 27: a function word, an interjection or an
    ordinary word opening a sentence after a thanks ("Thanks.  Will fix.", "Thanks! Works.",
    ``_after_thanks``), a no-name word opening its line before another word ("Changes to V1:")."""
    value = text[span.start : span.end]
    low = value.lower()
    before = _line_before(text, span.start)
    if " " in value.strip():
        return _lower_phrase(value, before, r)
    if low in r.not_names and not before.strip() and (low in r.greeting_words or _followed_by_word(text, span.start, span.end, r)):
        # round 15 (set O, spent: "Heya there and thanks"): the greeting itself; round 27 (set AE,
        # spent: "Thanks,\nChanges to V1:"): or a no-name word opening its line before another word
        return True
    if _thanks_interjection(text, span.start, span.end, r):
        return True  # round 32 (set AS, spent: "Thanks, nice."): the NER's guess of an interjection
    if value.islower() and low in r.vocative_not and r.after_greeting.search(before) is not None:
        return True  # round 36 (set BE, spent: "Hi gang,"): a lower-case word addressing no one
    listed = low in r.not_names or low in r.function_words
    if (low in r.function_words or value.islower() and low in r.vocative_not) \
            and _followed_by_word(text, span.start, span.end, r) and _after_thanks(before, r):
        # round 23 (sets AA and AB, spent: "Thanks.  Will fix.", "... Thanks, will try that."); round
        # 27 (set AE, spent: "Thanks, nice catch!"): or an interjection in lower case
        return True
    group = value.istitle() and _group_word(low)
    if not listed and not group and not (value.istitle() and low in common_words()):
        return False
    if group:
        return r.after_greeting.search(before) is not None
    # a function word ("Will") keeps its name reading inside quotes: 'said "Thanks, Will" and left'
    if not r.after_greeting.search(before) \
            and not (low in r.not_names and r.after_greeting_quoted.search(before)):
        # round 27 (sets AE-AG, spent: "Thanks. Alas, this machine", "Thanks! Works."): an ordinary
        # word no first-name list holds opening a sentence after a thanks's full stop or "!"
        return not listed and value.istitle() and _after_thanks(before, r) \
            and not (low in first_names() or low in r.extra_first_names)
    if not listed:  # round 6: an ordinary word no first-name list holds ("Best Practices"; not "Hi Rose,")
        # round 13: unless a greeting addresses it ("Hi Glyph.", ``_vocative``)
        return not (low in first_names() or low in r.extra_first_names or _vocative(before, low, r))
    # an address word in any case: "Hello, World!" is no more a person than "hello world"
    return low in r.function_words and _followed_by_word(text, span.start, span.end, r) \
        or low in r.not_names


def _lower_phrase(value: str, before: str, r: Rules) -> bool:
    """Round 15 (set O, spent: "Thanks again, will explore.", "Thanks, btw should"): words in
    lower case after a greeting or closing that opens its line or a sentence, the first a
    function or address word: a sentence going on, no name ("Thanks, bill smith" stays); round 23
    (sets AA and AB, spent: "Thanks! Will do it next time."): or the first a function word in
    capitals, the rest in lower case."""
    head, *rest = value.split()
    low = head.lower()
    if value.islower():
        if low not in r.function_words and low not in r.not_names:
            return False
    elif low not in r.function_words or not all(w.islower() for w in rest):
        return False
    return _after_thanks(before, r)


def _after_thanks(before: str, r: Rules) -> bool:
    """A greeting or closing right before (``before``, the line up to the word), opening its line
    or a sentence, then blanks or a comma, or (round 23: "Thanks.  Will fix.") a full stop or "!"."""
    for b in (before, _STOP_END.sub("", before)):
        if r.after_greeting.search(b) is not None or r.after_greeting.search(_SENTENCE.split(b)[-1]) is not None:
            return True
    return False


_BRACKETS = str.maketrans("", "", "()[]")
_AFTER_CLOSING = regex.compile(r"[ \t]*[,.!:;]*[ \t\r]*(?:\n|\Z)")


def _line_before(text: str, at: int) -> str:
    """The text of ``at``'s line before it."""
    return text[text.rfind("\n", 0, at) + 1 : at]


def _alone_on_line(text: str, start: int, end: int) -> bool:
    """Only blanks before ``start`` on its line, at most punctuation after ``end`` on it."""
    return not _line_before(text, start).strip() and _AFTER_CLOSING.match(text, end) is not None


def _closing_alone(text: str, span, r: Rules) -> bool:
    """Round 9: a PERSON guess that is a closing of any language (``closings``, informal ones
    too) alone on its line, before a comma or the line end ("--\\nSaludos,", "Seeya,"), or
    (round 19) opening its line with the rest of the line completing a closing ("Kindest
    regards,"): the closing, not a name; the name under it is the signature's to find."""
    value = " ".join(text[span.start : span.end].casefold().split())
    if value not in r.closing_set and not _near_closing(value, r):
        # round 19 (set U, spent: "Thank you.\nKindest regards,"): or a closing's first word(s)
        # opening the line that the rest of the line completes
        if _line_before(text, span.start).strip():
            return False
        stop = text.find("\n", span.start)
        line = text[span.start : stop if stop >= 0 else len(text)]
        return " ".join(line.casefold().rstrip(" \t\r,.!:;").split()) in r.closing_set
    return _alone_on_line(text, span.start, span.end)


_ITEM_OPEN = regex.compile(r"[ \t]*(?:[-*•–—+][ \t]+)?\Z")
_ITEM_CLOSE = regex.compile(r"[ \t]*(?:\([^)\n]*\))?[ \t]*[.,;:]?[ \t\r]*(?:\n|\Z)")


def _language_item(text: str, span, r: Rules) -> bool:
    """Round 12: a PERSON guess wholly of language and nationality words alone on its line or
    list item ("- Norwegian Bokmål", "* Chinese (Simplified)"): a language, no name."""
    words = text[span.start : span.end].lower().replace("(", " ").replace(")", " ").split()
    if not words or not all(w in r.languages or w in nationality_words() for w in words):
        return False
    line_start = text.rfind("\n", 0, span.start) + 1
    return _ITEM_OPEN.match(text[line_start : span.start]) is not None and _ITEM_CLOSE.match(text, span.end) is not None


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one letter added, dropped, changed, or two side by side
    swapped ("regard", "kidnly" against "regards", "kindly")."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1]
    return (a[i + 1:] == b[i:]) if len(a) > len(b) else (a[i:] == b[i + 1:])


def _near_closing(value: str, r: Rules) -> bool:
    """Round 12: one word of six letters or more one edit from a one-word closing as long
    ("--\nRegard", "Kidnly,"): a misspelt closing, unless a first-name or surname list holds it ("Nilsen" is one from "hilsen")."""
    if len(value) < 6 or not value.isalpha() or value in first_names() or value in r.extra_first_names \
            or value in surnames():
        return False
    return any(_one_edit(value, c) for c in r.closing_words)


def _bots_only(text: str, span, bots) -> bool:
    """A PERSON guess wholly of bot, tool or organisation words ("Lintian", "Debian Reproducible"),
    or, round 7, opened by one that no first-name list holds ("Github Actions", "Microsoft
    Teams"; not "Fedora Jones"); round 9: a one-word guess that is a tool once its brackets go
    ("inspired by (neo)mutt's": the NER took "neo)mutt", read "neomutt"); round 10, a hyphenated
    word opened by one ("Autocrypt-Gossip")."""
    value = text[span.start : span.end].lower()
    words = value.split()
    return bool(words) and (" ".join(words) in bots or all(w in bots for w in words)
                            or words[0] in bots and words[0] not in first_names()
                            or len(words) == 1 and value.translate(_BRACKETS) in bots
                            # round 10: "Autocrypt-Gossip": a hyphenated word opened by a tool
                            or len(words) == 1 and "-" in value and value.split("-")[0] in bots
                            and value.split("-")[0] not in first_names())


_BULLET = regex.compile(r"[ \t]*([-*•–])[ \t]+\p{L}[\p{L}\p{N}'’.-]*(?:[ \t]+\p{L}[\p{L}\p{N}'’.-]*){0,2}[ \t.:]*\r?")


def _bullet_item(text: str, start: int, end: int, first, extra) -> bool:
    """Round 8: a word no first-name or surname list holds, alone on a list line ("- Branches"),
    when the line above or below is a list item with the same bullet, one to three words ("-
    Settings"): a menu or heading list, not a sign-off.  A listed name stays one there ("- Grace",
    "- Baker" in a list of people: so "- Search", "- Share", "- Server", surnames too, stay), and
    a single "- Word" line is judged as before (no structure to go by)."""
    low = text[start:end].lower()
    if low in first or low in extra or low in surnames():
        return False
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    m = _BULLET.fullmatch(text, lo, hi)
    if m is None or text[m.end(1):start].strip() or text[end:hi].strip(" \t.:\r"):
        return False
    lines = []
    if lo:
        lines.append(text[text.rfind("\n", 0, lo - 1) + 1 : lo - 1])
    if hi < len(text):
        nxt = text.find("\n", hi + 1)
        lines.append(text[hi + 1 : nxt if nxt >= 0 else len(text)])
    return any((n := _BULLET.fullmatch(line)) is not None and n.group(1) == m.group(1) for line in lines)


_LINE_REST = regex.compile(r"(?:[ \t]+[\p{Lu}][\p{L}\p{N}.&-]*){0,4}[ \t]*[.,;:!]?[ \t\r]*(?:\n|\Z)")
_LINE_WORD = regex.compile(r"[\p{L}\p{N}&-]+")


def _unlisted(words: list[str], r: Rules) -> bool:
    """No word of ``words`` (lower case) is a listed first name or surname."""
    first, last, extra = first_names(), surnames(), r.extra_first_names
    return not any(w in first or w in last or w in extra for w in words)


def _organisation_guess(text: str, span, r: Rules) -> bool:
    """Round 8: a PERSON guess no first-name or surname list holds a word of that is an
    organisation, a service or a role by its own words or by the capitalised words closing its
    line after it: its last word, or the line's, is an organisation word ("Hi Netec Helpdesk",
    "Netec RMM Notification Service", ``not_credited_after``), a role ("Freelance Developer",
    ``address_roles``) or a tool ("Exherbo KDE", ``not_credited``); a lower-case function word
    ("this is the Mlmmj program"), or kisses alone ("--\nxxx", a ``trailers`` match); round 9, a
    plural role after a tool or platform word ("Irish Linux Users' Group").  A guess
    with a listed name in it stays ("Grace Helpdesk" is judged as before)."""
    end = span.end
    # round 10: a guess ending inside a word is judged as the whole word ("Best regards,\n
    # HarperCollins Publishers": the NER took "Harper")
    while end < len(text) and text[end].isalpha() and end - span.end < 40:
        end += 1
    value = text[span.start : end]
    words = [w.lower() for w in _LINE_WORD.findall(value)]
    if not words:
        return False
    if len(words) == 1 and not (words[0] in first_names() or words[0] in r.extra_first_names) \
            and (value.islower() and words[0] in r.function_words or r.trailer_end.fullmatch(" " + value)):
        return True
    # round 9: a group of a platform's or tool's users ("Irish Linux Users' Group", "Ubuntu
    # Developers"): a plural address role last, a ``not_credited`` word right before it
    if len(words) > 2 and words[-1] in r.roles and words[-1].endswith("s") and words[-2] in r.not_credited \
            or len(words) == 2 and words[-1] in r.roles and words[-1].endswith("s") and words[0] in r.not_credited:
        return True
    # the closing organisation word may itself be a surname ("Service"): the words before it are judged
    org = r.credit_words.not_after
    if len(words) > 1 and (words[-1] in org or words[-1] in r.roles or words[-1] in r.not_credited):
        return _unlisted(words[:-1], r)
    if not _unlisted(words, r):
        return False
    if words[-1] in org or words[-1] in r.roles:
        return True
    m = _LINE_REST.match(text, end)
    if m is None:
        return False
    after = [w.lower() for w in _LINE_WORD.findall(m.group())]
    return bool(after) and after[-1] in org and _unlisted(after[:-1], r)


def _headword(text: str, span, r: Rules) -> bool:
    """Round 10: a PERSON guess followed by a part of speech in brackets ("--\\nPLEELEY (adj.)",
    ``part_of_speech_marks``): a dictionary headword, a word of the day, no name."""
    return "(" in text[span.end : span.end + 4] and r.part_of_speech.match(text, span.end) is not None


def _under_delimiter(text: str, start: int, r: Rules) -> bool:
    """Whether ``start`` lies on the line right under a signature delimiter line ("--"), or on a
    line that opens with one ("-- Coding is art.")."""
    lo = text.rfind("\n", 0, start) + 1
    line = text[lo:start].lstrip()
    if any(line.startswith(d.strip()) for d in r.delimiters):
        return True
    if not lo:
        return False
    return text[text.rfind("\n", 0, lo - 1) + 1 : lo - 1].strip() in r.delimiter_lines


def _tagline(text: str, span, r: Rules) -> bool:
    """Round 10: a PERSON guess of two words or more under a signature delimiter that reads as a
    tagline, not a name ("--\\nHonour necessity.", "--\\n-- Coding is art.", "--\\nRegards from
    Germany", "--\\nRandomly Generated Tagline:"): its first word no listed first name, and a word
    of it an ordinary word in lower case that no first-name list holds (no particle: "de la"), or
    every word unlisted and the first an ordinary word.  A guess opened by a listed first name
    stays ("--\\nJohn from accounting")."""
    value = text[span.start : span.end]
    raw = value.split()
    if len(raw) < 2 or "-" not in text or not _under_delimiter(text, span.start, r):
        return False
    low = [w.strip(".,:;!?()'\"’").lower() for w in raw]
    first, extra, common = first_names(), r.extra_first_names, common_words()
    if low[0] in first or low[0] in extra:
        return False
    particles = r.credit_words.particles
    # (a surname list holds "from", "is" as names; in lower case inside a tagline they are words)
    if any(w.islower() and lw in common and lw not in particles and not (lw in first or lw in extra)
           for w, lw in zip(raw, low)):
        return True
    return _unlisted(low, r) and low[0] in common


def _no_name_guess(text: str, s, r: Rules) -> bool:
    """Whether a PERSON guess is no name by these rules: an address or function word after a
    greeting, a bot or tool, an organisation, a closing alone on its line, a menu's bullet item;
    round 10, a headword before its part of speech, a tagline under a signature delimiter."""
    return _no_name_word(text, s, r) or _bots_only(text, s, r.not_credited) or _organisation_guess(text, s, r) \
        or _closing_alone(text, s, r) or "\n" in text and " " not in text[s.start:s.end] \
        and _bullet_item(text, s.start, s.end, first_names(), r.extra_first_names) \
        or _headword(text, s, r) or _tagline(text, s, r) or _language_item(text, s, r) \
        or _group_address(text, s, r) or _word_alone(text, s, r)


def _word_alone(text: str, s, r: Rules) -> bool:
    """Round 16 (set P, spent: "Thanks.\nApplied!", "--\nHallo"): a one-word PERSON guess alone
    on its line, or opening it before ", thanks" ("Dropped, thanks!"), that is a greeting of any
    language or a verb's form no first-name list holds."""
    low = text[s.start : s.end].lower()
    if not (low in r.any_greeting or low not in first_names() and _inflected(low)):
        return False
    before = _line_before(text, s.start)
    # round 25 (set AC, spent: "Thanks! Pushed to drm-misc-next."): or opening a sentence after a thanks
    return _alone_on_line(text, s.start, s.end) or _after_thanks(before, r) \
        or not before.strip() and r.thanked_after.match(text, s.end) is not None


def _group_address(text: str, s, r: Rules) -> bool:
    """Round 15 (set O, spent: "Hello Speakup members,"): a PERSON guess between a greeting
    opening its line and a group noun (``group_nouns``) addresses the readers of something."""
    return r.group_after.match(text, s.end) is not None and r.after_greeting.search(_line_before(text, s.start)) is not None


def _credit_found(text: str, start: int, end: int, kind: str, out: list, r: Rules, meds) -> list:
    """``out`` with a ``credits`` find added or widened into a PERSON span if ``credits.accept``
    takes it and no organisation word follows it."""
    first, extra = first_names(), r.extra_first_names
    if kind == "dash" and "\n" in text and _bullet_item(text, start, end, first, extra):
        return out
    if kind == "credit" and _thanked_for_doing(text, start, end, r):
        return _widen(out, start, end)
    if kind.startswith("credit") and _honorific(text, start, end, r):
        return _widen(out, start, end)  # round 35 (set BD, spent: "the patch from Roe-san."): a person
    if not credits.accept(text[start:end], kind, r.credit_words, first, extra, common_words(), r.no_name_words,
                          meds, surnames()) or credits.organisation_follows(text, end, r.credit_words):
        return out
    if kind != "credit_one":
        return _widen(out, start, end)
    if not any(s.start < end and start < s.end for s in out):
        # round 9: one unlisted word is the weakest credit: it takes no span of another kind (the
        # full tier's NER reads "contributed by Utah." as a place: still redacted, as LOCATION)
        # and widens none
        out = out + [Span(start, end, "PERSON", 0.5)]
    return out


# "for" and a verb's "-ing" form, or (round 34: "Thanks to Jiaxun for his comments") a possessive
_FOR_DOING = regex.compile(r"[ \t]+for[ \t]+(?:\p{Ll}+ing(?![\w'’])|(?:his|her|their)[ \t]+\p{Ll})")


def _thanked_for_doing(text: str, start: int, end: int, r: Rules) -> bool:
    """Round 34 (set AW, spent: "First of all, thanks Biju for checking the code"): one capitalised
    word thanked, then "for" and a verb's "-ing" form or "his", "her" or "their" (``_FOR_DOING``), is
    a person thanked for what they did, listed or not: no ordinary word, place, tool, firm, bot or
    no-name word ("thanks Google for hosting" names a firm the lists hold)."""
    value = text[start:end]
    low = value.lower()
    return len(value) >= 3 and value.istitle() and value.isalpha() and _FOR_DOING.match(text, end) is not None \
        and low not in common_words() and not r.no_name(low) and low not in r.credit_words.places


def _round10_name(parts: list[str], kind: str, r: Rules, meds, upper: bool = False) -> bool:
    """Round 10's two finds, lower case split in words: a closing's two lower-case words
    ("regards, tom lane": kind "frame") are a name when the first is a listed first name, no
    function or address word, and the second a listed surname ("thanks, will do" is none) or,
    after a capitalised first name (``upper``, round 19), no ordinary word; a
    name before a role or firm under a delimiter ("--\\nLuiz Felipe Ceglia - Staff Acme": kind
    "signature_tail") when its first word past initials is a listed first name or no ordinary
    word, and no word of it a tool or an address word ("--\\nBest Wishes, Grace",
    "--\\nExherbo KDE, X.org maintainer" are none).  Round 30: or a pinyin surname and given name
    (``_pinyin_pair``: "best regards\\nwang shengjiu")."""
    first, extra = first_names(), r.extra_first_names
    if kind == "frame":
        head = parts[0]
        # round 19 (set U, spent: "Regards,\nAnnie kowalczyk."): after a capitalised first name, any
        # lower-case word that is no ordinary word ("Thanks,\nMark done." is a sentence)
        if upper:
            tail_ok = parts[1] not in common_words() and parts[1] not in r.no_name_words
        else:
            tail_ok = parts[1] in surnames()
        return (head in first or head in extra) and head not in r.function_words and head not in r.not_names \
            and tail_ok and head not in meds and parts[1] not in meds or _pinyin_pair(parts, r, meds)
    heads = [w for w in parts if len(w.rstrip(".")) > 1]
    if not heads or any(w in r.not_credited or w in r.not_names for w in heads):
        return False  # a tool or platform in it ("--\nExherbo KDE, X.org maintainer"), an address word
    return heads[0] in first or heads[0] in extra or heads[0] not in common_words()


def _pinyin_pair(parts: list[str], r: Rules, meds) -> bool:
    """Round 30 (set Z, spent, the lite tier: "best regards\nwang shengjiu"): a surname of one pinyin
    syllable and a pinyin given name, either first, in lower case; no no-name word or medication."""
    one, two = (pinyin.syllables(w) for w in parts)
    return (one == 1 and pinyin.given_name(parts[1]) or two == 1 and pinyin.given_name(parts[0])) \
        and not any(r.no_name(w, meds) for w in parts)


def _dash_name(parts: list[str], r: Rules, meds) -> bool:
    """Round 11: a name after a dash opening its line ("-M. Parikh", "- Havelock Ellis"; lower
    case, split in words): no word a tool, bot, address, function word or medication; its first
    word past the initials a listed first name, a listed surname after initials, or no ordinary
    word when the last is a listed surname or there are initials, or any first word before a
    listed surname that is no ordinary word; its last word, past a closing
    initial, no ordinary word unless a listed surname ("- Fixed Bugs", "- Mark Done", "- New
    Features" are none), nor (round 32) an ordinary word no name list holds between them."""
    first, extra, last, common = first_names(), r.extra_first_names, surnames(), common_words()
    words = [w.strip(".") for w in parts]
    heads = [w for w in words if any(len(x) > 1 for x in w.split("."))]  # "t.m" is initials
    if not heads or any(w in r.not_credited or w in r.not_names or w in r.function_words or w in meds
                        for w in heads):
        return False
    initials = len(heads) < len(words)
    tail = heads[-1]
    if len(heads) > 1 or not initials:
        if tail in common and tail not in last and not (tail in first or tail in extra):
            return False
    if any(w in common and not (w in first or w in extra or w in last) for w in heads[1:-1]):
        return False  # round 32 (set AS, spent: "- Line Digital Filter"): a heading's ordinary word inside
    head = heads[0]
    if head in first or head in extra:
        return True
    if initials:
        return head in last or head not in common
    # or a listed surname that is no ordinary word last ("- Havelock Ellis": "havelock" is one)
    return tail in last and (head not in common or tail not in common)


def signoff_names(text: str, spans: list, meds=frozenset()) -> list:
    """Add PERSON spans for first names in sign-off, greeting and address positions, and for any
    capitalised name in a signature; drop one-word PERSON guesses that are function or address
    words after a greeting ("Hi can any body help", "Cheers mate").  ``meds``: lower-case
    medication names, never a name here (the server's lexicon; the lite tier has none)."""
    r = rules()
    if not text.isascii():
        text = text.translate(r.one_for_one)  # one character for one: the offsets stay
    text = _lost_letters(text)  # one for one too
    out = [s for s in spans if not (s.entity == "PERSON" and _no_name_guess(text, s, r))]
    if len(out) == len(spans):
        out = spans  # nothing dropped: the caller's list back, so it can tell nothing changed
    found = _found(text, r)
    if not found:
        return listed_with(text, out, r, meds)

    for start, end, kind in found:
        if kind not in _FRAME_KINDS:
            out = _credit_found(text, start, end, kind, out, r, meds)
            continue
        parts = text[start:end].lower().split()
        if kind in _JUDGED:
            if not _JUDGED[kind](parts, r, meds):
                continue
            kind = "signature"
        if kind == "frame" and len(parts) == 2 or kind == "signature_tail":
            if not _round10_name(parts, kind, r, meds, text[start].isupper()):
                continue
            if kind == "frame":
                # round 18 (set R, spent, the lite tier: "Best regards,\nAnn yu"): over a guess of its first word
                out = _widen(out, start, end)
                continue
            kind = "signature"
        if kind == "signature" and (_no_signature(text[start].islower(), parts, r)
                                    or _caps_word(text[start:end]) and not _caps_signed(parts[0], r)):
            continue
        out = _frame_name(text, start, end, kind, out, r, meds)
    return listed_with(text, out, r, meds)


def _frame_name(text: str, start: int, end: int, kind: str, out: list, r: Rules, meds) -> list:
    """``out`` with a sign-off, greeting or signature find (kind "frame" or "signature") taken
    as a PERSON span when it is a name: no address, function or no-name word, role or
    medication; a signature's whole name over a partial NER guess; a frame's name a listed
    first name or one of the rounds' readings (``_camel_listed``, ``_greeted``,
    ``_signed_lower``, ``_greeted_lower``), with (round 17) a surname in capitals after it."""
    first, extra = first_names(), r.extra_first_names
    low = text[start:end].lower()
    head = low.split()[0]
    if head in r.not_names or low.split()[-1] in r.roles and not (head in first or head in extra) \
            or low in meds or head in r.function_words and _followed_by_word(text, start, end, r) \
            and not (kind == "signature" and _BRACKET_AFTER.match(text, end)) \
            or kind == "frame" and _thanks_interjection(text, start, end, r) \
            or kind == "frame" and low in r.vocative_not and (r.thanked_after.match(text, end)
                                                               or _followed_by_word(text, start, end, r)
                                                               or text[start:end].islower()):
        # (round 21, sets V and Y spent: "Nice, thanks": a listed first name, an interjection here;
        # round 27, set AE spent: or before another word, "Thanks, nice catch!"; round 36, set BE
        # spent: or written in lower case, "Hi gang,")
        if kind == "signature" and all(w in r.roles or w in r.not_names for w in low.split()):
            # round 9: "Dear Maintainer,": an address role is no place either (the full tier's
            # NER said LOCATION): a LOCATION or NRP guess wholly inside it goes, the word stays
            return [s for s in out if not (s.entity in ("LOCATION", "NRP") and start <= s.start and s.end <= end)]
        return out
    hon = _honorific(text, start, end, r) if kind == "frame" else 0
    wide = max(max(_surname_after(text, end, r, start), _names_to_comma(text, start, end, r))
               if kind == "frame" else end, hon)
    if any(s.start < end and start < s.end and s.entity == "PERSON" for s in out):
        # round 8: the NER took part of it ("<PERSON> NOWAKOWSKA"): the whole name
        # round 36 (set BE, spent, the full tier: "Hi <PERSON>-woo,"): or its syllable after a hyphen
        if kind == "signature":
            return _widen(out, start, end)
        # round 38 (set BK, spent, the full tier: "Hi I?<PERSON>,"): or a word a lost letter split for the NER
        return _widen(out, start, wide) if wide > end or _syllable_listed(text[start:end], r) \
            or "\ufffd" in text[start:end] else out
    if kind == "signature" or low in first or low in extra or kind == "frame" and (
            hon or _camel_listed(text[start:end], r) or _syllable_listed(text[start:end], r)
            or _greeted(text, start, end, r, meds, out)
            or _greeted_initials(text, start, end, r)
            or _signed_lower(text, start, end, r, meds) or _greeted_lower(text, start, end, r, meds)):
        out = [s for s in out if not (s.start < wide and start < s.end and s.entity in ("LOCATION", "NRP"))]
        if not any(s.start < wide and start < s.end for s in out):
            out.append(Span(start, wide, "PERSON", 0.6))
    return out


def _no_signature(lower: bool, parts: list[str], r: Rules) -> bool:
    """A signature find that is no name: (round 14) a lower-case head that is an ordinary word
    ("Thanks,\nsee Appendix"); (round 10) a firm or a tool ("Thanks, Google."); (round 12) one
    misspelt closing ("--\nRegard"); (round 14) a group ("Dear Lists,"); (round 8) an
    organisation word closing words no name list holds ("Kind regards,\nQuvex Notification
    Service", ``_organisation_guess``)."""
    head = parts[0]
    if lower and (head in r.no_name_words or head in r.vocative_not
                  or head in common_words() and (len(parts) < 2 or parts[-1] in common_words())):
        # round 25 (set AD, spent, the lite tier: "Best regards,\nmaxim Levitsky"): an ordinary
        # word in lower case before a capitalised surname no ordinary word is a given name, unless
        # it addresses a group ("Dear fellow Pythonheads,")
        return True
    if len(parts) == 2 and head in ("a", "i") and parts[1] in common_words():
        return True  # round 23: "Thanks,\nA Question" is no signer "A. Question"
    # round 16 (set P, spent: "Thanks.\nApplied!", "--\nHallo"): a verb's form or a greeting signed;
    # round 30 (set AG, spent: "Thanks,\nYouling."): a pinyin given name is none ("youl" is a word)
    # round 36 (set BE, spent: "Thanks,\nGreat."): or an interjection no first-name list holds, signed alone
    if head not in first_names() and _inflected(head) and not pinyin.given_name(head) \
            or len(parts) == 1 and head in r.any_greeting \
            or len(parts) == 1 and head in r.vocative_not and head not in first_names() and head not in r.extra_first_names:
        return True
    # round 18 (set S, spent: "--\nMvh."): or a closing of any language signed alone
    # round 27 (set AG, spent: "Thank you\nYours Sincerely"): or a closing of several words
    # (case-folded as ``closing_set`` is: round 32, set AI spent: "Best regards\nGruß,")
    if all(w in r.not_credited for w in parts) or " ".join(parts).casefold() in r.closing_set or len(parts) == 1 and (
            _near_closing(head, r) or _group_word(head)):
        return True
    # round 39 (round 9's case, tests/test_realtext_round9.py: "--\nBoston Linux Users' Group"): four words,
    # one a tool or an organisation's word
    if len(parts) == 4 and any(w.rstrip("'’") in r.credit_words.not_after or w in r.not_credited for w in parts):
        return True
    # round 31 (set Q, spent: "--\nSiemens AG"): a firm's two-letter suffix, which reads as two
    # initials, after a listed name too
    return len(parts) > 1 and parts[-1] in r.credit_words.not_after and (
        len(parts) == 2 and len(parts[-1]) == 2 or _unlisted(parts[:-1], r))


def _lost_letters(text: str) -> str:
    """``text`` with each "?" that stands for a lost letter, and each TeX accent inside a word, as
    U+FFFD, one character for one (``text`` itself when it holds neither: substring tests first)."""
    if "`" in text or '"' in text or "'e" in text:
        text = _TEX_ACCENT.sub("\ufffd", text)
    if "?" not in text:
        return text
    text = _LOST.sub("\ufffd", text)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if "?" in line and len(line.split()) <= _SHORT_WORDS:
            lines[i] = _SHORT_LOST.sub(lambda m: "\ufffd" * len(m[0]), line)
    return "\n".join(lines)


def _caps_word(value: str) -> bool:
    """One word of three capitals or more (round 37): a signer's name or initials, or an acronym."""
    return len(value) >= 3 and value.isalpha() and value.isupper()


def _caps_signed(low: str, r: Rules) -> bool:
    """Round 37 (sets BF and BG, spent: "Thanks\nCHRISTOPH", "Sincerely\nALI", "Thanks,\n--JJS"): one
    word in capitals signed alone is a name when it is a listed first name no ordinary word, or
    three capitals without a vowel, initials more often than an acronym ("IBM", "TIA" stay)."""
    if low in common_words() or low in r.no_name_words or low in r.not_credited or low in r.greeted_codes:
        return False
    if low in first_names() or low in r.extra_first_names:
        return True
    return len(low) == 3 and not any(c in "aeiouy" for c in low)


def _signed_lower(text: str, start: int, end: int, r: Rules, meds) -> bool:
    """Round 16 (set P, spent, the lite tier: "Thanks,\nheming", "Regards,\nyousong"): one
    lower-case word alone on its line under a closing line is the signer's name when it is no
    ordinary, function or address word or medication ("Thanks,\nping" stays), or (round 20)
    after a closing and its comma, closing the line ("Regards, kaiwan.").  Not under a
    delimiter line, where such a word is as often a firm or a handle ("--\nacme"), unless (round 30,
    sets AE and W, spent, the lite tier: "--\nhexue") it reads as a pinyin given name."""
    low = text[start:end]
    if not _lower_word(low, r, meds):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    if r.closing_comma.fullmatch(_line_before(text, start)) and _AFTER_CLOSING.match(text, end):
        # round 20 (set W, spent, the lite tier: "Regards, kaiwan."): after it on its line, no
        # verb's form ("thanks, appreciated!"; signed alone on the next line, "heming" is a name)
        return not _inflected(low)
    if not line_start or not _alone_on_line(text, start, end):
        return False
    # a closing may span lines ("Best\nregards,")
    return r.under_closing.search(text, 0, line_start) is not None \
        or pinyin.given_name(low) and _under_delimiter(text, start, r)


def _lower_word(low: str, r: Rules, meds) -> bool:
    """A lower-case word of three letters or more that may be a name a person writes so: no
    ordinary, function or no-name word, no bot or tool (round 27: "Thanks,\nlkp") and no medication
    (``_signed_lower``, ``_greeted_lower``)."""
    return low.isalpha() and low.islower() and len(low) >= 3 and low not in common_words() \
        and low not in r.no_name_words and low not in r.not_credited and low not in meds


def _camel_listed(value: str, r: Rules) -> bool:
    """Round 14 (set N, spent: "-RaviTeja"): a given name written as two capitalised parts run
    together is a name when the first is a listed first name and the second no ordinary word
    or tool ("JoAnne", "RaviTeja"; "MarkDown", "BobCat" are none); round 18 (set S, spent:
    "-JimC"): or a listed first name and one capital, its surname's initial run on."""
    m = _CAMEL.fullmatch(value)
    if m is None:
        m = _INITIAL_RUN.fullmatch(value)
        return m is not None and (m[1].lower() in first_names() or m[1].lower() in r.extra_first_names)
    head, tail = m[1].lower(), m[2].lower()
    return (head in first_names() or head in r.extra_first_names) and tail not in common_words() \
        and value.lower() not in r.not_credited


def _greeted(text: str, start: int, end: int, r: Rules, meds, spans: list) -> bool:
    """Round 12 (set K dev, the lite tier's misses: "Hi Shamih.", "Thanks Kleis"): one capitalised
    word of four letters or more (round 14, set N spent: three, "Hi Olo,") that no first-name
    list holds, right after a greeting or closing opening its line and closing the line or
    before punctuation (round 14: or before "and" and a second name), is a name when it is no
    ordinary word, tool, place, address or function word, role or medication (the full tier's
    NER read these; "Hi Team,", "Thanks Google!", "Best Practices" stay), and the full tier's NER
    has no other reading of it (a place stays a place)."""
    value = text[start:end]
    low = value.lower()
    bare = value.replace("\ufffd", "")  # round 14: a lost letter is a letter
    # round 34 (set AW, spent, the lite tier: "Hi Tzung-Bi,"): a hyphen between capitalised parts
    # (round 36: or a lower-case syllable after it, ``_syllable_head``)
    if len(bare) < 3 or not (bare.istitle() or _syllable_head(bare, r).istitle()) or not _hyphenated_word(bare) \
            or _goes_on(text, start, end, r) \
            or any(s.start < end and start < s.end for s in spans):
        return False
    common = common_words()
    # a plural is an address to a group ("Hi Xperts,", "Best Practices"): an ordinary word's, or
    # any "s" after a consonant or in "-ies" ("Kleis", "Tasos" keep their vowel)
    if low[-1] == "s" and (low[:-1] in common or low[-2] not in "aeiouy" or low.endswith("ies")) or low in r.not_credited or low in r.credit_words.places or low in r.no_name_words \
            or low in r.roles or low in meds or _near_closing(low, r) or low in r.closing_set:
        return False
    before = _line_before(text, start).rstrip("\"“‘@")  # round 18: 'Hi "Vishal,'; round 30: "Dear @Ann,"
    if low in common:
        # round 24 (set AB, spent: "Thanks for the details, Zorro!"): or closing a thanks for something;
        # round 31 (set AN, spent: "Sure. Thanks Zorro."): or a thanks in mid-line (``_thanks_closed``)
        return _vocative(before, low, r) or (r.thanked_for.search(before) is not None or _thanks_closed(text, end, before, r)) \
            and low not in r.vocative_not and not _group_word(low) and not _inflected(low)
    # round 14: the second of two greeted ("Hello Tamsin and Oyelaran,") is judged as the first,
    # when it is no ordinary word ("Hi Anna and Welcome," stays)
    return r.after_greeting.search(before) is not None or _thanked(text, end, before, low, r) \
        or r.thanked_for.search(before) is not None \
        or not _inflected(low) and r.after_greeting.search(_BANG_END.sub("", before)) is not None \
        or r.after_greeting.search(_AND_BEFORE.sub("", before)) is not None \
        or _thanks_closed(text, end, before, r)  # (the _AND_BEFORE reading: not "Hi, " stripped)


def _syllable_head(value: str, r: Rules) -> str:
    """Round 36 (set BE, spent: "Hi Jin-woo,"): the first part of a given name and a lower-case
    syllable of two to five letters joined by a hyphen, as Korean and Chinese given names are
    often written, the syllable a listed first name or a pinyin syllable ("Samba-team" and the
    interjection "Ah-ha" are none), or "" for any other word."""
    head, dash, tail = value.partition("-")
    if not (dash and tail.isalpha() and tail.islower() and 2 <= len(tail) <= 5) or head.lower() in r.no_name_words:
        return ""
    return head if tail in first_names() or pinyin.syllables(tail) == 1 else ""


def _syllable_listed(value: str, r: Rules) -> bool:
    """Round 36: such a name whose capitalised part is a listed first name ("Jin-woo")."""
    head = _syllable_head(value, r)
    return head.istitle() and (head.lower() in first_names() or head.lower() in r.extra_first_names)


def _hyphenated_word(word: str) -> bool:
    """Letters alone, or parts of two letters or more joined by hyphens ("Tzung-Bi")."""
    return all(len(p) >= 2 and p.isalpha() for p in word.split("-")) if "-" in word else word.isalpha()


def _thanks_closed(text: str, end: int, before: str, r: Rules) -> bool:
    """Round 30 (set AK, spent, the lite tier: "Yes it does. Thanks Hillf."): a thanks opening a
    sentence in mid-line, then the word, closing the sentence or the line; round 31 (sets AN and
    AO, spent, the lite tier: "Applied, thanks Kamalesh.", "Good catch and thanks Milind, I will"):
    or a thanks after a short clause (``Rules.thanks_alone``)."""
    return r.thanks_alone.search(_SENTENCE.split(before)[-1]) is not None and _CLOSED.match(text, end) is not None


_COMMA_END = regex.compile(r"[ \t]*,[ \t\r]*(?:\n|\Z)")
_DOTTED = regex.compile(r"(?:\p{Lu}\.){2,3}")  # round 36: "J.H."


def _greeted_initials(text: str, start: int, end: int, r: Rules) -> bool:
    """Round 29 (set AH, spent: "Hello CK,"): two capitals greeted, then a comma closing the line,
    are a person's initials (as "Thanks,\nCK" signed, round 23); no address word or bot; round 36
    (set BE, spent: "Hi J.H.,"): or two or three initials, each with its dot."""
    value = text[start:end]
    low = value.replace(".", "").lower()
    shape = len(value) == 2 and value.isupper() or _DOTTED.fullmatch(value) is not None
    return shape and _COMMA_END.match(text, end) is not None \
        and r.after_greeting.search(_line_before(text, start)) is not None \
        and not (low in r.no_name_words or low in r.not_credited or low in r.roles or low in r.greeted_codes)


def _goes_on(text: str, start: int, end: int, r: Rules) -> bool:
    """Whether a sentence goes on after a greeted word (``_followed_by_word``), not a second greeted
    name after "and" (round 14), "and all" (round 16), a surname (round 19, ``_surname_after``),
    a dash closing the line or "for" after a thanks (round 19: "Hi Yihao-", "thanks Hellwig for"),
    or (round 34, set AV spent, the lite tier: "Hi Jagath - and thanks!") a spaced dash and a new
    clause in lower case."""
    if not _followed_by_word(text, start, end, r) or _AND_NAME.match(text, end) or _and_all(text, end, r) \
            or _surname_after(text, end, r, start) > end or _DASH_END.match(text, end) or _DASH_CLAUSE.match(text, end):
        return False
    thanks = _line_before(text, start).strip().lower()
    return not (thanks in r.thanks_words and _FOR_AFTER.match(text, end))


def _and_all(text: str, end: int, r: Rules) -> bool:
    """Round 16 (set P, spent, the lite tier: "Hello Alexsander and people,"): the greeted name
    goes on with "and" and a word addressing everyone, closing the greeting."""
    m = r.and_group.match(text, end)
    return m is not None and (m[1] in r.vocative_not or m[1] in r.not_names)


def _thanked(text: str, end: int, before: str, low: str, r: Rules) -> bool:
    """Round 15 (set O, spent, the lite tier: "Sathyan, thanks for the ...", "Well, Guenter,
    thank you"): the word opening its line, or after an opener, before a comma and a thanks."""
    if r.thanked_after.match(text, end) is None or r.thanked_opener.fullmatch(before) is None:
        return False
    # "Dropped, thanks!", "Haha, thanks": a verb's form or a laugh, no person
    return low not in r.vocative_not and not _inflected(low)


def _inflected(low: str) -> bool:
    """An "-ed" or "-ing" form of an ordinary word ("dropped", "queued", "applied", "testing")."""
    common = common_words()
    if low.endswith("ied") and low[:-3] + "y" in common:
        return True
    for ending in ("ed", "ing"):
        stem = low[: -len(ending)]
        if low.endswith(ending) and (stem in common or stem + "e" in common
                                     or len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in common):
            return True
    return False


def _vocative(before: str, low: str, r: Rules) -> bool:
    """Round 13 (sets L and M, spent: "Hi Glyph.", "Thanks Glyph!", "Hey Blanc,"): an ordinary word
    in ``_greeted``'s position is a name when a greeting, not a closing, opens the line before it
    and it is none of ``vocative_not_names`` ("Thanks again!", "Hi There,") nor (round 14) a
    plural addressing a group (``_group_word``): people who sign with
    a word are greeted by it, and an address to no one is a short, known list."""
    return low not in r.vocative_not and not _group_word(low) and r.after_vocative.search(before) is not None


def _group_word(low: str) -> bool:
    """Round 14 (set N, spent: "Hi Experts,", "Dear Lists,"): the plural of an ordinary word that
    no name list holds addresses a group, no one person (the full tier's NER guessed PERSON)."""
    if not low.endswith("s") or low in first_names() or low in surnames():
        return False
    return credits.plural_of(low, common_words())


def _surname_after(text: str, end: int, r: Rules, start: int) -> int:
    """Round 17 (set Q, spent, the lite tier: "Hello Ann ROE,"): where a greeted name ends when a
    surname in capitals follows it before punctuation or the line's end: a listed surname or a
    word of five letters or more that reads as one (``credits.pronounceable``, no ordinary word),
    never a function word, tool or no-name word ("Hi Ann FYI,", "Hi Ann ASAP," keep theirs);
    round 19 (set T, spent, the lite tier: "Hi Tevita Okafor,"): or a capitalised listed surname
    that is no ordinary word ("Hi Ann Brown," leaves "Brown" to the NER); round 30 (sets T and Y,
    spent, the lite tier: "Hi Geliang Tang,"): or one pinyin syllable after a pinyin given name
    (``pinyin.given_name``; the word from ``start``)."""
    m = _SURNAME_AFTER.match(text, end)
    if m is None:
        return end
    low = m[1].lower()
    if r.no_name(low):
        return end
    if m[1].istitle() and pinyin.syllables(low) == 1 and pinyin.given_name(text[start:end]):
        return m.end(1)
    if not m[1].isupper():
        # round 31 (set AN, spent, the lite tier: "Hi Mark Brown, Ann,"): an ordinary word too, after
        # a listed first name, before a comma
        listed = text[start:end].lower() in first_names() and _COMMA_AFTER.match(text, m.end(1)) is not None
        return m.end(1) if low in surnames() and (listed or low not in common_words()) else end
    return m.end(1) if low in surnames() or len(low) >= 5 and credits.pronounceable(m[1]) \
        and low not in common_words() else end


# round 32: one to three capitalised words, then a comma or colon closing the line
_NAMES_TO_COMMA = regex.compile(r"((?:[ \t]+\p{Lu}\p{Ll}+){1,3})[ \t]*[,:][ \t\r]*(?:\n|\Z)")


def _names_to_comma(text: str, start: int, end: int, r: Rules) -> int:
    """Round 32 (set AS, spent, the lite tier: "Hello Stefan Binding,", "Hello Michael Sit Wei
    Hong,"): where a greeted name ends when a greeting opens its line, the name is a listed first
    name that is no ordinary word, and one to three capitalised words and a comma or colon close
    the line after it: the whole is the name, ordinary words too, unless one is a function,
    no-name, address or group word, a role or a tool ("Hi Ann Team,", "Hello Ann Maintainers,")."""
    m = _NAMES_TO_COMMA.match(text, end)
    low = text[start:end].lower()
    if m is None or low not in first_names() or low in common_words() \
            or r.after_vocative.search(_line_before(text, start)) is None:
        return end
    if any(r.no_name(w) or _group_word(w) for w in m[1].lower().split()):
        return end
    return m.end(1)


def _thanks_interjection(text: str, start: int, end: int, r: Rules) -> bool:
    """Round 32 (set AS, spent: "Thanks, fine for me!", "Thanks, nice."): a lower-case word that
    addresses no one (``vocative_not_names``: an interjection, "fine", "nice") right after a
    thanks opening its line or a sentence is that word, whatever the first-name list holds, at a
    sentence's end too (round 27 took it only before another word)."""
    value = text[start:end]
    if not (value.islower() and value in r.vocative_not):
        return False
    return _SENTENCE.split(_line_before(text, start))[-1].strip(" \t,").lower() in r.thanks_words


def _honorific(text: str, start: int, end: int, r: Rules) -> int:
    """Round 18 (set R, spent: "Hi Iwai-san,", "... you do Sakamoto-Sensei!"): where a capitalised
    word and an honorific run on to it by a hyphen end (``honorific_suffixes``), or 0: a person
    whatever the name lists hold."""
    value = text[start:end]
    head, _, tail = value.partition("-")
    if not head.isalpha() or not head.istitle():
        return 0
    if tail:
        return end if tail.lower() in r.honorifics else 0
    m = r.honorific_after.match(text, end)
    return m.end() if m is not None else 0


def _greeted_lower(text: str, start: int, end: int, r: Rules, meds) -> bool:
    """Round 17 (sets O-Q dev: "Hi tevita,"): one lower-case word right after a greeting opening
    its line and before a comma, "!" or ":" is the greeted person's name as they write it when it
    is no ordinary, function, no-name or group word, greeting of any language (``any_greeting``)
    or word that greets no one (``vocative_not_names``; "hi all,", "hallo zusammen,"), nor a
    verb's form ("thanks, appreciated!")."""
    low = text[start:end]
    if not _lower_word(low, r, meds) or low in r.vocative_not or low in r.any_greeting or _group_word(low) \
            or r.no_name(low) or _inflected(low):
        return False
    before = _line_before(text, start)
    # round 19 (set U, spent: "Hi, kuai"): or the line's end after a comma-set greeting ("Dear maintener" stays)
    # round 31 (set AN, spent: "Hi, tejun."): or its full stop or "!" closing the line
    closed = _GREETED_PUNCT.match(text, end) is not None \
        or before.rstrip().endswith(",") and _STOP_LINE_END.match(text, end) is not None
    return closed and r.after_vocative.search(before) is not None


def _pair_name(parts: list[str], r: Rules, meds) -> bool:
    """Round 17: two signers joined by "&" or "and" ("thanks,\\nann & nitesh", split in words):
    no word a tool, address, no-name word, role or medication; one signer's first word a listed
    first name, the other's too or no ordinary word ("Sales & Marketing" is none)."""
    first, extra, common = first_names(), r.extra_first_names, common_words()
    at = next(i for i, w in enumerate(parts) if w in ("&", "and"))
    left, right = parts[:at], parts[at + 1:]
    if any(r.no_name(w, meds) for w in left + right):
        return False
    listed = [p[0] in first or p[0] in extra for p in (left, right)]
    return all(listed) or any(listed) and all(ok or p[0] not in common for ok, p in zip(listed, (left, right)))


def _caps_name(parts: list[str], r: Rules, meds) -> bool:
    """Round 17: a signature in capitals ("--\\nLORENZO BASSANI", split in words): no function,
    no-name word, tool, role or medication; its first word a listed first name and every later
    word a listed surname or no ordinary word ("--\\nANNA UNIVERSITY" is none), or (round 18) a
    surname in capitals that is no ordinary word before a listed first name ("--\\nTANAKA Aiko");
    round 32: past a title ("MRS", ``signature_titles``) before two names."""
    first, extra, common = first_names(), r.extra_first_names, common_words()
    if len(parts) > 2 and parts[0].rstrip(".") in r.titles:
        parts = parts[1:]  # round 32 (set AR, spent: "Sincerely,\nMRS ANN ROE"): a title in capitals
    if any(r.no_name(w, meds) for w in parts):
        return False
    if parts[0] in first or parts[0] in extra:
        return all(w in surnames() or w not in common for w in parts[1:])
    return len(parts) == 2 and (parts[1] in first or parts[1] in extra) and parts[0] not in common


# kinds whose find is judged on its own words first, then taken as a signature
_JUDGED = {"signature_dash": _dash_name, "signature_paren": _dash_name, "signature_pair": _pair_name,
           "signature_caps": _caps_name}


def _widen(spans: list, start: int, end: int) -> list:
    """One PERSON span over ``start:end`` and every PERSON, LOCATION or NRP span it overlaps
    ("Thanks <PERSON> Santana" -> the whole credited name), and a URL guess wholly inside it;
    other spans it overlaps stay and the name is then left to them."""
    over = [s for s in spans if s.start < end and start < s.end]
    # round 7: a URL guess wholly inside the credited name holds only its letters ("spotted by
    # P.S.S.Camp": ".Cam" is a top-level domain): the name takes it, nothing is left in clear
    if any(s.entity not in _TARGETS and not (s.entity == "URL" and start <= s.start and s.end <= end) for s in over):
        return spans
    lo, hi = min([start] + [s.start for s in over]), max([end] + [s.end for s in over])
    return [s for s in spans if s not in over] + [Span(lo, hi, "PERSON", 0.6)]
