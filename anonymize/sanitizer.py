"""The server's Sanitizer: ``veil_edge.Sanitizer`` (the one walker of the policy, shared with
the edge: keep_terms and the coordinate grid are its declared behaviours) with the full tier,
Presidio + spaCy (``text.get_engine``), and keyed pseudonyms."""

from __future__ import annotations

from veil_edge import Policy, Sanitizer as _PolicyWalker

from .text import get_engine


class FullTier:
    """The server's free-text tier: Veil's recognizers on Presidio and a spaCy model."""

    name = "full"

    def __init__(self, spacy_model: str | None = None):
        if spacy_model is None:
            from veil.core.settings import spacy_model_name

            spacy_model = spacy_model_name()
        self.spacy_model = spacy_model

    def engine(self):
        return get_engine(self.spacy_model)


class Sanitizer(_PolicyWalker):
    """Apply ``policy`` to events with keyed pseudonyms and the full tier.  The NLP engine
    is loaded lazily, once per process and model, and only when some string needs it."""

    def __init__(self, policy: Policy, pseudonym_key: bytes, spacy_model: str | None = None):
        if not isinstance(pseudonym_key, (bytes, bytearray)) or not pseudonym_key:
            raise ValueError("pseudonym_key must be non-empty bytes")
        tier = FullTier(spacy_model)
        super().__init__(policy, pseudonym_key, tier=tier)
        self.spacy_model = tier.spacy_model
