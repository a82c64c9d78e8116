"""DP training jobs: real Opacus training on a tiny random BERT (seconds, no mocks of training)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from veil.core.settings import configure_offline

configure_offline()

torch = pytest.importorskip("torch")
pytest.importorskip("opacus")

from tests.helpers import VEIL, build_world, make_tiny_model, review_rows  # noqa: E402
from veil.audit import open_audit  # noqa: E402
from veil.store import StoreWriter  # noqa: E402
from veil.trainer import BudgetRefused, TrainConfig, TrainingError, run_training  # noqa: E402
from veil.trainer.data import build_examples, get_path, sort_labels, split_users  # noqa: E402


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return build_world(tmp_path_factory.mktemp("train"), 20.0, 1e-4)


def config(world, out: str, **kw) -> TrainConfig:
    base = dict(
        store=str(world["store"]), topic="reviews", text_field="review.body", label_field="rating",
        epsilon=3.0, delta=1e-5, out=str(world["root"] / out), model=str(world["model"]),
        batch_size=8, epochs=2, max_examples_per_user=4, learning_rate=5e-3, train_layers=2,
        progress=False,
    )
    base.update(kw)
    return TrainConfig(**base)


@pytest.fixture(scope="module")
def user_job(world):
    return run_training(config(world, "model-user"), world["home"])


# -- data -----------------------------------------------------------------------------


def test_examples_cap_drop_and_dotted_paths():
    rows = [
        {"event_id": f"e{i}", "user": "u1", "data": json.dumps({"r": {"t": f"text {i}"}, "y": 1})} for i in range(10)
    ] + [
        {"event_id": "a", "user": "u2", "data": json.dumps({"r": {"t": "hi"}, "y": "pos"})},
        {"event_id": "b", "user": "u2", "data": json.dumps({"r": {}, "y": 1})},
        {"event_id": "c", "user": "u2", "data": json.dumps({"r": {"t": "x"}})},
        {"event_id": "d", "user": "u3", "data": "not json"},
    ]
    ex, stats = build_examples(rows, text_field="r.t", label_field="y", max_examples_per_user=3, seed=1)
    assert sum(e.user == "u1" for e in ex) == 3
    assert [e.label for e in ex if e.user == "u2"] == ["pos"]
    assert (stats.missing_text, stats.missing_label, stats.bad_data, stats.dropped_by_cap) == (1, 1, 1, 7)
    again, _ = build_examples(list(reversed(rows)), text_field="r.t", label_field="y", max_examples_per_user=3, seed=1)
    assert sorted(e.event_id for e in again) == sorted(e.event_id for e in ex)  # deterministic choice
    assert get_path({"a": [{"b": 2}]}, "a.0.b") == 2
    assert sort_labels(["10", "2", "1"]) == ["1", "2", "10"]
    assert sort_labels(["neg", "pos", "1"]) == ["1", "neg", "pos"]


def test_split_is_by_user():
    rows = [{"event_id": f"{u}-{i}", "user": f"u{u}", "data": json.dumps({"t": "x", "y": 1})} for u in range(50) for i in range(3)]
    ex, _ = build_examples(rows, text_field="t", label_field="y", max_examples_per_user=5)
    train, val = split_users(ex, 0.3, seed=0)
    assert train and val
    assert not ({e.user for e in train} & {e.user for e in val})


@pytest.mark.slow
def test_per_user_gradient_is_gradient_of_the_users_mean_loss(world):
    """The row Opacus clips for a unit equals the gradient of that unit's mean loss."""
    import torch.nn.functional as F

    from veil.trainer.data import Encoded, UnitCollator, UnitDataset
    from veil.trainer.loop import _unit_step
    from veil.trainer.model import classify, freeze_for_dp, load_classifier
    from veil.trainer.privacy import make_private, trainable_params

    model = load_classifier(world["model"], ["a", "b"])
    freeze_for_dp(model, 1)
    model.train()
    units = [[Encoded([101, 7 + i, 102], i % 2) for i in range(n)] for n in (3, 1, 2)]
    ds = UnitDataset(units)
    loader = torch.utils.data.DataLoader(ds, batch_size=3, collate_fn=UnitCollator(0))
    opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.1)
    pt = make_private(model=model, optimizer=opt, loader=loader, noise_multiplier=0.0, max_grad_norm=1e6, accountant="rdp")
    batch = UnitCollator(0)([ds[i] for i in range(3)])
    params = trainable_params(model)
    _unit_step(model, params, batch, micro_batch=2)  # forces units across micro-batches
    rows = {id(p): p.grad_sample.clone() for p in params}
    pt.cleanup()
    for u, unit in enumerate(units):
        model.zero_grad()
        b = UnitCollator(0)([{"examples": unit}])
        logits = classify(model, b["input_ids"], b["attention_mask"])
        F.cross_entropy(logits, b["labels"]).backward()
        for p in params:
            torch.testing.assert_close(rows[id(p)][u], p.grad, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("pooling", ["mean", "cls"])
@pytest.mark.parametrize("train_layers", [0, 1])
def test_cached_frozen_layers_give_the_full_models_logits(world, train_layers, pooling):
    from veil.trainer.data import Encoded, pad_batch
    from veil.trainer.features import FrozenPrefixCache, supported
    from veil.trainer.model import classify, freeze_for_dp, load_classifier

    model = load_classifier(world["model"], ["a", "b", "c"], pooling)
    freeze_for_dp(model, train_layers)
    assert supported(model)
    enc = [Encoded([101] + list(range(2000, 2000 + n)) + [102], 0) for n in (1, 7, 3)]
    cache = FrozenPrefixCache(model, train_layers)
    cache.precompute(enc, pad_id=0, batch_size=2)
    model.eval()
    batch = pad_batch(enc, 0)
    with torch.no_grad():
        full = classify(model, batch["input_ids"], batch["attention_mask"])
        head = cache.head(batch["hidden"], batch["attention_mask"])
    torch.testing.assert_close(head, full, rtol=1e-4, atol=1e-5)


# -- jobs -----------------------------------------------------------------------------


@pytest.mark.slow
def test_job_writes_a_loadable_model_with_privacy_report(world, user_job):
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from veil.trainer.model import predict

    out = Path(user_job.out)
    assert user_job.metrics["frozen_layers_cached"] is True
    for name in ("config.json", "model.safetensors", "tokenizer.json", "privacy.json", "metrics.json", "README.md"):
        assert (out / name).is_file(), name
    model = AutoModelForSequenceClassification.from_pretrained(out)
    tok = AutoTokenizer.from_pretrained(out)
    assert model.config.id2label == {0: "1", 1: "5"}
    [(label, score)] = predict(model, tok, ["the blender is great really"])
    assert label in {"1", "5"} and 0.5 <= score <= 1

    privacy = json.loads((out / "privacy.json").read_text())
    for key in (
        "epsilon", "target_epsilon", "delta", "noise_multiplier", "sample_rate", "steps", "epochs",
        "accountant", "unit_of_privacy", "max_examples_per_user", "max_grad_norm", "snapshot_hash",
        "snapshot_files", "job_id", "limits", "model_hash",
    ):
        assert key in privacy, key
    assert 0 < privacy["epsilon"] <= privacy["target_epsilon"] + 1e-6
    assert privacy["unit_of_privacy"] == "user" and privacy["accountant"] == "prv"
    assert privacy["steps"] == user_job.steps > 0 and privacy["noise_multiplier"] > 0
    assert any("secure_mode" in x for x in privacy["limits"])
    assert any("NOT covered" in x for x in privacy["limits"])
    assert privacy["snapshot_files"][0]["rows"] == len(world["rows"])
    card = (out / "README.md").read_text()
    assert "differentially private" in card and "one user" in card

    metrics = json.loads((out / "metrics.json").read_text())
    assert 0 <= metrics["validation"]["accuracy"] <= 1
    assert metrics["n_val"] > 0 and metrics["n_train"] > 0
    assert metrics["examples"]["missing_text"] == 1 and metrics["examples"]["missing_label"] == 1
    assert metrics["examples"]["users_capped"] > 0
    # the cap: at most K examples per user, and training + validation users are disjoint
    assert metrics["n_train"] + metrics["n_val"] <= 4 * 40


@pytest.mark.slow
def test_job_settles_the_ledger_and_logs_the_job(world, user_job):
    ledger, log = open_audit(world["home"])
    [row] = [j for j in ledger.jobs("reviews") if j["job_id"] == user_job.job_id]
    assert row["state"] == "settled"
    assert row["epsilon_spent"] == pytest.approx(user_job.epsilon)
    assert row["mechanism"]["steps"] == user_job.steps and row["mechanism"]["unit"] == "user"
    [entry] = [
        e["facts"] for e in log.entries() if e["kind"] == "training_job" and e["facts"]["job_id"] == user_job.job_id
    ]
    from veil.trainer.outputs import sha256_file

    assert entry["model_hash"] == sha256_file(Path(user_job.out) / "model.safetensors")
    assert entry["snapshot_hash"] == user_job.snapshot_hash and entry["unit"] == "user"
    assert log.verify().ok


def test_over_budget_job_is_refused_and_spends_nothing(world, capsys):
    from veil.cli import main

    ledger, _ = open_audit(world["home"])
    before = ledger.status("reviews")[0]
    out = world["root"] / "refused"
    rc = main([
        "train", "--store", str(world["store"]), "--topic", "reviews", "--text-field", "review.body",
        "--label-field", "rating", "--epsilon", "50", "--delta", "1e-5", "--out", str(out),
        "--model", str(world["model"]), "--home", str(world["home"].root), "--no-progress",
    ])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 3
    assert [line for line in err if line.startswith("veil train: refused:")] and len(
        [line for line in err if not line.startswith("{")]
    ) == 1
    after = ledger.status("reviews")[0]
    assert (after.epsilon_spent, after.epsilon_reserved) == (before.epsilon_spent, before.epsilon_reserved)
    assert not out.exists()


def test_topic_without_budget_is_refused(world):
    rows = review_rows(n_users=5, topic="nobudget")
    StoreWriter(world["store"]).write_flush("nobudget", 0, 0, len(rows) - 1, rows, "p" * 64, "2026-11-29")
    with pytest.raises(BudgetRefused):
        run_training(config(world, "nb", topic="nobudget"), world["home"])
    assert not (world["root"] / "nb").exists()


@pytest.mark.slow
def test_failure_before_any_step_releases_the_reservation(world, tmp_path):
    short = make_tiny_model(tmp_path / "short", max_positions=4)  # texts are longer: forward fails
    cfg = config(world, "broken", model=str(short), job_id="broken-job", epsilon=1.0)
    with pytest.raises(Exception):
        run_training(cfg, world["home"])
    ledger, _ = open_audit(world["home"])
    [row] = [j for j in ledger.jobs("reviews") if j["job_id"] == "broken-job"]
    assert row["state"] == "released"
    assert not (world["root"] / "broken").exists()


@pytest.mark.slow
def test_failure_after_steps_settles_what_was_spent(world, monkeypatch):
    import veil.trainer.job as trainer_job

    def boom(*a, **k):
        raise RuntimeError("evaluation crashed")

    monkeypatch.setattr(trainer_job, "evaluate", boom)
    cfg = config(world, "crashed", job_id="crash-job", epsilon=1.0, epochs=1)
    with pytest.raises(RuntimeError):
        run_training(cfg, world["home"])
    ledger, _ = open_audit(world["home"])
    [row] = [j for j in ledger.jobs("reviews") if j["job_id"] == "crash-job"]
    assert row["state"] == "settled" and 0 < row["epsilon_spent"] <= 1.0 + 1e-6
    assert row["mechanism"]["failed"] is True
    assert not (world["root"] / "crashed").exists()


@pytest.mark.slow
def test_sigterm_during_training_does_not_leak_the_reservation(world):
    """Without checkpoints, SIGTERM settles or releases (with them: tests/test_train_resume.py)."""
    import signal
    import time

    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONFAULTHANDLER="1")
    proc = subprocess.Popen(
        [VEIL, "train", "--store", str(world["store"]), "--topic", "reviews", "--text-field", "review.body",
         "--label-field", "rating", "--epsilon", "1", "--delta", "1e-5", "--out", str(world["root"] / "killed"),
         "--model", str(world["model"]), "--home", str(world["home"].root), "--epochs", "500",
         "--batch-size", "4", "--job-id", "killed-job", "--no-progress", "--checkpoint-every", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    ledger, _ = open_audit(world["home"])
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if any(j["job_id"] == "killed-job" for j in ledger.jobs("reviews")):
                time.sleep(1.0)  # let it take a few noisy steps
                break
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGABRT)
            proc.wait(timeout=20)
            raise AssertionError(proc.stderr.read()[-6000:])
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 143, proc.stderr.read()[-2000:]
    [row] = [j for j in ledger.jobs("reviews") if j["job_id"] == "killed-job"]
    assert row["state"] in {"released", "settled"}
    assert not (world["root"] / "killed").exists()


def test_bad_fields_are_usage_errors(world):
    with pytest.raises(TrainingError):
        run_training(config(world, "bad", text_field="nope"), world["home"])
    with pytest.raises(TrainingError):
        config(world, "bad", accountant="gdp").validate()


@pytest.mark.slow
def test_cli_train_event_level_and_predict(world):
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    out = world["root"] / "model-event"
    proc = subprocess.run(
        [VEIL, "train", "--store", str(world["store"]), "--topic", "reviews", "--text-field", "review.body",
         "--label-field", "rating", "--epsilon", "2", "--delta", "1e-5", "--out", str(out),
         "--model", str(world["model"]), "--home", str(world["home"].root), "--privacy-unit", "event",
         "--accountant", "rdp", "--batch-size", "16", "--max-examples-per-user", "4", "--lr", "0.005",
         "--train-layers", "2", "--epochs", "2"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["unit"] == "event" and 0 < summary["epsilon"] <= 2 + 1e-6
    privacy = json.loads((out / "privacy.json").read_text())
    assert privacy["unit_of_privacy"] == "event" and privacy["accountant"] == "rdp"
    assert "group privacy" in privacy["unit_statement"]

    proc = subprocess.run(
        [VEIL, "predict", "--model", str(out), "the blender is awful really", "love it"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 2 and all(line.split("\t")[0] in {"1", "5"} for line in lines)


def test_an_empty_poisson_batch_is_a_noise_only_step(world):
    """Poisson sampling can pick no unit at all, even in the first step.  Opacus builds such
    an empty batch from ``dataset[0]``'s shapes, which fails for dict items; the loader must
    hand the loop an empty batch, which runs a noise-only step (still accounted)."""
    from veil.trainer.data import Encoded, UnitCollator, UnitDataset
    from veil.trainer.loop import train
    from veil.trainer.model import freeze_for_dp, load_classifier
    from veil.trainer.privacy import make_private

    model = load_classifier(world["model"], ["a", "b"])
    freeze_for_dp(model, 0)
    model.train()
    ds = UnitDataset([[Encoded([101, 7, 102], 0)], [Encoded([101, 8, 102], 1)]])
    loader = torch.utils.data.DataLoader(ds, batch_size=1, collate_fn=UnitCollator(0))
    opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.1)
    pt = make_private(model=model, optimizer=opt, loader=loader, noise_multiplier=1.0, max_grad_norm=1.0,
                      accountant="rdp")
    empty = pt.loader.collate_fn([])  # what the loader yields when the sampler picks nobody
    assert not (isinstance(empty, dict) and empty["input_ids"].shape[0] > 0)
    before = [p.detach().clone() for p in model.parameters() if p.requires_grad]
    pt.loader.batch_sampler.sample_rate = 0.0  # the sampler picks nobody, from the first step on
    stats = train(pt, epochs=1, delta=1e-5, progress=False)
    assert stats.empty_steps == stats.steps == len(pt.loader) == 2
    assert pt.engine.accountant.history  # the noise-only steps are accounted
    after = [p.detach() for p in model.parameters() if p.requires_grad]
    assert any(not torch.equal(a, b) for a, b in zip(before, after))  # noise was added
    pt.cleanup()
