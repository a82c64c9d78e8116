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

    # Editing who acted breaks the chain like any other edit.
    text = log.path.read_text().replace("ticket-bot", "someone-else")
    log.path.write_text(text)
    assert verify_log(log.path).first_bad_line == 3


def test_cli_actor_flag_and_env(tmp_path: Path) -> None:
    home = tmp_path / "home"
    veil("budget", "set", "reviews", "--epsilon", "2", "--delta", "1e-5", "--actor", "alice", home=home)
    veil("budget", "composition", "pld", home=home, env={"VEIL_ACTOR": "bob"})
    names = [e["actor"]["name"] for e in open_audit(Home(home))[1].entries()]
    assert names == ["alice", "bob"]


# -- budget changes say what they replaced and why --------------------------------------------


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


def test_bad_budget_numbers_create_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    r = veil("budget", "set", "reviews", "--epsilon", "0", "--delta", "1e-5", home=home, check=False)
    assert r.returncode == 2 and "epsilon must be > 0" in r.stderr and not home.exists()
    r = veil("budget", "set", "reviews", "--epsilon", "1", "--delta", "1", home=home, check=False)
    assert r.returncode == 2 and "delta" in r.stderr and not home.exists()


def test_read_only_budget_commands_create_nothing(tmp_path: Path) -> None:
    home = tmp_path / "typo"
    assert veil("budget", "show", home=home).stdout.startswith("no budgets set")
    assert json.loads(veil("budget", "show", "--json", home=home).stdout) == []
    r = veil("budget", "show", "reviews", home=home, check=False)
    assert r.returncode == 2 and "no privacy budget set for topic 'reviews'" in r.stderr
    assert veil("budget", "composition", home=home).stdout.strip() == "composition: basic"
    r = veil("budget", "release", "job-1", home=home, check=False)
    assert r.returncode == 2 and "no ledger at" in r.stderr and len(r.stderr.splitlines()) == 1
    assert not home.exists()

    # In a real home the reading commands leave every file as it was.
    real = tmp_path / "home"
    veil("budget", "set", "reviews", "--epsilon", "4", "--delta", "1e-5", home=real)
    before = _tree(real)
    veil("budget", "show", home=real)
    veil("budget", "show", "reviews", "--json", home=real)
    veil("budget", "composition", home=real)
    assert _tree(real) == before
