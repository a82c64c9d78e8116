"""A home's ledger and audit log, wired once, at construction.

Invariant: one database (``--ledger``, else ``$VEIL_LEDGER_URL``, else
``HOME/ledger.sqlite``) holds both the ledger and the audit log's head; the log writes
to the head (:class:`audit.LogHead`), the ledger writes to the log (an
:class:`veil.core.AuditSink`).  Nothing is patched in after construction, and neither
class knows the other: this module is the only place that puts them together.
"""

from __future__ import annotations

from veil.audit.backend import ledger_location, open_backend
from veil.audit.head import LogHead
from veil.audit.ledger import Ledger
from veil.audit.log import AuditLog
from veil.core.settings import Home


def open_audit(home: Home, ledger_url: str | None = None, *, actor: str | None = None) -> tuple[Ledger, AuditLog]:
    """The home's ledger and audit log (both created on first use); every entry records
    ``actor`` (``--actor``; else ``$VEIL_ACTOR``) beside the OS user and host."""
    backend = open_backend(ledger_location(home, ledger_url), 60.0)
    head = LogHead(backend)
    log = AuditLog(home.audit_log_path, head=head, actor=actor)
    return Ledger(backend, log=log, head=head), log
