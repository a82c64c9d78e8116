"""Where the ledger lives: SQLite (one machine) or PostgreSQL (several machines).

:func:`ledger_location` picks it: ``--ledger`` if given, else env ``VEIL_LEDGER_URL``,
else ``HOME/ledger.sqlite``.  A location that starts with ``postgresql://`` or
``postgres://`` is a PostgreSQL connection URL (libpq syntax, e.g.
``postgresql://veil:secret@db:5432/veil``; password also via ``PGPASSWORD`` or
``~/.pgpass``); anything else is the path of a SQLite file (``sqlite:///abs/path``
is accepted too).

Both backends give :class:`audit.Ledger` the same small interface — a connection
whose ``execute(sql, params)`` takes ``?`` placeholders and returns rows that index
by column name — and the same concurrency guarantee: a *write transaction* is
exclusive among writers, so "does it fit?" and "reserve it" are one atomic step.

* SQLite: ``BEGIN IMMEDIATE`` on a WAL database (one writer at a time, readers never
  blocked).

Read-only opening (``read_only=True``: ``veil audit verify``, ``veil budget show``...)
creates nothing: no directory, no database, no schema.  SQLite opens ``mode=ro``; when no
``-wal`` file exists (no writer has the database open, as Veil's connections are
short-lived) it opens ``immutable=1`` as well, since a plain read-only open of a WAL
database would leave ``-wal``/``-shm`` files behind.  PostgreSQL sessions are set
``default_transaction_read_only``.  :meth:`Backend.exists` says whether a ledger is there.
* PostgreSQL: ``BEGIN`` then ``LOCK TABLE jobs IN EXCLUSIVE MODE`` (or the table the
  write is about); EXCLUSIVE conflicts with itself and with every row write, but not
  with plain reads.  Under READ COMMITTED every statement after the lock sees all
  transactions committed before it was granted, so the check sees every earlier
  reservation.  Schema creation is serialised with a transaction-scoped advisory
  lock, since ``CREATE TABLE IF NOT EXISTS`` alone races in PostgreSQL.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:  # pragma: no cover
    from veil.core.settings import Home

ENV_LEDGER_URL = "VEIL_LEDGER_URL"
_PG_PREFIXES = ("postgresql://", "postgres://")
_SCHEMA_LOCK_KEY = 0x7665696C  # "veil": the advisory lock that serialises schema creation


def is_postgres(location: str | os.PathLike[str]) -> bool:
    return isinstance(location, str) and location.startswith(_PG_PREFIXES)


def ledger_location(home: "Home", override: str | None = None) -> str | Path:
    """``override`` (``--ledger``), else ``$VEIL_LEDGER_URL``, else ``HOME/ledger.sqlite``."""
    chosen = override or os.environ.get(ENV_LEDGER_URL)
    if not chosen:
        return home.ledger_path
    if is_postgres(chosen):
        return chosen
    if chosen.startswith("sqlite:///"):
        return Path(chosen[len("sqlite://") :])
    return Path(chosen).expanduser()


def redact_url(url: str) -> str:
    """The URL without its password (for messages and the report)."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


class Backend:
    """What the ledger and the log head need from a database (see the module docstring)."""

    name = "?"
    display = "?"
    read_only = False

    def exists(self) -> bool:  # pragma: no cover - abstract
        """Whether a ledger's tables are there (read-only opening creates none)."""
        raise NotImplementedError

    def _writable(self) -> None:
        if self.read_only:
            from veil.audit.errors import LedgerError

            raise LedgerError(f"the ledger {self.display} was opened read-only; this command cannot change it")

    def schema(self, sql: str) -> str:
        return sql

    @contextmanager
    def connect(self) -> Iterator[Any]:  # pragma: no cover - abstract
        raise NotImplementedError
        yield

    @contextmanager
    def transaction(self, conn: Any, lock: str | None = "jobs") -> Iterator[Any]:  # pragma: no cover
        raise NotImplementedError
        yield

    @contextmanager
    def schema_transaction(self, conn: Any) -> Iterator[Any]:
        with self.transaction(conn, lock=None) as inner:
            yield inner


