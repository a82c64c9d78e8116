"""`veil budget` and `veil audit` as real subprocesses against a real home directory."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from veil.audit import open_audit
from veil.audit.report import SECTION_TITLES, build_report
from veil.core.settings import Home

VEIL = [sys.executable, "-m", "veil"]


def veil(*args: str, home: Path | None = None, env_home: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "VEIL_HOME"}
    if env_home is not None:
        env["VEIL_HOME"] = str(env_home)
    argv = [*VEIL, *args] + (["--home", str(home)] if home is not None else [])
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)


def fill(home: Home) -> None:
    """A small but complete history: files, PII, dead letters, budgets, a job, an erasure."""
    ledger, log = open_audit(home)
    ledger.set_budget("reviews", 8.0, 1e-5)
    log.append(
        "files_written", topic="reviews", partition=0, first_offset=0, last_offset=99, rows=100,
        policy_hash="ab" * 32,
        files=[{"path": "reviews/date=2026-01-01/part-00000.parquet", "sha256": "cd" * 32, "rows": 100}],
        pii={"text": {"PERSON": 12, "EMAIL_ADDRESS": 3}},
    )
    log.append("dead_letters", topic="reviews", partition=0, reasons={"not_json": 3})
    mech = {"noise_multiplier": 1.2, "sample_rate": 0.01, "steps": 300, "accountant": "prv", "unit": "user"}
    ledger.reserve("reviews", "job-1", 3.0, 1e-6, mech)
    ledger.settle("job-1", 2.7, 1e-6, mech)
    log.append(
        "training_job", job_id="job-1", topic="reviews", snapshot_hash="aa" * 32, model_hash="bb" * 32,
        epsilon=2.7, delta=1e-6, unit="user", accountant="prv", noise_multiplier=1.2, sample_rate=0.01,
        steps=300, out="models/job-1",
    )
    log.append("erasure", user_pseudonym="u_9f8e7d", files_rewritten=["a.parquet"], rows_removed=4)


@pytest.mark.slow
def test_budget_set_and_show(tmp_path: Path) -> None:
    home = tmp_path / "home"
    r = veil("budget", "set", "reviews", "--epsilon", "8", "--delta", "1e-5", home=home)
    assert r.returncode == 0, r.stderr
    assert "reviews" in r.stdout and "8.0" in r.stdout
    # --home before the action, and $VEIL_HOME, work too.
    assert veil("budget", "--home", str(home), "set", "orders", "--epsilon", "2", "--delta", "1e-6").returncode == 0
    r = veil("budget", "show", env_home=home)
    assert r.returncode == 0, r.stderr
    table = r.stdout.splitlines()
    assert table[0].split()[:2] == ["topic", "ε"]
    assert any(line.startswith("reviews") and "8" in line for line in table)
    assert any(line.startswith("orders") for line in table)
    r = veil("budget", "show", "--json", home=home)
    data = {row["dataset"]: row for row in json.loads(r.stdout)}
    assert data["reviews"]["epsilon_total"] == 8.0 and data["reviews"]["epsilon_left"] == 8.0
    assert data["orders"]["delta_total"] == 1e-6
    # Changes are audited.
    kinds = [e["kind"] for e in open_audit(Home(home))[1].entries()]
    assert kinds == ["budget_set", "budget_set"]


@pytest.mark.slow
def test_budget_user_mistakes_exit_2_with_one_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()  # read-only commands need an existing home (a missing one is exit 2: test_audit_failsafe)
    r = veil("budget", "set", "reviews", "--epsilon", "-1", "--delta", "1e-5", home=home)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "epsilon" in r.stderr
    r = veil("budget", "show", "nope", home=home)
    assert r.returncode == 2 and "no privacy budget set for topic 'nope'" in r.stderr
    r = veil("budget", "show", home=home)
    assert r.returncode == 0 and "no budgets set" in r.stdout


@pytest.mark.slow
def test_audit_verify_exit_codes(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "home")
    fill(home)
    r = veil("audit", "verify", home=home.root)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "OK" in r.stdout
    lines = home.audit_log_path.read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].replace(b'"not_json":3', b'"not_json":2')
    home.audit_log_path.write_bytes(b"".join(lines))
    r = veil("audit", "verify", home=home.root)
    assert r.returncode == 1 and "line 3" in r.stdout
    # A cut-off tail is caught through the ledger's head.
    home.audit_log_path.write_bytes(b"".join(home.audit_log_path.read_bytes().splitlines(keepends=True)[:2]))
    r = veil("audit", "verify", "--json", home=home.root)
    assert r.returncode == 1
    assert json.loads(r.stdout)["first_bad_line"] == 3


@pytest.mark.slow
def test_audit_report_html_json_md(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "home")
    fill(home)
    out_html, out_json, out_md = tmp_path / "x.html", tmp_path / "x.json", tmp_path / "x.md"
    for out in (out_html, out_json, out_md):
        r = veil("audit", "report", "-o", str(out), home=home.root)
        assert r.returncode == 0, r.stderr

    page = out_html.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert "<svg" in page and "Privacy budget (ε) per topic over time" in page
    for title in SECTION_TITLES.values():
        assert f"<h2>{title}</h2>" in page
    # Self-contained: no scripts, stylesheets, images or fetches from elsewhere.
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", page)
    assert "e^ε = e^2.7" in page and "u_9f8e7d" in page and "EMAIL_ADDRESS" in page

    data = json.loads(out_json.read_text())
    assert data["verification"]["ok"] is True
    assert data["verification"]["head"]["entries"] == data["verification"]["entries"] == 7
    assert data["processing"]["rows"] == 100
    assert data["pii"]["by_type"] == {"PERSON": 12, "EMAIL_ADDRESS": 3}
    assert data["pii"]["by_field"]["text"]["PERSON"] == 12
    assert data["policies"][0]["policy_hash"] == "ab" * 32
    assert data["dead_letters"]["by_reason"] == {"not_json": 3}
    [status] = data["budgets"]["status"]
    assert status["epsilon_spent"] == 2.7 and status["epsilon_left"] == pytest.approx(5.3)
    assert [e["kind"] for e in data["budgets"]["history"]] == ["set", "reserved", "settled"]
    [job] = data["training_jobs"]
    assert job["job_id"] == "job-1" and "at most a factor e^ε" in job["guarantee"]
    assert job["ledger_state"] == "settled"
    assert data["erasures"]["items"][0]["rows_removed"] == 4

    md = out_md.read_text()
    for title in SECTION_TITLES.values():
        assert f"## {title}" in md
    assert "| PERSON | 12 |" in md


@pytest.mark.slow  # subprocess or NLP model load
def test_report_escapes_text_and_handles_empty_home(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "home")
    out = tmp_path / "empty.html"
    r = veil("audit", "report", "-o", str(out), home=home.root)
    assert r.returncode == 0, r.stderr
    page = out.read_text()
    assert "No files were written" in page and "No privacy budgets are set" in page and "No erasures" in page
    for title in SECTION_TITLES.values():
        assert title in page

    _, log = open_audit(home)
    log.append("dead_letters", topic="<script>alert(1)</script>", reasons={"<b>x</b>": 1})
    log.append("erasure", user_pseudonym="<img src=x onerror=alert(1)>", files_rewritten=0, rows_removed=0)
    from veil.audit import write_report

    write_report(home, out)
    page = out.read_text()
    assert "<script>alert" not in page and "<img src=x" not in page and "&lt;script&gt;" in page


@pytest.mark.slow  # subprocess or NLP model load
def test_report_since_and_bad_arguments(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "home")
    fill(home)
    from datetime import datetime, timezone

    later = build_report(home, since=datetime(2999, 1, 1, tzinfo=timezone.utc))
    assert later["processing"]["files"] == 0 and later["training_jobs"] == []
    assert later["budgets"]["status"]  # the current budget is still shown
    json.dumps(later)
    r = veil("audit", "report", "-o", str(tmp_path / "x.pdf"), home=home.root)
    assert r.returncode == 2 and ".html, .json or .md" in r.stderr
    r = veil("audit", "report", "-o", str(tmp_path / "x.md"), "--since", "yesterday", home=home.root)
    assert r.returncode == 2 and "--since" in r.stderr


@pytest.mark.slow
def test_budget_composition_command(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()  # showing the mode only reads: the home must exist (a missing one is exit 2)
    r = veil("budget", "composition", home=home)
    assert r.returncode == 0 and r.stdout.strip() == "composition: basic"
    r = veil("budget", "composition", "pld", home=home)
    assert r.returncode == 0 and r.stdout.strip() == "composition: pld"
    ledger, log = open_audit(Home(home))
    assert ledger.composition == "pld"
    assert [e["facts"] for e in log.entries()] == [{"composition": "pld"}]
    assert veil("budget", "composition", "fancy", home=home).returncode == 2


def test_report_counts_scrub_runs_without_double_counting_pii(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "home")
    _, log = open_audit(home)
    # A backfill that wrote store files: its PII is in files_written AND repeated in scrub_run.
    log.append("files_written", topic="reviews", source="backfill-a", first_offset=1, last_offset=10, rows=10,
               policy_hash="ab" * 32, files=[{"path": "x.parquet", "sha256": "00" * 32, "rows": 10}],
               pii={"text": {"PERSON": 2}})
    log.append("scrub_run", topic="reviews", source="backfill-a", policy_hash="ab" * 32, lines=12,
               events_out=10, bad_lines=2, pii={"text": {"PERSON": 2}})
    # A backfill that wrote a file elsewhere: its PII is only in scrub_run.
    log.append("scrub_run", topic="reviews", source="backfill-b", policy_hash="ab" * 32, lines=5,
               events_out=5, bad_lines=0, pii={"text": {"PHONE_NUMBER": 1}})
    report = build_report(home)
    assert report["pii"]["by_type"] == {"PERSON": 2, "PHONE_NUMBER": 1}
    assert [r["lines"] for r in report["processing"]["scrub_runs"]] == [12, 5]
    assert "backfill-a" in report["processing"]["by_topic"]["reviews"]["partitions"]


@pytest.mark.slow
def test_budget_show_lists_open_reservations_with_their_age(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "home")
    ledger, _ = open_audit(home)
    ledger.set_budget("reviews", 8.0, 1e-5)
    ledger.reserve("reviews", "job-killed-mid-run", 2.0, 1e-6)
    ledger.reserve("reviews", "job-done", 1.0, 1e-6)
    ledger.settle("job-done", 0.9, 1e-6)
    out = veil("budget", "show", home=home.root).stdout
    assert "open reservations" in out
    line = next(l for l in out.splitlines() if "job-killed-mid-run" in l)
    assert "ε=2" in line and "h ago" in line
    assert "job-done" not in out.split("open reservations")[1]
    assert "veil budget release JOB_ID" in out
    ledger.release("job-killed-mid-run")
    assert "open reservations" not in veil("budget", "show", home=home.root).stdout
