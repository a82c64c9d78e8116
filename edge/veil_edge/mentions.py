"""Later mentions of a found name: each word of a PERSON span, mentioned again elsewhere in
the same text, is that person too ("Best wishes, Evy van Waas ... sorry for the delay evy!").

The rule of the server's person context (``veil.anonymize.text.persons``), here in the core
so that the lite tier applies it before a name leaves the device: once the edge has replaced
"Evy van Waas" by ``<PERSON>``, the server can no longer tie "evy" to it, so a lite tier
without this rule left the server one name more to miss than a raw event did.

Invariant: only words of names already found are added (three letters or more, not in
``data/not_name_tokens.txt``); a lower-case ordinary word ("will" after "Will Smith") and a
word inside another span are never added.
"""

from __future__ import annotations

import re
from typing import Collection

from .spans import Span
from .wordlists import word_set

_NAME_TOKEN = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’-]*")
_NOT_NAME_TOKENS = word_set("not_name_tokens")  # never a later mention of a name


def add_later_mentions(text: str, kept: list[Span], common: Collection[str]) -> list[Span]:
    """``kept`` plus a PERSON span for each later mention of a word of a PERSON span in it."""
    covered = [(s.start, s.end) for s in kept]
    names = {}
    for span in kept:
        if span.entity == "PERSON":
            for tok in _NAME_TOKEN.findall(text[span.start : span.end]):
                if len(tok) >= 3 and tok.lower() not in _NOT_NAME_TOKENS:
                    names[tok.lower()] = tok
    if not names:
        return kept
    out = list(kept)
    for m in _NAME_TOKEN.finditer(text):
        tok = m.group()
        if tok.lower() not in names or any(a <= m.start() < b for a, b in covered):
            continue
        if tok.islower() and tok in common:
            continue  # "will" after "Will Smith"
        if not (tok[:1].isupper() or tok.islower()):
            continue
        out.append(Span(m.start(), m.end(), "PERSON", 0.5))
    return out
