"""Free-text PII redaction: Presidio's AnalyzerEngine on a spaCy NlpEngine, plus Veil's
recognizers (``anonymize/recognizers/``), checks that keep ids/SKUs/timestamps, span filters,
and a splice that replaces each found span by a typed placeholder (``<PERSON>``).

The dependency-light steps live in ``veil_edge`` (the entity names, ``cannot_hold_pii``, spans,
merge and splice), shared with the edge's lite tier.  Here, one module per step: ``request``
(which entities can match a text), ``engine`` (Presidio + spaCy, built once per
process and model by ``get_engine``), ``checks`` (one span at a time), ``filters`` (the
registered span post-filters; ``persons`` and ``places`` hold their rules).  Only ``engine`` imports Presidio or spaCy.
"""

from veil_edge import DEFAULT_ENTITIES, DEFAULT_SCORE_THRESHOLD, SUPPORTED_ENTITIES, Span, cannot_hold_pii, merge_spans
from veil_edge import splice

from .engine import TextEngine, get_engine
from .filters import SPAN_FILTERS, register_span_filter
from . import context as _context  # noqa: F401,E402 - registers the medication and sign-off filters

__all__ = [
    "DEFAULT_ENTITIES", "DEFAULT_SCORE_THRESHOLD", "SPAN_FILTERS", "SUPPORTED_ENTITIES", "Span", "TextEngine",
    "cannot_hold_pii", "get_engine", "merge_spans", "register_span_filter", "splice",
]
