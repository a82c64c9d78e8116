"""Keyed, stable pseudonyms (HMAC-SHA256).

The same function is used for the ``user`` column and by erasure (``veil erase --user``),
so it must never change its output for a given key and value.
"""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "u_"
HEX_CHARS = 32  # 128 bits: collisions are not a practical concern


def normalize_value(value: object) -> str:
    """Strings as they are, integers via ``str`` (so ``42`` and ``"42"`` are one user).

    Integral floats (``42.0``) count as integers.  Booleans, ``None``, containers and
    empty strings have no identity and raise ``TypeError``/``ValueError`` (without the value).
    """
    if isinstance(value, bool) or value is None:
        raise TypeError(f"cannot pseudonymise a {type(value).__name__}")
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("cannot pseudonymise an empty string")
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    raise TypeError(f"cannot pseudonymise a {type(value).__name__}")


class KeyedPseudonyms:
    """``pseudonymize`` for one key: the HMAC is keyed once and copied per value, which a
    hot path (the user column of every event) needs instead of re-deriving the key pads."""

    def __init__(self, key: bytes, *, prefix: str = PREFIX, domain: str | None = None):
        if not isinstance(key, (bytes, bytearray)) or not key:
            raise ValueError("pseudonym key must be non-empty bytes")
        self._mac = hmac.new(bytes(key), digestmod=hashlib.sha256)
        if domain is not None:
            self._mac.update(domain.encode("utf-8") + b"\x00")
        self.prefix = prefix

    def of_normalized(self, normalized: str) -> str:
        """The pseudonym of a value already passed through :func:`normalize_value`."""
        mac = self._mac.copy()
        mac.update(normalized.encode("utf-8"))
        return self.prefix + mac.hexdigest()[:HEX_CHARS]

    def __call__(self, value: object) -> str:
        return self.of_normalized(normalize_value(value))


def pseudonymize(key: bytes, value: object, *, prefix: str = PREFIX, domain: str | None = None) -> str:
    """``"u_" + first 32 hex chars of HMAC-SHA256(key, value)``.

    ``domain`` (optional) separates pseudonym spaces: the same value under another domain
    gets an unlinkable token.  The user column always uses no domain.
    """
    return KeyedPseudonyms(key, prefix=prefix, domain=domain)(value)
