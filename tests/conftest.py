"""Shared fixtures: a real Kafka-protocol broker (tansu) for the whole session, and
helpers to run ``veil`` as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from veil.ingest import LocalBroker
from veil.core.settings import configure_offline

configure_offline()

# veil_edge's policy cache (policy_cache.py): one per test session, never the user's own
import tempfile  # noqa: E402

os.environ.setdefault("VEIL_EDGE_POLICY_CACHE", tempfile.mkdtemp(prefix="veil-edge-policy-cache-"))


def pytest_collection_modifyitems(items):
    """Every test on the real broker is slow (a consumer group takes seconds to form):
    ``pytest -m "not slow"`` is the inner loop without them."""
    for item in items:
        if "broker" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def scrub_review():
    """The server's full tier under the default policy, on one free-text ``review`` field:
    text in, scrubbed text out (the real-text tests' probe)."""
    from veil.anonymize import Sanitizer, load_policy

    sanitizer = Sanitizer(load_policy(None), b"r" * 32)
    return lambda text: sanitizer.sanitize_batch([{"user_id": "u", "event_id": "e", "review": text}])[0].data["review"]


@pytest.fixture(scope="session")
def scrub_lite():
    """The device's lite tier under the default policy, on one free-text ``text`` field."""
    from veil_edge import Scrubber, generate_private_key, load_policy

    scrubber = Scrubber(load_policy(None), tier="lite", public_key=generate_private_key().public_key())
    return lambda text: scrubber.scrub({"event_id": "e1", "user_id": "u1", "text": text})["text"]


@pytest.fixture(params=["full", "lite"])
def scrub_tier(request, scrub_review, scrub_lite):
    """Each tier in turn: the sign-off rules are ``veil_edge``'s, so both must hold them."""
    return scrub_review if request.param == "full" else scrub_lite


@pytest.fixture(scope="session")
def broker(tmp_path_factory):
    log = tmp_path_factory.mktemp("broker") / "tansu.log"
    with LocalBroker(log_path=log) as b:
        yield b


@pytest.fixture
def topic(broker) -> str:
    """A fresh topic with 2 partitions per test."""
    name = f"t-{uuid.uuid4().hex[:10]}"
    broker.create_topic(name, partitions=2)
    return name


@pytest.fixture
def home(tmp_path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


def produce(broker, topic: str, values: list[bytes], partition: int | None = None) -> None:
    from kafka import KafkaProducer

    producer = KafkaProducer(bootstrap_servers=broker.bootstrap, linger_ms=5)
    for i, value in enumerate(values):
        producer.send(topic, value, partition=partition if partition is not None else i % 2)
    producer.flush()
    producer.close()


def produce_events(broker, topic: str, events: list[dict]) -> None:
    produce(broker, topic, [json.dumps(e).encode() for e in events])


def veil(*args: str, home: Path | None = None, check: bool = True, timeout: float = 300,
         env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real ``veil`` CLI in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    if home is not None:
        full_env["VEIL_HOME"] = str(home)
    proc = subprocess.run([sys.executable, "-m", "veil", *args], capture_output=True, text=True,
                          timeout=timeout, env=full_env)
    if check and proc.returncode != 0:
        raise AssertionError(f"veil {' '.join(args)} exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc


# Fast consumer-group settings for tests: joins wait up to the rebalance timeout.
FAST_GROUP = ["--max-poll-interval-ms", "20000", "--session-timeout-ms", "6000", "--flush-seconds", "2"]
