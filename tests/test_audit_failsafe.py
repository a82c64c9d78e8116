"""Fail safe, never falsely reassure: who acted, what verify attests, read-only commands
that create nothing, a tampered log's report marked unverified, private state files."""

from __future__ import annotations

import getpass
import json
import os
import socket
from pathlib import Path

import pytest

from veil.audit import AuditLog, open_audit, verify_log
from veil.core import UsageError
from veil.core.settings import Home
from tests.conftest import veil


def _tree(root: Path) -> dict[str, int]:
    """Every path under root with its mtime (ns): what a read-only command must not change."""
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*")} if root.exists() else {}


# -- who acted ------------------------------------------------------------------------------


def test_every_entry_records_who_acted(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("VEIL_ACTOR", raising=False)
    log = AuditLog(tmp_path / "a.jsonl")
    entry = log.append("budget_composition", composition="pld")
    assert entry["actor"] == {"name": None, "os_user": getpass.getuser(), "host": socket.gethostname()}
    monkeypatch.setenv("VEIL_ACTOR", "dpo@example.org")
    assert AuditLog(log.path).append("budget_composition", composition="basic")["actor"]["name"] == "dpo@example.org"
    assert AuditLog(log.path, actor="ticket-bot").append("budget_composition", composition="rdp")["actor"]["name"] \
        == "ticket-bot"
    assert verify_log(log.path).ok  # the actor is inside the hash

    with pytest.raises(UsageError, match="one printable line"):
        AuditLog(log.path, actor="two\nlines")

    # Editing who acted breaks the chain like any other edit.
    text = log.path.read_text().replace("ticket-bot", "someone-else")
    log.path.write_text(text)
    assert verify_log(log.path).first_bad_line == 3


@pytest.mark.slow  # subprocess or NLP model load
def test_cli_actor_flag_and_env(tmp_path: Path) -> None:
    home = tmp_path / "home"
    veil("budget", "set", "reviews", "--epsilon", "2", "--delta", "1e-5", "--actor", "alice", home=home)
    veil("budget", "composition", "pld", home=home, env={"VEIL_ACTOR": "bob"})
    names = [e["actor"]["name"] for e in open_audit(Home(home))[1].entries()]
    assert names == ["alice", "bob"]


# -- budget changes say what they replaced and why --------------------------------------------


@pytest.mark.slow
def test_budget_change_records_previous_value_and_reason(tmp_path: Path) -> None:
    home = tmp_path / "home"
    veil("budget", "set", "reviews", "--epsilon", "4", "--delta", "1e-5", home=home)
    refused = veil("budget", "set", "reviews", "--epsilon", "8", "--delta", "1e-5", home=home, check=False)
    assert refused.returncode == 2 and "--reason" in refused.stderr and len(refused.stderr.splitlines()) == 1
    veil("budget", "set", "reviews", "--epsilon", "8", "--delta", "1e-5", "--reason", "DPO ticket 42", home=home)
    first, second = [e["facts"] for e in open_audit(Home(home))[1].entries()]
    assert "previous_epsilon" not in first and "reason" not in first
    assert second == {"dataset": "reviews", "epsilon": 8.0, "delta": 1e-5, "previous_epsilon": 4.0,
                      "previous_delta": 1e-5, "reason": "DPO ticket 42"}
    veil("budget", "composition", "pld", "--reason", "tighter", home=home)
    veil("budget", "composition", "rdp", home=home)
    comp1, comp2 = [e["facts"] for e in open_audit(Home(home))[1].entries()][2:]
    assert comp1 == {"composition": "pld", "reason": "tighter"} and comp2 == {"composition": "rdp", "previous": "pld"}


@pytest.mark.slow  # subprocess or NLP model load
def test_bad_budget_numbers_create_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    r = veil("budget", "set", "reviews", "--epsilon", "0", "--delta", "1e-5", home=home, check=False)
    assert r.returncode == 2 and "epsilon must be > 0" in r.stderr and not home.exists()
    r = veil("budget", "set", "reviews", "--epsilon", "1", "--delta", "1", home=home, check=False)
    assert r.returncode == 2 and "delta" in r.stderr and not home.exists()


@pytest.mark.slow
def test_read_only_budget_commands_create_nothing(tmp_path: Path) -> None:
    typo = tmp_path / "typo"
    for argv in (["show"], ["show", "--json"], ["composition"], ["release", "job-1"]):
        r = veil("budget", *argv, home=typo, check=False)
        assert r.returncode == 2 and "no Veil home" in r.stderr and len(r.stderr.splitlines()) == 1
    assert not typo.exists()

    home = tmp_path / "empty"  # a home with no ledger yet: no budgets, basic composition, nothing created
    home.mkdir()
    assert veil("budget", "show", home=home).stdout.startswith("no budgets set")
    assert json.loads(veil("budget", "show", "--json", home=home).stdout) == []
    r = veil("budget", "show", "reviews", home=home, check=False)
    assert r.returncode == 2 and "no privacy budget set for topic 'reviews'" in r.stderr
    assert veil("budget", "composition", home=home).stdout.strip() == "composition: basic"
    r = veil("budget", "release", "job-1", home=home, check=False)
    assert r.returncode == 2 and "no ledger at" in r.stderr and len(r.stderr.splitlines()) == 1
    assert list(home.iterdir()) == []

    # In a real home the reading commands leave every file as it was.
    real = tmp_path / "home"
    veil("budget", "set", "reviews", "--epsilon", "4", "--delta", "1e-5", home=real)
    before = _tree(real)
    veil("budget", "show", home=real)
    veil("budget", "show", "reviews", "--json", home=real)
    veil("budget", "composition", home=real)
    assert _tree(real) == before


# -- verify attests what it verified, and never reassures about nothing ---------------------------


def _filled(tmp_path: Path) -> Home:
    home = Home.resolve(tmp_path / "home")
    ledger, log = open_audit(home)
    ledger.set_budget("reviews", 8.0, 1e-5)
    log.append("dead_letters", topic="reviews", partition=0, reasons={"not_json": 3})
    log.append("erasure", user_pseudonym="u1", rows_removed=14, files_rewritten=[], topics=["reviews"])
    return home


@pytest.mark.slow
def test_verify_of_a_typo_home_fails_and_creates_nothing(tmp_path: Path) -> None:
    r = veil("audit", "verify", "--home", str(tmp_path / "typo"), check=False)
    assert r.returncode == 2 and "OK" not in r.stdout and "no Veil home" in r.stderr
    assert not (tmp_path / "typo").exists()


@pytest.mark.slow
def test_verify_of_an_empty_home_is_no_audit_log_here(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "home")
    r = veil("audit", "verify", home=home.root, check=False)
    assert r.returncode == 2 and "no audit log here" in r.stderr and "OK" not in r.stdout
    assert list(home.root.iterdir()) == []  # no ledger.sqlite created

    # A real home whose log AND ledger were deleted is not "intact" either.
    home = _filled(tmp_path / "real")
    home.audit_log_path.unlink()
    home.ledger_path.unlink()
    r = veil("audit", "verify", home=home.root, check=False)
    assert r.returncode == 2 and "no audit log here" in r.stderr


@pytest.mark.slow
def test_verify_when_the_ledger_remembers_a_head_but_the_log_is_gone(tmp_path: Path) -> None:
    home = _filled(tmp_path)
    home.audit_log_path.unlink()
    r = veil("audit", "verify", home=home.root, check=False)
    assert r.returncode == 1 and "BROKEN at line 1" in r.stdout and "cut off" in r.stdout
    assert not home.audit_log_path.exists()


@pytest.mark.slow
def test_verify_output_an_auditor_can_attach(tmp_path: Path) -> None:
    import hashlib

    home = _filled(tmp_path)
    before = _tree(home.root)
    text = veil("audit", "verify", home=home.root).stdout
    data = json.loads(veil("audit", "verify", "--json", home=home.root).stdout)
    assert _tree(home.root) == before  # verifying wrote nothing
    raw = home.audit_log_path.read_bytes()
    last = json.loads(raw.splitlines()[-1])["hash"]
    assert data["ok"] and data["status"] == "intact" and data["entries"] == 3
    assert data["verified_sha256"] == hashlib.sha256(raw).hexdigest() and data["verified_bytes"] == len(raw)
    assert data["last_hash"] == last and data["head"] == {"entries": 3, "hash": last} and data["head_matches"]
    assert data["log_path"] == str(home.audit_log_path) and data["ledger"]["location"] == str(home.ledger_path)
    assert data["verified_at"].endswith("Z") and data["veil_version"] and data["verified_by"]["host"]
    for fact in ("OK: 3 entries", f"lines 1..3 of {home.audit_log_path}", hashlib.sha256(raw).hexdigest(),
                 f"hash {last}", "matches the log", "recorded breaks: none"):
        assert fact in text, fact


# -- state files are private -------------------------------------------------------------------


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.slow
def test_state_files_are_created_private_whatever_the_umask(tmp_path: Path) -> None:
    import subprocess
    import sys

    home = tmp_path / "home"
    src = tmp_path / "in.jsonl"
    src.write_text('{"user_id": "u1", "ts": "2026-01-01T00:00:00Z", "text": "hi"}\nnot json\n')
    env = {**os.environ, "VEIL_HOME": str(home)}
    env.pop("VEIL_PSEUDONYM_KEY", None)
    env.pop("VEIL_DEADLETTER_KEY", None)
    for argv in (["budget", "set", "reviews", "--epsilon", "1", "--delta", "1e-5"],
                 ["scrub", str(src), "-o", str(tmp_path / "out.jsonl"), "--topic", "reviews"]):
        proc = subprocess.run([sys.executable, "-m", "veil", *argv], env=env, capture_output=True, text=True,
                              timeout=300, preexec_fn=lambda: os.umask(0))
        assert proc.returncode == 0, proc.stderr
    assert _mode(home) == 0o700
    assert _mode(home / "ledger.sqlite") == 0o600
    assert _mode(home / "audit.jsonl") & 0o037 == 0  # 0640 or stricter
    assert _mode(home / "keys") == 0o700
    assert {p.name: _mode(p) for p in (home / "keys").iterdir()} == {"pseudonym.key": 0o600, "deadletter.key": 0o600}
    assert _mode(home / "deadletter") == 0o700
    letters = list((home / "deadletter").iterdir())
    assert letters and all(_mode(p) == 0o600 for p in letters)

    # SQLite's -wal and -shm files (there while a connection is open) are as private as the ledger.
    from veil.audit import Ledger

    old = os.umask(0)
    try:
        ledger = Ledger(tmp_path / "other" / "ledger.sqlite")
        with ledger._backend.connect() as conn:
            conn.execute("SELECT count(*) FROM budgets").fetchone()
            sidecars = [p for p in (tmp_path / "other").iterdir() if p.name != "ledger.sqlite"]
            assert {p.name for p in sidecars} == {"ledger.sqlite-wal", "ledger.sqlite-shm"}
            assert all(_mode(p) == 0o600 for p in sidecars), [(p.name, oct(_mode(p))) for p in sidecars]
        assert _mode(tmp_path / "other") == 0o700 and _mode(tmp_path / "other" / "ledger.sqlite") == 0o600
    finally:
        os.umask(old)


def test_a_ledger_left_world_readable_is_made_private(tmp_path: Path) -> None:
    from veil.audit import Ledger

    path = tmp_path / "ledger.sqlite"
    Ledger(path)
    os.chmod(path, 0o644)  # what older versions created
    Ledger(path).set_budget("t", 1.0, 1e-5)
    assert _mode(path) == 0o600


# -- a report over a tampered log still renders, marks what it cannot vouch for, exits 1 -------


def _section(text: str, title: str, marker: str) -> str:
    start = text.index(f"{marker}{title}")
    rest = text[start + 1:]
    end = rest.find(marker)
    return rest if end < 0 else rest[:end]


@pytest.mark.slow
def test_report_over_a_tampered_log_marks_figures_unverified(tmp_path: Path) -> None:
    home = _filled(tmp_path)
    ok = veil("audit", "report", "-o", str(tmp_path / "ok.json"), home=home.root)
    assert "unverified" not in json.loads((tmp_path / "ok.json").read_text())
    assert ok.returncode == 0
    raw = home.audit_log_path.read_text()
    home.audit_log_path.write_text(raw.replace('"rows_removed":14', '"rows_removed":15'))  # line 3
    outs = {}
    for suffix in (".json", ".html", ".md"):
        out = tmp_path / f"tampered{suffix}"
        r = veil("audit", "report", "-o", str(out), home=home.root, check=False)
        assert r.returncode == 1, r.stderr
        assert r.stdout.strip() == f"wrote {out}"
        assert len(r.stderr.strip().splitlines()) == 1 and "BROKEN at line 3" in r.stderr and "UNVERIFIED" in r.stderr
        outs[suffix] = out.read_text()
    data = json.loads(outs[".json"])
    assert data["verification"]["ok"] is False and data["verification"]["first_bad_line"] == 3
    # The models section reads the erasure entries too (its "trained on erased data" marks).
    assert data["unverified"] == {"from_line": 3, "entries": 1, "sections": ["models", "erasures"]}
    [erasure] = data["erasures"]["items"]
    assert erasure["rows_removed"] == 15 and erasure["unverified"] is True
    assert "unverified" not in data["dead_letters"]  # line 2 verified: its figures stand
    for suffix, marker in ((".html", "<h2>"), (".md", "## ")):
        text = outs[suffix]
        erasures = _section(text, "Erasures served", marker)
        assert "UNVERIFIED" in erasures and "15" in erasures
        assert "UNVERIFIED" not in _section(text, "Dead letters", marker)
        assert "BROKEN" in _section(text, "Audit chain verification", marker)


@pytest.mark.slow
def test_report_of_a_missing_home_fails_and_creates_nothing(tmp_path: Path) -> None:
    r = veil("audit", "report", "-o", str(tmp_path / "r.html"), "--home", str(tmp_path / "typo"), check=False)
    assert r.returncode == 2 and "no Veil home" in r.stderr
    assert not (tmp_path / "typo").exists() and not (tmp_path / "r.html").exists()
    home = Home.resolve(tmp_path / "empty")
    veil("audit", "report", "-o", str(tmp_path / "r.json"), home=home.root)
    assert list(home.root.iterdir()) == []  # reading an empty home created no ledger in it
    assert json.loads((tmp_path / "r.json").read_text())["verification"]["status"] == "empty"


# -- every error is one line with a documented exit code ----------------------------------------


@pytest.mark.parametrize("argv, code, words", [
    (["audit", "verify", "--ledger", "postgresql://veil@127.0.0.1:1/veil"], 6, "cannot reach the ledger database"),
    (["audit", "report", "-o", "{tmp}/not-a-dir/r.html"], 2, "is not an existing folder"),
    (["audit", "report", "-o", "{tmp}/home"], 2, ".html, .json or .md"),
    (["audit", "report", "-o", "{tmp}/a-folder.html"], 2, "cannot write the report"),
    (["audit", "report", "-o", "{tmp}/r.html", "--since", "2026-13-01"], 2, "--since"),
    (["budget", "show", "--ledger", "{tmp}/garbage.sqlite"], 2, "not a Veil ledger"),
    (["budget", "set", "t", "--epsilon", "1", "--delta", "1e-5", "--ledger", "{tmp}/garbage.sqlite"], 2,
     "not a usable Veil ledger"),
    (["budget", "set", "t", "--epsilon", "x", "--delta", "1e-5"], 2, "not a number"),
    (["budget", "composition", "fancy"], 2, "invalid choice"),
    (["erase", "--user", "u", "--store", "{tmp}", "--policy", "{tmp}/missing.yaml"], 2, "missing.yaml"),
])
def test_errors_are_one_line_with_a_documented_code(tmp_path: Path, argv, code, words, monkeypatch, capsys) -> None:
    """Through ``veil.cli.main``, the error boundary itself (in-process: these are fast)."""
    from veil.cli import main
    from veil.core import EXIT_CODES

    home = _filled(tmp_path)
    (tmp_path / "garbage.sqlite").write_text("this is not a database\n")
    (tmp_path / "not-a-dir").write_text("a file where a directory should be\n")
    (tmp_path / "a-folder.html").mkdir()
    before = _tree(tmp_path)
    monkeypatch.setenv("VEIL_HOME", str(home.root))
    capsys.readouterr()
    try:
        returned = main([a.replace("{tmp}", str(tmp_path)) for a in argv])
    except SystemExit as exc:  # argparse's own errors exit from parse_args
        returned = exc.code
    err = capsys.readouterr().err
    assert returned == code and code in EXIT_CODES, err
    assert len(err.strip().splitlines()) == 1 and words in err and "Traceback" not in err, err
    assert _tree(tmp_path) == before
