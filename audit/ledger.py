"""Privacy-budget ledger on SQLite (one machine) or PostgreSQL (several machines).

Each *dataset* (a Kafka topic name) has a total budget (ε, δ).  A training job
**reserves** its target (ε, δ) before it touches data, then **settles** what it
actually spent (which may be less) or **releases** the reservation if it never
trained.  A reservation that does not fit is refused with a one-line reason and
spends nothing.

Where: ``Ledger(location)`` takes a SQLite path or a ``postgresql://`` URL (see
:mod:`audit.backend`; the CLI picks ``--ledger``, else ``$VEIL_LEDGER_URL``, else
``HOME/ledger.sqlite``).  Same tables, same API, same guarantees on both.

Concurrency: every change runs in a write transaction that is exclusive among
writers — SQLite: ``BEGIN IMMEDIATE`` on a WAL database; PostgreSQL: ``LOCK TABLE
jobs IN EXCLUSIVE MODE`` right after ``BEGIN`` — so the check "does it fit?" and the
insert of the reservation are one atomic step even when several processes (on one
machine or many) reserve at once; they cannot overspend.

Composition: jobs compose by *basic composition*: the dataset has spent
``(Σ ε_i, Σ δ_i)`` over its jobs, which is always sound.  Each job's
``mechanism`` description (noise multiplier, sample rate, steps, accountant,
unit) is stored as JSON so a tighter accountant can re-compose the same history;
``ledger.set_composition("pld")`` (or ``"rdp"``; ``veil budget composition pld``)
does that with dp-accounting
and lets a job in when *either* the basic sum or the tight composition fits
(see :mod:`audit.composition`).

Tables::

    budgets(dataset PK, epsilon_total, delta_total, created_at, updated_at)
    jobs(job_id PK, dataset, state reserved|settled|released,
         epsilon_reserved, delta_reserved, epsilon_spent, delta_spent,
         mechanism JSON, reserved_at, closed_at)
    events(id, ts, dataset, kind set|reserved|settled|released, job_id,
           epsilon, delta, + the dataset's totals/spent/reserved after the event)

The same database hosts the audit log's head (``log_head``, ``log_breaks``), a piece of
its own (:mod:`audit.head`): the ledger creates those tables with its own and exposes the
store as ``ledger.head``, but never reads or writes the head itself.  Changes are
reported to ``log``, any :class:`veil.core.AuditSink`.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from veil.audit.backend import Backend, open_backend
from veil.audit.composition import composition_names, get_composition
from veil.audit.head import LogHead
from veil.core.audit_sink import AuditSink
from veil.audit.errors import BudgetExceeded, LedgerError, NoBudget

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS budgets (
    dataset TEXT PRIMARY KEY,
    epsilon_total REAL NOT NULL,
    delta_total REAL NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
    job_id TEXT PRIMARY KEY,
    dataset TEXT NOT NULL REFERENCES budgets(dataset),
    state TEXT NOT NULL CHECK (state IN ('reserved', 'settled', 'released')),
    epsilon_reserved REAL NOT NULL,
    delta_reserved REAL NOT NULL,
    epsilon_spent REAL NOT NULL DEFAULT 0,
    delta_spent REAL NOT NULL DEFAULT 0,
    mechanism TEXT,
    reserved_at TEXT NOT NULL,
    closed_at TEXT
);
CREATE INDEX IF NOT EXISTS jobs_dataset ON jobs(dataset, state);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts TEXT NOT NULL,
    dataset TEXT NOT NULL,
    kind TEXT NOT NULL,
    job_id TEXT,
    epsilon REAL NOT NULL,
    delta REAL NOT NULL,
    epsilon_total REAL NOT NULL,
    delta_total REAL NOT NULL,
    epsilon_spent REAL NOT NULL,
    delta_spent REAL NOT NULL,
    epsilon_reserved REAL NOT NULL,
    delta_reserved REAL NOT NULL
);
"""


