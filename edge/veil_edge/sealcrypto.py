"""The three primitives a seal needs (X25519, HKDF-SHA256, ChaCha20-Poly1305), cheap to import.

Why this module: a device's cold start is dominated by imports.  ``cryptography``'s public
classes pull in its OpenSSL backend module (``X25519PublicKey.from_public_bytes`` and
``generate`` import it only to ask whether FIPS mode is on: ~4 ms), ``hashes`` (~1.3 ms,
for HKDF) and the whole ``ciphers`` package (~2 ms, for one AEAD class).  Here:

* X25519 and ChaCha20-Poly1305 are the very Rust objects the public API hands back, taken
  from ``cryptography.hazmat.bindings._rust`` with the same FIPS refusal; if a future
  ``cryptography`` moves them, the public API is used instead (slower, same results);
* HKDF-SHA256 is RFC 5869 with ``hmac``/``hashlib`` (a test checks it derives byte for byte
  what ``cryptography``'s ``HKDF`` derives, so the server still opens every seal).

Invariant: same keys, same ciphertexts, same errors as the public ``cryptography`` API.
"""

from __future__ import annotations

import hashlib
import hmac

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on a device's cold start
if TYPE_CHECKING:
    from typing import Any


def _rust() -> Any:
    """``cryptography``'s Rust OpenSSL bindings, or ``None`` where they lack what we use."""
    from cryptography.hazmat.bindings._rust import openssl

    ok = all(hasattr(openssl, n) for n in ("x25519", "aead", "is_fips_enabled"))
    return openssl if ok and hasattr(openssl.aead, "ChaCha20Poly1305") else None


def _refuse_fips(rust: Any) -> None:
    # what ``backend.x25519_supported()`` checks for the public classmethods
    if rust.is_fips_enabled():
        from cryptography.exceptions import UnsupportedAlgorithm, _Reasons

        raise UnsupportedAlgorithm("X25519 is not supported by this version of OpenSSL.",
                                   _Reasons.UNSUPPORTED_EXCHANGE_ALGORITHM)


def public_from_bytes(raw: bytes) -> Any:
    """``X25519PublicKey.from_public_bytes(raw)``."""
    rust = _rust()
    if rust is None:
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

        return X25519PublicKey.from_public_bytes(raw)
    _refuse_fips(rust)
    return rust.x25519.from_public_bytes(raw)


def is_public_key(key: Any) -> bool:
    """``isinstance(key, X25519PublicKey)``: the public class (an ABC, whose module imports
    ``cryptography``'s serialization and hashes: ~1.5 ms) only for what is not the Rust key
    object the ABC registers."""
    rust = _rust()
    cls = getattr(rust.x25519, "X25519PublicKey", None) if rust is not None else None
    if cls is not None and isinstance(key, cls):
        return True
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    return isinstance(key, X25519PublicKey)


def generate() -> Any:
    """``X25519PrivateKey.generate()``."""
    rust = _rust()
    if rust is None:
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

        return X25519PrivateKey.generate()
    _refuse_fips(rust)
    return rust.x25519.generate_key()


def chacha20poly1305(key: bytes) -> Any:
    """``ChaCha20Poly1305(key)`` (the public name is this very class, re-exported)."""
    rust = _rust()
    if rust is None:
        from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

        return ChaCha20Poly1305(key)
    return rust.aead.ChaCha20Poly1305(key)


def hkdf_sha256(secret: bytes, salt: bytes, info: bytes, length: int = 32) -> bytes:
    """RFC 5869 HKDF with SHA-256: extract, then expand to ``length`` bytes."""
    if not 0 < length <= 255 * 32:
        raise ValueError("HKDF-SHA256 derives 1 to 8160 bytes")
    prk = hmac.digest(salt or bytes(32), secret, hashlib.sha256)
    out, block = b"", b""
    for counter in range(1, -(-length // 32) + 1):
        block = hmac.digest(prk, block + info + bytes((counter,)), hashlib.sha256)
        out += block
    return out[:length]
