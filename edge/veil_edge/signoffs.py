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

Invariant: only PERSON spans are added or widened, and the only spans removed are PERSON
guesses these rules judge no name (bots, tools and organisations with no listed name in
them, function or address words after a greeting: "Hi can any body help", "Cheers mate",
bullet items of unlisted words) and LOCATION/NRP guesses a signature name replaces or that
lie wholly inside an address role after "Dear" (round 9: "Dear Maintainer,"), so no
pattern finding (e-mail, card, phone...) is undone; the one other span a name takes in is a URL guess wholly inside a
credited name ("P.S.S.Camp"), which the wider PERSON span still removes.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache

import regex

from . import credits, datafiles
from .credits import phrase_alternation as _alternation
from .gazetteer import common_words, first_names, nationality_words, surnames
from .spans import Span
from .wordlists import word_set

_TARGETS = ("PERSON", "LOCATION", "NRP")
# a name as written at the start of a sentence, or in any case where the position says it
_NAME = r"(\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}]+)?)"
_NAME_ANY = r"(\p{L}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}]+)?)"
# round 10: ``_NAME_ANY``, or it and a lower-case word ("regards, tom lane"), not kisses ("grace xx")
_NAME_TWO = r"(\p{L}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}]+)?(?:[ \t]+(?![xX]{1,4}(?!\p{L}))\p{Ll}[\p{Ll}'’]+)?)"
_LINE_START = r"(?:^|(?<=\n))[ \t\r]*"
# round 12: a letter's escape written out in text: a JSON or Python "\\u017e", "\\xe9", an HTML
# entity "&#382;" "&#x17e;" "&eacute;", quoted-printable "=C5=BE"; only escapes past ASCII, and
# only the entities of accented letters ("=20", "&nbsp;", "&amp;" join no words)
_ESCAPE = (r"(?:\\u(?!00[0-7])[0-9a-fA-F]{4}|\\x[89a-fA-F][0-9a-fA-F]|&#(?:[1-9][0-9]{2,4}|[xX][0-9a-fA-F]{2,4});"
           r"|&[a-zA-Z](?:acute|grave|circ|tilde|uml|ring|cedil|caron|slash|ogon|dot|stroke);|&(?:szlig|eth|thorn);"
           r"|=[89A-F][0-9A-F])")
_RUN = regex.compile(r"\w+")  # words, as the patterns bound their phrases: whole runs of word characters
_ASCII_RUN = re.compile(r"\w+")  # the same on ASCII text, faster
# ASCII text as bytes: upper case to lower, every non-word byte to a blank (``_words``)
_ASCII_FOLD = bytes((c + 32 if 65 <= c <= 90 else c) if chr(c).isalnum() or c == 95 else 32 for c in range(256))
_CLOSED = regex.compile(r"[ \t]*(?:[,!:;.?)]|\r?\n|\Z)")  # punctuation or a line end after a name
# a capitalised word opening a line before ", ": the bare "Grace, ..." opening of ``greeting_start``
_LINE_COMMA = regex.compile(_LINE_START + r"\p{Lu}[^\s,]*,[ \t]", regex.MULTILINE)
_ASCII_LINE_COMMA = re.compile(r"(?:^|(?<=\n))[ \t\r]*[A-Z][^\s,]*,[ \t]", re.MULTILINE)  # the same on ASCII
# round 11: a bracket closing a line or before an issue reference, the ``signature_paren`` cue
_PAREN_END = re.compile(r"\)[ \t]*(?:[.,;]?[ \t\r]*(?:\n|\Z)|\\?\[#?\d|\(#\d|#\d)")
_FRAME_KINDS = ("frame", "signature", "signature_tail", "signature_dash", "signature_paren")  # every other kind ``_found`` gives is a ``credits`` kind
# (pattern, kind), in the order their finds are judged: a ``Rules`` attribute for the frame
# kinds, a ``credits.patterns`` key for the others
PATTERNS = (("signoff_end", "frame"), ("greeting_start", "frame"), ("signature", "signature"),
            ("signature_tail", "signature_tail"), ("signature_dash", "signature_dash"), ("signature_paren", "signature_paren"), ("caseless", "signature"), ("credit", "credit"), ("credit_one", "credit_one"), ("credit_lower", "credit_lower"), ("possessive", "possessive"), ("bang", "bang"),
            ("mail", "mail"), ("dash", "dash"), ("bracket", "bracket"))


def _first_words(phrases: list[str]) -> frozenset[str]:
    """The first word of each phrase, case-folded: where a phrase matches, that word is a whole
    run of word characters in the text (every pattern bounds a phrase by non-word characters
    and its words by blanks), so a match of a phrase starts where such a word does."""
    return frozenset(_RUN.findall(p.casefold())[0] for p in phrases)


