"""The sign-off rules compiled (issue 17): ``Rules`` holds ``data/signoffs.yaml``'s word sets
and builds each pattern on first use; ``rules()`` is the one shared instance.  The patterns
here find candidate names only; ``signoffs.py`` judges them and ``signoff_cues.py`` says where
each can start.

Invariant: every branch of every pattern opens with a cue ``signoff_cues._starts`` lists for it
(a closing or greeting phrase, a dash, "@", a line start after one of them...), so a pattern
tried only at those offsets finds what a scan of the whole text finds.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache

import regex

from . import credits, datafiles
from .credits import phrase_alternation as _alternation
from .wordlists import word_set

# a name as written at the start of a sentence, or in any case where the position says it
# round 14 (set N, spent: "Hi S?bastien,", "-RaviTeja"): a lost letter (U+FFFD, which
# ``signoffs.signoff_names`` writes for a "?" inside a word) and one inner capital, judged there
# round 36 (set BE, spent: "Hi Jin-woo,"): a part after a hyphen is capitalised or a lower-case
# syllable of two to five letters, as Korean and Chinese given names are written
_HYPHEN_PART = r"(?:-(?:\p{Lu}\p{Ll}+|\p{Ll}{2,5}(?![\p{L}'’-])))?"
_NAME = r"(\p{Lu}[\p{Ll}\ufffd'’]+(?:\p{Lu}\p{Ll}+)?" + _HYPHEN_PART + r")"
_NAME_ANY = r"(\p{L}[\p{Ll}\ufffd'’]+(?:\p{Lu}\p{Ll}+)?" + _HYPHEN_PART + r")"
# round 18 (set S, spent: "-JimC"): ``_NAME_ANY``, its surname's initial run on or not
_NAME_INITIAL = r"(\p{L}[\p{Ll}\ufffd'’]+(?:\p{Lu}\p{Ll}+)?" + _HYPHEN_PART + r"(?:\p{Lu}(?![\p{L}'’]))?)"
# round 10: ``_NAME_ANY``, or it and a lower-case word ("regards, tom lane"), not kisses ("grace xx")
_NAME_TWO = r"(\p{L}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}]+)?(?:[ \t]+(?![xX]{1,4}(?!\p{L}))\p{Ll}[\p{Ll}'’]+)?)"
_LINE_START = r"(?:^|(?<=\n))[ \t\r]*"
_RUN = regex.compile(r"\w+")  # words, as the patterns bound their phrases: whole runs of word characters
# round 12: a letter's escape written out in text: a JSON or Python "\\u017e", "\\xe9", an HTML
# entity "&#382;" "&#x17e;" "&eacute;", quoted-printable "=C5=BE"; only escapes past ASCII, and
# only the entities of accented letters ("=20", "&nbsp;", "&amp;" join no words)
_ESCAPE = (r"(?:\\u(?!00[0-7])[0-9a-fA-F]{4}|\\x[89a-fA-F][0-9a-fA-F]|&#(?:[1-9][0-9]{2,4}|[xX][0-9a-fA-F]{2,4});"
           r"|&[a-zA-Z](?:acute|grave|circ|tilde|uml|ring|cedil|caron|slash|ogon|dot|stroke);|&(?:szlig|eth|thorn);"
           r"|=[89A-F][0-9A-F])")


def _line_opened_by(phrases: list[str], openers: str = ""):
    """One of ``phrases`` opening a line (or right after one of the characters ``openers``),
    then blanks or a comma, to the end of the text searched: the text before a name."""
    after = r"|(?<=[" + regex.escape(openers) + r"])" if openers else ""
    return regex.compile(r"(?i)(?:^|(?<=\n)" + after + r")[ \t]*(?:" + (_alternation(phrases) or r"(?!)")
                         + r")[ \t,]*\Z")


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
        self.greeted_codes = frozenset(w.lower() for w in names.get("greeted_codes", []))  # round 29
        self.titles = frozenset(w.lower() for w in names["signature_titles"])  # round 32 (``_caps_name``)
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
                     "attribution": _first_words(names.get("attribution_verbs", [])),
                     "possessive": _first_words(names.get("possessive_credit_nouns", []))}
        self.ascii_keys = {name: frozenset(w.encode() for w in words if w.isascii()) if name != "dear" else b"dear"
                           for name, words in self.keys.items()}
        self.mail_delimiters = tuple(names["mail_signoff_delimiters"])
        self.mail_headers = tuple(h.lower() for h in names.get("mail_headers", []))
        self.delimiters = tuple(names["signature_delimiters"])
        # any character a dash or line dash starts with: the cheap test before ``dash_at``
        self.dash_char = re.compile("[" + "".join(sorted({re.escape(d[0]) for d in names["dashes"]
                                                          + names.get("line_dashes", [])})) + "]")
        # blanks other than a space read as one ("Many\u00a0thanks\u00a0to\u00a0Paul" in HTML), and
        # (round 35) full-width punctuation as its ASCII twin: one character for one, so offsets stay
        self.one_for_one = {ord(c): " " for c in names.get("other_blanks", "")}
        self.one_for_one.update({ord(c): a for c, a in names.get("fullwidth_punct", {}).items()})

    @cached_property
    def dash_at(self):
        """A dash no word character or apostrophe precedes, or a line dash at a line start or
        after a blank: where the dash branches of ``signoff_end`` and ``caseless`` and the
        ``dash`` credit start."""
        dashes = "".join(sorted({regex.escape(d[0]) for d in self.names["dashes"]}))
        line_dashes = "|".join(regex.escape(d) for d in self.names.get("line_dashes", [])) or r"(?!)"
        return regex.compile(r"(?<![\w'’])[" + dashes + r"]|(?:^|(?<=[ \t\n]))(?:" + line_dashes + r")",
                             regex.MULTILINE)

    def no_name(self, word: str, meds=frozenset()) -> bool:
        """A lower-case word that is never part of a name here: a function or no-name word, a tool,
        bot or firm, an address role, a medication (``meds``)."""
        return word in self.no_name_words or word in self.not_credited or word in self.roles or word in meds

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
    def attribution(self):
        return _attribution(self.names)

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
    def signature_pair(self):
        return _signature_pair(self.names)

    @cached_property
    def signature_caps(self):
        return _signature_caps(self.names)

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
        return _line_opened_by(n["greetings"] + n["greetings_punct"] + n["closings"])

    @cached_property
    def after_vocative(self):
        """Round 13: a greeting of ``vocative_greetings`` opening its line, then blanks or a comma
        (``_vocative``); no closing, so "Best Practices" is none."""
        return _line_opened_by(self.names.get("vocative_greetings", []))

    @cached_property
    def thanked_after(self):
        """Round 15: a comma and a thanks after a name ("Sathyan, thanks for ..."), no "thanks to"
        (a credit)."""
        thanks = _alternation(self.names.get("thanks_for", [])) or r"(?!)"
        return regex.compile(r",[ \t]+(?i:" + thanks + r")(?![\w'’])(?![ \t]+(?i:to)(?![\w'’]))")

    @cached_property
    def thanked_for(self):
        """Round 19: a thanks for something opening the line, closing the text searched: the text
        before the person thanked ("Thanks for looking into this "), not after a preposition or
        article (``thanks_for_not_before``)."""
        n = self.names
        thanks = _alternation(n.get("thanks_for", [])) or r"(?!)"
        stop = _alternation(n.get("thanks_for_not_before", [])) or r"(?!)"
        return regex.compile(r"(?:^|(?<=\n))[ \t]*(?i:" + thanks + r")(?:[ \t]+[\p{Ll}'’]+){0,3}?[ \t]+for"
                             r"(?:[ \t]+[\p{Ll}'’]+){0," + str(int(n.get("thanks_for_words", 4)) - 1) + r"}?[ \t]+(?!(?:"
                             + stop + r")[ \t]*,?[ \t]*\Z)[\p{Ll}'’]+[ \t]*,?[ \t]*\Z")

    @cached_property
    def thanks_alone(self):
        """Round 30: one of ``thanks_for``'s phrases opening the text searched, then blanks or a
        comma, to its end (``signoffs._thanks_closed``: "Thanks Hillf."); round 31 (sets AN-AP,
        spent): or after a clause of up to three words and a comma or "and" ("Applied, thanks ",
        "Good catch and thanks "), with one of ``thanks_fillers`` after it ("thanks a lot ")."""
        n = self.names
        thanks = _alternation(n.get("thanks_for", [])) or r"(?!)"
        fillers = _alternation(n.get("thanks_fillers", [])) or r"(?!)"
        return regex.compile(r"(?i)(?:^|(?<=\n))[ \t]*(?:(?:[\p{L}'’-]+[ \t]+){0,2}[\p{L}'’-]+(?:[ \t]*,|[ \t]+and)[ \t]+)?"
                             r"(?:" + thanks + r")(?:[ \t]+(?:" + fillers + r"))?[ \t,]*\Z")

    @cached_property
    def thanked_opener(self):
        """Round 15: what may open the line before the name thanked ("Well, ": ``thanked_openers``)."""
        openers = _alternation(self.names.get("thanked_openers", [])) or r"(?!)"
        return regex.compile(r"[ \t\r]*(?:(?i:" + openers + r")[ \t]*,[ \t]*)?")

    @cached_property
    def group_after(self):
        """Round 15: one of ``group_nouns`` after a word ("Hello Speakup members,")."""
        return regex.compile(r"[ \t]+(?i:" + (_alternation(self.names.get("group_nouns", [])) or r"(?!)") + r")(?![\w'’])")

    @cached_property
    def thanks_words(self) -> frozenset[str]:
        """Round 19: ``thanks_for``'s phrases, lower-case ("thanks", "thank you")."""
        return frozenset(w.lower() for w in self.names.get("thanks_for", []))

    @cached_property
    def honorifics(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.names.get("honorific_suffixes", []))

    @cached_property
    def honorific_after(self):
        """Round 18: a hyphen and an honorific run on to a name ("Iwai-san"), or (round 35: "Hi Iwai
        san,") a blank and a ``spaced_honorifics`` one in lower case."""
        spaced = _alternation(sorted(self.names.get("spaced_honorifics", []))) or r"(?!)"
        return regex.compile(r"(?:-(?i:" + (_alternation(sorted(self.honorifics)) or r"(?!)") + r")|[ \t]+(?:"
                             + spaced + r"))(?![\w'’])")

    @cached_property
    def greeting_words(self) -> frozenset[str]:
        return frozenset(self.names["greetings"])

    @cached_property
    def any_greeting(self) -> frozenset[str]:
        """Round 16: the greetings of every language, lower-case ("--\\nHallo" is none signed)."""
        return frozenset(w.lower() for w in self.names["greetings"] + self.names.get("greetings_other", []))

    @cached_property
    def under_closing(self):
        """Round 16: a line that is a closing and its punctuation, then a line break, closing the
        text searched: what lies before a name signed alone on the next line ("Thanks,\\n")."""
        return regex.compile(r"(?i)(?:^|(?<=\n))[ \t]*(?:" + _alternation(self.names["closings"])
                             + r")[ \t]*[,.!]*[ \t\r]*\n[ \t]*\Z")

    @cached_property
    def closing_comma(self):
        """Round 20: a closing and its comma opening a line, all the text before a name on it."""
        return regex.compile(r"(?i)[ \t]*(?:" + _alternation(self.names["closings"]) + r")[ \t]*,[ \t]*")

    @cached_property
    def and_group(self):
        """Round 16: "and" and a word addressing everyone after a greeted name ("and all,")."""
        return regex.compile(r"[ \t]+(?:and|&)[ \t]+([\p{Ll}]+)[ \t]*(?:[,!:.]|\r?\n|\Z)")

    @cached_property
    def after_greeting_quoted(self):
        """``after_greeting``, or after an opening quote, backtick or bracket ('the message
        "Hello World"'): only address words are judged there, never a first name."""
        n = self.names
        return _line_opened_by(n["greetings"] + n["greetings_punct"] + n["closings"], n.get("greeting_openers", ""))

    @cached_property
    def intro_after(self):
        return regex.compile(r"(?i)[ \t]+(?:" + _alternation(self.names["intro_after"]) + r")(?![\w'’])")

    @cached_property
    def list_cue(self):
        """Round 22: any greeting, closing or credit phrase, standing whole (``signoff_lists``)."""
        n = self.names
        phrases = n["greetings"] + n["greetings_punct"] + n["closings"] + n["credit_cues"]
        return regex.compile(r"(?i:(?<![\w'’])(?:" + _alternation(phrases) + r"))(?![\w'’])")

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
    delims = "|".join(regex.escape(d) for d in names["signature_delimiters"])
    return regex.compile(
        # round 18 (set S, spent: "-JimC"): the name may end in its surname's initial, run on
        r"(?:(?:(?<![\w'’])(?:" + dashes + r")|(?:^|(?<=[ \t\n]))(?:" + line_dashes + r"))[ \t]*"
        + _NAME_INITIAL + end
        # round 10: or a lower-case first name and surname ("regards, tom lane"), judged in
        # ``signoff_names`` (a listed first name, then a listed surname; kisses stay a trailer)
        + r"|" + _closing(names) + r"[ \t]*[,.!]*(?:[-–—/](?=\p{L}))?\s*" + _NAME_TWO + end
        # round 20 (set V, spent: "Thank you so much, Luiz. I appreciate it.", "Thanks a lot Nickolai :)
        # I'll ..."): or a capitalised name after a closing, before punctuation or a smiley; round
        # 25 (set AD, spent: "Thanks! Ann, for the explanation."): the closing's "!" before it
        # round 37 (sets BG and BH, spent: "thank you, dirk.  this was ..."): in lower case after the comma
        + r"|" + _closing(names) + r"[ \t]*[,!]?[ \t]+" + _NAME
        + r"(?=[ \t]*(?:[,!.]|[:;]-?[)D(]))"
        + r"|" + _closing(names) + r"[ \t]*,[ \t]+(\p{Ll}[\p{Ll}'’]+)(?=[ \t]*[,!.])"
        # round 14 (sets I and N, spent, the lite tier: "--\nrick", "--\nsameer\t\tVoice: ..."): a
        # first name in lower case under a delimiter line, alone or before a tab or two blanks
        + r"|" + _LINE_START + r"(?:" + delims + r")[ \t]*\r?\n[ \t]*(\p{Ll}[\p{Ll}'’]+)(?=" + end
        + r"|(?:\t|[ \t]{2,})[ \t]*\S)"
        # a capitalised name alone on the last line of the text ("...\n\nGrace"): a signature
        + (r"|(?<=\n)[ \t\r]*" + _NAME + trail + r"[ \t]*[.!]*\s*\Z" if names.get("lone_last_line") == "capitalised" else "") + ")",
        regex.MULTILINE)


