"""Card and social-security numbers by shape: groups of four whether or not Luhn passes,
12-digit card numbers after a card word, the dashed 3-2-4 SSN.  The patterns are ``veil_edge.patterns`` (shared with the edge's lite tier)."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from veil_edge import CARD_CONTEXT, CARD_PATTERNS, PATTERN_FLAGS as _FLAGS, SSN_CONTEXT, SSN_PATTERNS

from ..recognizer_registry import register_recognizer


@register_recognizer("card_like")
class CardLikeRecognizer(PatternRecognizer):
    """Card numbers written in groups of four, whether or not the Luhn check passes."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="CREDIT_CARD",
            name="VeilCardLikeRecognizer",
            patterns=[Pattern(name, pattern, score) for name, pattern, score in CARD_PATTERNS],
            context=list(CARD_CONTEXT),
            global_regex_flags=_FLAGS,
        )


@register_recognizer("ssn_format")
class SsnFormatRecognizer(PatternRecognizer):
    """``123-45-6789``: the dashed 3-2-4 shape is an SSN in practice; Presidio's recognizer
    drops well-known and low-entropy examples, which are still someone's data in an event."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="US_SSN",
            name="VeilSsnFormatRecognizer",
            patterns=[Pattern(name, pattern, score) for name, pattern, score in SSN_PATTERNS],
            context=list(SSN_CONTEXT),
            global_regex_flags=_FLAGS,
        )
