"""``veil ingest`` against the real broker, as a real subprocess."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
from kafka import KafkaConsumer, TopicPartition

from veil.ingest import Encryptor
from veil.store import next_offsets, read_snapshot, snapshot
from tests.conftest import FAST_GROUP, produce, produce_events, veil
from veil.core.settings import Home

PEOPLE = [
    ("jane.doe@example.com", "Jane Doe", "(415) 555-0132"),
    ("li.wei@example.org", "Li Wei", "(212) 555-0187"),
    ("omar.haddad@example.net", "Omar Haddad", "(646) 555-0199"),
]


def events(n: int) -> list[dict]:
    out = []
    for i in range(n):
        email, name, phone = PEOPLE[i % len(PEOPLE)]
        out.append({
            "event_id": f"evt-{i:05d}",
            "user_id": email,
            "ts": f"2026-11-{1 + i % 3:02d}T12:00:00Z",
            "rating": i % 5,
            "verified": True,
            "text": f"Hello, my name is {name}, call me at {phone} or mail {email}.",
            "details": {"notes": [f"contact {email}"], "count": i},
        })
    return out


def ingest(broker, topic, store, home, *extra):
    return veil("ingest", "--bootstrap", broker.bootstrap, "--topic", topic, "--store", str(store),
                "--group", f"g-{topic}", "--exit-when-idle", "3", *FAST_GROUP, *extra, home=home)


def test_ingest_end_to_end(broker, topic, tmp_path, home):
    store = tmp_path / "store"
    sent = events(60)
    produce_events(broker, topic, sent)
    proc = ingest(broker, topic, store, home)
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["rows_written"] == 60 and summary["dead_letters"] == 0

    table = read_snapshot(snapshot(store, topic))
    rows = table.to_pylist()
    assert sorted(r["event_id"] for r in rows) == [e["event_id"] for e in sent]  # ids kept, once each
    blob = json.dumps(rows)
    for email, name, phone in PEOPLE:  # PII gone from every column
        assert email not in blob and name not in blob and phone not in blob
    assert len({r["user"] for r in rows}) == 3
    first = json.loads(next(r for r in rows if r["event_id"] == "evt-00000")["data"])
    assert first["rating"] == 0 and first["verified"] is True and first["details"]["count"] == 0
    assert "<" in first["text"] and isinstance(first["details"]["notes"], list)
    # Hive layout by event date, policy hash in the metadata.
    dates = {p.parent.name for p in (store / topic).glob("date=*/*.parquet")}
    assert dates == {"date=2026-11-01", "date=2026-11-02", "date=2026-11-03"}
    some_file = next((store / topic).glob("date=*/*.parquet"))
    assert b"veil.policy_hash" in pq.read_schema(some_file).metadata
    # Offsets committed after the files were published: 30 per partition.
    consumer = KafkaConsumer(bootstrap_servers=broker.bootstrap, group_id=f"g-{topic}", enable_auto_commit=False)
    assert [consumer.committed(TopicPartition(topic, p)) for p in (0, 1)] == [30, 30]
    consumer.close()
    assert next_offsets(store, topic) == {0: 30, 1: 30}
    # Nothing personal in the worker's logs.
    for email, name, phone in PEOPLE:
        assert email not in proc.stderr and phone not in proc.stderr

    # A second run with new events adds exactly those, nothing twice.
    produce_events(broker, topic, events(70)[60:])
    ingest(broker, topic, store, home)
    ids = [r["event_id"] for r in read_snapshot(snapshot(store, topic)).to_pylist()]
    assert sorted(ids) == [e["event_id"] for e in events(70)]


def test_bad_events_go_to_dead_letter_topic_encrypted(broker, topic, tmp_path, home):
    store = tmp_path / "store"
    bad = [
        b"\xff\xfe not utf8 jane.doe@example.com",
        b'{"user_id": "jane.doe@example.com", "text": ',
        b'["jane.doe@example.com"]',
        b'{"text": "no user key here, jane.doe@example.com"}',
    ]
    good = [json.dumps(e).encode() for e in events(4)]
    produce(broker, topic, bad + good, partition=0)
    proc = ingest(broker, topic, store, home)
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["rows_written"] == 4
    assert summary["dead_letters_by_reason"] == {"not_utf8": 1, "not_json": 1, "not_object": 1, "missing_user_key": 1}

    consumer = KafkaConsumer(f"{topic}.dlq", bootstrap_servers=broker.bootstrap, auto_offset_reset="earliest",
                             consumer_timeout_ms=5000)
    letters = list(consumer)
    consumer.close()
    assert len(letters) == 4
    key = Home.resolve(home).deadletter_key()
    by_offset = {}
    for letter in letters:
        headers = {k: v.decode() for k, v in letter.headers}
        assert headers["veil.source.topic"] == topic and headers["veil.source.partition"] == "0"
        assert b"jane.doe" not in letter.value and "jane.doe" not in json.dumps(headers)
        by_offset[int(headers["veil.source.offset"])] = (headers["veil.reason"], Encryptor(key).decrypt(letter.value))
    assert by_offset == {0: ("not_utf8", bad[0]), 1: ("not_json", bad[1]), 2: ("not_object", bad[2]),
                         3: ("missing_user_key", bad[3])}
    assert "jane.doe" not in proc.stderr
    # The dead letters are counted in the audit log too.
    audit_lines = [json.loads(line) for line in (home / "audit.jsonl").read_text().splitlines()]
    assert any(e["kind"] == "dead_letters" for e in audit_lines)
