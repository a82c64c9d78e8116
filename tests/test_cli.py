"""The command-line contract: every command exists, answers --help, and the demo runs."""

from __future__ import annotations

import pytest

from tests.conftest import veil

COMMANDS = ["ingest", "scrub", "train", "predict", "budget", "audit", "erase", "demo"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    proc = veil(command, "--help")
    assert proc.stdout.startswith("usage: veil " + command)


def test_ingest_help_names_the_contract_flags():
    out = veil("ingest", "--help").stdout
    for flag in ["--bootstrap", "--topic", "--store", "--group", "--policy", "--home", "--exit-when-idle"]:
        assert flag in out


@pytest.mark.slow
def test_demo_quick_run_without_training(tmp_path):
    out_dir = tmp_path / "demo"
    proc = veil("demo", "--dir", str(out_dir), "--events", "300", "--skip-training", timeout=600)
    assert "audit chain: intact" in proc.stdout
    assert (out_dir / "report.html").read_text().count("<svg") >= 1
    assert list((out_dir / "store" / "reviews").glob("date=*/*.parquet"))
    # The demo's events are full of fake PII; none of it reaches the store, logs or report.
    from veil.demo_data import make_people

    blob = (out_dir / "report.html").read_text() + proc.stdout + proc.stderr
    for parquet in (out_dir / "store").rglob("*.parquet"):
        blob += parquet.read_bytes().decode("latin-1")
    for person in make_people(300)[:50]:
        assert person.email not in blob
        assert person.phone not in blob
