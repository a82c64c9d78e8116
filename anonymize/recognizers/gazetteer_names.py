"""Person names from first-name and surname lists, where the small NER model misses or
mislabels them: the lists and their rules are ``veil_edge.NameListFinder`` (shared with the
edge's lite tier); here, a Presidio recognizer that runs after NER (``runs_after_ner``)."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from veil_edge import NameListFinder

from ..recognizer_registry import register_recognizer
from .base import Traits, results


@register_recognizer("gazetteer_names")
class GazetteerNameRecognizer(Traits, EntityRecognizer):
    """Person names from first-name and surname lists (``veil_edge.NameListFinder``):
    ``Jemma Davies`` (tagged ORG), ``erdal pruschke``, ``dear laura``, ``Anna and Tom``."""

    runs_after_ner = True

    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], name="VeilGazetteerNameRecognizer",
                         supported_language="en")

    def load(self) -> None:
        self.finder = NameListFinder()

    def analyze(self, text: str, entities, nlp_artifacts=None):
        if not self.finder.first:
            return []
        return results(self, "PERSON", self.finder.find(text))
