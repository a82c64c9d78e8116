"""Audit log: chain format, tamper detection (first bad line), concurrent appends."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from veil.audit import AuditLog, Ledger, open_audit, verify_log
from veil.audit.log import GENESIS
from veil.core.settings import Home


def make_log(tmp_path: Path, n: int = 6, with_ledger: bool = True) -> tuple[AuditLog, Ledger | None]:
    ledger = Ledger(tmp_path / "ledger.sqlite") if with_ledger else None
    log = AuditLog(tmp_path / "audit.jsonl", head=ledger.head if ledger else None)
    for i in range(n):
        log.append("files_written", topic="reviews", partition=i % 2, files=[{"path": f"p{i}", "rows": 10 + i}])
    return log, ledger


def lines(log: AuditLog) -> list[bytes]:
    return log.path.read_bytes().splitlines(keepends=True)


def write(log: AuditLog, parts: list[bytes]) -> None:
    log.path.write_bytes(b"".join(parts))


def test_append_format_and_verify_ok(tmp_path: Path) -> None:
    log, ledger = make_log(tmp_path, 3)
    entries = list(log.entries())
    assert [e["seq"] for e in entries] == [1, 2, 3]
    assert entries[0]["prev"] == GENESIS
    assert entries[1]["prev"] == entries[0]["hash"] and entries[2]["prev"] == entries[1]["hash"]
    assert entries[0]["kind"] == "files_written" and entries[0]["facts"]["files"] == [{"path": "p0", "rows": 10}]
    assert entries[0]["ts"].endswith("Z")
    # hash = sha256 of the line with the hash field left out (canonical JSON).
    body = {k: v for k, v in entries[0].items() if k != "hash"}
    canon = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    assert hashlib.sha256(canon).hexdigest() == entries[0]["hash"]
    assert ledger.log_head() == (3, entries[2]["hash"])
    result = verify_log(log.path, ledger)
    assert result.ok and result.entries == 3 and result.first_bad_line is None and result.reason is None
    assert verify_log(log.path).ok


def test_empty_and_missing_log_verify_ok(tmp_path: Path) -> None:
    assert verify_log(tmp_path / "none.jsonl").ok
    assert verify_log(tmp_path / "none.jsonl", Ledger(tmp_path / "l.sqlite")).entries == 0


def test_append_returns_entry_and_plain_facts(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "a.jsonl")
    entry = log.append("erasure", user_pseudonym="abc", files_rewritten=[Path("x/y.parquet")], rows_removed=3)
    assert entry["seq"] == 1 and entry["facts"]["files_rewritten"] == ["x/y.parquet"]
    with pytest.raises(TypeError):
        log.append("erasure", raw=b"secret bytes")
    with pytest.raises(ValueError):
        log.append("bad kind!", x=1)
    with pytest.raises(TypeError):
        log.append("erasure", rows_removed=float("inf"))
    assert len(list(log.entries())) == 1


@pytest.mark.parametrize("target", [0, 2, 5])
def test_edited_byte_detected_at_that_line(tmp_path: Path, target: int) -> None:
    log, ledger = make_log(tmp_path)
    parts = lines(log)
    # Change one digit inside the facts (still valid, canonical JSON).
    parts[target] = parts[target].replace(b'"rows":1', b'"rows":9', 1)
    write(log, parts)
    for led in (ledger, None):
        result = verify_log(log.path, led)
        assert not result.ok and result.first_bad_line == target + 1, result
        assert "edited" in result.reason


def test_edited_whitespace_and_garbage_detected(tmp_path: Path) -> None:
    log, _ = make_log(tmp_path)
    parts = lines(log)
    parts[3] = parts[3].replace(b'{"', b'{ "', 1)  # a space after the first brace
    write(log, parts)
    assert verify_log(log.path).first_bad_line == 4
    parts[1] = b"not json\n"
    write(log, parts)
    assert verify_log(log.path).first_bad_line == 2


def test_deleted_line_detected(tmp_path: Path) -> None:
    log, ledger = make_log(tmp_path)
    parts = lines(log)
    del parts[2]
    write(log, parts)
    result = verify_log(log.path, ledger)
    assert not result.ok and result.first_bad_line == 3 and result.entries == 2


def test_swapped_lines_detected(tmp_path: Path) -> None:
    log, ledger = make_log(tmp_path)
    parts = lines(log)
    parts[1], parts[2] = parts[2], parts[1]
    write(log, parts)
    result = verify_log(log.path, ledger)
    assert not result.ok and result.first_bad_line == 2


def test_renumbered_forgery_detected_by_chain(tmp_path: Path) -> None:
    """Deleting a line and fixing up seq/hash of the next one still breaks ``prev``."""
    log, _ = make_log(tmp_path)
    entries = list(log.entries())
    forged = dict(entries[3], seq=3)
    from veil.audit.log import canonical, entry_hash

    forged["hash"] = entry_hash(forged)
    parts = lines(log)
    write(log, parts[:2] + [canonical(forged) + b"\n"])
    result = verify_log(log.path)
    assert result.first_bad_line == 3 and "prev" in result.reason


def test_cut_off_tail_detected_with_ledger_head(tmp_path: Path) -> None:
    log, ledger = make_log(tmp_path, 6)
    parts = lines(log)
    write(log, parts[:4])
    assert verify_log(log.path).ok  # the chain alone cannot see it ...
    result = verify_log(log.path, ledger)  # ... the ledger's head can
    assert not result.ok and result.first_bad_line == 5
    assert "cut off" in result.reason and "6" in result.reason
    # Whole file deleted.
    log.path.unlink()
    assert verify_log(log.path, ledger).first_bad_line == 1


def test_rewritten_log_detected_with_ledger_head(tmp_path: Path) -> None:
    log, ledger = make_log(tmp_path, 3)
    log.path.unlink()
    fresh = AuditLog(log.path)  # no ledger: head not updated
    for i in range(3):
        fresh.append("files_written", topic="other", rows=i)
    result = verify_log(log.path, ledger)
    assert not result.ok and result.first_bad_line == 3 and "head" in result.reason


def test_appends_without_ledger_after_head_are_fine(tmp_path: Path) -> None:
    log, ledger = make_log(tmp_path, 3)
    AuditLog(log.path).append("dead_letters", topic="reviews", reasons={"not_json": 2})
    result = verify_log(log.path, ledger)
    assert result.ok and result.entries == 4


def test_torn_tail_is_reported_then_repaired_by_next_append(tmp_path: Path) -> None:
    log, ledger = make_log(tmp_path, 3)
    with open(log.path, "ab") as handle:
        handle.write(b'{"facts":{"half')
    result = verify_log(log.path, ledger)
    assert not result.ok and result.first_bad_line == 4 and "incomplete" in result.reason
    entry = log.append("scrub_run", topic="reviews", lines=1)
    assert entry["seq"] == 5
    kinds = [e["kind"] for e in log.entries()]
    assert kinds[-2:] == ["log_repaired", "scrub_run"]
    assert verify_log(log.path, ledger).ok


def test_open_audit_wires_home(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "home")
    ledger, log = open_audit(home)
    assert ledger.path == home.ledger_path and log.path == home.audit_log_path
    assert ledger.log is log and log.head == ledger.head  # was: log.ledger is ledger (the log no longer knows the ledger)
    ledger.set_budget("reviews", 1.0, 1e-6)
    assert [e["kind"] for e in log.entries()] == ["budget_set"]
    assert ledger.log_head()[0] == 1


_APPEND_CHILD = """
import sys, time
from pathlib import Path
from veil.audit import open_audit
from veil.core.settings import Home
home, worker, n, go = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
ledger, log = open_audit(Home(Path(home)))
while not go.exists():
    time.sleep(0.002)
