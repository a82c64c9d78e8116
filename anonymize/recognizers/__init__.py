"""Veil's own PII recognizers, added to Presidio's stock ones: one family per module.

Each is a small class registered by name in ``RECOGNIZERS`` (``@register_recognizer``); the
text engine instantiates every registered recognizer once per process and reads how to run
it from its traits (``base.Traits``: ``runs_after_ner``, ``only_when_named``, ``exact_list``).

Stock Presidio (with a small spaCy model) misses street addresses, names given after
common cues in lower case or mislabelled by NER, card-like numbers that fail the Luhn
check, and some phone formats; these fill those gaps.

* pattern-only: ``addresses`` (street addresses, postcodes), ``phones``, ``numbers`` (cards,
  SSNs), ``name_cues`` (names after conversational cues), ``dates`` (dates in full);
* Presidio-free finders (``pii_patterns``) behind thin adapters: ``finders`` (passports,
  IBANs, obfuscated e-mail, geo coordinates);
* word lists: ``gazetteer_names`` (first names and surnames), ``places`` and
  ``nationalities`` (only when a policy names LOCATION / NRP).

Importing this package registers them all, in this order.
"""

from __future__ import annotations

from ..recognizer_registry import RECOGNIZERS, register_recognizer
from . import addresses, phones, numbers, name_cues, gazetteer_names, places, nationalities, dates  # noqa: F401
from . import finders  # noqa: F401,E402 - passports, IBANs, obfuscated e-mail, coordinates (pii_patterns)
from .addresses import STREET_TYPES
from .base import Traits
from .places import PLACE_CUE_BEFORE


__all__ = ["PLACE_CUE_BEFORE", "RECOGNIZERS", "STREET_TYPES", "Traits", "register_recognizer"]
