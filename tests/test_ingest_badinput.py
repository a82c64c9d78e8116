"""Property-based bad input: thousands of malformed messages, the worker stays up, every
one is on the dead-letter topic with a reason, and none of their plaintext is readable
there or in the logs."""

from __future__ import annotations

import json
import uuid

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from kafka import KafkaConsumer, KafkaProducer

from veil.ingest import Encryptor
from tests.conftest import FAST_GROUP, veil
from veil.core.settings import Home

MAX_BYTES = 4096
SECRET = "zq-secret-{}@example.com"  # a marker that must never be readable outside the ciphertext

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))


@st.composite
def malformed(draw) -> tuple[str, bytes]:
    secret = SECRET.format(draw(st.integers(0, 10**9)))
    kind = draw(st.sampled_from(["not_utf8", "not_json", "not_object", "missing_user_key", "bad_user_key",
                                 "too_deep", "too_large", "bad_event_time"]))
    if kind == "not_utf8":
        body = json.dumps({"user_id": secret}).encode()
        cut = draw(st.integers(0, len(body)))
        raw = body[:cut] + draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"])) + body[cut:]
    elif kind == "not_json":
        raw = (f'{{"user_id": "{secret}", ' + draw(st.sampled_from(['"a": }', "", '"b": [1, 2', "'x': 1}"]))).encode()
    elif kind == "not_object":
        raw = json.dumps(draw(st.one_of(json_scalars, st.lists(json_scalars, max_size=4))) if draw(st.booleans())
                         else [secret]).encode()
    elif kind == "missing_user_key":
        extra = draw(st.dictionaries(st.text(max_size=8).filter(lambda k: k != "user_id"), json_scalars, max_size=4))
        raw = json.dumps({**extra, "contact": secret}).encode()
    elif kind == "bad_user_key":
        bad = draw(st.sampled_from([None, True, [], {}, "", [secret], {"email": secret}]))
        raw = json.dumps({"user_id": bad, "note": secret}).encode()
    elif kind == "too_deep":
        depth = draw(st.integers(40, 400))
        raw = ('{"user_id": "' + secret + '", "x": ' + "[" * depth + "1" + "]" * depth + "}").encode()
    elif kind == "too_large":
        raw = json.dumps({"user_id": secret, "text": secret * (MAX_BYTES // len(secret) + 1)}).encode()
    else:
        raw = json.dumps({"user_id": secret, "ts": draw(st.sampled_from(["yesterday", "2026-13-45", "", "nope"]))}).encode()
    return kind, raw


def draw_messages(n: int) -> list[tuple[str, bytes]]:
    """``n`` malformed messages drawn by Hypothesis (one example each, so it explores the
    strategy widely); the worker then gets them all in one run."""
    drawn: list[tuple[str, bytes]] = []

    @settings(max_examples=n, deadline=None, derandomize=True, phases=[Phase.generate, Phase.target],
              suppress_health_check=list(HealthCheck), database=None)
    @given(malformed())
    def collect(message):
        drawn.append(message)

    collect()
    return drawn


def test_thousands_of_malformed_messages(broker, tmp_path):
    batch = draw_messages(2500)
    assert len(batch) >= 2000 and len({kind for kind, _ in batch}) == 8
    topic = f"bad-{uuid.uuid4().hex[:8]}"
    broker.create_topic(topic, partitions=2)
    home, store = tmp_path / "home", tmp_path / "store"
    good = [json.dumps({"event_id": f"ok{i}", "user_id": f"u{i}", "n": i}).encode() for i in range(20)]
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap, linger_ms=5, max_request_size=1 << 21)
    for i, (_kind, raw) in enumerate(batch):
        producer.send(topic, raw, partition=i % 2)
    for i, raw in enumerate(good):
        producer.send(topic, raw, partition=i % 2)
    producer.flush()
    producer.close()

    proc = veil("ingest", "--bootstrap", broker.bootstrap, "--topic", topic, "--store", str(store),
                "--group", f"g-{topic}", "--exit-when-idle", "3", "--max-message-bytes", str(MAX_BYTES),
                *FAST_GROUP, home=home)
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["rows_written"] == len(good)
    assert summary["dead_letters"] == len(batch)

    consumer = KafkaConsumer(f"{topic}.dlq", bootstrap_servers=broker.bootstrap, auto_offset_reset="earliest",
                             consumer_timeout_ms=5000, fetch_max_bytes=1 << 24)
    letters = list(consumer)
    consumer.close()
    assert len(letters) == len(batch)
    encryptor = Encryptor(Home.resolve(home).deadletter_key())
    seen = {}
    for letter in letters:
        headers = {k: v.decode() for k, v in letter.headers}
        assert "zq-secret" not in json.dumps(headers) and b"zq-secret" not in letter.value
        seen[(int(headers["veil.source.partition"]), int(headers["veil.source.offset"]))] = (
            headers["veil.reason"], encryptor.decrypt(letter.value))
    expected = {(i % 2, i // 2): raw for i, (_kind, raw) in enumerate(batch)}
    assert {coord: raw for coord, (_reason, raw) in seen.items()} == expected
    for (partition, offset), (reason, _raw) in seen.items():
        kind = batch[offset * 2 + partition][0]
        assert reason == kind or (kind, reason) in {("not_object", "not_json"), ("bad_user_key", "missing_user_key")}
    assert "zq-secret" not in proc.stderr and "zq-secret" not in proc.stdout
