"""The model registry: every model ``veil train`` publishes, in the ledger's database.

Invariant: a row is written once, when its job settles, and afterwards only its
``superseded_by`` changes (a later job published into the same ``out``).  Which models an
erasure touched is not stored twice: it is read from the hash-chained audit log's
``erasure`` entries (their ``models_trained_on_user``), so the registry can never claim a
model is clean that the log says saw an erased user.  Reading creates nothing
(:meth:`ModelRegistry.existing`).

Table (created with the first model recorded)::

    models(model_id, job_id, topic, snapshot_hash, model_hash, epsilon, delta, unit,
           accountant, metrics JSON, path, created, superseded_by)
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from veil.audit.backend import Backend, open_backend

SCHEMA = """
CREATE TABLE IF NOT EXISTS models (
    model_id TEXT PRIMARY KEY,
    job_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    snapshot_hash TEXT,
    model_hash TEXT,
    epsilon REAL,
    delta REAL,
    unit TEXT,
    accountant TEXT,
    metrics TEXT,
    path TEXT NOT NULL,
    created TEXT NOT NULL,
    superseded_by TEXT
);
"""
COLUMNS = ("model_id", "job_id", "topic", "snapshot_hash", "model_hash", "epsilon", "delta", "unit", "accountant",
           "metrics", "path", "created", "superseded_by")


@dataclass(frozen=True)
class ModelEntry:
    model_id: str
    job_id: str
    topic: str
    snapshot_hash: str | None
    model_hash: str | None
    epsilon: float | None
    delta: float | None
    unit: str | None
    accountant: str | None
    metrics: dict[str, Any]
    path: str
    created: str
    superseded_by: str | None = None
    erasures: list[dict[str, Any]] = field(default_factory=list)  # from the audit log: request, time

    @property
    def status(self) -> str:
        if self.erasures:
            return "trained on erased data"
        return "superseded" if self.superseded_by else "current"

    def as_dict(self) -> dict[str, Any]:
        return {**{c: getattr(self, c) for c in COLUMNS}, "status": self.status, "erasures": self.erasures}


class ModelRegistry:
    """The registry on ``backend`` (the ledger's SQLite file or PostgreSQL database)."""

    def __init__(self, backend: Backend):
        self.backend = backend
        if not backend.read_only:
            with backend.connect() as conn, backend.schema_transaction(conn):
                for statement in backend.schema(SCHEMA).split(";"):
                    if statement.strip():
                        conn.execute(statement)

    @classmethod
    def of_ledger(cls, ledger: Any) -> "ModelRegistry":
        """The registry in ``ledger``'s database (same file or URL)."""
        return cls(ledger._backend)

    @classmethod
    def existing(cls, location: str | os.PathLike[str], timeout: float = 60.0) -> "ModelRegistry | None":
        """Read-only; None when there is no ledger database at ``location``."""
        backend = open_backend(location, timeout, read_only=True)
        return cls(backend) if backend.exists() else None

    def record(self, *, job_id: str, topic: str, path: str, snapshot_hash: str | None, model_hash: str | None,
               epsilon: float | None, delta: float | None, unit: str | None, accountant: str | None,
               metrics: dict[str, Any] | None, supersedes: str | None = None) -> None:
        """A published model; earlier models at the same ``path`` (or ``supersedes``) are
        marked superseded by it."""
        created = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self.backend.connect() as conn, self.backend.transaction(conn, lock="models"):
            conn.execute(
                "INSERT INTO models(model_id, job_id, topic, snapshot_hash, model_hash, epsilon, delta, unit, "
                "accountant, metrics, path, created, superseded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)"
                " ON CONFLICT(model_id) DO NOTHING",
                (job_id, job_id, topic, snapshot_hash, model_hash, epsilon, delta, unit, accountant,
                 json.dumps(metrics or {}, sort_keys=True, default=str), path, created))
            conn.execute("UPDATE models SET superseded_by = ? WHERE model_id != ? AND superseded_by IS NULL "
                         "AND (path = ? OR model_id = ?)", (job_id, job_id, path, supersedes or ""))

    def _rows(self, where: str = "", params: tuple = ()) -> list[dict[str, Any]]:
        if not self._has_table():
            return []
        with self.backend.connect() as conn:
            rows = conn.execute(f"SELECT * FROM models {where} ORDER BY created, model_id", params).fetchall()
        return [dict(r) for r in rows]

    def _has_table(self) -> bool:
        with self.backend.connect() as conn:
            try:
                conn.execute("SELECT 1 FROM models LIMIT 1").fetchall()
            except Exception:  # noqa: BLE001 - no table yet (sqlite3 / psycopg raise different types)
                return False
        return True

    def models(self, topic: str | None = None, erasures: Iterable[dict[str, Any]] = ()) -> list[ModelEntry]:
        """Every model (of ``topic``), oldest first, marked by the ``erasures`` that name it."""
        marks = erasure_marks(erasures)
        rows = self._rows("WHERE topic = ?", (topic,)) if topic else self._rows()
        return [_entry(r, marks.get(r["job_id"], [])) for r in rows]

    def get(self, model_id: str, erasures: Iterable[dict[str, Any]] = ()) -> ModelEntry | None:
        rows = self._rows("WHERE model_id = ?", (model_id,))
        if not rows:
            return None
        return _entry(rows[0], erasure_marks(erasures).get(rows[0]["job_id"], []))


def _entry(row: dict[str, Any], erasures: list[dict[str, Any]]) -> ModelEntry:
    values = {c: row.get(c) for c in COLUMNS}
    try:
        values["metrics"] = json.loads(row.get("metrics") or "{}")
    except ValueError:
        values["metrics"] = {}
    return ModelEntry(**values, erasures=erasures)


def erasure_marks(entries: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """``{job_id: [{time, request_id}]}`` from the audit log's ``erasure`` entries."""
    marks: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        facts = entry.get("facts") if isinstance(entry.get("facts"), dict) else {}
        if entry.get("kind") != "erasure":
            continue
        for model in facts.get("models_trained_on_user") or []:
            if isinstance(model, dict) and model.get("job_id"):
                marks.setdefault(str(model["job_id"]), []).append(
                    {"time": entry.get("ts"), "request_id": facts.get("request_id"),
                     "verified": model.get("verified")})
    return marks


def registry_location(home: Any, ledger_url: str | None = None) -> str | Path:
    from veil.audit.backend import ledger_location

    return ledger_location(home, ledger_url)


def registered_models(home: Any, topic: str | None = None, ledger_url: str | None = None) -> list[ModelEntry]:
    """Every registered model of ``home`` (read-only: creates nothing), each marked by the
    erasures the audit log records; [] when the home has no ledger yet."""
    registry = ModelRegistry.existing(registry_location(home, ledger_url))
    if registry is None:
        return []
    return registry.models(topic, _log_entries(home))


def registered_model(home: Any, model_id: str, ledger_url: str | None = None) -> ModelEntry | None:
    registry = ModelRegistry.existing(registry_location(home, ledger_url))
    return registry.get(model_id, _log_entries(home)) if registry is not None else None


def _log_entries(home: Any) -> list[dict[str, Any]]:
    from veil.audit.log import read_entries

    path = home.audit_log_path
    return list(read_entries(path)) if path.is_file() else []