def _name_parts(names: dict) -> tuple[str, str, str, str]:
    """The shapes of a capitalised name's words that ``_signature`` and ``_attribution`` share:
    (its first word, a later word, initials before it, a title before them)."""
    # round 8: a replacement character (U+FFFD) stands for a lost letter; after the first word a
    # surname may be written in capitals, three letters or more ("--\nOlivier BERGER"); round 10:
    # a word may hold one inner capital ("B.K. DeLong", "Chris VanOosterhout")
    # round 12 (set K dev: "Thanks\nDra\\u017een"): a letter may be written as the escape that
    # encodes it, literal in the text ("\\u017e", "\\xe9", "&#382;", "&eacute;", "=C5=BE")
    ll = r"(?:[\p{Ll}\ufffd'’]|" + _ESCAPE + r")"
    # round 18 (set S, spent, the lite tier: "Ann VanDeKamp"): or two inner capitals
    # round 22 (set Z, spent: "Regards,\nBOqun"): or its first two letters capitals (a shift key
    # held too long), two lower-case letters or more after them
    # round 35 (set BB, spent, the lite tier: "--\nJoshua Baker-LePain"): a part after a hyphen
    # may hold one inner capital
    # round 38 (set BK, spent: "--\nMine ?etinkaya-Rundel"): or a lost letter (U+FFFD) first
    word = (r"[\p{Lu}\ufffd](?:\p{Lu}(?=\p{Ll}{2}))?" + ll + r"+(?:\p{Lu}[\p{Ll}\ufffd]+){0,2}"
            + r"(?:-\p{Lu}?[\p{Ll}\ufffd]+(?:\p{Lu}[\p{Ll}\ufffd]+)?)?")
    # round 9: or opened by an elided particle ("Marco d'Itri", ``credit_elided_particles``)
    # round 11: or initials inside the name ("--\nNaomi L.T. Courter", "Regards,\nAnna M Kowalska")
    # or closing it ("-Larry C.", "--\nJosé R.")
    later = (r"(?:" + word + r"|" + credits.elided(names) + word + r"|\p{Lu}{3,}(?![\p{L}'’]|\.(?![ \t\r]*(?:\n|\Z)))"
             # round 39 (set BM, spent, the lite tier: "--\nAnn C. F. Roe", "Ann A. A. do Brasil"): initials
             # may be spaced, and a particle may follow them
             + r"|\p{Lu}\.(?:[ \t]?\p{Lu}\.){0,2}(?=[ \t]+(?:(?:" + _alternation(names["credit_particles"])
             + r")[ \t]+)?\p{Lu}\p{Ll})|(?![AI][ \t])\p{Lu}(?=[ \t]+\p{Lu}\p{Ll})"
             + r"|\p{Lu}\.?(?=[ \t\r]*(?:\n|\Z))"
             # round 31 (sets AN and AO, spent, the lite tier: "Regards,\nAnn AP", "Cheers,\nAnn D-B"):
             # or two initials closing the line, bare or joined by a hyphen
             + r"|\p{Lu}-?\p{Lu}(?=[ \t\r]*(?:\n|\Z))"
             # round 37 (sets BF-BH, spent, the lite tier: "Best regards,\nGuido van den Heuvel", "Thanks
             # again, John van V."): or one or two particles before a capitalised word or an initial
             + r"|(?:(?:" + _alternation(names["credit_particles"]) + r")[ \t]+){1,2}(?:" + word + r"|\p{Lu}\.))")
    # round 21 (set X, spent, the lite tier: "Mr.Ann Roe."): or its dot run into the name
    title = r"(?:(?i:" + _alternation(names["signature_titles"]) + r")(?:\.?[ \t]+|\.(?=\p{Lu})))?"
    # round 10: the initials are part of the name ("--\nD. Michael Basinger": "D." stayed in
    # clear), with or without their dot ("--\nJ C Lawrence"; a lone "I" or "A" is a word)
    # round 23 (set AB, spent: "Kind regards,\nA Roe"): "A" or "I" is an initial only before one
    # capitalised word closing the line (judged in ``signoffs._no_signature``: no ordinary word)
    initials = r"(?:\p{Lu}\.[ \t]*){0,3}(?:(?![AI][ \t](?!\p{Lu}\p{Ll}+[ \t\r]*(?:\n|\Z)))\p{Lu}[ \t]+){0,2}"
    return word, later, initials, title