class SqliteBackend(Backend):
    name = "sqlite"

    def __init__(self, path: Path, timeout: float, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self.display = str(self.path)
        self.read_only = read_only
        if read_only:
            return
        from veil.audit.errors import LedgerError

        try:
            _private_file(self.path)
            with self.connect() as conn:
                conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            raise LedgerError(f"{self.path} is not a usable Veil ledger ({exc}); check --ledger") from None
        except OSError as exc:
            raise LedgerError(f"cannot create the ledger at {self.path}: {exc.strerror}; check --home / --ledger") from None

    def exists(self) -> bool:
        if not self.path.is_file():
            return False
        try:
            with self.connect() as conn:
                return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'budgets'").fetchone() is not None
        except sqlite3.DatabaseError:
            from veil.audit.errors import LedgerError

            raise LedgerError(f"{self.path} is not a Veil ledger (not a SQLite database); check --ledger") from None

    def _open(self) -> sqlite3.Connection:
        if not self.read_only:
            return sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        wal = self.path.with_name(self.path.name + "-wal")
        flags = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
        uri = f"{self.path.absolute().as_uri()}?{flags}"
        return sqlite3.connect(uri, uri=True, timeout=self.timeout, isolation_level=None)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        # One short-lived connection per operation: safe across threads and forks.
        conn = self._open()
        try:
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            yield conn
        finally:
            conn.close()

    @contextmanager
    def transaction(self, conn: sqlite3.Connection, lock: str | None = "jobs") -> Iterator[sqlite3.Connection]:
        self._writable()
        conn.execute("BEGIN IMMEDIATE")  # the database-wide write lock, whatever ``lock`` names
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")


def _private_file(path: Path) -> None:
    """Create the database file 0600 (in a 0700 directory) before SQLite does: SQLite
    would make it 0644, and it gives its -wal and -shm files the database file's mode.
    A file an older Veil left readable by others (and that we own) is made 0600."""
    if not path.parent.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return
    except FileExistsError:
        pass
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            info = file.stat()
            if info.st_mode & 0o077 and info.st_uid == os.geteuid():
                os.chmod(file, 0o600)
        except FileNotFoundError:
            continue


class _PgConnection:
    """A psycopg connection that speaks the ledger's SQL (``?`` placeholders)."""

    def __init__(self, conn: Any) -> None:
        self.raw = conn

    def execute(self, sql: str, params: tuple | list = ()) -> Any:
        return self.raw.execute(sql.replace("?", "%s"), tuple(params) if params else None)


class PostgresBackend(Backend):
    name = "postgresql"

    def __init__(self, url: str, timeout: float, *, read_only: bool = False) -> None:
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:  # pragma: no cover - psycopg is a dependency
            raise RuntimeError("the PostgreSQL ledger needs psycopg: pip install 'psycopg[binary]'") from exc
        self.url = url
        self.timeout = timeout
        self.display = redact_url(url)
        self.read_only = read_only

    def exists(self) -> bool:
        with self.connect() as conn:
            row = conn.execute("SELECT to_regclass('budgets') IS NOT NULL AS found").fetchone()
        return bool(row["found"])

    def schema(self, sql: str) -> str:
        sql = sql.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY")
        return re.sub(r"\bREAL\b", "DOUBLE PRECISION", sql)  # PostgreSQL's REAL is 4 bytes

    @contextmanager
    def connect(self) -> Iterator[_PgConnection]:
        import psycopg
        from psycopg.rows import dict_row

        try:
            conn = psycopg.connect(
                self.url,
                autocommit=True,
                row_factory=dict_row,
                connect_timeout=max(1, int(self.timeout)),
                application_name="veil-ledger",
            )
        except psycopg.OperationalError as exc:
            from veil.core.errors import UnreachableError

            why = (str(exc).strip().splitlines() or [type(exc).__name__])[-1]
            raise UnreachableError(f"cannot reach the ledger database {self.display} ({why}); "
                                   "check --ledger / $VEIL_LEDGER_URL") from None
        try:
            ms = int(self.timeout * 1000)
            conn.execute(f"SET lock_timeout = {ms}")
            conn.execute(f"SET statement_timeout = {ms}")
            conn.execute("SET TIME ZONE 'UTC'")
            if self.read_only:
                conn.execute("SET default_transaction_read_only = on")
            yield _PgConnection(conn)
        finally:
            conn.close()

    @contextmanager
    def transaction(self, conn: _PgConnection, lock: str | None = "jobs") -> Iterator[_PgConnection]:
        self._writable()
        conn.raw.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
        try:
            if lock is not None:
                if not re.fullmatch(r"[a-z_]+", lock):  # pragma: no cover - internal names only
                    raise ValueError(f"bad table name {lock!r}")
                conn.raw.execute(f"LOCK TABLE {lock} IN EXCLUSIVE MODE")
            yield conn
        except BaseException:
            conn.raw.execute("ROLLBACK")
            raise
        else:
            conn.raw.execute("COMMIT")

    @contextmanager
    def schema_transaction(self, conn: _PgConnection) -> Iterator[_PgConnection]:
        with self.transaction(conn, lock=None):
            conn.raw.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK_KEY,))
            yield conn


def open_backend(location: "str | os.PathLike[str] | Backend", timeout: float, *, read_only: bool = False) -> Backend:
    """The backend at ``location`` (an already open :class:`Backend` is returned as it is)."""
    if isinstance(location, Backend):
        return location
    if is_postgres(location):
        return PostgresBackend(str(location), timeout, read_only=read_only)
    text = str(location)
    if text.startswith("sqlite:///"):
        location = text[len("sqlite://") :]
    return SqliteBackend(Path(location), timeout, read_only=read_only)