for i in range(n):
    log.append("files_written", topic="reviews", partition=worker, files=[{"path": f"w{worker}-{i}", "rows": i}])
"""


@pytest.mark.slow
def test_concurrent_appends_keep_chain_valid(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "home")
    open_audit(home)  # create the ledger up front, as `veil` would on first use
    workers, per = 6, 25
    go = tmp_path / "go"
    procs = [
        subprocess.Popen([sys.executable, "-c", _APPEND_CHILD, str(home.root), str(w), str(per), str(go)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for w in range(workers)
    ]
    time.sleep(0.3)  # let the interpreters start, then release them together
    go.touch()
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
    ledger, log = open_audit(home)
    result = verify_log(log.path, ledger)
    assert result.ok and result.entries == workers * per, result
    paths = [e["facts"]["files"][0]["path"] for e in log.entries()]
    assert len(set(paths)) == workers * per
    assert ledger.log_head()[0] == workers * per


def test_cut_tail_stays_detected_after_later_appends(tmp_path: Path) -> None:
    """Appending after a cut must not move the head on and hide the cut."""
    log, ledger = make_log(tmp_path, 6)
    write(log, lines(log)[:4])
    log.append("files_written", topic="reviews", partition=0, files=[])
    log.append("files_written", topic="reviews", partition=1, files=[])
    result = verify_log(log.path, ledger)
    assert not result.ok and result.first_bad_line == 5 and "cut off" in result.reason
    kinds = [e["kind"] for e in log.entries()]
    assert kinds[4] == "log_break_detected" and len(kinds) == 7
    assert verify_log(log.path).ok  # the chain itself was continued cleanly
    assert ledger.log_breaks()[0]["line"] == 5


def test_rewritten_log_stays_detected_after_later_appends(tmp_path: Path) -> None:
    log, ledger = make_log(tmp_path, 3)
    log.path.unlink()
    forged = AuditLog(log.path)  # a forger without the ledger writes 3 fresh entries
    for i in range(3):
        forged.append("files_written", topic="other", rows=i)
    log.append("files_written", topic="reviews", files=[])  # the next honest append notices
    result = verify_log(log.path, ledger)
    assert not result.ok and result.first_bad_line == 3 and "rewritten" in result.reason
