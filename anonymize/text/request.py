"""What one ``analyze_many`` call asks for, and which of those entities can match a given text.

Invariant: ``wanted(text)`` only ever leaves out entities that cannot match the text (too few
free digits, no "@", nothing URL-shaped, no full date), so skipping them changes no result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from veil_edge import DEFAULT_ENTITIES, DEFAULT_ENTITIES_BEFORE_17, DEFAULT_SCORE_THRESHOLD, MAYBE_URL
from veil_edge import NEEDS_4_DIGITS as _NEEDS_4_DIGITS, NEEDS_7_DIGITS as _NEEDS_7_DIGITS, OBFUSCATED_AT, free_digits


@dataclass(frozen=True)
class Request:
    ents: list[str]  # the entities asked for, in the caller's order
    explicit: bool  # the policy named its own entity list
    all_dates: bool  # ... and it holds DATE_TIME: every date and time, not only full dates
    threshold: float
    ner: bool
    few_digits: list[str]  # ents that a text with 4-6 free digits can hold
    no_digits: list[str]  # ents that a text with fewer than 4 free digits can hold

    @classmethod
    def of(cls, entities: Sequence[str] | None, score_threshold: float | None, ner: bool) -> Request:
        ents = list(entities or DEFAULT_ENTITIES)
        # A policy that names its own entity list and includes DATE_TIME wants every date and
        # time; Veil's default set keeps only human-written full dates (birth dates).  The
        # default set as it was before PASSPORT and GEO_COORDINATES joined it is the default set.
        explicit = entities is not None and not DEFAULT_ENTITIES_BEFORE_17 <= set(entities) <= set(DEFAULT_ENTITIES)
        if not explicit:
            ents += [e for e in DEFAULT_ENTITIES if e not in ents]
        few_digits = [e for e in ents if e not in _NEEDS_7_DIGITS]
        return cls(ents=ents, explicit=explicit, all_dates=explicit and "DATE_TIME" in ents,
                   threshold=DEFAULT_SCORE_THRESHOLD if score_threshold is None else score_threshold, ner=ner,
                   few_digits=few_digits, no_digits=[e for e in few_digits if e not in _NEEDS_4_DIGITS])

    def wanted(self, text: str) -> list[str]:
        """The entities worth asking Presidio for in this text."""
        # Skip recognizers that cannot match (phonenumbers' matcher is slow on every text);
        # digits inside timestamps, UUIDs and letter+digit ids do not count.
        digits = free_digits(text)
        wanted = self.ents if digits >= 7 else self.few_digits if digits >= 4 else self.no_digits
        # Cheap exact pre-checks: no "@", no e-mail; no "x.yz", no URL; in the default set a
        # date is kept only when written in full (3+ digits).  Presidio's URL regex is its
        # second costliest recognizer.
        if "@" not in text or not MAYBE_URL.search(text) or (digits < 3 and not self.all_dates):
            wanted = [e for e in wanted if not (
                e == "EMAIL_ADDRESS" and "@" not in text and not OBFUSCATED_AT.search(text)
                or e == "URL" and not MAYBE_URL.search(text)
                or e == "DATE_TIME" and digits < 3 and not self.all_dates)]
        return wanted
