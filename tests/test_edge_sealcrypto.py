"""veil_edge.sealcrypto (issue 14, cold start): the cheap-to-import seal primitives must give
exactly what ``cryptography``'s public API gives, or the server could not open seals."""

import os

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

import veil_edge
from veil_edge import sealcrypto


@pytest.mark.parametrize("length", [32, 1, 31, 33, 64, 100])
def test_stdlib_hkdf_equals_cryptography_hkdf_on_random_inputs(length):
    for _ in range(50):
        secret, salt, info = (os.urandom(n) for n in (32, os.urandom(1)[0] % 80, os.urandom(1)[0] % 40))
        want = HKDF(algorithm=hashes.SHA256(), length=length, salt=salt or None, info=info).derive(secret)
        assert sealcrypto.hkdf_sha256(secret, salt, info, length) == want


def test_keys_and_aead_are_cryptographys_own_objects():
    private = sealcrypto.generate()
    assert isinstance(private, X25519PrivateKey)
    raw = private.public_key().public_bytes_raw()
    public = sealcrypto.public_from_bytes(raw)
    assert isinstance(public, X25519PublicKey) and public == X25519PublicKey.from_public_bytes(raw)
    key, nonce = os.urandom(32), os.urandom(12)
    assert sealcrypto.chacha20poly1305(key).encrypt(nonce, b"x", b"ad") == ChaCha20Poly1305(key).encrypt(nonce, b"x", b"ad")
    with pytest.raises(ValueError):
        sealcrypto.public_from_bytes(b"short")


def test_seal_opens_with_the_public_api_derivation():
    """A seal from the device opens with a key derived the way the server always did."""
    private = X25519PrivateKey.generate()
    token = veil_edge.Sealer(private.public_key()).seal({"email": "jane@example.com"})
    raw = veil_edge.seal.base64.urlsafe_b64decode(token[len(veil_edge.SEAL_PREFIX):])
    ephemeral, nonce, sealed = raw[:32], raw[32:44], raw[44:]
    shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral))
    salt = ephemeral + private.public_key().public_bytes_raw()
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"veil-seal v1").derive(shared)
    assert ChaCha20Poly1305(key).decrypt(nonce, sealed, ephemeral) == b'{"email":"jane@example.com"}'


def test_fallback_to_the_public_api(monkeypatch):
    monkeypatch.setattr(sealcrypto, "_rust", lambda: None)
    private = X25519PrivateKey.generate()
    token = veil_edge.Sealer(private.public_key()).seal(42)
    assert veil_edge.Opener(private).open(token) == 42


def test_is_public_key_is_isinstance_of_the_public_class(monkeypatch):
    private = X25519PrivateKey.generate()

    class Registered:  # what some other backend's key would be: registered with the ABC
        pass

    X25519PublicKey.register(Registered)
    cases = [private.public_key(), sealcrypto.public_from_bytes(os.urandom(32)), Registered(), private, None,
             "veil-x25519:abc", b"\x00" * 32]
    for rust in (sealcrypto._rust, lambda: None):
        monkeypatch.setattr(sealcrypto, "_rust", rust)
        assert [sealcrypto.is_public_key(k) for k in cases] == [isinstance(k, X25519PublicKey) for k in cases]
    with pytest.raises(veil_edge.SealError):
        veil_edge.Sealer(private)
