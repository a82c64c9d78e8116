"""Card and social-security numbers by shape: groups of four whether or not Luhn passes,
12-digit card numbers after a card word, the dashed 3-2-4 SSN.  The patterns are ``veil_edge.patterns`` (shared with the edge's lite tier)."""

from __future__ import annotations

from veil_edge import CARD_CONTEXT, CARD_PATTERNS, PATTERN_FLAGS as _FLAGS, SSN_CONTEXT, SSN_PATTERNS

from ..recognizer_registry import register_recognizer
from .base import shared_pattern_recognizer


@register_recognizer("card_like")
class CardLikeRecognizer(shared_pattern_recognizer("CREDIT_CARD", "VeilCardLikeRecognizer", CARD_PATTERNS,
                                                   CARD_CONTEXT, _FLAGS)):
    """Card numbers written in groups of four, whether or not the Luhn check passes."""


@register_recognizer("ssn_format")
class SsnFormatRecognizer(shared_pattern_recognizer("US_SSN", "VeilSsnFormatRecognizer", SSN_PATTERNS,
                                                    SSN_CONTEXT, _FLAGS)):
    """``123-45-6789``: the dashed 3-2-4 shape is an SSN in practice; Presidio's recognizer
    drops well-known and low-entropy examples, which are still someone's data in an event."""
