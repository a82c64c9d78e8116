"""Phone numbers in the grouped, international, trunk, paired and national formats that
Presidio's phonenumbers-based recognizer can miss.  The patterns are ``veil_edge.patterns``
(shared with the edge's lite tier)."""

from __future__ import annotations

from veil_edge import PATTERN_FLAGS as _FLAGS, PHONE_CONTEXT, PHONE_PATTERNS, phone_digits_ok

from ..recognizer_registry import register_recognizer
from .base import shared_pattern_recognizer


@register_recognizer("phone_formats")
class PhoneFormatsRecognizer(shared_pattern_recognizer("PHONE_NUMBER", "VeilPhoneFormatsRecognizer", PHONE_PATTERNS,
                                                       PHONE_CONTEXT, _FLAGS)):
    """Grouped phone numbers Presidio's phonenumbers-based recognizer can miss
    (``555 123 4567``, ``(555)1234567``, ``+49 30 1234 5678``, ``07700 900123``)."""

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if phone_digits_ok(pattern_text) else False
