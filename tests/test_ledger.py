"""Ledger: budget math, refusals, and concurrent reservations from real processes —
every test on both backends, SQLite and a real PostgreSQL server.

PostgreSQL tests need ``VEIL_TEST_POSTGRES_URL`` (a server where the test user may
``CREATE DATABASE``; ``.ci/run`` starts one).  Without it they skip, except under
``CI=true``, where they fail: CI must not go green without testing that backend.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit, urlunsplit

import pytest

from veil.audit import AuditLog, BudgetExceeded, Ledger, LedgerError, NoBudget, verify_log

BACKENDS = ["sqlite", "postgresql"]


def postgres_server_url() -> str:
    """The test server's URL, or skip (fail under CI=true) with the reason."""
    url = os.environ.get("VEIL_TEST_POSTGRES_URL")
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("CI=true but VEIL_TEST_POSTGRES_URL is not set: .ci/run must start PostgreSQL "
                    "so the PostgreSQL ledger is tested", pytrace=False)
    pytest.skip("PostgreSQL ledger backend not tested: set VEIL_TEST_POSTGRES_URL=postgresql://USER@HOST:PORT/DB "
                "(a server where USER may CREATE DATABASE; .ci/run starts one)")


def _url_with_db(server: str, db: str) -> str:
    parts = urlsplit(server)
    return urlunsplit((parts.scheme, parts.netloc, "/" + db, parts.query, parts.fragment))


