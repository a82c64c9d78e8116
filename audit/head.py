"""The audit log's head, kept in the ledger's database beside (not inside) the ledger.

Invariant: ``log_head`` holds the entry count and last hash of the audit log as of its
last acknowledged append, and ``log_breaks`` holds, for good, every cut or rewrite of the
log that an append found before moving the head on.  A hash chain alone cannot show lines
cut off its end; the head can.  Only the audit log writes here (inside its file lock),
and :func:`audit.verify_log` reads it.

Tables (created with the ledger's, or by :meth:`LogHead.open` on their own)::

    log_head(id=1, count, hash, updated_at)
    log_breaks(id, detected_at, line, reason)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from veil.audit.backend import Backend, open_backend

SCHEMA = """
CREATE TABLE IF NOT EXISTS log_breaks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    detected_at TEXT NOT NULL,
    line INTEGER NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS log_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    count INTEGER NOT NULL,
    hash TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True, eq=False)
class LogHead:
    """The head store on ``backend`` (a SQLite file or a PostgreSQL database)."""

    backend: Backend

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LogHead) and other.backend is self.backend

    def __hash__(self) -> int:
        return id(self.backend)

    @classmethod
    def open(cls, location: str | os.PathLike[str] | Backend, timeout: float = 60.0) -> "LogHead":
        """A head store of its own at ``location`` (its tables created if missing)."""
        head = cls(open_backend(location, timeout))
        with head.backend.connect() as conn, head.backend.schema_transaction(conn):
            head.create_schema(conn)
        return head

    def create_schema(self, conn: Any) -> None:
        for statement in self.backend.schema(SCHEMA).split(";"):
            if statement.strip():
                conn.execute(statement)

    def get(self) -> tuple[int, str] | None:
        """``(count, hash)`` of the audit log as last appended, or None if never set."""
        with self.backend.connect() as conn:
            row = conn.execute("SELECT count, hash FROM log_head WHERE id = 1").fetchone()
        return None if row is None else (int(row["count"]), str(row["hash"]))

    def set(self, count: int, hash: str) -> None:  # noqa: A002 - the chain's word for it
        """Move the head on to entry ``count`` whose hash is ``hash``."""
        with self.backend.connect() as conn, self.backend.transaction(conn, lock="log_head"):
            conn.execute(
                "INSERT INTO log_head(id, count, hash, updated_at) VALUES (1, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET count = excluded.count, hash = excluded.hash,"
                " updated_at = excluded.updated_at",
                (int(count), str(hash), _now()),
            )

    def record_break(self, line: int, reason: str) -> None:
        """Keep the evidence that the log was cut or rewritten at ``line``."""
        with self.backend.connect() as conn, self.backend.transaction(conn, lock="log_breaks"):
            conn.execute(
                "INSERT INTO log_breaks(detected_at, line, reason) VALUES (?, ?, ?)",
                (_now(), int(line), str(reason)),
            )

    def breaks(self) -> list[dict[str, Any]]:
        """Every recorded break (oldest first): ``detected_at``, ``line``, ``reason``."""
        with self.backend.connect() as conn:
            rows = conn.execute("SELECT detected_at, line, reason FROM log_breaks ORDER BY id").fetchall()
        return [dict(row) for row in rows]
