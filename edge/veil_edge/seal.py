"""Seals: values encrypted to the ingest service's X25519 public key, so that identifiers
never leave a device in clear and the device holds no pseudonym key.

A ``Sealer`` makes one ephemeral X25519 key pair per session; ECDH with the server's public
key, then HKDF-SHA256, gives a ChaCha20-Poly1305 key; each value is the JSON of the value,
encrypted under a fresh random nonce with the ephemeral public key as associated data::

    "veil-seal:1:" + base64url(ephemeral public key (32) | nonce (12) | ciphertext + tag)

Equal values seal to different tokens.  Only the holder of the private key (``Opener``, the
ingest service, key pair under the Veil home: ``veil keys init``) can open them.
Invariant: no error message names a sealed or opened value.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from _thread import allocate_lock  # threading.Lock itself, without importing threading (cold start)
from functools import lru_cache

from . import sealcrypto
from .errors import SealError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on a device's cold start
if TYPE_CHECKING:  # cryptography's classes are imported where used: ``sealcrypto`` says why
    from typing import Any

    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

SEAL_PREFIX = "veil-seal:1:"
_INFO = b"veil-seal v1"
# ``json.dumps`` with options builds a new encoder per call: one, made once, is ~3x faster
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_URLSAFE = bytes.maketrans(b"+/", b"-_")
_NONCES = 12 * 512  # random bytes drawn at once: one system call for 512 nonces


def _derive(shared: bytes, ephemeral: bytes, recipient: bytes) -> ChaCha20Poly1305:
    return sealcrypto.chacha20poly1305(sealcrypto.hkdf_sha256(shared, ephemeral + recipient, _INFO))


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes_raw()


class Sealer:
    """Seals values to one public key (the device side)."""

    def __init__(self, public_key: X25519PublicKey):
        if not sealcrypto.is_public_key(public_key):
            raise SealError("the ingest service's public key is missing: pass --public-key FILE "
                            "(the output of `veil keys export-public`)")
        ephemeral = sealcrypto.generate()
        self._ephemeral = _raw_public(ephemeral.public_key())
        self._aead = _derive(ephemeral.exchange(public_key), self._ephemeral, _raw_public(public_key))
        self._random, self._at, self._lock = b"", _NONCES, allocate_lock()

    def _nonce(self) -> bytes:
        """12 fresh random bytes (from the OS, drawn in blocks; never handed out twice, even
        to two threads: a nonce used twice under one key would break the cipher)."""
        with self._lock:
            if self._at >= _NONCES:
                self._random, self._at = os.urandom(_NONCES), 0
            at = self._at
            self._at = at + 12
            return self._random[at : at + 12]

    def seal(self, value: Any) -> str:
        nonce = self._nonce()
        sealed = self._aead.encrypt(nonce, _ENCODE(value).encode("utf-8"), self._ephemeral)
        raw = binascii.b2a_base64(self._ephemeral + nonce + sealed, newline=False)
        return SEAL_PREFIX + raw.translate(_URLSAFE).decode("ascii")  # base64.urlsafe_b64encode, one call less


def is_sealed(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(SEAL_PREFIX)


class Opener:
    """Opens seals made to this private key (the server side)."""

    def __init__(self, private_key: X25519PrivateKey):
        self._key = private_key
        self._recipient = _raw_public(private_key.public_key())
        self._aead = lru_cache(maxsize=4096)(self._aead_for)

    def _aead_for(self, ephemeral: bytes) -> ChaCha20Poly1305:
        shared = self._key.exchange(sealcrypto.public_from_bytes(ephemeral))
        return _derive(shared, ephemeral, self._recipient)

    def open(self, token: str) -> Any:
        """The sealed value; ``SealError`` for a token that is not a seal to this key."""
        from cryptography.exceptions import InvalidTag  # the server's side: not on a device's cold start

        try:
            raw = base64.urlsafe_b64decode(token[len(SEAL_PREFIX):].encode("ascii"))
            ephemeral, nonce, sealed = raw[:32], raw[32:44], raw[44:]
            plain = self._aead(ephemeral).decrypt(nonce, sealed, ephemeral)
            return json.loads(plain.decode("utf-8"))
        except (ValueError, TypeError, InvalidTag, UnicodeDecodeError):
            raise SealError("a sealed value could not be opened (broken seal or another key)") from None

    def open_all(self, obj: Any) -> tuple[Any, int]:
        """``obj`` with every sealed string opened (objects and arrays walked), and how many."""
        if is_sealed(obj):
            return self.open(obj), 1
        if isinstance(obj, dict):
            total = 0
            out = {}
            for k, v in obj.items():
                out[k], n = self.open_all(v)
                total += n
            return out, total
        if isinstance(obj, list):
            pairs = [self.open_all(v) for v in obj]
            return [v for v, _ in pairs], sum(n for _, n in pairs)
        return obj, 0


def public_key_text(key: X25519PublicKey) -> str:
    """The one-line form ``veil keys export-public`` prints and devices load."""
    return "veil-x25519:" + base64.urlsafe_b64encode(_raw_public(key)).decode("ascii")


def parse_public_key(text: str, source: str = "<public key>") -> X25519PublicKey:
    text = text.strip()
    try:
        if text.startswith("veil-x25519:"):
            raw = base64.urlsafe_b64decode(text[len("veil-x25519:"):].encode("ascii"))
            if len(raw) == 32:
                return sealcrypto.public_from_bytes(raw)
        elif text.startswith("-----BEGIN PUBLIC KEY-----"):
            from cryptography.hazmat.primitives import serialization  # PEM only: ~10 ms of a cold start

            from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

            key = serialization.load_pem_public_key(text.encode("ascii"))
            if isinstance(key, X25519PublicKey):
                return key
    except (ValueError, TypeError):
        pass
    raise SealError(f"{source}: not an X25519 public key (expected the line `veil keys export-public` prints)")


def load_public_key(path: str | os.PathLike[str]) -> X25519PublicKey:
    try:
        with open(path, encoding="utf-8") as fh:  # not pathlib: ~3 ms of a cold start
            text = fh.read()
    except FileNotFoundError:
        raise SealError(f"{path}: public key file not found (write it with `veil keys export-public -o FILE`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SealError(f"{path}: cannot read the public key ({type(exc).__name__})") from None
    return parse_public_key(text, str(path))


def generate_private_key() -> X25519PrivateKey:
    return sealcrypto.generate()


def private_key_bytes(key: X25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives import serialization  # PEM only: ~10 ms of a cold start

    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def load_private_key(path: str | os.PathLike[str]) -> X25519PrivateKey:
    from cryptography.hazmat.primitives import serialization  # PEM only: ~10 ms of a cold start

    try:
        with open(path, "rb") as fh:
            key = serialization.load_pem_private_key(fh.read(), password=None)
    except FileNotFoundError:
        raise SealError(f"{path}: the ingest key pair does not exist (create it with `veil keys init`)") from None
    except (OSError, ValueError, TypeError) as exc:
        raise SealError(f"{path}: cannot read the ingest private key ({type(exc).__name__})") from None
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    if not isinstance(key, X25519PrivateKey):
        raise SealError(f"{path}: not an X25519 private key")
    return key
