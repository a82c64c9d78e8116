"""``veil_edge.Producer``: kafka-python's ``KafkaProducer`` behind a scrubber, failing closed.

``send(topic, event)``: scrub → serialise → headers (``Scrubber.headers``) → send.  When the
scrubber rejects an event, it is not JSON, or its scrubbed form is over ``max_event_bytes``,
nothing is sent: the failure is counted (``counts``) and the raw event is kept only sealed
to the ingest service's public key in the spool file (``on_error="spool"``, the default
when a spool is given) or dropped (``on_error="drop"``).  Never in clear, anywhere.

kafka-python has no interceptors (and Java-style interceptors fail open), hence a wrapper.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from .errors import EdgeUnreachable, SealError
from .scrubber import Scrubber
from .seal import Sealer
from .types import Rejected

DEFAULT_MAX_EVENT_BYTES = 1_048_576  # the server's message-size limit


class Producer:
    def __init__(self, scrubber: Scrubber, *, spool: str | Path | None = None, on_error: str | None = None,
                 public_key: Any = None, max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES, **kafka_config: Any):
        on_error = on_error or ("spool" if spool else "drop")
        if on_error not in ("spool", "drop"):
            raise SealError(f"on_error must be 'spool' or 'drop', not {on_error!r}")
        if on_error == "spool" and not spool:
            raise SealError("on_error='spool' needs a spool file")
        self.scrubber = scrubber
        self.on_error = on_error
        self.spool = Path(spool) if spool else None
        self.max_event_bytes = max_event_bytes
        self.counts: Counter = Counter()
        self._spool_sealer = Sealer(public_key or scrubber.public_key) if on_error == "spool" else None
        from kafka import KafkaProducer
        from kafka.errors import KafkaError

        try:
            self._kafka = KafkaProducer(**kafka_config)
        except KafkaError:  # kafka-python 3: a KafkaTimeoutError 'Unable to bootstrap from ...'
            raise EdgeUnreachable(f"no broker reachable at {kafka_config.get('bootstrap_servers')}; "
                                  "nothing was sent") from None

    def send(self, topic: str, event: Any, key: bytes | None = None):
        """The send's future, or None when the event failed closed (see ``counts``)."""
        return self.send_batch(topic, [event], [key])[0]

    def send_batch(self, topic: str, events: list[Any], keys: list[bytes | None] | None = None) -> list:
        parsed = [self._parsed(e) for e in events]
        todo = [i for i, p in enumerate(parsed) if not isinstance(p, Rejected)]
        scrubbed = self.scrubber.scrub_batch([parsed[i] for i in todo]) if todo else []
        futures: list = [None] * len(events)
        for i, p in enumerate(parsed):
            if isinstance(p, Rejected):
                self._failed(p.reason, events[i])
        headers = self.scrubber.headers()
        for i, out in zip(todo, scrubbed):
            if isinstance(out, Rejected):
                self._failed(out.reason, events[i])
                continue
            value = json.dumps(out, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            if len(value) > self.max_event_bytes:
                self._failed("too_large", events[i])
                continue
            futures[i] = self._kafka.send(topic, value=value, key=(keys or [None] * len(events))[i], headers=headers)
            self.counts["sent"] += 1
        return futures

    def _parsed(self, event: Any) -> Any:
        if isinstance(event, (bytes, bytearray, str)):
            if len(event) > 4 * self.max_event_bytes:
                return Rejected("too_large")
            try:
                event = json.loads(event)
            except (ValueError, UnicodeDecodeError):
                return Rejected("not_json")
        if not isinstance(event, dict):
            return Rejected("not_object")
        return event

    def _failed(self, reason: str, raw: Any) -> None:
        self.counts[f"failed.{reason}"] += 1
        if self._spool_sealer is None:
            self.counts["dropped"] += 1
            return
        if isinstance(raw, (bytes, bytearray)):
            raw = bytes(raw).decode("utf-8", "replace")
        elif not isinstance(raw, str):
            try:
                raw = json.dumps(raw, ensure_ascii=False)
            except (TypeError, ValueError):
                raw = repr(raw)
        line = self._spool_sealer.seal({"reason": reason, "raw": raw}) + "\n"
        fd = os.open(self.spool, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, line.encode("ascii"))
        finally:
            os.close(fd)
        self.counts["spooled"] += 1

    def flush(self, timeout: float | None = None) -> None:
        self._kafka.flush(timeout)

    def close(self, timeout: float | None = None) -> None:
        self._kafka.close(timeout)