@pytest.fixture(params=BACKENDS)
def make_location(request, tmp_path: Path):
    """``make_location(name)`` -> a fresh ledger location on this test's backend (the same
    name gives the same location): a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield lambda name="ledger": tmp_path / f"{name}.sqlite"
        return
    import psycopg

    server = postgres_server_url()
    admin = psycopg.connect(server, autocommit=True)
    made: dict[str, str] = {}

    def make(name: str = "ledger") -> str:
        if name not in made:
            db = f"veil_test_{uuid.uuid4().hex[:16]}"
            admin.execute(f'CREATE DATABASE "{db}"')
            made[name] = db
        return _url_with_db(server, made[name])

    try:
        yield make
    finally:
        for db in made.values():
            admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        admin.close()


@pytest.fixture()
def ledger(make_location: Callable, tmp_path: Path) -> Ledger:
    led = Ledger(make_location())
    led.log = AuditLog(tmp_path / "audit.jsonl", head=led.head)
    return led


def one(ledger: Ledger, dataset: str = "reviews"):
    [status] = ledger.status(dataset)
    return status


def test_set_reserve_settle_release_math(ledger: Ledger) -> None:
    ledger.set_budget("reviews", 8.0, 1e-5)
    s = one(ledger)
    assert (s.epsilon_total, s.delta_total, s.epsilon_left, s.delta_left) == (8.0, 1e-5, 8.0, 1e-5)

    ledger.reserve("reviews", "j1", 3.0, 2e-6, {"noise_multiplier": 1.1, "sample_rate": 0.01, "steps": 100})
    s = one(ledger)
    assert s.epsilon_reserved == 3.0 and s.epsilon_spent == 0.0 and s.epsilon_left == 5.0
    assert s.delta_reserved == pytest.approx(2e-6) and s.delta_left == pytest.approx(8e-6)

    # Spent less than reserved: the rest goes back.
    ledger.settle("j1", 2.5, 1e-6)
    s = one(ledger)
    assert s.epsilon_spent == 2.5 and s.epsilon_reserved == 0.0 and s.epsilon_left == 5.5
    assert s.delta_spent == pytest.approx(1e-6) and s.jobs_settled == 1

    ledger.reserve("reviews", "j2", 4.0, 1e-6)
    assert one(ledger).epsilon_left == pytest.approx(1.5)
    ledger.release("j2")
    s = one(ledger)
    assert s.epsilon_left == pytest.approx(5.5) and s.epsilon_reserved == 0.0 and s.jobs_reserved == 0

    # Retried settle / release are no-ops; contradicting ones are errors.
    ledger.settle("j1", 2.5, 1e-6)
    ledger.release("j2")
    with pytest.raises(LedgerError, match="already settled"):
        ledger.settle("j1", 3.0, 1e-6)
    with pytest.raises(LedgerError, match="already settled"):
        ledger.release("j1")
    with pytest.raises(LedgerError, match="released"):
        ledger.settle("j2", 1.0, 0)
    with pytest.raises(LedgerError, match="already has a ledger entry"):
        ledger.reserve("reviews", "j1", 0.1, 0)
    with pytest.raises(LedgerError, match="no reservation"):
        ledger.settle("nope", 1.0, 0)

    kinds = [e.kind for e in ledger.history("reviews")]
    assert kinds == ["set", "reserved", "settled", "reserved", "released"]
    last = ledger.history()[-1]
    assert last.epsilon_spent == 2.5 and last.epsilon_total == 8.0

    jobs = {j["job_id"]: j for j in ledger.jobs()}
    assert jobs["j1"]["mechanism"] == {"noise_multiplier": 1.1, "sample_rate": 0.01, "steps": 100}
    assert jobs["j1"]["state"] == "settled" and jobs["j2"]["state"] == "released"


def test_over_budget_refused_with_reason_and_spends_nothing(ledger: Ledger) -> None:
    ledger.set_budget("reviews", 8.0, 1e-5)
    ledger.reserve("reviews", "j0", 6.5, 1e-6)
    ledger.settle("j0", 6.5, 1e-6)
    before = one(ledger)
    with pytest.raises(BudgetExceeded) as err:
        ledger.reserve("reviews", "j1", 2.0, 1e-6)
    assert str(err.value) == "job j1 asks ε=2.0 but topic reviews has ε=1.5 left of 8.0 (spent 6.5, reserved 0.0)"
    assert isinstance(err.value, LedgerError)
    assert one(ledger) == before
    assert [j["job_id"] for j in ledger.jobs()] == ["j0"]
    # δ is checked too.
    with pytest.raises(BudgetExceeded, match=r"asks δ=2e-05"):
        ledger.reserve("reviews", "j2", 0.5, 2e-5)
    # The refusal is audited; the refused job id can be used again later.
    kinds = [e["kind"] for e in ledger.log.entries()]
    assert kinds.count("budget_refused") == 2
    ledger.reserve("reviews", "j1", 1.5, 1e-6)
    assert one(ledger).epsilon_left == 0.0


def test_no_budget_message(ledger: Ledger) -> None:
    with pytest.raises(NoBudget) as err:
        ledger.reserve("reviews", "j1", 1.0, 1e-6)
    assert str(err.value) == (
        "no privacy budget set for topic 'reviews'; run `veil budget set reviews --epsilon E --delta D`"
    )
    assert isinstance(err.value, LedgerError)


def test_bad_numbers_and_budget_cannot_shrink_below_use(ledger: Ledger) -> None:
    for eps, delta in [(0, 1e-5), (-1, 1e-5), (float("nan"), 1e-5), (1.0, 1.0), (1.0, -1e-9), ("x", 0)]:
        with pytest.raises(LedgerError):
            ledger.set_budget("reviews", eps, delta)
    ledger.set_budget("reviews", 4.0, 1e-5)
    ledger.reserve("reviews", "j1", 3.0, 1e-6)
    with pytest.raises(LedgerError, match="already used"):
        ledger.set_budget("reviews", 2.0, 1e-5)
    ledger.set_budget("reviews", 3.0, 1e-5)  # exactly what is used: allowed (freezes the topic)
    assert one(ledger).epsilon_left == 0.0
    last = list(ledger.log.entries())[-1]
    assert last["kind"] == "budget_set" and last["facts"]["previous_epsilon"] == 4.0


def test_float_drift_does_not_refuse_exact_fit(ledger: Ledger) -> None:
    ledger.set_budget("t", 0.3, 3e-6)
    for i in range(3):
        ledger.reserve("t", f"j{i}", 0.1, 1e-6)
    with pytest.raises(BudgetExceeded):
        ledger.reserve("t", "j3", 0.01, 0)


def test_budget_changes_are_audited(ledger: Ledger) -> None:
    ledger.set_budget("reviews", 2.0, 1e-5)
    ledger.reserve("reviews", "j1", 1.0, 1e-6, {"steps": 10})
    ledger.settle("j1", 0.8, 1e-6, {"steps": 8})
    ledger.reserve("reviews", "j2", 1.0, 1e-6)
    ledger.release("j2")
    entries = list(ledger.log.entries())
    assert [e["kind"] for e in entries] == [
        "budget_set", "budget_reserved", "budget_settled", "budget_reserved", "budget_released"
    ]
    assert entries[2]["facts"]["mechanism"] == {"steps": 8}
    assert entries[2]["facts"]["epsilon"] == 0.8 and entries[2]["facts"]["job_id"] == "j1"
    assert ledger.log_head() == (5, entries[-1]["hash"])
    assert verify_log(ledger.log.path, ledger).ok


def test_log_head_roundtrip(make_location: Callable) -> None:
    led = Ledger(make_location("l"))
    assert led.log_head() is None
    led.set_log_head(3, "ab" * 32)
    assert led.log_head() == (3, "ab" * 32)
    led.set_log_head(4, "cd" * 32)
    assert Ledger(make_location("l")).log_head() == (4, "cd" * 32)  # durable, seen by a new handle
    led.record_log_break(2, "cut")
    assert [b["line"] for b in led.log_breaks()] == [2]
    if led.backend == "sqlite":
        # WAL mode is on (readers never block the reserving writer).
        mode = sqlite3.connect(led.path).execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
    else:
        assert led.path is None and led.location.startswith("postgresql://")


_RESERVE_CHILD = """
import sys, time
from pathlib import Path
from veil.audit import AuditLog, BudgetExceeded, Ledger
path, log_path, job, go = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
led = Ledger(sys.argv[1])
led.log = AuditLog(log_path, head=led.head)
while not go.exists():
    time.sleep(0.002)
