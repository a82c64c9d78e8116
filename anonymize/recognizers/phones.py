"""Phone numbers in the grouped, international, trunk, paired and national formats that
Presidio's phonenumbers-based recognizer can miss.  Pattern-only."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from ..recognizer_registry import register_recognizer
from .base import FLAGS as _FLAGS


@register_recognizer("phone_formats")
class PhoneFormatsRecognizer(PatternRecognizer):
    """Grouped phone numbers Presidio's phonenumbers-based recognizer can miss
    (``555 123 4567``, ``(555)1234567``, ``+49 30 1234 5678``, ``07700 900123``)."""

    def __init__(self) -> None:
        grouped = (
            r"(?<![\w.+/-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s-]?|\d{2,5}[\s.-])\d{3,4}(?:[\s.-]?\d{2,5}){0,2}(?![\w/-])"
        )
        # "+61806260827", "+61.8.3606.4934": a leading plus makes a run of digits a phone number;
        # "1-426-925-3721": the North American trunk prefix
        international = r"(?<![\w.+/-])\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){1,5}(?![\w/-])"
        trunk = r"(?<![\w.+/-])1[\s.-]\d{3}[\s.-]\d{3}[\s.-]\d{4}(?![\w/-])"
        # "01 23 45 67 89", "06.12.34.56.78": French-style pairs
        pairs = r"(?<![\w.+/-])0\d(?:[\s.-]\d{2}){4}(?![\w/-])"
        # a national number written without spaces: trunk 0 ("0160096803") or international 00
        national = r"(?<![\w.+/-])0\d{9,10}(?![\w/-])|(?<![\w.+/-])00\d{8,13}(?![\w/-])"
        # ten bare digits: a phone only next to a phone word (context raises the score)
        bare = r"(?<![\w.+/-])[1-9]\d{9}(?![\w/-])"
        super().__init__(
            supported_entity="PHONE_NUMBER",
            name="VeilPhoneFormatsRecognizer",
            patterns=[Pattern("phone_grouped", grouped, 0.45), Pattern("phone_plus", international, 0.45),
                      Pattern("phone_trunk", trunk, 0.45), Pattern("phone_pairs", pairs, 0.45),
                      Pattern("phone_national", national, 0.4), Pattern("phone_bare", bare, 0.2)],
            context=["phone", "call", "tel", "mobile", "cell", "number", "text", "whatsapp", "reach", "contact"],
            global_regex_flags=_FLAGS,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = sum(ch.isdigit() for ch in pattern_text)
        if not 7 <= digits <= 15:
            return False
        return None