@dataclass(frozen=True)
class BudgetStatus:
    dataset: str
    epsilon_total: float
    delta_total: float
    epsilon_spent: float
    delta_spent: float
    epsilon_reserved: float
    delta_reserved: float
    epsilon_left: float
    delta_left: float
    composition: str = "basic"
    jobs_settled: int = 0
    jobs_reserved: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class BudgetEvent:
    """One change to a dataset's budget, with the dataset's state right after it."""

    time: datetime
    dataset: str
    kind: str  # set | reserved | settled | released
    job_id: str | None
    epsilon: float
    delta: float
    epsilon_total: float
    delta_total: float
    epsilon_spent: float
    delta_spent: float
    epsilon_reserved: float
    delta_reserved: float

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["time"] = _iso(self.time)
        return out


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _iso(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def fmt(value: float) -> str:
    """A float for humans: ``2.0``, ``1.5``, ``1e-05`` (10 significant digits at most)."""
    return repr(float(f"{value:.10g}"))


def _number(value: Any, name: str, *, positive: bool, below_one: bool = False) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise LedgerError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(number) or number < 0 or (positive and number == 0):
        raise LedgerError(f"{name} must be {'> 0' if positive else '>= 0'} and finite, got {value!r}")
    if below_one and number >= 1:
        raise LedgerError(f"{name} must be < 1, got {value!r}")
    return number


def _tolerance(total: float) -> float:
    # Sums of floats drift (0.1 + 0.2 > 0.3); forgive drift far below any meaningful ε or δ.
    return 1e-9 * total


class Ledger:
    """The privacy-budget ledger at ``path`` (created on first use).

    ``path``: a SQLite path, a ``postgresql://`` URL, or an open backend (shared with a
    :class:`LogHead`).  ``log``: an audit sink that receives one entry per change.
    ``head``: the audit log's head store on the same database (default: a new one).
    ``composition``: ``"basic"`` (sum of ε and δ) or ``"pld"``/``"rdp"`` (tighter;
    needs each job's ``mechanism``, falls back to basic where missing).  ``None``
    (default) uses the ledger's stored setting (:meth:`set_composition`, initially
    ``"basic"``), so every process sharing the ledger composes the same way.
    """

    def __init__(
        self,
        path: "Path | str | Backend",
        log: AuditSink | None = None,
        *,
        composition: str | None = None,
        timeout: float = 60.0,
        head: LogHead | None = None,
    ) -> None:
        if composition is not None:
            get_composition(composition)  # a registered name, or LedgerError
        self._backend = open_backend(path, timeout)
        self.backend = self._backend.name  # "sqlite" | "postgresql"
        #: the SQLite file (None on PostgreSQL); ``location`` is printable for both (no password)
        self.path: Path | None = getattr(self._backend, "path", None)
        self.location = self._backend.display
        self.log = log
        self.head = head if head is not None else LogHead(self._backend)
        self._composition_override = composition
        self.timeout = timeout
        if self._backend.read_only:
            return  # see Ledger.existing: nothing is created
        with self._connect() as conn, self._backend.schema_transaction(conn):
            for statement in self._backend.schema(_SCHEMA).split(";"):
                if statement.strip():
                    conn.execute(statement)
            self.head.create_schema(conn)
            conn.execute(
                "INSERT INTO meta(key, value) VALUES ('schema_version', ?) ON CONFLICT(key) DO NOTHING",
                (str(SCHEMA_VERSION),),
            )

    @classmethod
    def existing(
        cls, location: "Path | str", *, composition: str | None = None, timeout: float = 60.0
    ) -> "Ledger | None":
        """The ledger at ``location`` opened read-only, or None when there is none there.
        Creates nothing (not the file, not a table); any write through it fails."""
        backend = open_backend(location, timeout, read_only=True)
        if not backend.exists():
            return None
        return cls(backend, composition=composition, timeout=timeout)

    @property
    def read_only(self) -> bool:
        return self._backend.read_only

    def __repr__(self) -> str:
        return f"Ledger({self.backend}: {self.location})"

    # -- plumbing -----------------------------------------------------------------

    def _connect(self):
        """A short-lived connection (one per operation: safe across threads and forks)."""
        return self._backend.connect()

    def _transaction(self, conn, lock: str | None = "jobs"):
        """A write transaction, exclusive among writers that take the same ``lock``
        (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: ``LOCK TABLE <lock> IN EXCLUSIVE MODE``)."""
        return self._backend.transaction(conn, lock)

    def _composition(self, conn: Any) -> str:
        if self._composition_override is not None:
            return self._composition_override
        row = conn.execute("SELECT value FROM meta WHERE key = 'composition'").fetchone()
        return row["value"] if row is not None and row["value"] in composition_names() else "basic"

    @property
    def composition(self) -> str:
        """How jobs on one dataset compose: ``basic``, ``pld`` or ``rdp``."""
        with self._connect() as conn:
            return self._composition(conn)

    def set_composition(self, composition: str, reason: str | None = None) -> None:
        """Store how jobs compose for every process using this ledger (audited as
        ``budget_composition``, with the previous mode when there was one and ``reason``).
        Switching is always sound: each mode's bound holds."""
        get_composition(composition)  # a registered name, or LedgerError
        facts: dict[str, Any] = {"composition": composition}
        with self._connect() as conn, self._transaction(conn):
            row = conn.execute("SELECT value FROM meta WHERE key = 'composition'").fetchone()
            if row is not None:
                facts["previous"] = row["value"]
            conn.execute(
                "INSERT INTO meta(key, value) VALUES ('composition', ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (composition,),
            )
        if reason:
            facts["reason"] = reason
        self._append("budget_composition", **facts)

    def _append(self, kind: str, **facts: Any) -> None:
        if self.log is not None:
            self.log.append(kind, **facts)

    # -- budgets ------------------------------------------------------------------

    def set_budget(
        self, dataset: str, epsilon: float, delta: float, reason: str | None = None, *, require_reason: bool = False
    ) -> BudgetStatus:
        """Set (or change) the dataset's total budget.  It cannot go below what is
        already spent or reserved.  The audit entry records the previous totals (when the
        topic had a budget) and ``reason``; ``require_reason`` refuses a change without one."""
        dataset = _dataset_name(dataset)
        epsilon = _number(epsilon, "epsilon", positive=True)
        delta = _number(delta, "delta", positive=False, below_one=True)
        now = _iso(_now())
        previous: dict[str, Any] = {"reason": reason} if reason else {}
        with self._connect() as conn, self._transaction(conn):
            row = conn.execute("SELECT * FROM budgets WHERE dataset = ?", (dataset,)).fetchone()
            if row is not None:
                if require_reason and not reason:
                    raise LedgerError(
                        f"topic {dataset} already has a budget (ε={fmt(row['epsilon_total'])}, "
                        f"δ={fmt(row['delta_total'])}); say why it changes with --reason TEXT"
                    )
                previous.update(previous_epsilon=row["epsilon_total"], previous_delta=row["delta_total"])
                used = self._status_in(conn, row)
                eps_used = used.epsilon_spent + used.epsilon_reserved
                delta_used = used.delta_spent + used.delta_reserved
                if epsilon + _tolerance(epsilon) < eps_used or delta + _tolerance(delta) < delta_used:
                    raise LedgerError(
                        f"cannot set topic {dataset} to ε={fmt(epsilon)}, δ={fmt(delta)}: it has already "
                        f"used ε={fmt(eps_used)}, δ={fmt(delta_used)} (spent + reserved)"
                    )
                conn.execute(
                    "UPDATE budgets SET epsilon_total = ?, delta_total = ?, updated_at = ? WHERE dataset = ?",
                    (epsilon, delta, now, dataset),
                )
            else:
                conn.execute(
                    "INSERT INTO budgets(dataset, epsilon_total, delta_total, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (dataset, epsilon, delta, now, now),
                )
            status = self._record(conn, now, dataset, "set", None, epsilon, delta)
        self._append("budget_set", dataset=dataset, epsilon=epsilon, delta=delta, **previous)
        return status

    def reserve(
        self,
        dataset: str,
        job_id: str,
        epsilon: float,
        delta: float,
        mechanism: dict | None = None,
    ) -> BudgetStatus:
        """Reserve (ε, δ) of the dataset's budget for ``job_id``.

        Raises :class:`BudgetExceeded` (nothing reserved) when it does not fit and
        :class:`NoBudget` when the dataset has no budget.
        """
        dataset = _dataset_name(dataset)
        job_id = _job_name(job_id)
        epsilon = _number(epsilon, "epsilon", positive=True)
        delta = _number(delta, "delta", positive=False, below_one=True)
        mech_json = _mechanism_json(mechanism)
        now = _iso(_now())
        try:
            with self._connect() as conn, self._transaction(conn):
                budget = self._budget_row(conn, dataset)
                existing = conn.execute("SELECT state, dataset FROM jobs WHERE job_id = ?", (job_id,)).fetchone()
                if existing is not None:
                    raise LedgerError(
                        f"job {job_id} already has a ledger entry ({existing['state']} on topic "
                        f"{existing['dataset']}); use a new job id"
                    )
                status = self._status_in(conn, budget)
                reason = self._refusal(conn, budget, status, job_id, epsilon, delta, mechanism)
                if reason is not None:
                    raise BudgetExceeded(reason)
                conn.execute(
                    "INSERT INTO jobs(job_id, dataset, state, epsilon_reserved, delta_reserved, mechanism,"
                    " reserved_at) VALUES (?, ?, 'reserved', ?, ?, ?, ?)",
                    (job_id, dataset, epsilon, delta, mech_json, now),
                )
                status = self._record(conn, now, dataset, "reserved", job_id, epsilon, delta)
        except BudgetExceeded as exc:
            self._append(
                "budget_refused", dataset=dataset, job_id=job_id, epsilon=epsilon, delta=delta, reason=str(exc)
            )
            raise
        self._append(
            "budget_reserved",
            dataset=dataset,
            job_id=job_id,
            epsilon=epsilon,
            delta=delta,
            mechanism=mechanism,
        )
        return status

    def settle(
        self,
        job_id: str,
        epsilon: float,
        delta: float,
        mechanism: dict | None = None,
    ) -> BudgetStatus:
        """Record what ``job_id`` actually spent; its reservation is replaced by it.

        Spending more than was reserved is recorded all the same (the privacy loss
        happened) and flagged ``overspent`` in the audit log.  Settling the same
        amounts twice is a no-op, so a retried settle is safe.
        """
        job_id = _job_name(job_id)
        epsilon = _number(epsilon, "epsilon", positive=False)
        delta = _number(delta, "delta", positive=False, below_one=True)
        now = _iso(_now())
        with self._connect() as conn, self._transaction(conn):
            job = self._job_row(conn, job_id)
            dataset = job["dataset"]
            if job["state"] == "settled":
                if math.isclose(job["epsilon_spent"], epsilon) and math.isclose(job["delta_spent"], delta):
                    return self._status_in(conn, self._budget_row(conn, dataset))
                raise LedgerError(
                    f"job {job_id} is already settled at ε={fmt(job['epsilon_spent'])}, "
                    f"δ={fmt(job['delta_spent'])}"
                )
            if job["state"] == "released":
                raise LedgerError(f"job {job_id} was released; it cannot be settled")
            mech_json = _mechanism_json(mechanism) if mechanism is not None else job["mechanism"]
            conn.execute(
                "UPDATE jobs SET state = 'settled', epsilon_spent = ?, delta_spent = ?, mechanism = ?,"
                " closed_at = ? WHERE job_id = ?",
                (epsilon, delta, mech_json, now, job_id),
            )
            overspent = epsilon > job["epsilon_reserved"] * (1 + 1e-9) or delta > job["delta_reserved"] * (
                1 + 1e-9
            )
            status = self._record(conn, now, dataset, "settled", job_id, epsilon, delta)
        facts: dict[str, Any] = dict(
            dataset=dataset,
            job_id=job_id,
            epsilon=epsilon,
            delta=delta,
            epsilon_reserved=job["epsilon_reserved"],
            delta_reserved=job["delta_reserved"],
            mechanism=json.loads(mech_json) if mech_json else None,
        )
        if overspent:
            facts["overspent"] = True
        self._append("budget_settled", **facts)
        return status

    def release(self, job_id: str) -> BudgetStatus:
        """Give back the reservation of a job that never trained.  Releasing twice is a no-op."""
        job_id = _job_name(job_id)
        now = _iso(_now())
        with self._connect() as conn, self._transaction(conn):
            job = self._job_row(conn, job_id)
            dataset = job["dataset"]
            if job["state"] == "released":
                return self._status_in(conn, self._budget_row(conn, dataset))
            if job["state"] == "settled":
                raise LedgerError(f"job {job_id} is already settled; spent budget cannot be released")
            conn.execute(
                "UPDATE jobs SET state = 'released', closed_at = ? WHERE job_id = ?", (now, job_id)
            )
            status = self._record(
                conn, now, dataset, "released", job_id, job["epsilon_reserved"], job["delta_reserved"]
            )
        self._append(
            "budget_released",
            dataset=dataset,
            job_id=job_id,
            epsilon=job["epsilon_reserved"],
            delta=job["delta_reserved"],
        )
        return status

    # -- reading ------------------------------------------------------------------

    def status(self, dataset: str | None = None) -> list[BudgetStatus]:
        """Every dataset's budget (or just ``dataset``'s), sorted by name."""
        with self._connect() as conn:
            if dataset is None:
                rows = conn.execute("SELECT * FROM budgets ORDER BY dataset").fetchall()
            else:
                rows = [self._budget_row(conn, dataset)]
            return [self._status_in(conn, row) for row in rows]

    def history(self, dataset: str | None = None) -> list[BudgetEvent]:
        """Every budget change in order (for the report's plot)."""
        with self._connect() as conn:
            if dataset is None:
                rows = conn.execute("SELECT * FROM events ORDER BY id").fetchall()
            else:
                rows = conn.execute("SELECT * FROM events WHERE dataset = ? ORDER BY id", (dataset,)).fetchall()
        return [
            BudgetEvent(
                time=_parse_time(row["ts"]),
                dataset=row["dataset"],
                kind=row["kind"],
                job_id=row["job_id"],
                epsilon=row["epsilon"],
                delta=row["delta"],
                epsilon_total=row["epsilon_total"],
                delta_total=row["delta_total"],
                epsilon_spent=row["epsilon_spent"],
                delta_spent=row["delta_spent"],
                epsilon_reserved=row["epsilon_reserved"],
                delta_reserved=row["delta_reserved"],
            )
            for row in rows
        ]

    def jobs(self, dataset: str | None = None) -> list[dict[str, Any]]:
        """Every job's ledger row (state, reserved, spent, mechanism) in reservation order."""
        with self._connect() as conn:
            sql = "SELECT * FROM jobs" + (" WHERE dataset = ?" if dataset else "") + " ORDER BY reserved_at, job_id"
            rows = conn.execute(sql, (dataset,) if dataset else ()).fetchall()
        out = []
        for row in rows:
            item = dict(row)
            item["mechanism"] = json.loads(row["mechanism"]) if row["mechanism"] else None
            out.append(item)
        return out

    # -- audit log head (kept by ``self.head``; these read and write it for callers) ------

    def set_log_head(self, count: int, hash: str) -> None:  # noqa: A002 - the chain's word for it
        self.head.set(count, hash)

    def log_head(self) -> tuple[int, str] | None:
        """``(count, hash)`` of the audit log as last appended, or None if never set."""
        return self.head.get()

    def record_log_break(self, line: int, reason: str) -> None:
        self.head.record_break(line, reason)

    def log_breaks(self) -> list[dict[str, Any]]:
        """Every recorded break of the audit log (oldest first)."""
        return self.head.breaks()

    # -- internals ----------------------------------------------------------------

    def _budget_row(self, conn: Any, dataset: str) -> Any:
        row = conn.execute("SELECT * FROM budgets WHERE dataset = ?", (dataset,)).fetchone()
        if row is None:
            raise NoBudget.for_topic(dataset)
        return row

    def _job_row(self, conn: Any, job_id: str) -> Any:
        row = conn.execute("SELECT * FROM jobs WHERE job_id = ?", (job_id,)).fetchone()
        if row is None:
            raise LedgerError(f"no reservation for job {job_id}")
        return row

    def _sums(self, conn: Any, dataset: str) -> dict[str, float]:
        row = conn.execute(
            "SELECT"
            " COALESCE(SUM(CASE WHEN state = 'settled' THEN epsilon_spent END), 0.0) AS eps_spent,"
            " COALESCE(SUM(CASE WHEN state = 'settled' THEN delta_spent END), 0.0) AS delta_spent,"
            " COALESCE(SUM(CASE WHEN state = 'reserved' THEN epsilon_reserved END), 0.0) AS eps_reserved,"
            " COALESCE(SUM(CASE WHEN state = 'reserved' THEN delta_reserved END), 0.0) AS delta_reserved,"
            " COUNT(CASE WHEN state = 'settled' THEN 1 END) AS n_settled,"
            " COUNT(CASE WHEN state = 'reserved' THEN 1 END) AS n_reserved"
            " FROM jobs WHERE dataset = ?",
            (dataset,),
        ).fetchone()
        return dict(row)

    def _status_in(self, conn: Any, budget: Any) -> BudgetStatus:
        sums = self._sums(conn, budget["dataset"])
        eps_spent, delta_spent = sums["eps_spent"], sums["delta_spent"]
        eps_reserved, delta_reserved = sums["eps_reserved"], sums["delta_reserved"]
        composition = "basic"
        mode = get_composition(self._composition(conn))
        if mode.tight:
            tight = mode.usage(budget["delta_total"], self._open_jobs(conn, budget["dataset"]))
            if tight is not None:
                eps_spent, delta_spent, eps_reserved, delta_reserved = tight
                composition = mode.name
        eps_total, delta_total = budget["epsilon_total"], budget["delta_total"]
        return BudgetStatus(
            dataset=budget["dataset"],
            epsilon_total=eps_total,
            delta_total=delta_total,
            epsilon_spent=eps_spent,
            delta_spent=delta_spent,
            epsilon_reserved=eps_reserved,
            delta_reserved=delta_reserved,
            epsilon_left=_clean(eps_total - eps_spent - eps_reserved),
            delta_left=_clean(delta_total - delta_spent - delta_reserved),
            composition=composition,
            jobs_settled=sums["n_settled"],
            jobs_reserved=sums["n_reserved"],
        )

    def _open_jobs(self, conn: Any, dataset: str) -> list[dict[str, Any]]:
        """The dataset's settled and reserved jobs (what a tight composition composes)."""
        rows = conn.execute(
            "SELECT * FROM jobs WHERE dataset = ? AND state IN ('settled', 'reserved')", (dataset,)
        ).fetchall()
        return [dict(r) for r in rows]

    def _refusal(
        self,
        conn: Any,
        budget: Any,
        status: BudgetStatus,
        job_id: str,
        epsilon: float,
        delta: float,
        mechanism: dict | None,
    ) -> str | None:
        """None when the job fits, else the one-line reason."""
        dataset = budget["dataset"]
        sums = self._sums(conn, dataset)
        eps_total, delta_total = budget["epsilon_total"], budget["delta_total"]
        eps_left = eps_total - sums["eps_spent"] - sums["eps_reserved"]
        delta_left = delta_total - sums["delta_spent"] - sums["delta_reserved"]
        basic_fits = epsilon <= eps_left + _tolerance(eps_total) and delta <= delta_left + _tolerance(delta_total)
        if basic_fits:
            return None
        mode = get_composition(self._composition(conn))
        if mode.tight:
            candidate = {
                "job_id": job_id,
                "state": "reserved",
                "epsilon_reserved": epsilon,
                "delta_reserved": delta,
                "mechanism": _mechanism_json(mechanism),
            }
            if mode.fits(eps_total, delta_total, self._open_jobs(conn, dataset) + [candidate]):
                return None
        # Report the numbers the user sees in `veil budget show` (tight ones when enabled).
        if delta <= delta_left + _tolerance(delta_total):
            how = "" if status.composition == "basic" else f" under {status.composition.upper()} composition"
            return (
                f"job {job_id} asks ε={fmt(epsilon)} but topic {dataset} has ε={fmt(max(status.epsilon_left, 0.0))} "
                f"left of {fmt(eps_total)} (spent {fmt(status.epsilon_spent)}, "
                f"reserved {fmt(status.epsilon_reserved)}){how}"
            )
        return (
            f"job {job_id} asks δ={fmt(delta)} but topic {dataset} has δ={fmt(max(status.delta_left, 0.0))} "
            f"left of {fmt(delta_total)} (spent {fmt(status.delta_spent)}, reserved {fmt(status.delta_reserved)})"
        )

    def _record(
        self,
        conn: Any,
        now: str,
        dataset: str,
        kind: str,
        job_id: str | None,
        epsilon: float,
        delta: float,
    ) -> BudgetStatus:
        status = self._status_in(conn, self._budget_row(conn, dataset))
        conn.execute(
            "INSERT INTO events(ts, dataset, kind, job_id, epsilon, delta, epsilon_total, delta_total,"
            " epsilon_spent, delta_spent, epsilon_reserved, delta_reserved)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                now,
                dataset,
                kind,
                job_id,
                epsilon,
                delta,
                status.epsilon_total,
                status.delta_total,
                status.epsilon_spent,
                status.delta_spent,
                status.epsilon_reserved,
                status.delta_reserved,
            ),
        )
        return status


def _clean(value: float) -> float:
    # 8.0 - 6.5 - 1.5 can come out as -2e-16; show it as 0.
    return 0.0 if abs(value) < 1e-12 else value


def _dataset_name(dataset: str) -> str:
    if not isinstance(dataset, str) or not dataset.strip():
        raise LedgerError("dataset (topic) name must be a non-empty string")
    return dataset.strip()


def _job_name(job_id: str) -> str:
    if not isinstance(job_id, str) or not job_id.strip():
        raise LedgerError("job id must be a non-empty string")
    return job_id.strip()


def _mechanism_json(mechanism: dict | None) -> str | None:
    if mechanism is None:
        return None
    if not isinstance(mechanism, dict):
        raise LedgerError("mechanism must be a dict (noise_multiplier, sample_rate, steps, accountant, unit)")
    try:
        return json.dumps(mechanism, sort_keys=True, allow_nan=False, default=str)
    except ValueError as exc:
        raise LedgerError(f"mechanism is not JSON-serialisable: {exc}") from None
