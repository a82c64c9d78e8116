"""Where each sign-off pattern can start (issue 17): ``_starts`` reads a text's words and
punctuation once and gives, for each pattern that can match, the offsets of its cues;
``_found`` tries each pattern only there.  Most chat text gets no pattern at all.

Invariant: ``_found(text, r)`` equals ``_found(text, r, cued=False)`` (every pattern scanned
over the whole text): a pattern left out has no match, and a match starts at a listed offset
(``tests/test_edge_signoffs.py`` checks it on every real-text set and on generated text).
"""

from __future__ import annotations

import re

import regex

from .signoff_rules import _LINE_START, _RUN, Rules

# ASCII text as bytes: upper case to lower, every non-word byte to a blank (``_words``)
_ASCII_FOLD = bytes((c + 32 if 65 <= c <= 90 else c) if chr(c).isalnum() or c == 95 else 32 for c in range(256))
# a capitalised word opening a line before ", ": the bare "Grace, ..." opening of ``greeting_start``
_LINE_COMMA = regex.compile(_LINE_START + r"\p{Lu}[^\s,]*,[ \t]", regex.MULTILINE)
_ASCII_LINE_COMMA = re.compile(r"(?:^|(?<=\n))[ \t\r]*[A-Z][^\s,]*,[ \t]", re.MULTILINE)  # the same on ASCII
# round 11: a bracket closing a line or before an issue reference, the ``signature_paren`` cue
_PAREN_END = re.compile(r"\)[ \t]*(?:[.,;]?[ \t\r]*(?:\n|\Z)|\\?\[#?\d|\(#\d|#\d)")
_FRAME_KINDS = ("frame", "signature", "signature_tail", "signature_dash", "signature_paren", "signature_pair",
                "signature_caps")  # every other kind ``_found`` gives is a ``credits`` kind
# (pattern, kind), in the order their finds are judged: a ``Rules`` attribute for the frame
# kinds, a ``credits.patterns`` key for the others
PATTERNS = (("signoff_end", "frame"), ("greeting_start", "frame"), ("signature", "signature"),
            ("signature_tail", "signature_tail"), ("signature_dash", "signature_dash"), ("signature_paren", "signature_paren"),
            ("signature_pair", "signature_pair"), ("signature_caps", "signature_caps"), ("caseless", "signature"), ("attribution", "signature"), ("credit", "credit"), ("credit_one", "credit_one"), ("credit_lower", "credit_lower"), ("thanks_for", "thanks_for"), ("possessive", "possessive"), ("bang", "bang"),
            ("mail", "mail"), ("dash", "dash"), ("bracket", "bracket"))


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
    # round 27: "s'" too ("Linus' tree")
    header, possessive = "<" in text and ":" in text, ("'s" in text or "’s" in text or "s'" in text or "s’" in text) \
        and not k["possessive"].isdisjoint(words)
    parens = _offsets(text, "(") if "(" in text and _PAREN_END.search(text) else ()  # round 11: "(Ben Noordhuis)"
    quoted = ":" in text and not k["attribution"].isdisjoint(words)  # round 14: "On <date>, Ann Roe wrote:"
    if not (phrases or dashes or last or greeting or mentions or brackets or header or possessive or parens or quoted):
        return []  # most chat text: nothing below can match ("dear" is a greeting, "--" a dash)
    closing, credit, caseless = _phrase_offsets(text, r, words) if phrases else ((), (), ())
    lines = _offsets(text, "\n", 1) if "\n" in text else [0]
    out = []
    if closing or dashes or last:
        out.append(("signoff_end", "frame", [*closing, *dashes, *last]))
    if greeting or mentions:
        out.append(("greeting_start", "frame", [*lines, *mentions] if greeting else list(mentions)))
    delimited = any(d in text for d in r.delimiters)
    anchored = k["dear"] in words or delimited  # its branches that open a line
    if closing or anchored:
        out.append(("signature", "signature", [*closing, *lines] if anchored else closing))
    below = "\n" in text and (closing or delimited)  # a name on the line under a closing or delimiter
    if below:  # round 10: a name, then a role or firm (round 14: under a closing too)
        out.append(("signature_tail", "signature_tail", [*lines, *closing]))
    # the dash's name opens its line after blanks too (" -Ann Roe"): its match starts at the line's start
    out += [(n, n, at) for n, at in (("signature_dash", [*dashes, *lines] if dashes else ()), ("signature_paren", parens)) if at]
    if closing:  # round 17: "Thanks,\nAnn & Nitesh"
        out.append(("signature_pair", "signature_pair", closing))
    if below:  # round 17: "--\nANN ROE"
        out.append(("signature_caps", "signature_caps", [*lines, *closing]))
    if not ascii_text and (caseless or dashes):
        out.append(("caseless", "signature", [*caseless, *dashes]))
    if quoted:
        out.append(("attribution", "signature", lines))
    return out + _credit_starts(text, r, closing, credit, possessive, dashes, lines, brackets)


def _credit_starts(text: str, r: Rules, closing, credit, possessive: bool, dashes, lines: list[int],
                   brackets: bool) -> list[tuple[str, str, list[int]]]:
    """``_starts``' finds for the ``credits`` kinds, from the cues it found, in ``PATTERNS``
    order: a kind is left out when its cue is not in the text."""
    out = []
    if credit:
        # its cues are credit cues (``spec``); round 11: two lower-case words ("thanks to jeff covey")
        out += [(name, name, credit) for name in ("credit", "credit_one", "credit_lower", "thanks_for")]
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
    # round 31: or a signature delimiter alone on its line (blanks or "\r" may follow it), the name under it
    under = any(d in text for d in r.mail_delimiters) or any(d in text for d in r.delimiter_lines)
    return lines + heads if under else heads


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
    """What ``pattern.finditer(text, overlapped=True)`` gives when every match starts at one of
    ``starts``: a match at each start where there is one, in order.  Round 22 (set Y, spent, the
    lite tier: "--\\nThanks.\\nAnn"): matches may overlap, so a signature under a closing is
    found although the delimiter's branch matched the closing line as a name first."""
    for pos in sorted(set(starts)):
        m = pattern.match(text, pos)
        if m is not None:
            yield m


def _found(text: str, r: Rules, cued: bool = True) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the names the sign-off, greeting, signature (caseless scripts too) and
    credit patterns find: kind "frame" (a listed first name needed), "signature", or a ``credits``
    kind.  Each pattern is tried only where it can start (``_starts``); ``cued=False`` scans the
    whole text with each (the tests' check of the cues)."""
    out = []
    for name, kind, starts in _starts(text, r) if cued else [(n, k, None) for n, k in PATTERNS]:
        pat = getattr(r, name) if kind in _FRAME_KINDS else r.credits[name]
        found = _scan(pat, text, starts) if cued else pat.finditer(text, overlapped=True)
        out += [(m.start(g), m.end(g), kind) for m in found for g in range(1, pat.groups + 1) if m.start(g) >= 0]
    return out
