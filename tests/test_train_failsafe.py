"""Train, predict and the privacy audit fail safe (issue 18): a model in ``--out`` is never
silently replaced, and a bad store, model or config is one line with a documented exit code
(2 usage, 6 unreachable), with nothing trained, reserved or created.  Real CLI, real
training on a tiny BERT, a real (closed) network port."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

pytest.importorskip("opacus")  # offline settings: tests/conftest.py

from tests.helpers import build_world  # noqa: E402
from veil.audit import open_audit  # noqa: E402
from veil.cli import main  # noqa: E402
from veil.core.errors import EXIT_UNREACHABLE, EXIT_USAGE  # noqa: E402
from veil.trainer.outputs import sha256_file  # noqa: E402


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return build_world(tmp_path_factory.mktemp("failsafe"), 50.0, 1e-3)


def train_args(world, out: Path, *extra: str, store: str | None = None) -> list[str]:
    return ["train", "--store", store or str(world["store"]), "--topic", "reviews", "--text-field", "review.body",
            "--label-field", "rating", "--epsilon", "1", "--delta", "1e-5", "--out", str(out),
            "--model", str(world["model"]), "--home", str(world["home"].root), "--no-progress",
            "--batch-size", "8", "--epochs", "1", "--checkpoint-every", "0", *extra]


def one_line(capsys) -> str:
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1 and "Traceback" not in err[0], err
    return err[0]


def ledger_jobs(world) -> list[dict]:
    ledger, _ = open_audit(world["home"])
    return ledger.jobs("reviews")


@pytest.mark.slow
def test_a_model_in_out_is_refused_without_overwrite_and_superseded_with_it(world, capsys):
    out = world["root"] / "model"
    assert main(train_args(world, out)) == 0
    first = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    weights = sha256_file(out / "model.safetensors")
    jobs_before = ledger_jobs(world)

    assert main(train_args(world, out)) == EXIT_USAGE
    line = one_line(capsys)
    assert "already holds a model" in line and "--overwrite" in line and first["job_id"] in line
    assert ledger_jobs(world) == jobs_before  # nothing reserved
    assert sha256_file(out / "model.safetensors") == weights  # the model is untouched

    assert main(train_args(world, out, "--overwrite")) == 0
    second = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert second["supersedes"] == first["job_id"] != second["job_id"]
    privacy = json.loads((out / "privacy.json").read_text())
    assert privacy["job_id"] == second["job_id"]
    assert privacy["supersedes"] == {"job_id": first["job_id"], "model_hash": weights}
    assert privacy["model_hash"] == sha256_file(out / "model.safetensors")
    assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]  # no staging left
    [row] = [j for j in ledger_jobs(world) if j["job_id"] == second["job_id"]]
    assert row["state"] == "settled" and row["mechanism"]["supersedes"] == first["job_id"]
    _, log = open_audit(world["home"])
    [entry] = [e["facts"] for e in log.entries()
               if e["kind"] == "training_job" and e["facts"]["job_id"] == second["job_id"]]
    assert entry["supersedes"] == first["job_id"] and entry["superseded_model_hash"] == weights
    assert log.verify().ok


def test_an_out_that_is_not_a_model_is_refused(world, capsys, tmp_path):
    out = tmp_path / "notes"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    assert main(train_args(world, out, "--overwrite")) == EXIT_USAGE
    assert "not a Veil model directory" in one_line(capsys)
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize("store,expected", [
    ("missing", "does not exist"),
    ("empty", "has no files in store"),
])
def test_a_store_that_does_not_exist_or_holds_no_topic_is_a_usage_error(world, capsys, tmp_path, store, expected):
    path = tmp_path / store
    if store == "empty":
        path.mkdir()
    jobs_before = ledger_jobs(world)
    assert main(train_args(world, tmp_path / "out", store=str(path))) == EXIT_USAGE
    assert expected in one_line(capsys)
    assert ledger_jobs(world) == jobs_before and not (tmp_path / "out").exists()
    assert not path.exists() or not any(path.iterdir())  # nothing created in the store either


def test_a_bad_topic_name_is_refused_before_the_home_is_created(world, capsys, tmp_path):
    args = train_args(world, tmp_path / "out")
    args[args.index("--topic") + 1] = "bad/topic"
    args[args.index("--home") + 1] = str(tmp_path / "newhome")
    assert main(args) == EXIT_USAGE
    assert "invalid topic name" in one_line(capsys)
    assert not (tmp_path / "newhome").exists() and not (tmp_path / "out").exists()


@pytest.mark.slow
def test_unreachable_object_storage_is_exit_6_with_one_line(world, capsys, tmp_path, monkeypatch):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("VEIL_S3_ENDPOINT", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "veil-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "veil-test")
    jobs_before = ledger_jobs(world)
    assert main(train_args(world, tmp_path / "out", store="s3://veil-test-bucket/store")) == EXIT_UNREACHABLE
    line = one_line(capsys)
    assert "cannot reach the store s3://veil-test-bucket/store" in line and "VEIL_S3_ENDPOINT" in line
    assert ledger_jobs(world) == jobs_before and not (tmp_path / "out").exists()


@pytest.mark.parametrize("kind", ["missing", "not-a-model"])
def test_predict_with_a_bad_model_dir_is_one_line(capsys, tmp_path, kind):
    model = tmp_path / "model"
    if kind == "not-a-model":
        model.mkdir()
        (model / "config.json").write_text("{not json")
    assert main(["predict", "--model", str(model), "some text"]) == EXIT_USAGE
    line = one_line(capsys)
    assert str(model) in line and ("no config.json" in line or "no loadable classifier" in line)


@pytest.mark.parametrize("name,text,expected", [
    ("missing.yaml", None, "cannot read the training config"),
    ("bad.yaml", "epsilon: [1,\n", "is not valid YAML"),
    ("bad.json", "{\"epsilon\": ", "is not valid JSON"),
    ("types.yaml", "epsilon: lots\ndelta: 1.0e-5\n", "epsilon must be a number"),
    ("keys.yaml", "epsilon: 1\ndelta: 1.0e-5\nepochz: 3\n", "unknown training config key"),
    ("audit.yaml", "epsilon: 1\ndelta: 1.0e-5\naudit:\n  canaries: many\n", "canaries must be a whole number"),
])
def test_audit_privacy_with_a_bad_config_is_one_line_and_creates_nothing(capsys, tmp_path, name, text, expected):
    config = tmp_path / name
    if text is not None:
        config.write_text(text)
    home = tmp_path / "home"
    assert main(["audit", "privacy", "--config", str(config), "--home", str(home)]) == EXIT_USAGE
    assert expected in one_line(capsys)
    assert not home.exists()


def test_the_cli_offers_exactly_the_registered_accountants():
    from veil.cli import build_parser
    from veil.trainer.accountants import ACCOUNTANTS, accountant_names, create

    assert set(accountant_names()) == set(ACCOUNTANTS) == {"prv", "rdp"}  # never gdp: not an upper bound
    for name in accountant_names():
        assert create(name).mechanism() == name  # each is the Opacus accountant of that name
    parser = build_parser()
    train = parser._subparsers._group_actions[0].choices["train"]
    [action] = [a for a in train._actions if a.dest == "accountant"]
    assert tuple(action.choices) == accountant_names()
