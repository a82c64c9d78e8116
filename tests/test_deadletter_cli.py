"""``veil deadletter list|show|replay`` on real files, a real broker and a real store."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FAST_GROUP, produce_events, veil
from veil.store import read_snapshot, snapshot

EVENTS = [{"event_id": f"e{i}", "account": {"id": f"user-{i % 3}"}, "ts": "2026-11-02T08:00:00Z",
           "text": f"Call Jane Doe at (415) 555-01{i:02d}"} for i in range(6)]
TYPO = "version: 1\nroles: {user_key: account.idd}\n"  # every event lacks the user key
FIXED = "version: 1\nroles: {user_key: account.id}\n"


def _policies(tmp_path):
    (tmp_path / "typo.yaml").write_text(TYPO)
    (tmp_path / "fixed.yaml").write_text(FIXED)
    return str(tmp_path / "typo.yaml"), str(tmp_path / "fixed.yaml")


def _rows(store, topic):
    return read_snapshot(snapshot(store, topic)).to_pylist()


@pytest.mark.slow
def test_local_letters_listed_shown_decrypted_with_an_audit_and_replayed_once(tmp_path, home):
    typo, fixed = _policies(tmp_path)
    src, store = tmp_path / "in.jsonl", tmp_path / "store"
    src.write_text("".join(json.dumps(e) + "\n" for e in EVENTS))
    veil("scrub", str(src), "-o", str(tmp_path / "out.jsonl"), "--policy", typo, "--max-bad-fraction", "1", home=home)
    listed = json.loads(veil("deadletter", "list", "--json", home=home).stdout)
    [(name, reasons)] = listed.items()
    assert reasons == {"missing_user_key": 6}
    shown = json.loads(veil("deadletter", "show", f"{name}:2", home=home).stdout)
    assert shown["reason"] == "missing_user_key" and "raw" not in shown and "Jane" not in json.dumps(shown)
    decrypted = json.loads(veil("deadletter", "show", f"{name}:2", "--decrypt", home=home).stdout)
    assert json.loads(decrypted["raw"])["event_id"] == "e1"
    assert any(json.loads(line)["kind"] == "deadletter_decrypted" for line in (home / "audit.jsonl").open())

    summary = json.loads(veil("deadletter", "replay", "--all", "--policy", fixed, "--store", str(store),
                              "--topic", "chats", home=home).stdout)
    assert summary["replayed"] == 6 and summary["still_bad"] == 0 and summary["removed_from_files"] == 6
    rows = _rows(store, "chats")
    assert sorted(r["event_id"] for r in rows) == [e["event_id"] for e in EVENTS]
    assert "Jane Doe" not in json.dumps(rows) and "555-01" not in json.dumps(rows)
    assert "no dead letters" in veil("deadletter", "list", home=home).stdout
    again = json.loads(veil("deadletter", "replay", "--all", "--policy", fixed, "--store", str(store),
                            "--topic", "chats", home=home).stdout)
    assert again["letters"] == 0 and len(_rows(store, "chats")) == 6


@pytest.mark.slow
def test_listing_a_missing_home_creates_nothing(tmp_path):
    proc = veil("deadletter", "list", "--home", str(tmp_path / "typo"), check=False)
    assert proc.returncode == 2 and "no Veil home" in proc.stderr and not (tmp_path / "typo").exists()


@pytest.mark.slow
def test_a_dead_letter_topic_replays_into_the_store_exactly_once(broker, topic, tmp_path, home):
    typo, fixed = _policies(tmp_path)
    store = tmp_path / "store"
    produce_events(broker, topic, EVENTS)
    veil("ingest", "--bootstrap", broker.bootstrap, "--topic", topic, "--store", str(store), "--policy", typo,
         "--group", f"g-{topic}", "--exit-when-idle", "3", *FAST_GROUP, home=home)
    dlq = ["--bootstrap", broker.bootstrap, "--dlq", f"{topic}.dlq"]
    listed = json.loads(veil("deadletter", "list", *dlq, "--json", home=home).stdout)
    assert sum(sum(r.values()) for r in listed.values()) == 6
    for _ in range(2):  # a second replay rewrites the same files: still one row per event
        summary = json.loads(veil("deadletter", "replay", *dlq, "--policy", fixed, "--store", str(store),
                                  "--topic", topic, home=home).stdout)
        assert summary["replayed"] == 6
        assert sorted(r["event_id"] for r in _rows(store, topic)) == [e["event_id"] for e in EVENTS]