class Rules:
    """The sign-off rules (``rules()``, one object per process): the phrase sets at once, each
    pattern compiled when a text first gets past its cue check (``_starts``), so a device whose
    texts never hold a dash or a closing never compiles those patterns."""

    def __init__(self, names: dict):
        self.names = names
        # a caseless closing is no name either ("Regards,\n谢谢")
        self.not_names = frozenset(w.lower() for w in names["not_names"] + names.get("closings_caseless", []))
        self.function_words = frozenset(w.lower() for w in names["function_words"])
        self.not_credited = frozenset(w.lower() for w in names["not_credited"])
        self.languages = frozenset(w.lower() for w in names.get("language_words", []))
        self.no_name_words = self.not_names | self.function_words
        self.roles = frozenset(w.lower() for w in names.get("address_roles", []))
        # round 13: words that close a greeting and address no one (``_vocative``)
        self.vocative_not = frozenset(w.lower() for w in names.get("vocative_not_names", []))
        # round 9: every closing, blanks as one space, case-folded (``_closing_alone``)
        self.closing_set = frozenset(" ".join(c.casefold().split())
                                     for c in names["closings"] + names.get("closings_caseless", []))
        # round 12: its one-word closings of six letters or more (``_near_closing``)
        self.closing_words = frozenset(c for c in self.closing_set if " " not in c and len(c) >= 6)
        self.credit_words = credits.Words(names)
        # where a phrase can start a match (``_starts``)
        self.closing_first = _first_words(names["closings"])
        self.caseless_first = _first_words(names["closings"] + names["closings_caseless"])
        self.credit_first = _first_words(names["credit_cues"])
        self.greeting_first = _first_words(names["greetings"] + names["greetings_punct"] + names["intro_after"])
        self.keys = {"closing": self.closing_first, "credit": self.credit_first, "caseless": self.caseless_first,
                     "greeting": self.greeting_first, "dear": "dear",
                     "possessive": _first_words(names.get("possessive_credit_nouns", []))}
        self.ascii_keys = {name: frozenset(w.encode() for w in words if w.isascii()) if name != "dear" else b"dear"
                           for name, words in self.keys.items()}
        self.mail_delimiters = tuple(names["mail_signoff_delimiters"])
        self.mail_headers = tuple(h.lower() for h in names.get("mail_headers", []))
        self.delimiters = tuple(names["signature_delimiters"])
        # any character a dash or line dash starts with: the cheap test before ``dash_at``
        self.dash_char = re.compile("[" + "".join(sorted({re.escape(d[0]) for d in names["dashes"]
                                                          + names.get("line_dashes", [])})) + "]")
        # blanks other than a space read as one ("Many\u00a0thanks\u00a0to\u00a0Paul" in HTML)
        self.blanks = {ord(c): " " for c in names.get("other_blanks", "")}

    @cached_property
    def dash_at(self):
        """A dash no word character or apostrophe precedes, or a line dash at a line start or
        after a blank: where the dash branches of ``signoff_end`` and ``caseless`` and the
        ``dash`` credit start."""
        dashes = "".join(sorted({regex.escape(d[0]) for d in self.names["dashes"]}))
        line_dashes = "|".join(regex.escape(d) for d in self.names.get("line_dashes", [])) or r"(?!)"
        return regex.compile(r"(?<![\w'’])[" + dashes + r"]|(?:^|(?<=[ \t\n]))(?:" + line_dashes + r")",
                             regex.MULTILINE)

    @cached_property
    def extra_first_names(self) -> frozenset[str]:
        return extra_first_names()

    @cached_property
    def signoff_end(self):
        return _signoff_end(self.names)

    @cached_property
    def greeting_start(self):
        return _greeting_start(self.names)

    @cached_property
    def signature(self):
        return _signature(self.names)

    @cached_property
    def signature_tail(self):
        return _signature(self.names, tail=True)

    @cached_property
    def header_at(self):
        return regex.compile(r"(?<![\w'’])(?i:" + _alternation(list(self.mail_headers)) + r"):")

    @cached_property
    def signature_paren(self):
        return _signature(self.names, paren=True)

    @cached_property
    def signature_dash(self):
        return _signature(self.names, dash=True)

    @cached_property
    def caseless(self):
        return _caseless_signature(self.names)

    @cached_property
    def part_of_speech(self):
        """Round 10: a part of speech in brackets after a word ("PLEELEY (adj.)"): a headword."""
        marks = self.names.get("part_of_speech_marks", [])
        return regex.compile(r"[ \t]*\((?i:" + (_alternation(marks) or r"(?!)") + r")\)")

    @cached_property
    def delimiter_lines(self) -> frozenset[str]:
        return frozenset(d.strip() for d in self.delimiters)

    @cached_property
    def trailer_end(self):
        return regex.compile(r"(?:" + "|".join(self.names["trailers"]) + r")[ \t]*[.!]*[ \t\r]*(?:\n|\Z)")

    @cached_property
    def after_greeting(self):
        n = self.names
        return regex.compile(r"(?i)(?:^|(?<=\n))[ \t]*(?:" + _alternation(
            n["greetings"] + n["greetings_punct"] + n["closings"]) + r")[ \t,]*\Z")

    @cached_property
    def after_vocative(self):
        """Round 13: a greeting of ``vocative_greetings`` opening its line, then blanks or a comma
        (``_vocative``); no closing, so "Best Practices" is none."""
        greetings = self.names.get("vocative_greetings", [])
        return regex.compile(r"(?i)(?:^|(?<=\n))[ \t]*(?:" + (_alternation(greetings) or r"(?!)") + r")[ \t,]*\Z")

    @cached_property
    def after_greeting_quoted(self):
        """``after_greeting``, or after an opening quote, backtick or bracket ('the message
        "Hello World"'): only address words are judged there, never a first name."""
        n, openers = self.names, regex.escape(self.names.get("greeting_openers", "")) or r"(?!)"
        return regex.compile(r"(?i)(?:^|(?<=\n)|(?<=[" + openers + r"]))[ \t]*(?:" + _alternation(
            n["greetings"] + n["greetings_punct"] + n["closings"]) + r")[ \t,]*\Z")

    @cached_property
    def intro_after(self):
        return regex.compile(r"(?i)[ \t]+(?:" + _alternation(self.names["intro_after"]) + r")(?![\w'’])")

    @cached_property
    def credits(self) -> dict:
        return credits.patterns(self.names, self.names["closings"])