# round 11: the sender's address after a signed name on its line ("--\nTom Baxter\ttom@example.org")
# or the placeholder that stands for one in text scrubbed once ("<EMAIL>")
# round 14 (set N, spent: "--\nNg Pheng Siong <<EMAIL>>"): the placeholder in its brackets too
# round 37 (sets BF-BH, spent: "--\nAnn Roe <ann at example.org>"): or written out as list archives do
_MAIL = (r"(?:[ \t]+[<(]?(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|<EMAIL(?:_ADDRESS)?>"
         r"|[\w.+-]+[ \t]+(?:at|\(at\)|\[at\]|\(a\))[ \t]+[\w-]+(?:(?:\.|[ \t]+dot[ \t]+)[\w-]+)+)[>)]?)?")


def _signature(names: dict, tail: bool = False, dash: bool = False, paren: bool = False):
    """A name under a closing after a comma or a line break ("Regards,\\nNorm", "Cheers, Dale
    Fletcher", "Thanks,\\nDr. R. K. Sharma"), under a "-- " delimiter line, or after "Dear" and
    before a comma: capitalised, up to three words, closing its line.  ``tail`` (round 10): two
    or three words under a delimiter line, then a comma or a dash and a capitalised role or firm
    on the same line ("--\\nLuiz Felipe Ceglia - Staff Acme", "--\\nPeter Aherne, Software
    Engineer"), judged in ``signoff_names`` by its first word."""
    word, later, initials, title = _name_parts(names)
    delims = "|".join(regex.escape(d) for d in names["signature_delimiters"])
    if dash or paren:
        return _line_name(names, word, later, initials, paren)
    if tail:
        # round 14 (set M, spent, the lite tier: "Regards,\nRich Fox, Anthro, Usouthdakota"): or
        # under a closing and its line break
        closing = _closing(names) + r"[ \t]*[,.!]*[ \t\r]*\n"
        # round 37 (sets BF and BH, spent: "--\nAnn Roe, dr. scient,", "--\nAndré Luiz Tietbohl Ramos, PhD."):
        # the role may open with a lower-case abbreviation; the name may have four words
        return regex.compile(
            r"(?:" + _LINE_START + r"(?:" + delims + r")[ \t]*\r?\n|" + closing + r")[ \t]*" + title + "(" + initials + word
            + r"(?:[ \t]+" + later + r"){1,3})(?=[ \t]*(?:,|[-–—|](?=[ \t]))[ \t]*(?:\p{Lu}|\p{Ll}{2,5}\.)[^\n]*(?:\n|\Z))",
            regex.MULTILINE)
    # or initials alone ("Thanks,\nJ.D."): two or three, each with its dot
    # round 14 (set N, spent: "Best regards.\nxingwei Lee"): or a given name in lower case before
    # a capitalised surname, judged in ``signoff_names`` (no ordinary or function word)
    # round 23 (set AB, spent: "Thanks,\nSJ"): or two capitals, a signer's initials
    # round 39 (set BN, spent: "--\nRune Haubo Bojesen Christensen"): up to four words
    name = (title + "(" + initials + word + r"(?:[ \t]+" + later + r"){0,3}|\p{Lu}\.(?:[ \t]?\p{Lu}\.){1,2}"
            + r"|\p{Ll}[\p{Ll}'’]+[ \t]+" + word + r"(?:[ \t]+" + later + r")?|\p{Lu}{2}(?![\p{L}\p{N}])"
            # round 37 (sets BF and BG, spent: "Thanks\nCHRISTOPH", "Thanks,\n--JJS"): or one word in
            # capitals, judged in ``signoff_names`` (``_caps_signed``: a listed first name, or three initials)
            + r"|\p{Lu}{3,}(?![\p{L}\p{N}])"
            # round 38 (set BJ, spent: "Best,\nPhG"): or initials with a digraph's "h" ("Ph", "Ch", "Th"),
            # not any small letter ("Regards,\nQnA" stays)
            + r"|\p{Lu}h\p{Lu}(?![\p{L}\p{N}]))")
    # round 8: the name again in brackets, in another script or spelling ("Artem Bityutskiy
    # (Артём Битюцкий)"): capitalised words, or words of a caseless script
    scripts = "".join(r"\p{Script=" + sc + "}" for sc in names["caseless_scripts"])
    other = r"(?:\p{Lu}[\p{Ll}\p{M}'’-]+|[" + scripts + r"][" + scripts + r"\p{M}]*)"
    # round 18 (set R, spent, the lite tier: "Minjun Park (박민준,朴敏俊)"): or split by commas
    again = r"(?:[ \t]*\((" + other + r"(?:(?:[ \t]+|[ \t]*[,，、][ \t]*)" + other + r"){0,3})\))?"
    trail = r"(?:" + "|".join(names["trailers"]) + r")?"
    # round 18 (set R, spent, the lite tier: "--\nOrla Byrne (2):"): or a shortlog's count of patches
    end = again + _degrees(names) + _MAIL + trail + r"(?:[ \t]*\(\d{1,4}\):)?[ \t]*[.!]*[ \t\r]*(?:\n|\Z)"
    # round 32 (set AS, spent, the lite tier: "Kind Regards,\nAayra,"): under a closing, or a comma
    # closing the line (under a delimiter line, "--\nLiebster Freund," is a letter's salutation)
    signed_end = again + _degrees(names) + _MAIL + trail + r"(?:[ \t]*\(\d{1,4}\):)?[ \t]*(?:,|[.!]*)[ \t\r]*(?:\n|\Z)"
    # round 12 (set K dev: "--\n*Dražen Žuvela *"): the name may be wrapped in markup, emphasis,
    # code or quotes ("_Ana Lima_", "**Bo Ek**", "`Jan`", '"Rosa"'), blanks inside it allowed
    # round 18 (sets R and S, spent, the lite tier: "Thanks\n...Juerg"): or an ellipsis; under a
    # closing (not a delimiter line, where a dash opens a list item) a dash ("Best regards,\n—Jim Roe")
    mark = r"(?:\*{1,2}|_{1,2}|`|[\"“'‘]|\.{2,3}|…)?[ \t]*"
    # round 22 (set Z, spent: "Regards,\n/Ann"): or a slash (round 27, set AE spent: or two)
    dash_mark = r"(?:\*{1,2}|_{1,2}|`|[\"“'‘]|\.{2,3}|…|[-–—~]{1,2}|/{1,2})?[ \t]*"
    unmark = r"[ \t]*(?:\*{1,2}|_{1,2}|`|[\"”'’])?"
    return regex.compile(
        # round 14 (set M, spent, the lite tier: "Thanks!\nGuenter"): the closing's "!" or "." before the break
        _closing_break(names) + dash_mark + name + unmark + signed_end
        + r"|" + _LINE_START + r"(?:" + delims + r")[ \t]*\r?\n[ \t]*" + mark + name + unmark + end
        + r"|" + _LINE_START + r"(?i:dear)[ \t]+" + name + r"[ \t]*[,:]",
        regex.MULTILINE)