try:
    led.reserve("reviews", job, 1.0, 1e-6)
    print("granted")
except BudgetExceeded:
    print("refused")
"""


@pytest.mark.slow
def test_concurrent_reservations_cannot_overspend(make_location: Callable, tmp_path: Path) -> None:
    path, log_path, go = make_location(), tmp_path / "audit.jsonl", tmp_path / "go"
    led = Ledger(path)
    led.set_budget("reviews", 3.0, 3e-6)  # fits exactly three jobs of (1.0, 1e-6)
    procs = {
        f"job{i}": subprocess.Popen(
            [sys.executable, "-c", _RESERVE_CHILD, str(path), str(log_path), f"job{i}", str(go)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for i in range(8)
    }
    time.sleep(0.3)  # let the 8 interpreters start, then release them at once
    go.touch()
    outcomes = {}
    for job, proc in procs.items():
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        outcomes[job] = out.strip()
    granted = sorted(job for job, outcome in outcomes.items() if outcome == "granted")
    assert len(granted) == 3 and sorted(outcomes.values()).count("refused") == 5
    [s] = led.status()
    assert s.epsilon_reserved == pytest.approx(3.0) and s.epsilon_left == pytest.approx(0.0)
    assert sorted(j["job_id"] for j in led.jobs()) == granted
    # Every process audited its outcome, and the shared log's chain is intact.
    result = verify_log(log_path, led)
    assert result.ok and result.entries == 8


MECH = {"mechanism": "poisson_subsampled_gaussian", "noise_multiplier": 1.1, "sample_rate": 0.01,
        "steps": 1000, "accountant": "prv", "unit": "user"}


def _run_jobs(led: Ledger, n: int, eps: float = 1.76) -> int:
    granted = 0
    for i in range(n):
        try:
            led.reserve("t", f"j{i}", eps, 1e-6, MECH)
        except BudgetExceeded:
            continue
        led.settle(f"j{i}", 1.75, 1e-6, MECH)
        granted += 1
    return granted


@pytest.mark.parametrize("mode", ["pld", "rdp"])
def test_tight_composition_admits_more_jobs_soundly(make_location: Callable, mode: str) -> None:
    basic = Ledger(make_location("basic"))
    basic.set_budget("t", 4.0, 1e-5)
    assert _run_jobs(basic, 4) == 2  # 1.75 + 1.75 = 3.5; a third would need 5.25

    tight = Ledger(make_location(mode))
    tight.set_composition(mode)
    assert Ledger(make_location(mode)).composition == mode  # stored for every process
    tight.set_budget("t", 4.0, 1e-5)
    granted = _run_jobs(tight, 6)
    assert granted >= 3
    [s] = tight.status()
    assert s.composition == mode and s.jobs_settled == granted
    assert s.epsilon_spent <= 4.0 and s.epsilon_spent < 1.75 * granted
    assert s.delta_spent == pytest.approx(granted * 1e-6)  # δ still adds up
    with pytest.raises(BudgetExceeded, match=f"under {mode.upper()} composition"):
        tight.reserve("t", "late", 1.76, 1e-6, MECH)


def test_tight_composition_falls_back_to_basic_without_mechanism(make_location: Callable) -> None:
    led = Ledger(make_location("l"), composition="pld")
    led.set_budget("t", 4.0, 1e-5)
    led.reserve("t", "a", 1.75, 1e-6, MECH)
    led.settle("a", 1.75, 1e-6, MECH)
    led.reserve("t", "b", 1.75, 1e-6)  # no mechanism: cannot be composed tightly
    led.settle("b", 1.75, 1e-6)
    [s] = led.status()
    assert s.composition == "basic" and s.epsilon_spent == 3.5
    with pytest.raises(BudgetExceeded):
        led.reserve("t", "c", 1.76, 1e-6, MECH)
    # Mixed units of privacy are never composed tightly either.
    led2 = Ledger(make_location("l2"), composition="pld")
    led2.set_budget("t", 4.0, 1e-5)
    led2.reserve("t", "a", 1.75, 1e-6, MECH)
    led2.settle("a", 1.75, 1e-6, MECH)
    led2.reserve("t", "b", 1.75, 1e-6, {**MECH, "unit": "event"})
    assert led2.status()[0].composition == "basic"


# -- choosing the backend ---------------------------------------------------------------


def test_ledger_location_flag_env_default(tmp_path: Path, monkeypatch) -> None:
    from veil.audit.backend import ledger_location, redact_url
    from veil.core.settings import Home

    home = Home(tmp_path)
    monkeypatch.delenv("VEIL_LEDGER_URL", raising=False)
    assert ledger_location(home) == tmp_path / "ledger.sqlite"
    monkeypatch.setenv("VEIL_LEDGER_URL", "postgresql://veil@db:5432/veil")
    assert ledger_location(home) == "postgresql://veil@db:5432/veil"
    assert ledger_location(home, "postgres://a@b/c") == "postgres://a@b/c"  # the flag wins
    assert ledger_location(home, f"sqlite://{tmp_path}/x.sqlite") == tmp_path / "x.sqlite"
    assert redact_url("postgresql://veil:s3cret@db:5432/veil") == "postgresql://veil:***@db:5432/veil"


def test_audit_log_head_kept_in_either_backend(make_location: Callable, tmp_path: Path) -> None:
    """The log's head lives in the ledger, so a cut-off tail is caught on PostgreSQL too."""
    led = Ledger(make_location())
    log = AuditLog(tmp_path / "audit.jsonl", head=led.head)
    led.log = log
    led.set_budget("reviews", 2.0, 1e-5)
    for i in range(3):
        log.append("files_written", topic="reviews", rows=i)
    assert verify_log(log.path, led).ok
    lines = log.path.read_bytes().splitlines(keepends=True)
    log.path.write_bytes(b"".join(lines[:-1]))
    result = verify_log(log.path, Ledger(make_location()))
    assert not result.ok and result.first_bad_line == 4 and "cut off" in result.reason


