"""Thin Presidio adapters over the Presidio-free finders of ``veil_edge.pii_patterns``:
passport numbers after a passport word, IBANs (length + mod-97, labelled IBAN_CODE, never
CREDIT_CARD), obfuscated e-mail ("bill at example dot com") and geo-coordinate pairs.

Invariant: each adapter returns exactly its finder's matches (patterns, validators and
context words live in ``veil_edge`` (``pii_patterns.py``, ``data/patterns/``), where the
edge's lite tier calls the same finders); nothing here decides anything.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from veil_edge import find_coordinates, find_ibans, find_obfuscated_emails, find_passports

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
    finder = staticmethod(find_passports)
    entity = "PASSPORT"


@register_recognizer("iban_checked")
class VeilIbanRecognizer(FinderRecognizer):  # not "IbanRecognizer": Presidio finds predefined recognizers by class name
    finder = staticmethod(find_ibans)
    entity = "IBAN_CODE"


@register_recognizer("email_obfuscated")
class ObfuscatedEmailRecognizer(FinderRecognizer):
    finder = staticmethod(find_obfuscated_emails)
    entity = "EMAIL_ADDRESS"


@register_recognizer("geo_coordinates")
class GeoCoordinatesRecognizer(FinderRecognizer):
    finder = staticmethod(find_coordinates)
    entity = "GEO_COORDINATES"