def spec() -> dict:
    """``data/signoffs.yaml`` as read, other languages' closings and greetings counted with the
    English ones ("Gruß, Jan", "Hola Pablo,") and software names with the bots and organisations
    never credited ("inspired by Java")."""
    names = datafiles.load("signoffs")
    return dict(names,
                closings=names["closings"] + names.get("closings_other", []) + names.get("closings_informal", []),
                not_names=names["not_names"] + names.get("address_roles", []),
                greetings=names["greetings"] + names.get("greetings_other", []),
                not_credited=names["not_credited"] + names.get("not_credited_software", []),
                credit_cues=names["credit_cues"] + names.get("credit_cues_one_word", []))


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
        # round 10: or a lower-case first name and surname ("regards, tom lane"), judged in
        # ``signoff_names`` (a listed first name, then a listed surname; kisses stay a trailer)
        + r"|(?i:(?<![\w'’])(?:" + _alternation(names["closings"]) + r"))(?![\w'’])[ \t]*[,.!]*(?:[-–—/](?=\p{L}))?\s*" + _NAME_TWO + end
        # a capitalised name alone on the last line of the text ("...\n\nGrace"): a signature
        + (r"|(?<=\n)[ \t\r]*" + _NAME + trail + r"[ \t]*[.!]*\s*\Z" if names.get("lone_last_line") == "capitalised" else "") + ")",
        regex.MULTILINE)


