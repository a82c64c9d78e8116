"""Dates written in full (``23 August 1949``, ``12/03/1985``) and machine date-times.
Pattern-only."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from ..recognizer_registry import register_recognizer
from veil_edge import alternation
from .base import FLAGS as _FLAGS


_MONTH_NAMES = r"(?:" + alternation("month_prefixes") + r")[a-z]*\.?"


@register_recognizer("full_dates")
class FullDateRecognizer(PatternRecognizer):
    """Dates written in full — ``23 August 1949``, ``March 5, 1985``, ``12/03/1985``,
    ``07.04.1986`` — which the small NER model and Presidio's date patterns sometimes miss
    ("DOB 23 August 1949").  In Veil's default set these are the dates that are kept as PII
    (birth dates); machine timestamps are not."""

    def __init__(self) -> None:
        full = (
            r"(?<![\w/.-])\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?i:" + _MONTH_NAMES + r"),?\s+(?:19|20)\d{2}(?!\d)"
            r"|(?<![\w/.-])(?i:" + _MONTH_NAMES + r")\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}(?!\d)"
            r"|(?<![\w/.-])\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}(?![\w/.-]*\d)"
        )
        super().__init__(
            supported_entity="DATE_TIME",
            name="VeilFullDateRecognizer",
            patterns=[Pattern("date_written_in_full", full, 0.6),
                      # machine date-times ("1986-08-06 21:38:14.840280"); only a policy that names
                      # DATE_TIME keeps them as findings (``text._keep_span``)
                      Pattern("iso_date_time", r"(?<![\w.:-])(?:19|20)\d{2}-[01]\d-[0-3]\d(?:[T ][0-2]\d:[0-5]\d"
                              r"(?::[0-5]\d(?:[.,]\d{1,9})?)?(?:Z|[+-][0-2]\d:?[0-5]\d)?)?(?![\w:-])", 0.6)],
            context=["born", "birth", "dob", "birthday"],
            global_regex_flags=_FLAGS,
        )
