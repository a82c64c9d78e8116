"""Where a stage writes audit facts: anything with ``append(kind, **facts)``.

Stages below ``veil.audit`` (ingest) and the ledger itself type against this protocol, so
none of them needs the audit log's class.  ``veil.audit.AuditLog`` is the real one; its
``append`` validates the facts against the entry kind registered in ``audit/kinds.py``.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class AuditSink(Protocol):
    def append(self, kind: str, **facts: Any) -> Any:
        """Record one entry of ``kind`` with ``facts`` (counts, hashes, paths — never event values)."""
        ...
