"""Names in sign-off, greeting, signature and credit positions (issue 17), for both tiers: a
first name after a dash or a closing ("works well. - Grace", "Thanks, Will"), opening a
greeting ("Hi June,"), any capitalised name under a closing ("Regards,\\nNorm"), words in a
caseless script there ("谢谢，\\n王伟"), and thanks or authorship credits ("thanks to Paul
Smith", ``credits.py``).  Rules and phrases are data (``data/signoffs.yaml``, read from its
JSON twin; first names the gazetteer lacks in ``data/extra_first_names.txt``); the patterns
are compiled on the first free text that needs them.

The server runs ``signoff_names`` as a span filter over its NER and pattern spans
(``veil.anonymize.text.context``, with its medication lexicon as ``meds``); the lite tier runs
it over its own spans (``lite_engine``), so a name in these positions does not leave a
device in clear.

Invariant: only PERSON spans are added or widened, and the only spans removed are one-word
PERSON guesses that are bots, function or address words ("Hi can any body help", "Cheers
mate") and LOCATION/NRP guesses a signature name replaces, so no pattern finding (e-mail,
card, phone...) is undone.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from . import credits, datafiles
from .credits import phrase_alternation as _alternation
from .gazetteer import common_words, first_names
from .spans import Span
from .wordlists import word_set

_TARGETS = ("PERSON", "LOCATION", "NRP")
# a name as written at the start of a sentence, or in any case where the position says it
_NAME = r"(\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}]+)?)"
_NAME_ANY = r"(\p{L}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}]+)?)"
_LINE_START = r"(?:^|(?<=\n))[ \t\r]*"


class Rules:
    """The compiled sign-off rules (``rules()``): one object per process."""

    def __init__(self, names: dict):
        self.names = names
        self.signoff_end = _signoff_end(names)
        self.greeting_start = _greeting_start(names)
        self.signature = _signature(names)
        self.caseless = _caseless_signature(names)
        self.trailer_end = regex.compile(r"(?:" + "|".join(names["trailers"]) + r")[ \t]*[.!]*[ \t\r]*(?:\n|\Z)")
        # round 6: or after an opening quote, backtick or bracket ('the message "Hello World"')
        openers = regex.escape(names.get("greeting_openers", ""))
        self.after_greeting = regex.compile(r"(?i)(?:^|(?<=\n)" + (r"|(?<=[" + openers + r"])" if openers else "")
                                            + r")[ \t]*(?:" + _alternation(
            names["greetings"] + names["greetings_punct"] + names["closings"]) + r")[ \t,]*\Z")
        self.intro_after = regex.compile(r"(?i)[ \t]+(?:" + _alternation(names["intro_after"]) + r")(?![\w'’])")
        # a caseless closing is no name either ("Regards,\n谢谢")
        self.not_names = frozenset(w.lower() for w in names["not_names"] + names.get("closings_caseless", []))
        self.function_words = frozenset(w.lower() for w in names["function_words"])
        self.not_credited = frozenset(w.lower() for w in names["not_credited"])
        self.credits = credits.patterns(names, names["closings"])
        # round 6: blanks other than a space read as one ("Many\u00a0thanks\u00a0to\u00a0Paul" in HTML)
        self.blanks = {ord(c): " " for c in names.get("other_blanks", "")}


def spec() -> dict:
    """``data/signoffs.yaml`` as read, other languages' closings and greetings counted with the
    English ones ("Gruß, Jan", "Hola Pablo,")."""
    names = datafiles.load("signoffs")
    return dict(names, closings=names["closings"] + names.get("closings_other", []),
                greetings=names["greetings"] + names.get("greetings_other", []))


@lru_cache(maxsize=1)
def rules() -> Rules:
    return Rules(spec())


def extra_first_names() -> frozenset[str]:
    """First names the gazetteer lacks (``data/extra_first_names.txt``: "norm", "kwame")."""
    return word_set("extra_first_names", lower=True)


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
    """A name under a closing after a comma or a line break ("Regards,\\nNorm", "Cheers, Dale
    Fletcher", "Thanks,\\nDr. R. K. Sharma"), under a "-- " delimiter line, or after "Dear" and
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
    break ("谢谢，\\n王伟", "Thanks, 王伟", "شكرا،\\nأحمد", "—— 李明").  Why a rule of its own: the
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


def _followed_by_word(text: str, start: int, end: int, r: Rules) -> bool:
    """Another word follows (not punctuation, a line end, "here" as in "Will here."), and the
    name is no "@" mention."""
    if text[start - 1 : start] == "@" or regex.match(r"[ \t]*(?:[,!:;.?)]|\r?\n|\Z)", text[end : end + 4]):
        return False
    if r.trailer_end.match(text, end):  # "Will x", "Will :)" closing the line: a trailer, no word
        return False
    return not r.intro_after.match(text, end)


def _found(text: str, r: Rules) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the names the sign-off, greeting, signature (caseless scripts too) and
    credit patterns find: kind "frame" (a listed first name needed), "signature", or a ``credits``
    kind."""
    pats = [(r.signoff_end, "frame"), (r.greeting_start, "frame"), (r.signature, "signature"),
            (r.caseless, "signature")]
    pats += [(p, kind) for kind, p in r.credits.items()]
    return [(m.start(g), m.end(g), kind) for pat, kind in pats
            for m in pat.finditer(text) for g in range(1, pat.groups + 1) if m.start(g) >= 0]


def _no_name_word(text: str, span, r: Rules) -> bool:
    """A one-word PERSON span that is an address word in lower case after a greeting or
    closing ("Cheers mate"), a function word before another word ("Hi will this work"), or a
    capitalised ordinary word that no first-name list holds ("Hello, Click!")."""
    value = text[span.start : span.end]
    low = value.lower()
    if " " in value.strip():
        return False
    listed = low in r.not_names or low in r.function_words
    if not listed and not (value.istitle() and low in common_words()):
        return False
    line = text.rfind("\n", 0, span.start) + 1
    if not r.after_greeting.search(text[line : span.start]):
        return False
    if not listed:  # round 6: an ordinary word no first-name list holds ("Hello, Click!"; not "Hi Rose,")
        return not (low in first_names() or low in extra_first_names())
    # an address word in any case: "Hello, World!" is no more a person than "hello world"
    return low in r.function_words and _followed_by_word(text, span.start, span.end, r) \
        or low in r.not_names


def _bots_only(text: str, span, bots) -> bool:
    """A PERSON guess wholly of bot, tool or organisation words ("Lintian", "Debian Reproducible")."""
    words = text[span.start : span.end].lower().split()
    return bool(words) and (" ".join(words) in bots or all(w in bots for w in words))


def signoff_names(text: str, spans: list, meds=frozenset()) -> list:
    """Add PERSON spans for first names in sign-off, greeting and address positions, and for any
    capitalised name in a signature; drop one-word PERSON guesses that are function or address
    words after a greeting ("Hi can any body help", "Cheers mate").  ``meds``: lower-case
    medication names, never a name here (the server's lexicon; the lite tier has none)."""
    r = rules()
    text = text.translate(r.blanks)  # one character for one: the offsets stay
    bots = r.not_credited
    out = [s for s in spans if not (s.entity == "PERSON" and (_no_name_word(text, s, r) or _bots_only(text, s, bots)))]
    found = _found(text, r)
    if not found:
        return out

    first, extra = first_names(), extra_first_names()
    common, words = common_words(), r.not_names | r.function_words
    for start, end, kind in found:
        low = text[start:end].lower()
        if kind in r.credits:
            if credits.accept(text[start:end], kind, r.names, first, extra, common, words, meds) \
                    and not credits.organisation_follows(text, end, r.names):
                out = _widen(out, start, end)
            continue
        head = low.split()[0]
        if head in r.not_names or low in meds or head in r.function_words and _followed_by_word(text, start, end, r) \
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
