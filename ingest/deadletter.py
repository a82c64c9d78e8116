"""The dead-letter path: bad events kept, encrypted, with a reason and where they came from.

The raw message may be full of personal data, so it is encrypted (Fernet: AES-128-CBC +
HMAC-SHA256) with the key under ``--home``; reason, detail and coordinates stay readable
so an operator can count and triage without decrypting.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography.fernet import Fernet

HEADER_REASON = "veil.reason"
HEADER_DETAIL = "veil.detail"
HEADER_TOPIC = "veil.source.topic"
HEADER_PARTITION = "veil.source.partition"
HEADER_OFFSET = "veil.source.offset"
HEADER_TIMESTAMP = "veil.source.timestamp"
HEADER_ENCRYPTION = "veil.encryption"


@dataclass(frozen=True)
class DeadLetter:
    reason: str
    detail: str
    source_topic: str
    source_partition: int
    source_offset: int
    raw: bytes | None
    source_timestamp: int | None = None


class DeadLetterSink(Protocol):
    counts: Counter[str]

    def send(self, letter: DeadLetter) -> None: ...

    def flush(self) -> None:
        """Make every letter sent so far durable (called before offsets are committed)."""

    def close(self) -> None:
        """Flush and release the sink's resources."""


class Encryptor:
    def __init__(self, key: bytes):
        self._fernet = Fernet(key)

    def encrypt(self, raw: bytes | None) -> bytes:
        return self._fernet.encrypt(raw or b"")

    def decrypt(self, token: bytes) -> bytes:
        return self._fernet.decrypt(token)


class KafkaDeadLetterSink:
    """Sends each letter to ``<source topic><suffix>`` (default ``.dlq``)."""

    def __init__(self, producer, key: bytes, suffix: str = ".dlq"):
        self.producer = producer
        self.encryptor = Encryptor(key)
        self.suffix = suffix
        self.counts: Counter[str] = Counter()
        # Letters sent, and how many of them the last flush covered.  Each is written by one
        # side only (send / flush), so a flush from the rebalance thread cannot lose a letter.
        self._sent = 0
        self._flushed = 0

    def send(self, letter: DeadLetter) -> None:
        headers = [
            (HEADER_REASON, letter.reason.encode()),
            (HEADER_DETAIL, letter.detail.encode()),
            (HEADER_TOPIC, letter.source_topic.encode()),
            (HEADER_PARTITION, str(letter.source_partition).encode()),
            (HEADER_OFFSET, str(letter.source_offset).encode()),
            (HEADER_ENCRYPTION, b"fernet"),
        ]
        if letter.source_timestamp is not None:
            headers.append((HEADER_TIMESTAMP, str(letter.source_timestamp).encode()))
        self.producer.send(
            letter.source_topic + self.suffix, value=self.encryptor.encrypt(letter.raw), headers=headers
        )
        self.counts[letter.reason] += 1
        self._sent += 1

    def flush(self) -> None:
        # Called before every offset commit; with no letter since the last flush there is
        # nothing to wait for (the producer's round trip costs a few ms per flush).
        sent = self._sent
        if sent != self._flushed:
            self.producer.flush()  # makes every letter sent before it durable
            self._flushed = sent

    def close(self) -> None:
        self.producer.close()


class FileDeadLetterSink:
    """Appends letters as JSON lines to one file under ``HOME/deadletter/`` (file mode)."""

    def __init__(self, directory: Path, key: bytes, name: str):
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path = directory / f"{name}-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}.jsonl"
        self.encryptor = Encryptor(key)
        self.counts: Counter[str] = Counter()
        self._handle = None

    def send(self, letter: DeadLetter) -> None:
        if self._handle is None:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            self._handle = os.fdopen(fd, "a", encoding="utf-8")
        record = {
            "reason": letter.reason,
            "detail": letter.detail,
            "source": letter.source_topic,
            "partition": letter.source_partition,
            "offset": letter.source_offset,
            "encryption": "fernet",
            "payload": self.encryptor.encrypt(letter.raw).decode("ascii"),
        }
        self._handle.write(json.dumps(record) + "\n")
        self.counts[letter.reason] += 1

    def flush(self) -> None:
        if self._handle is not None:
            self._handle.flush()
            os.fsync(self._handle.fileno())

    def close(self) -> None:
        self.flush()
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def erase_from_files(directory: Path, key: bytes, matches, *, dry_run: bool = False) -> int:
    """Remove local dead letters whose decrypted event ``matches(event)``; returns how many
    (with ``dry_run``: how many would go, and nothing is rewritten).

    Each file is rewritten atomically.  Letters that cannot name a user (not valid JSON,
    or not decryptable with ``key``) are kept.
    """
    from cryptography.fernet import InvalidToken

    encryptor = Encryptor(key)
    removed = 0
    for path in sorted(Path(directory).glob("*.jsonl")):
        kept: list[str] = []
        dropped = 0
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                event = json.loads(encryptor.decrypt(json.loads(line)["payload"].encode()))
            except (ValueError, UnicodeDecodeError, KeyError, TypeError, AttributeError, InvalidToken):
                event = None
            if isinstance(event, dict) and matches(event):
                dropped += 1
            else:
                kept.append(line)
        if dropped and not dry_run:
            tmp = path.with_name(path.name + ".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write("".join(line + "\n" for line in kept))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        removed += dropped
    return removed