def _degrees(names: dict) -> str:
    """Round 39 (set BM, spent, the lite tier: "--\nRoss Lazarus MBBS MPH"): up to three degrees after
    a signed name, as written (``signature_degrees``, case kept)."""
    return r"(?:[ \t]+(?:" + (_alternation(names.get("signature_degrees", [])) or r"(?!)") + r")(?![\w.])){0,3}"


def _closing(names: dict) -> str:
    """One of ``closings``, in any case, standing whole (no word character or apostrophe next to
    it): what every closing branch opens with."""
    return r"(?i:(?<![\w'’])(?:" + _alternation(names["closings"]) + r"))(?![\w'’])"


def _closing_break(names: dict, same_line: bool = True) -> str:
    """A closing opening what follows it, its punctuation, then a line break (``same_line``:
    or a comma and the same line, "Cheers, Dale")."""
    # round 20 (set V, spent: "Regards :  Ann Roe"): or a colon
    after = r"(?:[ \t]*[,:][ \t\r]*\n?|[!.]*[ \t\r]*\n)" if same_line else r"[,!.]*[ \t\r]*\n"
    return _closing(names) + r"[ \t]*" + after + r"\s*"


def _signature_pair(names: dict):
    """Round 17 (set Q, spent: "Thanks,\\nAnn & Nitesh"): two signers under a closing, joined by
    "&" or "and", closing the line; judged in ``signoff_names`` (``_pair_name``: one a listed
    first name, the other one too or no ordinary word)."""
    word, later, initials, _ = _name_parts(names)
    one = initials + word + r"(?:[ \t]+" + later + r")?"
    return regex.compile(_closing_break(names) + "(" + one + r"[ \t]+(?:&|and)[ \t]+" + one + r")"
                         + r"[ \t]*[.!]*[ \t\r]*(?:\n|\Z)", regex.MULTILINE)


