"""Cheap decisions made before any NLP: strings that cannot hold PII (``cannot_hold_pii``), how
many digits a text holds outside ids and timestamps (``free_digits``, used to skip recognizers
that cannot match), escaped line breaks read as breaks (offsets kept)."""

from __future__ import annotations

import re

from .checks import _ID_LIKE, _ISO_TS, _PHONE_LABEL, _UUID


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


def free_digits(text: str) -> int:
    digits = sum(ch.isdigit() for ch in text)
    if digits < 7:
        return digits
    return sum(ch.isdigit() for ch in _NOT_FREE_DIGITS.sub(" ", text))


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
