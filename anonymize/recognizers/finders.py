"""Thin Presidio adapters over the Presidio-free finders of ``anonymize/pii_patterns.py``:
passport numbers after a passport word, IBANs (length + mod-97, labelled IBAN_CODE, never
CREDIT_CARD), obfuscated e-mail ("bill at example dot com") and geo-coordinate pairs.

Invariant: each adapter returns exactly its finder's matches (patterns, validators and
context words live in ``pii_patterns`` and ``data/patterns/``, where the edge lite tier
reads them too); nothing here decides anything.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from .. import pii_patterns
from ..recognizer_registry import register_recognizer
from .base import results


class FinderRecognizer(EntityRecognizer):
    """A Presidio recognizer for one ``find(text) -> [Match]`` function."""

    finder = staticmethod(lambda text: [])
    entity = ""

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.entity], name="Veil" + type(self).__name__,
                         supported_language="en")

    def load(self) -> None:  # nothing to load: the patterns compile on first use
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        if self.entity not in entities:
            return []
        return results(self, self.entity, [(m.start, m.end, m.score) for m in type(self).finder(text)])


@register_recognizer("passport")
class PassportRecognizer(FinderRecognizer):
    finder = staticmethod(pii_patterns.find_passports)
    entity = "PASSPORT"


@register_recognizer("iban_checked")
class IbanRecognizer(FinderRecognizer):
    finder = staticmethod(pii_patterns.find_ibans)
    entity = "IBAN_CODE"


@register_recognizer("email_obfuscated")
class ObfuscatedEmailRecognizer(FinderRecognizer):
    finder = staticmethod(pii_patterns.find_obfuscated_emails)
    entity = "EMAIL_ADDRESS"


@register_recognizer("geo_coordinates")
class GeoCoordinatesRecognizer(FinderRecognizer):
    finder = staticmethod(pii_patterns.find_coordinates)
    entity = "GEO_COORDINATES"
