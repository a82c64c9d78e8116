"""Card and social-security numbers by shape: groups of four whether or not Luhn passes,
12-digit card numbers after a card word, the dashed 3-2-4 SSN.  Pattern-only."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from ..recognizer_registry import register_recognizer
from .base import FLAGS as _FLAGS


@register_recognizer("card_like")
class CardLikeRecognizer(PatternRecognizer):
    """Card numbers written in groups of four, whether or not the Luhn check passes."""

    def __init__(self) -> None:
        grouped = r"(?<![\w-])\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}(?![\w-])"
        # "my card 503820979600", "credit card? 502004825365": 12-digit (Maestro) numbers after a card word
        after_cue = r"(?<=\b(?i:card|card number|card no\.?|credit card|debit card)[?:]?[ \t]+)\d{12,19}(?![\w-])"
        plain = r"(?<![\w-])\d{13,19}(?![\w-])"
        super().__init__(
            supported_entity="CREDIT_CARD",
            name="VeilCardLikeRecognizer",
            patterns=[Pattern("card_grouped", grouped, 0.5), Pattern("card_plain", plain, 0.3),
                      Pattern("card_after_cue", after_cue, 0.5)],
            context=["card", "credit", "visa", "mastercard", "amex", "debit", "cc"],
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
            patterns=[Pattern("ssn_dashed", r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])", 0.5)],
            context=["ssn", "social", "security"],
            global_regex_flags=_FLAGS,
        )