@pytest.mark.slow
def test_cli_uses_ledger_flag_and_env(make_location: Callable, tmp_path: Path) -> None:
    from tests.conftest import veil

    location = str(make_location("cli"))
    home = tmp_path / "home"
    veil("budget", "set", "reviews", "--epsilon", "4", "--delta", "1e-5", "--ledger", location, home=home)
    shown = veil("budget", "show", "--json", home=home, env={"VEIL_LEDGER_URL": location})
    import json

    [status] = json.loads(shown.stdout)
    assert status["dataset"] == "reviews" and status["epsilon_total"] == 4.0
    # The home's default SQLite ledger was not the one written.
    assert veil("budget", "show", "--json", home=home, env={"VEIL_LEDGER_URL": ""}).stdout.strip() == "[]"
    verified = json.loads(veil("audit", "verify", "--json", "--ledger", location, home=home).stdout)
    assert verified["ok"] and verified["entries"] == 1 and "***" not in verified["ledger"]


# -- compositions behind a registry -------------------------------------------------------


def test_compositions_come_from_one_registry(tmp_path: Path) -> None:
    from veil.audit import composition_names, get_composition
    from veil.audit.composition import Composition, register_composition

    assert composition_names() == ("basic", "pld", "rdp")
    assert get_composition("basic").usage(1e-5, []) is None
    with pytest.raises(LedgerError, match="basic, pld, rdp"):
        get_composition("fancy")

    @register_composition("never")
    class Never(Composition):
        """A test composition that never beats basic (to see the ledger take any registered name)."""

    try:
        led = Ledger(tmp_path / "l.sqlite", composition="never")
        led.set_budget("t", 1.0, 1e-5)
        assert led.status()[0].composition == "basic"
        from veil.cli import build_parser

        # The CLI's choices are the registry's names (argparse would refuse any other).
        assert build_parser().parse_args(["budget", "composition", "never"]).mode == "never"
    finally:
        from veil.audit import composition as registry

        registry._COMPOSITIONS.pop("never")
    with pytest.raises(LedgerError, match="composition must be one of basic, pld, rdp"):
        Ledger(tmp_path / "l.sqlite", composition="never")