def _signature(names: dict, tail: bool = False, dash: bool = False, paren: bool = False):
    """A name under a closing after a comma or a line break ("Regards,\\nNorm", "Cheers, Dale
    Fletcher", "Thanks,\\nDr. R. K. Sharma"), under a "-- " delimiter line, or after "Dear" and
    before a comma: capitalised, up to three words, closing its line.  ``tail`` (round 10): two
    or three words under a delimiter line, then a comma or a dash and a capitalised role or firm
    on the same line ("--\\nLuiz Felipe Ceglia - Staff Acme", "--\\nPeter Aherne, Software
    Engineer"), judged in ``signoff_names`` by its first word."""
    # round 8: a replacement character (U+FFFD) stands for a lost letter; after the first word a
    # surname may be written in capitals, three letters or more ("--\nOlivier BERGER"); round 10:
    # a word may hold one inner capital ("B.K. DeLong", "Chris VanOosterhout")
    # round 12 (set K dev: "Thanks\nDra\\u017een"): a letter may be written as the escape that
    # encodes it, literal in the text ("\\u017e", "\\xe9", "&#382;", "&eacute;", "=C5=BE")
    ll = r"(?:[\p{Ll}\ufffd'’]|" + _ESCAPE + r")"
    word = r"\p{Lu}" + ll + r"+(?:\p{Lu}[\p{Ll}\ufffd]+)?(?:-\p{Lu}?[\p{Ll}\ufffd]+)?"
    # round 9: or opened by an elided particle ("Marco d'Itri", ``credit_elided_particles``)
    # round 11: or initials inside the name ("--\nNaomi L.T. Courter", "Regards,\nAnna M Kowalska")
    # or closing it ("-Larry C.", "--\nJosé R.")
    later = (r"(?:" + word + r"|" + credits.elided(names) + word + r"|\p{Lu}{3,}(?![\p{L}'’.])"
             + r"|(?:\p{Lu}\.){1,3}(?=[ \t]+\p{Lu}\p{Ll})|(?![AI][ \t])\p{Lu}(?=[ \t]+\p{Lu}\p{Ll})"
             + r"|\p{Lu}\.?(?=[ \t\r]*(?:\n|\Z)))")
    title = r"(?:(?i:" + _alternation(names["signature_titles"]) + r")\.?[ \t]+)?"
    # round 10: the initials are part of the name ("--\nD. Michael Basinger": "D." stayed in
    # clear), with or without their dot ("--\nJ C Lawrence"; a lone "I" or "A" is a word)
    initials = r"(?:\p{Lu}\.[ \t]*){0,3}(?:(?![AI][ \t])\p{Lu}[ \t]+){0,2}"
    delims = "|".join(regex.escape(d) for d in names["signature_delimiters"])
    if dash or paren:
        return _line_name(names, word, later, initials, paren)
    if tail:
        return regex.compile(
            _LINE_START + r"(?:" + delims + r")[ \t]*\r?\n[ \t]*" + title + "(" + initials + word
            + r"(?:[ \t]+" + later + r"){1,2})(?=[ \t]*(?:,|[-–—|](?=[ \t]))[ \t]*\p{Lu}[^\n]*(?:\n|\Z))",
            regex.MULTILINE)
    # or initials alone ("Thanks,\nJ.D."): two or three, each with its dot
    name = title + "(" + initials + word + r"(?:[ \t]+" + later + r"){0,2}|\p{Lu}\.(?:[ \t]?\p{Lu}\.){1,2})"
    # round 8: the name again in brackets, in another script or spelling ("Artem Bityutskiy
    # (Артём Битюцкий)"): capitalised words, or words of a caseless script
    scripts = "".join(r"\p{Script=" + sc + "}" for sc in names["caseless_scripts"])
    other = r"(?:\p{Lu}[\p{Ll}\p{M}'’-]+|[" + scripts + r"][" + scripts + r"\p{M}]*)"
    again = r"(?:[ \t]*\((" + other + r"(?:[ \t]+" + other + r"){0,3})\))?"
    trail = r"(?:" + "|".join(names["trailers"]) + r")?"
    # round 11: or the sender's address after it on its line ("--\nTom Baxter\ttom@example.org")
    # or the placeholder that stands for one in text scrubbed once ("<EMAIL>")
    mail = r"(?:[ \t]+(?:[<(]?[\w.+-]+@[\w-]+(?:\.[\w-]+)+[>)]?|<EMAIL(?:_ADDRESS)?>))?"
    end = again + mail + trail + r"[ \t]*[.!]*[ \t\r]*(?:\n|\Z)"
    # round 12 (set K dev: "--\n*Dražen Žuvela *"): the name may be wrapped in markup, emphasis,
    # code or quotes ("_Ana Lima_", "**Bo Ek**", "`Jan`", '"Rosa"'), blanks inside it allowed
    mark = r"(?:\*{1,2}|_{1,2}|`|[\"“'‘])?[ \t]*"
    unmark = r"[ \t]*(?:\*{1,2}|_{1,2}|`|[\"”'’])?"
    return regex.compile(
        r"(?i:(?<![\w'’])(?:" + _alternation(names["closings"]) + r"))(?![\w'’])[ \t]*(?:,[ \t\r]*\n?|[ \t\r]*\n)\s*"
        + mark + name + unmark + end
        + r"|" + _LINE_START + r"(?:" + delims + r")[ \t]*\r?\n[ \t]*" + mark + name + unmark + end
        + r"|" + _LINE_START + r"(?i:dear)[ \t]+" + name + r"[ \t]*[,:]",
        regex.MULTILINE)


