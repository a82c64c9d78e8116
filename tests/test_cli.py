"""The command-line contract: every command exists, answers --help, and the demo runs."""

from __future__ import annotations

import contextlib
import io

import pytest

from tests.conftest import veil
import argparse

from veil.cli import build_parser, main

COMMANDS = [name for action in build_parser()._actions if isinstance(action, argparse._SubParsersAction)
            for name in action.choices]


def _help(command: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    return out.getvalue()


@pytest.mark.slow
def test_the_installed_program_answers_help():
    proc = veil("--help")
    assert proc.stdout.startswith("usage: veil") and all(c in proc.stdout for c in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    assert _help(command).startswith("usage: veil " + command)


def test_ingest_help_names_the_contract_flags():
    out = _help("ingest")
    for flag in ["--bootstrap", "--topic", "--store", "--group", "--policy", "--home", "--exit-when-idle"]:
        assert flag in out


@pytest.mark.slow
def test_demo_quick_run_without_training(tmp_path):
    out_dir = tmp_path / "demo"
    proc = veil("demo", "--dir", str(out_dir), "--events", "300", "--skip-training", timeout=600)
    assert "audit chain: intact" in proc.stdout
    assert (out_dir / "report.html").read_text().count("<svg") >= 1
    assert list((out_dir / "store" / "reviews").glob("date=*/*.parquet"))
    # One producer sends through veil_edge.Producer: the report's edge section has its figures.
    assert "left the device scrubbed (lite tier), 0 failed closed" in proc.stdout
    assert "events arrived scrubbed at the edge" in (out_dir / "report.html").read_text()
    # The demo's events are full of fake PII; none of it reaches the store, logs or report.
    from veil.demo_data import make_people

    blob = (out_dir / "report.html").read_text() + proc.stdout + proc.stderr
    for parquet in (out_dir / "store").rglob("*.parquet"):
        blob += parquet.read_bytes().decode("latin-1")
    for person in make_people(300)[:50]:
        assert person.email not in blob
        assert person.phone not in blob
