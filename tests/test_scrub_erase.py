"""``veil scrub`` and ``veil erase`` as real subprocesses on real files."""

from __future__ import annotations

import pytest

import json

from veil.store import read_snapshot, snapshot
from tests.conftest import veil
from veil.core.settings import Home

LINES = [
    {"event_id": "a1", "user_id": "jane.doe@example.com", "ts": "2026-11-02T08:00:00Z",
     "text": "I'm Jane Doe, reach me at jane.doe@example.com or (415) 555-0132.", "stars": 5},
    {"event_id": "a2", "user_id": "li.wei@example.org", "ts": "2026-11-02T09:00:00Z",
     "text": "Li Wei here: the kettle broke.", "stars": 1},
    {"user_id": "omar.haddad@example.net", "ts": "2026-11-03T10:00:00Z", "text": "no id on this one", "stars": 3},
]


def write_input(path, bad: bool = True):
    raw = [json.dumps(LINES[0]), "{not json, jane.doe@example.com", json.dumps(LINES[1]), "",
           '["an", "array"]', json.dumps(LINES[2])] if bad else [json.dumps(x) for x in LINES]
    path.write_text("\n".join(raw) + "\n")


@pytest.mark.slow
def test_scrub_to_file_keeps_order_ids_and_bad_lines(tmp_path, home):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_input(src)
    proc = veil("scrub", str(src), "-o", str(out), home=home)
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["events_out"] == 3 and summary["bad_lines"] == 2 and summary["blank_lines"] == 1
    assert summary["bad_by_reason"] == {"not_json": 1, "not_object": 1}
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["event_id"] for r in rows[:2]] == ["a1", "a2"] and rows[2]["event_id"].endswith(":6")
    text = out.read_text()
    assert "jane.doe@example.com" not in text and "555-0132" not in text and "Jane Doe" not in text
    assert rows[0]["data"]["stars"] == 5 and rows[0]["user"] != rows[1]["user"]
    # Every line names the policy that produced it (here the built-in default).
    from veil.anonymize import load_policy

    assert {r["policy_hash"] for r in rows} == {summary["policy_hash"]} == {load_policy(None).hash}
    # Bad lines are kept, encrypted, with their reason and line number.
    letters = [json.loads(line) for f in (home / "deadletter").glob("*.jsonl") for line in f.read_text().splitlines()]
    assert sorted((x["reason"], x["offset"]) for x in letters) == [("not_json", 2), ("not_object", 5)]
    assert "jane.doe" not in json.dumps(letters)
    assert "jane.doe" not in proc.stderr


@pytest.mark.slow
def test_scrub_into_store_is_idempotent(tmp_path, home):
    src, store = tmp_path / "in.jsonl", tmp_path / "store"
    write_input(src, bad=False)
    veil("scrub", str(src), "--store", str(store), "--topic", "backfill", home=home)
    veil("scrub", str(src), "--store", str(store), "--topic", "backfill", home=home)
    rows = read_snapshot(snapshot(store, "backfill")).to_pylist()
    assert len(rows) == 3


@pytest.mark.slow  # subprocess or NLP model load
def test_scrub_usage_errors(tmp_path, home):
    proc = veil("scrub", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o"), home=home, check=False)
    assert proc.returncode == 2 and "does not exist" in proc.stderr
    src = tmp_path / "in.jsonl"
    write_input(src)
    proc = veil("scrub", str(src), "--store", str(tmp_path / "s"), home=home, check=False)
    assert proc.returncode == 2 and "--topic" in proc.stderr


@pytest.mark.slow
def test_erase_removes_one_user_everywhere(tmp_path, home):
    src, store = tmp_path / "in.jsonl", tmp_path / "store"
    write_input(src)
    # A dead letter that names the user: valid JSON whose user key is of a bad type is rejected
    # by the policy, but still carries the user's e-mail in another field.
    extra = json.dumps({"user_id": "jane.doe@example.com", "ts": "not a time", "text": "x"})
    src.write_text(src.read_text() + extra + "\n")
    veil("scrub", str(src), "--store", str(store), "--topic", "reviews", home=home)
    before = read_snapshot(snapshot(store, "reviews")).to_pylist()
    proc = veil("erase", "--user", "jane.doe@example.com", "--store", str(store), home=home)
    result = json.loads(proc.stdout)
    after = read_snapshot(snapshot(store, "reviews")).to_pylist()
    assert result["rows_removed"] == 1 and len(after) == len(before) - 1
    assert all(r["event_id"] != "a1" for r in after)
    assert {r["event_id"] for r in before} - {r["event_id"] for r in after} == {"a1"}
    assert result["dead_letters_removed"] == 1
    log = (home / "audit.jsonl").read_text()
    assert "jane.doe" not in log and result["user_pseudonym"] in log
    # The key never leaves HOME/keys, which only its owner may read.
    key_file = Home.resolve(home).keys_dir / "pseudonym.key"
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert veil("audit", "verify", home=home).returncode == 0
