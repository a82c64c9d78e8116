"""Cheap decisions made before any NLP (on the edge and on the server alike): strings that cannot hold PII (``cannot_hold_pii``), how
many digits a text holds outside ids and timestamps (``free_digits``, used to skip recognizers
that cannot match), escaped line breaks read as breaks (offsets kept)."""

from __future__ import annotations

import re

from .entities import DIGIT_ENTITIES as _DIGIT_ENTITIES


# Shapes of what is no personal data, shared with the server's span checks
# (``veil.anonymize.text.checks``).
ISO_TS = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$", re.I
)
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
# ord_12345, SKU-AB-1234, INV2024-001, a1b2c3: letters and digits glued, or joined by _ / -
ID_LIKE = re.compile(r"^(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+)*$|^[A-Za-z]+_[\w-]+$")
# "555-0100x12" is an extension; "070-783-977-Office" a label
PHONE_LABEL = r"(?i:office|fax|home|work|mobile|cell|tel)\b"
_ID_LIKE, _ISO_TS, _PHONE_LABEL, _UUID = ID_LIKE, ISO_TS, PHONE_LABEL, UUID


MAYBE_URL = re.compile(r"[A-Za-z0-9-]\.[A-Za-z]{2}")


_NOT_FREE_DIGITS = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?"  # ISO timestamps
    r"|\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"  # UUIDs
    # ids gluing letters and digits (SKU3082394, ORD-2026-744356, evt_9x2k), not "555-0100x12"
    # and not IBAN-shaped tokens (DE89370400440532013000)
    r"|(?<![\w+:/.@-])(?![\d-]+[xX]\d+\b)(?![\d-]+-" + _PHONE_LABEL + r")"
    r"(?![A-Za-z]{2}\d{2}[A-Za-z0-9]{8,}\b)(?=[\w-]*[A-Za-z])(?=[\w-]*\d)[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*"
    r"(?![\w:/.@+-])"
)


def digit_count(text: str) -> int:
    """``sum(ch.isdigit() for ch in text)``, in C: on ASCII text the digits are 0-9, counted
    with ``str.count`` (every free text passes here, so the generator it replaces was a few
    per cent of the lite tier's time on chat text)."""
    return sum(map(text.count, "0123456789")) if text.isascii() else sum(map(str.isdigit, text))


def free_digits(text: str) -> int:
    digits = digit_count(text)
    if digits < 7:
        return digits
    return digit_count(_NOT_FREE_DIGITS.sub(" ", text))


_ESCAPED_BREAK = re.compile(r"\\[nrt]")


def unescape_breaks(text: str) -> str:
    return _ESCAPED_BREAK.sub(lambda m: "\n " if m.group() == "\\n" else "  ", text)


# Strings that cannot hold PII are skipped without NLP.
_SKIP_SHORT_NUMBER = re.compile(r"^[+-]?\d{1,6}(?:[.,]\d+)?$")


# "$19.99", "59.53 EUR", "USD 1,234.56", "€ 12"
_AMOUNT = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d{1,6}(?:[.,]\d{1,2})?)"
_PRICE = re.compile(
    r"^(?:(?:[A-Z]{3}\s?|[$€£¥]\s?)" + _AMOUNT + r"|" + _AMOUNT + r"\s?(?:[A-Z]{3}|[$€£¥])|\d{1,6}[.,]\d{1,2})$"
)
# one word without capitals or digits ("shipped", "chat") or a short code ("USD", "EUR")
_PLAIN_WORD = re.compile(r"^(?:[a-z][a-z_-]{0,39}|[A-Z]{2,5})$")


def cannot_hold_pii(text: str) -> bool:
    """Strings nothing in the engine could flag: ids, timestamps, prices, single plain words."""
    stripped = text.strip()
    if len(stripped) < 2:
        return True
    if len(stripped) <= 24 and (_PRICE.match(stripped) or _PLAIN_WORD.match(stripped)):
        return True
    if len(stripped) <= 64 and " " not in stripped:
        if _ISO_TS.match(stripped) or _UUID.match(stripped) or _SKIP_SHORT_NUMBER.match(stripped):
            return True
        if _ID_LIKE.match(stripped) and not stripped.isdigit() and "@" not in stripped:
            return True
    return False


# Digit-shaped entities: a match glued to letters ("ORD-2026-744356", "INV2024-1234567") or
# after "#" ("#1687234") is part of an identifier, not a phone or card number.
_GLUED_BEFORE = re.compile(r"(?:[A-Za-z][A-Za-z0-9]*[-_/.]?|#|[-_/][A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*[-_/])\Z")
_GLUED_AFTER = re.compile(r"^(?:(?![xX]\d)[A-Za-z0-9_]|[-_/](?!" + _PHONE_LABEL + r")[A-Za-z])")


def glued(entity: str, text: str, start: int, end: int) -> bool:
    if entity not in _DIGIT_ENTITIES:
        return False
    before = text[max(0, start - 24) : start]
    return bool(_GLUED_BEFORE.search(before) or _GLUED_AFTER.match(text[end : end + 12]))
