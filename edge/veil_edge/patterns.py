"""Pattern families as data: (name, regex, score) triples and their context words, read by
the edge's lite tier and, as Presidio ``PatternRecognizer``s, by the server
(``veil.anonymize.recognizers``).  One definition for both tiers.

Invariant: every regex here compiles with the ``regex`` module under ``FLAGS`` (Presidio's
``global_regex_flags`` on the server), case-sensitive.
"""

from __future__ import annotations

import regex

# Case-sensitive matching (Presidio's default flags include IGNORECASE): capitalisation
# is the signal for names and street names; cues use inline (?i:...).
FLAGS = regex.DOTALL | regex.MULTILINE

# Grouped phone numbers Presidio's phonenumbers-based recognizer can miss
# (``555 123 4567``, ``(555)1234567``, ``+49 30 1234 5678``, ``07700 900123``).
_GROUPED = r"(?<![\w.+/-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s-]?|\d{2,5}[\s.-])\d{3,4}(?:[\s.-]?\d{2,5}){0,2}(?![\w/-])"
# "+61806260827", "+61.8.3606.4934": a leading plus makes a run of digits a phone number;
# "1-426-925-3721": the North American trunk prefix
_INTERNATIONAL = r"(?<![\w.+/-])\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){1,5}(?![\w/-])"
_TRUNK = r"(?<![\w.+/-])1[\s.-]\d{3}[\s.-]\d{3}[\s.-]\d{4}(?![\w/-])"
# "01 23 45 67 89", "06.12.34.56.78": French-style pairs
_PAIRS = r"(?<![\w.+/-])0\d(?:[\s.-]\d{2}){4}(?![\w/-])"
# a national number written without spaces: trunk 0 ("0160096803") or international 00
_NATIONAL = r"(?<![\w.+/-])0\d{9,10}(?![\w/-])|(?<![\w.+/-])00\d{8,13}(?![\w/-])"
# ten bare digits: a phone only next to a phone word (context raises the score)
_BARE = r"(?<![\w.+/-])[1-9]\d{9}(?![\w/-])"
PHONE_PATTERNS: tuple[tuple[str, str, float], ...] = (
    ("phone_grouped", _GROUPED, 0.45), ("phone_plus", _INTERNATIONAL, 0.45), ("phone_trunk", _TRUNK, 0.45),
    ("phone_pairs", _PAIRS, 0.45), ("phone_national", _NATIONAL, 0.4), ("phone_bare", _BARE, 0.2),
)
PHONE_CONTEXT = ("phone", "call", "tel", "mobile", "cell", "number", "text", "whatsapp", "reach", "contact")


def phone_digits_ok(text: str) -> bool:
    """A phone number holds 7 to 15 digits (E.164)."""
    return 7 <= sum(ch.isdigit() for ch in text) <= 15


# Card numbers written in groups of four, whether or not the Luhn check passes; 12-digit
# (Maestro) numbers after a card word ("my card 503820979600", "credit card? 502004825365").
CARD_PATTERNS: tuple[tuple[str, str, float], ...] = (
    ("card_grouped", r"(?<![\w-])\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}(?![\w-])", 0.5),
    ("card_plain", r"(?<![\w-])\d{13,19}(?![\w-])", 0.3),
    ("card_after_cue", r"(?<=\b(?i:card|card number|card no\.?|credit card|debit card)[?:]?[ \t]+)\d{12,19}(?![\w-])", 0.5),
)
CARD_CONTEXT = ("card", "credit", "visa", "mastercard", "amex", "debit", "cc")

# ``123-45-6789``: the dashed 3-2-4 shape is an SSN in practice (Presidio's recognizer drops
# well-known and low-entropy examples, which are still someone's data in an event).
SSN_PATTERNS: tuple[tuple[str, str, float], ...] = (("ssn_dashed", r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])", 0.5),)
SSN_CONTEXT = ("ssn", "social", "security")
