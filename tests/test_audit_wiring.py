"""The ledger and the audit log meet through two small seams, not each other's classes:
the ledger writes to an ``AuditSink`` (anything with ``append``), the log keeps its head
in a ``LogHead`` on the ledger's backend."""

from __future__ import annotations

import ast
from pathlib import Path

from veil.audit import AuditLog, Ledger, LogHead, open_audit, verify_log
from veil.core import AuditSink
from veil.core.settings import Home

AUDIT = Path(__file__).resolve().parents[1] / "audit"


def _names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    found |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found |= set(node.value.replace('"', " ").replace("'", " ").split())
    return found


def test_neither_the_ledger_nor_the_log_names_the_other_class() -> None:
    assert "AuditLog" not in _names(AUDIT / "ledger.py")
    assert "Ledger" not in _names(AUDIT / "log.py")
    assert "Ledger" not in _names(AUDIT / "head.py") and "AuditLog" not in _names(AUDIT / "head.py")


def test_open_audit_wires_at_construction(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "home")
    ledger, log = open_audit(home)
    assert isinstance(log, AuditSink) and ledger.log is log
    assert isinstance(log.head, LogHead) and log.head == ledger.head
    ledger.set_budget("reviews", 1.0, 1e-6)
    assert ledger.head.get() == (1, next(log.entries())["hash"])
    assert verify_log(log.path, ledger.head).ok and verify_log(log.path, ledger).ok


class _Recorder:
    """An AuditSink that is not an AuditLog: the ledger needs nothing more."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, dict]] = []

    def append(self, kind: str, **facts):
        self.entries.append((kind, facts))
        return facts


def test_ledger_writes_to_any_audit_sink(tmp_path: Path) -> None:
    sink = _Recorder()
    ledger = Ledger(tmp_path / "l.sqlite", log=sink)
    ledger.set_budget("reviews", 2.0, 1e-5)
    ledger.reserve("reviews", "j1", 1.0, 1e-6)
    assert [k for k, _ in sink.entries] == ["budget_set", "budget_reserved"]
    assert ledger.head.get() is None  # a sink that keeps no head moves none


def test_log_head_alone_keeps_the_head(tmp_path: Path) -> None:
    head = LogHead.open(tmp_path / "head.sqlite")
    log = AuditLog(tmp_path / "audit.jsonl", head=head)
    entry = log.append("budget_composition", composition="pld")
    assert head.get() == (1, entry["hash"])
    head.record_break(1, "test")
    assert [b["line"] for b in head.breaks()] == [1]