def test_existing_ledger_opens_read_only_and_creates_nothing(make_location: Callable) -> None:
    location = make_location("ro")
    assert Ledger.existing(location) is None  # no file (SQLite) / no tables (PostgreSQL) yet
    if not str(location).startswith("postgresql://"):
        assert not Path(location).exists()
    else:
        assert Ledger.existing(location) is None  # and still none: no schema was created
    writer = Ledger(location)
    writer.set_budget("t", 1.0, 1e-5)
    writer.set_log_head(1, "ab" * 32)
    reader = Ledger.existing(location)
    assert reader is not None and reader.read_only
    assert reader.status()[0].epsilon_total == 1.0 and reader.log_head() == (1, "ab" * 32)
    with pytest.raises(LedgerError, match="opened read-only"):
        reader.set_budget("t", 2.0, 1e-5)
    with pytest.raises(LedgerError, match="opened read-only"):
        reader.head.set(2, "cd" * 32)
    assert writer.status()[0].epsilon_total == 1.0


def test_model_registry_in_either_backend(ledger: Ledger, make_location: Callable) -> None:
    """The registry shares the ledger's database (SQLite or PostgreSQL): a model at the
    same path supersedes the earlier one, and a read-only registry sees both."""
    from veil.audit import ModelRegistry

    registry = ModelRegistry.of_ledger(ledger)
    common = dict(topic="reviews", path="/models/reviews", snapshot_hash="s" * 64, model_hash="m" * 64,
                  epsilon=2.0, delta=1e-6, unit="user", accountant="prv")
    registry.record(job_id="job-a", metrics={"accuracy": 0.8}, **common)
    registry.record(job_id="job-b", metrics={"accuracy": 0.9}, **common)
    readonly = ModelRegistry.existing(make_location())
    models = {m.model_id: m for m in readonly.models(topic="reviews")}
    assert set(models) == {"job-a", "job-b"}
    assert models["job-a"].status == "superseded" and models["job-a"].superseded_by == "job-b"
    assert models["job-b"].status == "current" and models["job-b"].metrics == {"accuracy": 0.9}
    assert readonly.get("job-b").epsilon == 2.0 and readonly.models(topic="other") == []
