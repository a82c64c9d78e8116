"""Reading dead letters back: the local files of ``veil scrub`` and ``<topic>.dlq`` topics.

Invariants: listing reads only what is in clear (reason, detail, source coordinates)
and never decrypts; a letter's raw message is decrypted only by :func:`decrypt`, which
callers audit.  A letter is named by where it is kept — ``FILE:LINE`` for a local file
(``scrub-ab12cd34ef56-20261203T101500-4711:3``) or ``TOPIC/PARTITION/OFFSET`` for a
dead-letter topic (``reviews.dlq/0/17``) — and that name never contains event values.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from veil.core.errors import UnreachableError, UsageError
from veil.ingest.deadletter import (
    HEADER_DETAIL,
    HEADER_OFFSET,
    HEADER_PARTITION,
    HEADER_REASON,
    HEADER_TOPIC,
    Encryptor,
)


@dataclass(frozen=True)
class StoredLetter:
    """One dead letter where it is kept; ``payload`` is the encrypted raw message."""

    id: str
    reason: str
    detail: str
    source_topic: str
    source_partition: int
    source_offset: int
    payload: bytes

    def summary(self) -> dict:
        """What may be shown without the key (no payload)."""
        return {"id": self.id, "reason": self.reason, "detail": self.detail, "source": self.source_topic,
                "partition": self.source_partition, "offset": self.source_offset}


def file_letters(directory: Path, name: str | None = None) -> Iterator[StoredLetter]:
    """The letters of ``HOME/deadletter/*.jsonl`` (or of the one file ``name``), in order."""
    paths = [Path(directory) / f"{name}.jsonl"] if name else sorted(Path(directory).glob("*.jsonl"))
    for path in paths:
        if not path.is_file():
            raise UsageError(f"no dead-letter file {path.name} in {directory} (see `veil deadletter list`)")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                yield _of_record(f"{path.stem}:{number}", json.loads(line))


def _of_record(letter_id: str, record: dict) -> StoredLetter:
    return StoredLetter(letter_id, record["reason"], record.get("detail", ""), record["source"],
                        int(record["partition"]), int(record["offset"]), record["payload"].encode("ascii"))


def topic_letters(bootstrap: str, dlq_topic: str, timeout_s: float = 10.0) -> Iterator[StoredLetter]:
    """Every letter of a dead-letter topic, from the beginning to its current end.  Reads
    with an assigned consumer and no group: nothing is committed, nothing moves."""
    from kafka import KafkaConsumer, TopicPartition
    from kafka.errors import KafkaTimeoutError

    try:
        consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False,
                                 bootstrap_timeout_ms=int(timeout_s * 1000), consumer_timeout_ms=2000)
    except KafkaTimeoutError:
        raise UnreachableError(f"no Kafka broker answered at {bootstrap}; check --bootstrap") from None
    try:
        partitions = consumer.partitions_for_topic(dlq_topic)
        if not partitions:
            raise UsageError(f"topic {dlq_topic} does not exist at {bootstrap}")
        tps = [TopicPartition(dlq_topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        yield from _read_to_end(consumer, tps)
    finally:
        consumer.close(autocommit=False)


def _read_to_end(consumer, tps: list, quiet_s: float = 10.0) -> Iterator[StoredLetter]:
    """Every record up to each partition's high-water mark as the fetches report it (not
    ``end_offsets``: the local test broker answers ListOffsets wrongly).  A broker silent
    for ``quiet_s`` is an error, not an end: a partial list would read as a complete one."""
    import time

    remaining = set(tps)
    last_progress = time.monotonic()
    while remaining:
        for tp, records in consumer.poll(timeout_ms=500).items():
            for record in records:
                yield _of_message(f"{tp.topic}/{tp.partition}/{record.offset}", record)
            last_progress = time.monotonic()
        remaining = {tp for tp in remaining
                     if consumer.highwater(tp) is None or consumer.position(tp) < consumer.highwater(tp)}
        if remaining and time.monotonic() - last_progress > quiet_s:
            raise UnreachableError(f"the broker stopped answering while {remaining.pop().topic} was read; "
                                   "nothing was changed, try again")


def _of_message(letter_id: str, record) -> StoredLetter:
    headers = {k: v.decode("utf-8", "replace") for k, v in (record.headers or [])}
    return StoredLetter(letter_id, headers.get(HEADER_REASON, "unknown"), headers.get(HEADER_DETAIL, ""),
                        headers.get(HEADER_TOPIC, ""), int(headers.get(HEADER_PARTITION, -1)),
                        int(headers.get(HEADER_OFFSET, -1)), bytes(record.value or b""))


def counts(letters: Iterable[StoredLetter]) -> dict[str, Counter[str]]:
    """``{where: Counter(reason)}`` — where is the file name or the topic."""
    out: dict[str, Counter[str]] = {}
    for letter in letters:
        where = letter.id.rsplit(":", 1)[0] if ":" in letter.id else letter.id.split("/")[0]
        out.setdefault(where, Counter())[letter.reason] += 1
    return out


def decrypt(letter: StoredLetter, key: bytes) -> bytes:
    """The raw message (may be full of personal data: callers audit every call)."""
    from cryptography.fernet import InvalidToken

    try:
        return Encryptor(key).decrypt(letter.payload)
    except InvalidToken:
        raise UsageError(f"letter {letter.id} cannot be decrypted with this home's dead-letter key "
                         "(another home, or VEIL_DEADLETTER_KEY differs)") from None
