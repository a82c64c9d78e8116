"""``veil erase`` never reassures falsely: a missing store or topic is an error and logs
nothing, finding nothing is said in words, a dry run changes nothing, the audit entry says
what was examined and for which request, and nested user keys find the user's dead letters."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from veil.anonymize import pseudonymize
from veil.audit import open_audit, verify_log
from veil.core.settings import Home
from veil.ingest import DeadLetter, FileDeadLetterSink
from veil.store import StoreRow, StoreWriter, read_snapshot, snapshot
from tests.conftest import veil

JANE = "jane.doe@example.com"
NESTED_POLICY = """version: 1
roles: {user_key: user.id, event_time: ts, event_id: event_id}
rules: []
default: {string: redact_text, number: keep, boolean: keep, "null": keep}
"""


def _state(root: Path) -> dict[str, str]:
    """Every file under root with its SHA-256: what a dry run or a refused run must not change."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture()
def small(tmp_path: Path) -> dict:
    """A home with its keys, a store with Jane's and Li's rows in two topics, and two dead
    letters (Jane's and Li's) whose events name the user under a nested key ``user.id``."""
    home = Home.resolve(tmp_path / "home")
    key = home.pseudonym_key()
    today = date.today().isoformat()
    store = tmp_path / "store"
    users = [JANE, "li.wei@example.org", JANE]
    StoreWriter(store).write_flush("reviews", 0, 0, 2, [
        StoreRow(f"r{i}", pseudonymize(key, u), f"{today}T08:00:00Z", "reviews", 0, i, {"n": i})
        for i, u in enumerate(users)], "p" * 64, today)
    StoreWriter(store).write_flush("clicks", 0, 0, 0, [
        StoreRow("c0", pseudonymize(key, "li.wei@example.org"), f"{today}T08:00:00Z", "clicks", 0, 0, {})],
        "p" * 64, today)
    sink = FileDeadLetterSink(home.deadletter_dir, home.deadletter_key(), "reviews")
    for offset, user in ((7, JANE), (8, "li.wei@example.org")):
        raw = json.dumps({"user": {"id": user}, "ts": "not a time", "text": "x"}).encode()
        sink.send(DeadLetter("bad_event_time", "event time is not ISO-8601", "reviews", 0, offset, raw))
    sink.close()
    policy = tmp_path / "nested.yaml"
    policy.write_text(NESTED_POLICY)
    return {"home": home, "store": store, "policy": policy, "jane": pseudonymize(key, JANE), "root": tmp_path}


def _erase(small: dict, *extra: str, check: bool = True):
    return veil("erase", "--user", JANE, "--store", str(small["store"]), "--policy", str(small["policy"]), *extra,
                home=small["home"].root, check=check)


@pytest.mark.slow
def test_missing_store_or_topic_is_an_error_and_logs_nothing(small: dict) -> None:
    before = _state(small["root"])
    r = veil("erase", "--user", JANE, "--store", str(small["root"] / "nope_store"), home=small["home"].root,
             check=False)
    assert r.returncode == 2 and "no store at" in r.stderr and r.stdout == ""
    r = _erase(small, "--topic", "nosuch", check=False)
    assert r.returncode == 2 and "no topic nosuch" in r.stderr and "clicks, reviews" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = veil("erase", "--user", JANE, "--store", str(small["store"]), "--home", str(small["root"] / "typo"),
             check=False)
    assert r.returncode == 2 and "no Veil home" in r.stderr
    assert _state(small["root"]) == before and not small["home"].audit_log_path.exists()


@pytest.mark.slow
def test_nested_user_key_erases_that_users_dead_letters_and_the_entry_says_what_was_examined(small: dict) -> None:
    proc = _erase(small, "--request-id", "DSR-2026-0042", "--actor", "dpo@example.org")
    out = json.loads(proc.stdout)
    assert out["outcome"] == "erased" and out["rows_removed"] == 2 and out["dead_letters_removed"] == 1
    assert f"erased 2 row(s) of user {small['jane'][:12]}" in proc.stderr and JANE not in proc.stderr
    letters = [json.loads(line) for f in small["home"].deadletter_dir.glob("*.jsonl") for line in f.read_text().splitlines()]
    assert [x["offset"] for x in letters] == [8]  # Li's letter stays
    assert all(r["user"] != small["jane"] for r in read_snapshot(snapshot(small["store"], "reviews")).to_pylist())

    ledger, log = open_audit(small["home"])
    [entry] = list(log.entries())
    facts = entry["facts"]
    assert facts["store"] == str(small["store"].resolve())
    assert facts["topics_examined"] == ["clicks", "reviews"] and facts["topics"] == ["reviews"]
    assert len(facts["files_examined"]) == 2 and all("date=" in f for f in facts["files_examined"])
    assert len(facts["dead_letter_files_examined"]) == 1
    assert facts["request_id"] == "DSR-2026-0042" and facts["outcome"] == "erased"
    assert entry["actor"]["name"] == "dpo@example.org"
    assert verify_log(log.path, ledger).ok

    # The same request again: nothing is left, and it says so in words (and logs that it looked).
    again = _erase(small, "--request-id", "DSR-2026-0042")
    out = json.loads(again.stdout)
    assert out["outcome"] == "nothing_found" and out["rows_removed"] == 0
    assert "no rows found for this user" in again.stderr and "erased" not in again.stderr
    assert [e["facts"]["outcome"] for e in log.entries()] == ["erased", "nothing_found"]


@pytest.mark.slow
def test_dry_run_shows_what_would_go_and_changes_nothing(small: dict) -> None:
    before = _state(small["root"])
    proc = _erase(small, "--dry-run")
    out = json.loads(proc.stdout)
    assert out["dry_run"] and out["outcome"] == "would_erase" and out["rows_removed"] == 2
    assert out["dead_letters_removed"] == 1 and out["files_rewritten"] == 1
    [file] = out["would_rewrite"]
    assert file["user_rows"] == 2 and file["path"].startswith("reviews/date=")
    assert "dry run: would remove 2 row(s)" in proc.stderr and "nothing was changed or logged" in proc.stderr
    assert _state(small["root"]) == before
    assert not small["home"].audit_log_path.exists() and not small["home"].ledger_path.exists()


@pytest.mark.slow
def test_a_home_without_a_pseudonym_key_erases_nothing(small: dict, tmp_path: Path) -> None:
    other = Home.resolve(tmp_path / "other")  # exists, but never pseudonymised anything
    r = veil("erase", "--user", JANE, "--store", str(small["store"]), home=other.root, check=False)
    assert r.returncode == 2 and "no pseudonym key" in r.stderr
    assert list(other.root.iterdir()) == []
