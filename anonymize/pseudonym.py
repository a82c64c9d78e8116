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


def pseudonymize(key: bytes, value: object, *, prefix: str = PREFIX, domain: str | None = None) -> str:
    """``"u_" + first 32 hex chars of HMAC-SHA256(key, value)``.

    ``domain`` (optional) separates pseudonym spaces: the same value under another domain
    gets an unlinkable token.  The user column always uses no domain.
    """
    if not isinstance(key, (bytes, bytearray)) or not key:
        raise ValueError("pseudonym key must be non-empty bytes")
    message = normalize_value(value).encode("utf-8")
    if domain is not None:
        message = domain.encode("utf-8") + b"\x00" + message
    digest = hmac.new(bytes(key), message, hashlib.sha256).hexdigest()
    return prefix + digest[:HEX_CHARS]