def _line_name(names: dict, word: str, later: str, initials: str, paren: bool):
    """Round 11's two line-closing names, of ``_signature``'s words, judged in ``signoff_names``
    by ``_dash_name``: after a dash opening the line, or (``paren``) in brackets closing an entry."""
    if paren:
        # round 11: a full name in brackets closing a changelog entry, before the line's end or an
        # issue or pull-request reference ("... patch from upstream (Ben Noordhuis) [#1974](...)"),
        # judged as the dash's name (``_dash_name``)
        return regex.compile(r"\((" + r"(?:\p{Lu}\.[ \t]*){1,3}" + word + r"(?:[ \t]+" + later + r"){0,2}|"
                             + initials + word + r"(?:[ \t]+" + later + r"){1,2})\)"
                             r"(?=[ \t]*(?:[.,;]?[ \t\r]*(?:\n|\Z)|\\?\[#?\d|\(#\d|#\d))", regex.MULTILINE)
    # round 11: a name after a dash opening its line, run into it or not, closing the line:
    # initials first ("-M. Parikh", "-T.M. McNally", "— J. K. Nakamura") or two or three
    # words ("-Alan Sepinwall", "- Havelock Ellis", "~ Ana de la Cruz" has a particle and is
    # left to the credit rules), judged in ``signoff_names`` (``_dash_name``)
    dashes = "|".join(regex.escape(d) for d in names["dashes"])
    return regex.compile(
        _LINE_START + r"(?:" + dashes + r")[ \t]*(" + r"(?:\p{Lu}\.[ \t]*){1,3}" + word + r"(?:[ \t]+" + later
        + r"){0,2}|" + word + r"(?:[ \t]+" + later + r"){1,2})[ \t]*[.!]*[ \t\r]*(?:\n|\Z)",
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
    here.", "Thanks for the reply, Anna."), or mentioned with "@" anywhere ("@Rose:")."""
    thanks = _alternation(names.get("thanks_for", [])) or r"(?!)"
    return regex.compile(
        # round 13 (set M, spent: "Thanks for this Brian!"): thanks for one to four lower-case
        # words, then a capitalised name closing the line; first, or "for" would be the name
        # tried here; only a listed first name is taken (``signoff_names``: kind "frame")
        _LINE_START + r"(?i:" + thanks + r")[ \t]+for(?:[ \t]+[\p{Ll}'’]+){1,4}[ \t]*,?[ \t]+" + _NAME
        + r"(?=[ \t]*[,!.:]|[ \t\r]*(?:\n|\Z))|"
        + _LINE_START + r"(?i:" + _alternation(names["greetings"]) + r")[ \t,]+" + _NAME_ANY + r"(?![\w'’@])"
        # round 12: or a name in capitals ("Hello TIM,", "Hi ŽELJKO"), judged as any frame name:
        # a listed first name once lower-cased, so an acronym ("Hi HTML", "Thanks IBM") is none
        + r"|" + _LINE_START + r"(?i:" + _alternation(names["greetings"]) + r")[ \t,]+(\p{Lu}{2,})"
        + r"(?=[ \t]*[,!:.]|[ \t\r]*(?:\n|\Z))"
        + r"|" + _LINE_START + r"(?i:" + _alternation(names["greetings_punct"]) + r")[ \t]+" + _NAME_ANY
        + r"[ \t]*[,!:]"
        + r"|" + _LINE_START + _NAME + r"(?=,[ \t])"
        + r"|" + _LINE_START + _NAME_ANY + r"[ \t]+(?i:" + _alternation(names["intro_after"]) + r")(?![\w'’])"
        + r"|(?<![\w.@])" + regex.escape(names["mention"]) + _NAME_ANY + r"(?![\w'’@])",
        regex.MULTILINE)


def _followed_by_word(text: str, start: int, end: int, r: Rules) -> bool:
    """Another word follows (not punctuation, a line end, "here" as in "Will here."), and the
    name is no "@" mention."""
    if text[start - 1 : start] == "@" or _CLOSED.match(text[end : end + 4]):
        return False
    if r.trailer_end.match(text, end):  # "Will x", "Will :)" closing the line: a trailer, no word
        return False
    return not r.intro_after.match(text, end)


def _starts(text: str, r: Rules) -> list[tuple[str, str, list[int]]]:
    """(pattern, kind, offsets) for each pattern that can match ``text``, in ``PATTERNS`` order,
    with the offsets where a match of it can start: the closing, greeting or credit words'
    starts, the dashes, "@", "[", line starts (where a branch is anchored to one), the last
    line's start.  Most chat text gets none or one.

    Invariant: a pattern left out has no match, and a match of a pattern starts at one of its
    offsets.  Every branch of every pattern opens with the cue it is listed under here (a
    phrase, compared by its first word, case-folded: ``_first_words``; a dash; a line start
    after a greeting word, a word before ", " or "here"...)."""
    ascii_text = text.isascii()
    # the words, lower-case: on ASCII text as bytes (``_ASCII_FOLD``, then split: the same
    # words as ``\w+``, three times faster), compared with the bytes forms of the key sets
    words = set(text.encode().translate(_ASCII_FOLD).split()) if ascii_text else set(_RUN.findall(text.casefold()))
    k = r.ascii_keys if ascii_text else r.keys
    phrases = not (k["closing"].isdisjoint(words) and k["credit"].isdisjoint(words)
                   and (ascii_text or k["caseless"].isdisjoint(words)))
    dashes = [m.start() for m in r.dash_at.finditer(text)] if r.dash_char.search(text) else ()
    body = text.rstrip() if "\n" in text else ""
    last = [body.rfind("\n") + 1] if "\n" in body else ()  # a name alone on the last line
    # a line opening with a greeting word, a capitalised word before ", ", or a word before "here"
    greeting = not k["greeting"].isdisjoint(words) or "," in text and (
        _ASCII_LINE_COMMA if ascii_text else _LINE_COMMA).search(text) is not None
    # an "@" right after a word character, "." or "@" is an address, no mention
    mentions = [i for i in _offsets(text, "@") if not (i and (text[i - 1].isascii() and text[i - 1].isalnum()
                                                               or text[i - 1] in "_.@"))] if "@" in text else ()
    brackets = "[" in text and "]" in text
    header, possessive = "<" in text and ":" in text, ("'s" in text or "’s" in text) and not k["possessive"].isdisjoint(words)
    parens = _offsets(text, "(") if "(" in text and _PAREN_END.search(text) else ()  # round 11: "(Ben Noordhuis)"
    if not (phrases or dashes or last or greeting or mentions or brackets or header or possessive or parens):
        return []  # most chat text: nothing below can match ("dear" is a greeting, "--" a dash)
    closing, credit, caseless = _phrase_offsets(text, r, words) if phrases else ((), (), ())
    lines = _offsets(text, "\n", 1) if "\n" in text else [0]
    out = []
    if closing or dashes or last:
        out.append(("signoff_end", "frame", [*closing, *dashes, *last]))
    if greeting or mentions:
        out.append(("greeting_start", "frame", [*lines, *mentions] if greeting else list(mentions)))
    anchored = k["dear"] in words or any(d in text for d in r.delimiters)  # its branches that open a line
    if closing or anchored:
        out.append(("signature", "signature", [*closing, *lines] if anchored else closing))
    if "\n" in text and any(d in text for d in r.delimiters):  # round 10: a name, then a role or firm
        out.append(("signature_tail", "signature_tail", lines))
    out += [(n, n, at) for n, at in (("signature_dash", dashes), ("signature_paren", parens)) if at]
    if not ascii_text and (caseless or dashes):
        out.append(("caseless", "signature", [*caseless, *dashes]))
    if credit:
        # its cues are credit cues (``spec``); round 11: two lower-case words ("thanks to jeff covey")
        out += [(name, name, credit) for name in ("credit", "credit_one", "credit_lower")]
    if possessive and (at := [m.start() for m in r.credits["possessive"].finditer(text)]):
        out.append(("possessive", "possessive", at))  # round 11: "Fabian's patch"
    if closing and "!" in text:
        out.append(("bang", "bang", closing))
    if (mail := _mail_starts(text, r, lines)):
        out.append(("mail", "mail", mail))
    if dashes:
        out.append(("dash", "dash", dashes))
    if brackets:
        out.append(("bracket", "bracket", _offsets(text, "[")))
    return out


def _mail_starts(text: str, r: Rules, lines: list[int]) -> list[int]:
    """Where the mail credit can start: line starts when a "-- " delimiter is in the text, and
    (round 11) the mail headers' names ("From:")."""
    if "<" not in text:
        return []
    heads = _header_offsets(text, r) if ":" in text else []
    return lines + heads if any(d in text for d in r.mail_delimiters) else heads


def _header_offsets(text: str, r: Rules) -> list[int]:
    """Round 11: where a mail header's name ("From:", ``mail_headers``) starts, a whole word
    before its colon."""
    return [m.start() for m in r.header_at.finditer(text)] if r.mail_headers else []


def _phrase_offsets(text: str, r: Rules, words: set) -> tuple[list[int], list[int], list[int]]:
    """Where a closing, a credit cue and (non-ASCII text) any closing of the caseless rule can
    start: the offsets of their first words standing whole in ``text``."""
    if text.isascii():
        # only the words that are keys, found in the lower-case text (its offsets are the text's)
        low, keys = text.lower(), r.ascii_keys
        return _whole_words(low, keys["closing"] & words), _whole_words(low, keys["credit"] & words), []
    at = [(m.start(), m.group().casefold()) for m in _RUN.finditer(text)]  # each word folded on its own
    return ([i for i, w in at if w in r.closing_first], [i for i, w in at if w in r.credit_first],
            [i for i, w in at if w in r.caseless_first])


def _whole_words(low: str, found) -> list[int]:
    """The offsets in ASCII ``low`` where one of the words ``found`` (bytes) stands whole: no
    word character (letter, digit, "_") on either side, as ``\\w+`` would have cut it."""
    out = []
    for word in found:
        w = word.decode()
        i = low.find(w)
        while i >= 0:
            j = i + len(w)
            if (i == 0 or not (low[i - 1].isalnum() or low[i - 1] == "_")) \
                    and (j == len(low) or not (low[j].isalnum() or low[j] == "_")):
                out.append(i)
            i = low.find(w, i + 1)
    return sorted(out)


def _offsets(text: str, ch: str, after: int = 0) -> list[int]:
    """Each offset of ``ch`` in ``text`` (plus ``after``), with 0 first when ``after``: line starts."""
    out = [0] if after else []
    i = text.find(ch)
    while i >= 0:
        out.append(i + after)
        i = text.find(ch, i + 1)
    return out


def _scan(pattern, text: str, starts):
    """What ``pattern.finditer(text)`` gives when every match starts at one of ``starts``: a
    match at each start, in order, none overlapping the one before."""
    end = 0
    for pos in sorted(set(starts)):
        if pos >= end:
            m = pattern.match(text, pos)
            if m is not None:
                yield m
                end = m.end()


def _found(text: str, r: Rules, cued: bool = True) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the names the sign-off, greeting, signature (caseless scripts too) and
    credit patterns find: kind "frame" (a listed first name needed), "signature", or a ``credits``
    kind.  Each pattern is tried only where it can start (``_starts``); ``cued=False`` scans the
    whole text with each (the tests' check of the cues)."""
    out = []
    for name, kind, starts in _starts(text, r) if cued else [(n, k, None) for n, k in PATTERNS]:
        pat = getattr(r, name) if kind in _FRAME_KINDS else r.credits[name]
        found = _scan(pat, text, starts) if cued else pat.finditer(text)
        out += [(m.start(g), m.end(g), kind) for m in found for g in range(1, pat.groups + 1) if m.start(g) >= 0]
    return out


def _no_name_word(text: str, span, r: Rules) -> bool:
    """A one-word PERSON span that is an address word in lower case after a greeting or
    closing ("Cheers mate"), a function word before another word ("Hi will this work"), or a
    capitalised ordinary word that no first-name list holds after a closing ("Cheers Mate";
    round 13: after a greeting it is a name, ``_vocative``)."""
    value = text[span.start : span.end]
    low = value.lower()
    if " " in value.strip():
        return False
    listed = low in r.not_names or low in r.function_words
    if not listed and not (value.istitle() and low in common_words()):
        return False
    before = text[text.rfind("\n", 0, span.start) + 1 : span.start]
    # a function word ("Will") keeps its name reading inside quotes: 'said "Thanks, Will" and left'
    if not r.after_greeting.search(before) \
            and not (low in r.not_names and r.after_greeting_quoted.search(before)):
        return False
    if not listed:  # round 6: an ordinary word no first-name list holds ("Best Practices"; not "Hi Rose,")
        # round 13: unless a greeting addresses it ("Hi Glyph.", ``_vocative``)
        return not (low in first_names() or low in r.extra_first_names or _vocative(before, low, r))
    # an address word in any case: "Hello, World!" is no more a person than "hello world"
    return low in r.function_words and _followed_by_word(text, span.start, span.end, r) \
        or low in r.not_names


_BRACKETS = str.maketrans("", "", "()[]")
_AFTER_CLOSING = regex.compile(r"[ \t]*[,.!:;]*[ \t\r]*(?:\n|\Z)")


def _closing_alone(text: str, span, r: Rules) -> bool:
    """Round 9: a PERSON guess that is a closing of any language (``closings``, informal ones
    too) alone on its line, before a comma or the line end ("--\\nSaludos,", "Seeya,"): the
    closing, not a name; the name under it is the signature's to find."""
    value = " ".join(text[span.start : span.end].casefold().split())
    if value not in r.closing_set and not _near_closing(value, r):
        return False
    return not text[text.rfind("\n", 0, span.start) + 1 : span.start].strip() \
        and _AFTER_CLOSING.match(text, span.end) is not None


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
        or _headword(text, s, r) or _tagline(text, s, r) or _language_item(text, s, r)


def _credit_found(text: str, start: int, end: int, kind: str, out: list, r: Rules, meds) -> list:
    """``out`` with a ``credits`` find added or widened into a PERSON span if ``credits.accept``
    takes it and no organisation word follows it."""
    first, extra = first_names(), r.extra_first_names
    if kind == "dash" and "\n" in text and _bullet_item(text, start, end, first, extra):
        return out
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


def _round10_name(parts: list[str], kind: str, r: Rules, meds) -> bool:
    """Round 10's two finds, lower case split in words: a closing's two lower-case words
    ("regards, tom lane": kind "frame") are a name when the first is a listed first name, no
    function or address word, and the second a listed surname ("thanks, will do" is none); a
    name before a role or firm under a delimiter ("--\\nLuiz Felipe Ceglia - Staff Acme": kind
    "signature_tail") when its first word past initials is a listed first name or no ordinary
    word, and no word of it a tool or an address word ("--\\nBest Wishes, Grace",
    "--\\nExherbo KDE, X.org maintainer" are none)."""
    first, extra = first_names(), r.extra_first_names
    if kind == "frame":
        head = parts[0]
        return (head in first or head in extra) and head not in r.function_words and head not in r.not_names \
            and parts[1] in surnames() and head not in meds and parts[1] not in meds
    heads = [w for w in parts if len(w.rstrip(".")) > 1]
    if not heads or any(w in r.not_credited or w in r.not_names for w in heads):
        return False  # a tool or platform in it ("--\nExherbo KDE, X.org maintainer"), an address word
    return heads[0] in first or heads[0] in extra or heads[0] not in common_words()


def _dash_name(parts: list[str], r: Rules, meds) -> bool:
    """Round 11: a name after a dash opening its line ("-M. Parikh", "- Havelock Ellis"; lower
    case, split in words): no word a tool, bot, address, function word or medication; its first
    word past the initials a listed first name, a listed surname after initials, or no ordinary
    word when the last is a listed surname or there are initials, or any first word before a
    listed surname that is no ordinary word; its last word, past a closing
    initial, no ordinary word unless a listed surname ("- Fixed Bugs", "- Mark Done", "- New
    Features" are none)."""
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
        text = text.translate(r.blanks)  # one character for one: the offsets stay
    out = [s for s in spans if not (s.entity == "PERSON" and _no_name_guess(text, s, r))]
    if len(out) == len(spans):
        out = spans  # nothing dropped: the caller's list back, so it can tell nothing changed
    found = _found(text, r)
    if not found:
        return out

    first, extra = first_names(), r.extra_first_names
    for start, end, kind in found:
        low = text[start:end].lower()
        if kind not in _FRAME_KINDS:
            out = _credit_found(text, start, end, kind, out, r, meds)
            continue
        parts = low.split()
        head = parts[0]
        if kind in ("signature_dash", "signature_paren"):
            if not _dash_name(parts, r, meds):
                continue
            kind = "signature"
        if kind == "frame" and len(parts) == 2 or kind == "signature_tail":
            if not _round10_name(parts, kind, r, meds):
                continue
            if kind == "frame":
                if not any(s.start < end and start < s.end for s in out):
                    out.append(Span(start, end, "PERSON", 0.6))
                continue
            kind = "signature"
        if kind == "signature" and (all(w in r.not_credited for w in parts)
                                    or len(parts) == 1 and _near_closing(head, r)):
            continue  # round 10: "Thanks, Google.": a firm or a tool; round 12: "--\nRegard", a misspelt closing
        # round 8: "Dear Hiring Manager,": a role last, no listed first name first
        # round 8: "Kind regards,\nQuvex Notification Service": an organisation word closing a
        # signature of words no name list holds (``_organisation_guess``)
        if kind == "signature" and len(low.split()) > 1 and low.split()[-1] in r.credit_words.not_after \
                and _unlisted(low.split()[:-1], r):
            continue
        if head in r.not_names or low.split()[-1] in r.roles and not (head in first or head in extra) \
                or low in meds or head in r.function_words and _followed_by_word(text, start, end, r):
            if kind == "signature" and all(w in r.roles or w in r.not_names for w in low.split()):
                # round 9: "Dear Maintainer,": an address role is no place either (the full tier's
                # NER said LOCATION): a LOCATION or NRP guess wholly inside it goes, the word stays
                out = [s for s in out if not (s.entity in ("LOCATION", "NRP") and start <= s.start and s.end <= end)]
            continue
        if any(s.start < end and start < s.end and s.entity == "PERSON" for s in out):
            if kind == "signature":  # round 8: the NER took part of it ("<PERSON> NOWAKOWSKA"): the whole name
                out = _widen(out, start, end)
            continue
        if kind == "signature" or low in first or low in extra or kind == "frame" and _greeted(text, start, end, r, meds, out):
            out = [s for s in out if not (s.start < end and start < s.end and s.entity in ("LOCATION", "NRP"))]
            if not any(s.start < end and start < s.end for s in out):
                out.append(Span(start, end, "PERSON", 0.6))
    return out


def _greeted(text: str, start: int, end: int, r: Rules, meds, spans: list) -> bool:
    """Round 12 (set K dev, the lite tier's misses: "Hi Shamih.", "Thanks Kleis"): one capitalised
    word of four letters or more that no first-name list holds, right after a greeting or
    closing opening its line and closing the line or before punctuation, is a name when it is no
    ordinary word, tool, place, address or function word, role or medication (the full tier's
    NER read these; "Hi Team,", "Thanks Google!", "Best Practices" stay), and the full tier's NER
    has no other reading of it (a place stays a place)."""
    value = text[start:end]
    low = value.lower()
    if len(value) < 4 or not value.istitle() or not value.isalpha() or _followed_by_word(text, start, end, r) \
            or any(s.start < end and start < s.end for s in spans):
        return False
    common = common_words()
    # a plural is an address to a group ("Hi Xperts,", "Best Practices"): an ordinary word's, or
    # any "s" after a consonant or in "-ies" ("Kleis", "Tasos" keep their vowel)
    if low[-1] == "s" and (low[:-1] in common or low[-2] not in "aeiouy" or low.endswith("ies")) or low in r.not_credited or low in r.credit_words.places or low in r.no_name_words \
            or low in r.roles or low in meds or _near_closing(low, r) or low in r.closing_set:
        return False
    before = text[text.rfind("\n", 0, start) + 1 : start]
    if low in common:
        return _vocative(before, low, r)
    return r.after_greeting.search(before) is not None


def _vocative(before: str, low: str, r: Rules) -> bool:
    """Round 13 (sets L and M, spent: "Hi Glyph.", "Thanks Glyph!", "Hey Blanc,"): an ordinary word
    in ``_greeted``'s position is a name when a greeting, not a closing, opens the line before it
    and it is none of ``vocative_not_names`` ("Thanks again!", "Hi There,"): people who sign with
    a word are greeted by it, and an address to no one is a short, known list."""
    return low not in r.vocative_not and r.after_vocative.search(before) is not None


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
