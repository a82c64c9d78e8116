"""The server's Sanitizer: ``veil_edge.Sanitizer`` (the one walker of the policy, shared with
the edge) with the full tier, Presidio + spaCy (``text.get_engine``), and keyed pseudonyms."""

from __future__ import annotations

from veil_edge import Policy, Sanitizer as _PolicyWalker

from .keep_terms import KeepTermsEngine, keep_terms_of
from .pii_patterns import coarse_coordinate, geo_field
from .text import get_engine


class FullTier:
    """The server's free-text tier: Veil's recognizers on Presidio and a spaCy model."""

    name = "full"

    def __init__(self, spacy_model: str | None = None, keep_terms=None):
        if spacy_model is None:
            from veil.core.settings import spacy_model_name

            spacy_model = spacy_model_name()
        self.spacy_model = spacy_model
        self.keep_terms = keep_terms  # the policy's keep_terms, one automaton (keep_terms.py)

    def engine(self):
        engine = get_engine(self.spacy_model)
        return engine if self.keep_terms is None else KeepTermsEngine(engine, self.keep_terms)


class Sanitizer(_PolicyWalker):
    """Apply ``policy`` to events with keyed pseudonyms and the full tier.  The NLP engine
    is loaded lazily, once per process and model, and only when some string needs it."""

    def __init__(self, policy: Policy, pseudonym_key: bytes, spacy_model: str | None = None):
        if not isinstance(pseudonym_key, (bytes, bytearray)) or not pseudonym_key:
            raise ValueError("pseudonym_key must be non-empty bytes")
        tier = FullTier(spacy_model, keep_terms_of(policy))
        super().__init__(policy, pseudonym_key, tier=tier)
        self.spacy_model = tier.spacy_model

    # Coordinate fields (lat, lon, latitude, geo...): where the policy would replace a PII-named
    # field whole, a coordinate is put on the coarse grid instead (pii_patterns.coarse_coordinate).
    # Server-side only until veil_edge's field-name table and walker know GEO_COORDINATES.
    def _plan_key(self, plans, path, k, entity):
        plan = super()._plan_key(plans, path, k, entity)
        if plan[1] is None and geo_field(k):
            plan = (plan[0], "GEO_COORDINATES", *plan[2:])
            if k in plans:
                plans[k] = plan
        return plan

    def _scalar(self, value, path, op, entity, key, index, work, tasks):
        out = super()._scalar(value, path, op, entity, key, index, work, tasks)
        if entity == "GEO_COORDINATES" and out == "<GEO_COORDINATES>" and value != out:
            coarse = coarse_coordinate(value)
            return out if coarse is None else coarse
        return out