def _signature_caps(names: dict):
    """Round 17 (sets O-Q dev: "--\\nLORENZO BASSANI"): a name of two or three words in capitals
    on its own line under a closing or a delimiter line, or (round 18) a surname in capitals and
    a given name; judged in ``signoff_names`` (``_caps_name``)."""
    delims = "|".join(regex.escape(d) for d in names["signature_delimiters"])
    # round 18 (set R, spent: "--\nBest\nTANAKA Aiko"): or a surname in capitals before the given name
    caps = r"(\p{Lu}{2,}(?:[ \t]+\p{Lu}{2,}){1,2}|\p{Lu}{2,}[ \t]+\p{Lu}\p{Ll}+)[ \t]*[.!]*[ \t\r]*(?:\n|\Z)"
    return regex.compile(r"(?:" + _closing_break(names, same_line=False) + r"|" + _LINE_START + r"(?:" + delims
                         + r")[ \t]*\r?\n[ \t]*)" + caps, regex.MULTILINE)


def _attribution(names: dict):
    """Round 14 (set N, spent, the lite tier: "On 9/15/22 11:49, Hongling Zeng wrote:"): the name
    in a reply's quote attribution, opening its line or after "On <date>," and before "wrote:",
    past a list's "via <list>" and the sender's address ("Ann Roe <ann@example.org> wrote:"):
    capitalised, one to four words, as ``_signature`` takes it."""
    word, later, initials, _ = _name_parts(names)
    verbs = _alternation(names["attribution_verbs"])
    return regex.compile(
        _LINE_START + r"(?:(?i:on)[ \t]+[^\n]{3,60}?(?:,[ \t]*|[ \t]+))?(" + initials + word + r"(?:[ \t]+" + later
        + r"){0,3})(?:[ \t]+via[ \t]+[^\s<]+)?(?:[ \t]*[<(\[][^\n]*?[>)\]])?[ \t]+(?i:" + verbs + r"):",
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
        # round 33 (set AT, spent: "Best Regards!\n张学广/Sugar"): a Latin name after a slash may follow
        + r"(?:[ \t]*/[ \t]*\p{Lu}\p{Ll}+)?[ \t]*[" + punct + r"]*[ \t\r]*(?:\n|\Z)", regex.MULTILINE)


