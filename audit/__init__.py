"""Privacy-budget ledger, hash-chained audit log and compliance report.

Public API::

    Ledger(path_or_url, log: AuditSink = None, *, composition=None) .set_budget .reserve .settle .release
        (a SQLite path, or postgresql://… for a ledger shared by several machines; audit.backend)
                                                      .status .history .jobs .head .set_log_head .log_head
    Ledger.existing(path_or_url) -> Ledger | None      read-only; creates nothing
    composition_names() -> ("basic", "pld", "rdp"), get_composition(name)   (audit.composition's registry)
    LedgerError, BudgetExceeded(LedgerError), NoBudget(LedgerError), BudgetStatus, BudgetEvent
    LogHead(backend) .get .set .record_break .breaks   the audit log's head, in the ledger's database
    AuditLog(path, head=None, *, actor=None)          .append(kind, **facts) -> dict, .entries(), .records(), .verify()
        (facts checked against the kind's dataclass in audit.kinds; each entry records who acted)
    AuditLogError, VerifyResult(ok, entries, first_bad_line, reason), verify_log(path, head_or_ledger=None)
    verify_home(home, ledger_url=None) -> Attestation  (.ok .lines() .to_dict(); NoAuditLog when nothing is there)
    open_audit(home, ledger_url=None, *, actor=None) -> (Ledger, AuditLog)   (--ledger, else $VEIL_LEDGER_URL, else HOME/ledger.sqlite)
    serve_erasure(home, store, user, policy, topics=None, *, ledger_url, request_id, dry_run, actor) -> ErasureOutcome
                                                      the erasure use case (audit.erasure)
    models_trained_on(...)                            models whose snapshot held an erased user, with their DP bound
    ModelRegistry(backend).record/.models/.get, ModelRegistry.of_ledger(ledger), ModelEntry
        the model registry in the ledger's database (audit.registry); registered_models(home, topic=None),
        registered_model(home, id) read it (creating nothing), marked by the log's erasures
    build_report(home, since=None) -> dict, write_report(home, out, since=None) -> ReportWritten(path, verified, ...)
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from veil.audit.attest import Attestation, NoAuditLog, verify_home
from veil.audit.backend import ledger_location
from veil.audit.composition import composition_names, get_composition
from veil.audit.erasure import ErasureOutcome, serve as serve_erasure
from veil.audit.trained_on import models_trained_on, store_key
from veil.audit.ledger import BudgetEvent, BudgetExceeded, BudgetStatus, Ledger, LedgerError, NoBudget, fmt
from veil.audit.head import LogHead
from veil.audit.log import AuditLog, AuditLogError, VerifyResult, verify_log
from veil.audit.registry import ModelEntry, ModelRegistry, registered_model, registered_models
from veil.audit.wiring import open_audit

if TYPE_CHECKING:  # pragma: no cover
    from veil.core.settings import Home


REPORT_FORMATS = (".html", ".htm", ".json", ".md")


def build_report(home: "Home", since: datetime | None = None, ledger_url: str | None = None) -> dict[str, Any]:
    """The compliance report's facts as a JSON-serialisable dict (see :mod:`audit.report`)."""
    from veil.audit.report import build_report as _build

    return _build(home, since, ledger_url)


def write_report(home: "Home", out: Path, since: datetime | None = None, ledger_url: str | None = None):
    """Write the report as ``.html``, ``.json`` or ``.md`` (by ``out``'s suffix); returns
    :class:`audit.report.ReportWritten` (``.verified`` is False over a broken log)."""
    from veil.audit.report import write_report as _write

    return _write(home, out, since, ledger_url)


__all__ = [
    "Attestation",
    "NoAuditLog",
    "verify_home",
    "AuditLog",
    "AuditLogError",
    "BudgetEvent",
    "BudgetExceeded",
    "BudgetStatus",
    "ErasureOutcome",
    "Ledger",
    "LedgerError",
    "LogHead",
    "ModelEntry",
    "ModelRegistry",
    "NoBudget",
    "REPORT_FORMATS",
    "VerifyResult",
    "fmt",
    "ledger_location",
    "models_trained_on",
    "store_key",
    "build_report",
    "composition_names",
    "get_composition",
    "open_audit",
    "registered_model",
    "registered_models",
    "serve_erasure",
    "verify_log",
    "write_report",
]