def _greeting_start(names: dict):
    """A name opening the text or a line ("Hi June,", "hey grace", "Morning Dawn,", "Will
    here.", "Thanks for the reply, Anna."), or mentioned with "@" anywhere ("@Rose:")."""
    thanks = _alternation(names.get("thanks_for", [])) or r"(?!)"
    most = int(names.get("thanks_for_words", 4))
    openers = _alternation(names.get("thanked_openers", [])) or r"(?!)"
    fillers = _alternation(names.get("thanks_fillers", [])) or r"(?!)"
    return regex.compile(
        # round 13 (set M, spent: "Thanks for this Brian!"): thanks for one to four lower-case
        # words, then a capitalised name closing the line; first, or "for" would be the name
        # tried here; only a listed first name is taken (``signoff_names``: kind "frame");
        # round 15 (set O, spent): "Thanks so much for all your hard work on this Noel,"
        _LINE_START + r"(?i:" + thanks + r")(?:[ \t]+[\p{Ll}'’]+){0,3}?[ \t]+for(?:[ \t]+[\p{Ll}'’]+){1,"
        + str(most) + r"}[ \t]*,?[ \t]+" + _NAME + r"(?=[ \t]*[,!.:]|[ \t\r]*(?:\n|\Z))|"
        # round 36 (set BE, spent, the lite tier: "Thanks very much Christian for testing."): a thanks
        # and one of ``thanks_fillers`` before a capitalised name, then "for", punctuation or the line's end
        + _LINE_START + r"(?i:" + thanks + r")[ \t]+(?i:" + fillers + r")[ \t]+" + _NAME
        + r"(?=[ \t]+for[ \t]|[ \t]*[,!.:]|[ \t\r]*(?:\n|\Z))|"
        # round 18 (set R, spent: 'Hi "Vishal,'): the name may open with a stray quote
        + _LINE_START + r"(?i:" + _alternation(names["greetings"]) + r")[ \t,]+[\"“‘]?" + _NAME_ANY + r"(?![\w'’@])"
        # round 14 (set N, spent: "Hello Shakeeb and Ravi,"): and a second name, closed by punctuation;
        # round 15 (set O, spent: "Hi Ann, Bharath,"): or after a comma
        # round 20 (set V, spent, the lite tier: "Dear Ann, dear Yutan,"): the greeting again
        + r"(?:(?:[ \t]+(?:and|&)[ \t]+|[ \t]*,[ \t]*(?:(?i:dear)[ \t]+)?)" + _NAME + r"(?=[ \t]*[,!:.]|[ \t\r]*(?:\n|\Z)))?"
        # round 12: or a name in capitals ("Hello TIM,", "Hi ŽELJKO"), judged as any frame name:
        # a listed first name once lower-cased, so an acronym ("Hi HTML", "Thanks IBM") is none
        # round 18 (set S, spent: "Hello ALex,"): or its first two letters (a shift key held too long)
        # round 36 (set BE, spent: "Hi J.H.,"): or initials with their dots (judged by ``_greeted_initials``)
        + r"|" + _LINE_START + r"(?i:" + _alternation(names["greetings"]) + r")[ \t,]+(\p{Lu}{2,}|\p{Lu}{2}\p{Ll}+|(?:\p{Lu}\.){2,3})"
        + r"(?=[ \t]*[,!:.]|[ \t\r]*(?:\n|\Z))"
        + r"|" + _LINE_START + r"(?i:" + _alternation(names["greetings_punct"]) + r")[ \t]+" + _NAME_ANY
        + r"[ \t]*[,!:]"
        # a name opening its line before a comma ("Rose, ..."); round 15 (set O, spent, the lite
        # tier: "Well, Guenter, thank you"): or after an opener and a comma (``_thanked``)
        + r"|" + _LINE_START + r"(?:(?i:" + openers + r")[ \t]*,[ \t]*)?" + _NAME + r"(?=,[ \t])"
        + r"|" + _LINE_START + _NAME_ANY + r"[ \t]+(?i:" + _alternation(names["intro_after"]) + r")(?![\w'’])"
        + r"|(?<![\w.@])" + regex.escape(names["mention"]) + _NAME_ANY + r"(?![\w'’@])",
        regex.MULTILINE)

