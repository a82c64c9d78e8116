"""Resumable DP jobs (checkpoints, SIGKILL/SIGTERM, the ledger reservation kept across a
resume), the fixed input snapshot, and threshold labels.  Real Opacus on a tiny BERT."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from veil.core.settings import configure_offline

configure_offline()

torch = pytest.importorskip("torch")
pytest.importorskip("opacus")

from veil.audit import open_audit  # noqa: E402
from veil.store import StoreWriter  # noqa: E402
from tests.helpers import VEIL, build_world, review_rows  # noqa: E402
from veil.trainer import TrainConfig, TrainingError, run_training  # noqa: E402
from veil.trainer.config import parse_threshold  # noqa: E402
from veil.trainer.data import build_examples  # noqa: E402

ENV = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return build_world(tmp_path_factory.mktemp("resume"), 100.0, 1e-3)


def cli_args(world, out: Path, job_id: str, *extra: str) -> list[str]:
    return [
        VEIL, "train", "--store", str(world["store"]), "--topic", "reviews", "--text-field", "review.body",
        "--label-field", "rating", "--positive-if", ">=4", "--epsilon", "2", "--delta", "1e-5",
        "--out", str(out), "--model", str(world["model"]), "--home", str(world["home"].root),
        "--batch-size", "4", "--max-examples-per-user", "4", "--lr", "0.005", "--train-layers", "1",
        "--job-id", job_id, "--no-progress", *extra,
    ]


def config(world, out: str, **kw) -> TrainConfig:
    base = dict(
        store=str(world["store"]), topic="reviews", text_field="review.body", label_field="rating",
        positive_if=">=4", epsilon=2.0, delta=1e-5, out=str(world["root"] / out), model=str(world["model"]),
        batch_size=4, epochs=3, max_examples_per_user=4, learning_rate=5e-3, train_layers=1, progress=False,
        checkpoint_every=3,
    )
    base.update(kw)
    return TrainConfig(**base)


def wait_for_checkpoint(out: Path, proc, min_step: int, timeout: float = 120) -> dict:
    meta = out / ".checkpoint" / "meta.json"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if meta.is_file():
            try:
                m = json.loads(meta.read_text())
            except ValueError:  # pragma: no cover - renamed into place, never partial
                m = {}
            if m.get("step", 0) >= min_step:
                return m
        time.sleep(0.05)
    raise AssertionError(f"no checkpoint at step >= {min_step} (rc={proc.poll()})")


def job_events(log, job_id: str) -> list[str]:
    return [e["kind"] for e in log.entries() if e["facts"].get("job_id") == job_id]


def accountant_epsilon(accountant: str, sigma: float, q: float, steps: int, delta: float) -> float:
    from veil.trainer.accountants import epsilon_of

    return epsilon_of(accountant, [(sigma, q, steps)], delta)


# -- resume ---------------------------------------------------------------------------


@pytest.mark.slow
def test_sigkilled_job_resumes_with_the_same_accounting_and_one_settlement(world):
    out = world["root"] / "m-kill9"
    args = cli_args(world, out, "kill9-job", "--epochs", "12", "--checkpoint-every", "3")
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    try:
        meta = wait_for_checkpoint(out, proc, min_step=6)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    ledger, log = open_audit(world["home"])
    [row] = [j for j in ledger.jobs("reviews") if j["job_id"] == "kill9-job"]
    assert row["state"] == "reserved"  # SIGKILL: nothing could run; the reservation waits for --resume
    assert meta["job_id"] == "kill9-job" and meta["step"] % 3 == 0 and meta["step"] < meta["planned_steps"]

    # Data arriving after the job fixed its snapshot is not part of the resumed job.
    late = review_rows(n_users=3, seed=9)
    StoreWriter(world["store"]).write_flush("reviews", 1, 0, len(late) - 1, late, "p" * 64, "2026-11-30")

    done = subprocess.run(args + ["--resume"], capture_output=True, text=True, env=ENV, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    privacy = json.loads((out / "privacy.json").read_text())
    assert not (out / ".checkpoint").exists()
    assert privacy["job_id"] == "kill9-job"
    assert [r["step"] for r in privacy["resumed"]] == [meta["step"]]
    assert privacy["steps"] == meta["planned_steps"] == 12 * round(1 / privacy["sample_rate"])
    assert [f["sha256"] for f in privacy["snapshot_files"]] == [f["sha256"] for f in meta["snapshot_files"]]
    assert len(privacy["snapshot_files"]) == 1 and "part-00001" not in privacy["snapshot_files"][0]["path"]
    assert privacy["noise_multiplier"] == meta["noise_multiplier"]
    # The same (noise multiplier, sample rate, steps) as an uninterrupted run → the same epsilon.
    expected = accountant_epsilon("prv", privacy["noise_multiplier"], privacy["sample_rate"], privacy["steps"], 1e-5)
    assert privacy["epsilon"] == pytest.approx(expected, rel=1e-9)
    assert privacy["labels"] == ["negative", "positive"]
    assert any("resumed from a checkpoint" in x for x in privacy["limits"])

    [row] = [j for j in ledger.jobs("reviews") if j["job_id"] == "kill9-job"]
    assert row["state"] == "settled" and row["epsilon_spent"] == pytest.approx(privacy["epsilon"])
    assert row["mechanism"]["steps"] == privacy["steps"]
    kinds = job_events(log, "kill9-job")
    assert kinds.count("budget_reserved") == 1 and kinds.count("budget_settled") == 1
    assert kinds.count("training_job") == 1 and "budget_released" not in kinds
    assert log.verify().ok

    # A fresh job would see the late file (the resumed one did not); that an uninterrupted
    # run has the same mechanism and epsilon is test_in_process_resume_matches_an_uninterrupted_job.
    from veil.store import snapshot

    assert len(snapshot(world["store"], "reviews").files) > len(privacy["snapshot_files"])


@pytest.mark.slow
def test_in_process_resume_matches_an_uninterrupted_job(world, monkeypatch):
    import veil.trainer.job as trainer_job

    real_train = trainer_job.train

    def interrupted_train(*a, on_step=None, **k):
        def stop_after_checkpoint(stats):
            on_step(stats)
            if stats.steps == 6:
                raise KeyboardInterrupt

        return real_train(*a, on_step=stop_after_checkpoint, **k)

    cfg = config(world, "m-inproc", job_id="inproc-job", epochs=4)
    monkeypatch.setattr(trainer_job, "train", interrupted_train)
    with pytest.raises(KeyboardInterrupt):
        run_training(cfg, world["home"])
    monkeypatch.setattr(trainer_job, "train", real_train)
    ledger, log = open_audit(world["home"])
    [row] = [j for j in ledger.jobs("reviews") if j["job_id"] == "inproc-job"]
    assert row["state"] == "reserved"
    meta = json.loads((world["root"] / "m-inproc" / ".checkpoint" / "meta.json").read_text())
    assert meta["step"] == 6 and sum(h[2] for h in meta["history"]) == 6

    # Another config may not pick up this checkpoint ...
    with pytest.raises(TrainingError, match="other options"):
        run_training(config(world, "m-inproc", job_id="inproc-job", epochs=5), world["home"])
    # ... the same one resumes it automatically (no --resume needed), under the same job id.
    resumed = run_training(config(world, "m-inproc", epochs=4), world["home"])
    assert resumed.job_id == "inproc-job"
    # The file the first test added later is in the store now; the resumed job ignores it.
    fresh = run_training(config(world, "m-inproc-ref", epochs=4, job_id="inproc-ref",
                                store=str(world["store"])), world["home"])
    assert resumed.steps == 4 * round(1 / resumed.sample_rate)
    assert resumed.epsilon == pytest.approx(
        accountant_epsilon("prv", resumed.noise_multiplier, resumed.sample_rate, resumed.steps, 1e-5), rel=1e-12)
    if fresh.sample_rate == resumed.sample_rate:  # same data size: the very same mechanism
        assert (fresh.noise_multiplier, fresh.steps) == (resumed.noise_multiplier, resumed.steps)
        assert fresh.epsilon == pytest.approx(resumed.epsilon, rel=1e-12)
    kinds = job_events(log, "inproc-job")
    assert kinds.count("budget_reserved") == 1 and kinds.count("budget_settled") == 1


@pytest.mark.slow
def test_resume_refuses_a_changed_snapshot_and_settles_what_the_checkpoint_spent(world, monkeypatch, tmp_path):
    import veil.trainer.job as trainer_job

    rows = review_rows(n_users=30, seed=3, topic="erasable")
    store_dir = tmp_path / "store"
    StoreWriter(store_dir).write_flush("erasable", 0, 0, len(rows) - 1, rows, "p" * 64, "2026-11-29")
    ledger, log = open_audit(world["home"])
    ledger.set_budget("erasable", 10.0, 1e-3)
    real_train = trainer_job.train

    def interrupted_train(*a, on_step=None, **k):
        def stop(stats):
            on_step(stats)
            if stats.steps == 3:
                raise KeyboardInterrupt

        return real_train(*a, on_step=stop, **k)

    cfg = lambda: config(world, "m-erase", topic="erasable", store=str(store_dir), job_id="erase-job")  # noqa: E731
    monkeypatch.setattr(trainer_job, "train", interrupted_train)
    with pytest.raises(KeyboardInterrupt):
        run_training(cfg(), world["home"])
    monkeypatch.setattr(trainer_job, "train", real_train)

    from veil.store import erase_user

    erase_user(store_dir, "user003")  # rewrites the snapshot's file
    with pytest.raises(TrainingError, match="cannot resume"):
        run_training(cfg(), world["home"])
    [row] = [j for j in ledger.jobs("erasable") if j["job_id"] == "erase-job"]
    assert row["state"] == "settled" and row["mechanism"]["steps"] == 3 and row["mechanism"]["failed"]
    assert 0 < row["epsilon_spent"] < 2.0
    assert not (world["root"] / "m-erase" / ".checkpoint").exists()


@pytest.mark.slow
def test_sigterm_checkpoints_and_keeps_the_reservation_then_release_abandons_it(world):
    out = world["root"] / "m-term"
    args = cli_args(world, out, "term-job", "--epochs", "500", "--checkpoint-every", "7")
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    ledger, _ = open_audit(world["home"])
    try:
        first = wait_for_checkpoint(out, proc, min_step=7)  # in the training loop now
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 143, proc.stderr.read()[-2000:]
    [row] = [j for j in ledger.jobs("reviews") if j["job_id"] == "term-job"]
    assert row["state"] == "reserved"
    meta = json.loads((out / ".checkpoint" / "meta.json").read_text())
    assert meta["step"] >= first["step"] and sum(h[2] for h in meta["history"]) == meta["step"]
    # Abandoning it: the documented `veil budget release`, after which it cannot be resumed.
    rel = subprocess.run([VEIL, "budget", "release", "term-job", "--home", str(world["home"].root)],
                         capture_output=True, text=True, env=ENV, timeout=60)
    assert rel.returncode == 0, rel.stderr
    again = subprocess.run(args + ["--resume"], capture_output=True, text=True, env=ENV, timeout=120)
    assert again.returncode != 0 and "already released" in again.stderr


def test_resume_without_a_checkpoint_is_an_error(world):
    with pytest.raises(TrainingError, match="no checkpoint"):
        run_training(config(world, "m-none", resume=True), world["home"])


# -- snapshot -------------------------------------------------------------------------


@pytest.mark.slow
def test_data_arriving_after_the_snapshot_is_not_included(world, monkeypatch, tmp_path):
    import veil.store as store

    rows = review_rows(n_users=30, seed=5, topic="arriving")
    store_dir = tmp_path / "store"
    StoreWriter(store_dir).write_flush("arriving", 0, 0, len(rows) - 1, rows, "p" * 64, "2026-11-29")
    ledger, _ = open_audit(world["home"])
    ledger.set_budget("arriving", 10.0, 1e-3)
    real_read = store.read_snapshot
    written = []

    def read_after_new_data(snap, *a, **k):
        if not written:  # a file arrives between the snapshot and the read
            late = review_rows(n_users=10, seed=6, topic="arriving")
            StoreWriter(store_dir).write_flush("arriving", 1, 0, len(late) - 1, late, "p" * 64, "2026-11-30")
            written.append(1)
        return real_read(snap, *a, **k)

    monkeypatch.setattr(store, "read_snapshot", read_after_new_data)
    result = run_training(config(world, "m-arrive", topic="arriving", store=str(store_dir), epochs=1), world["home"])
    privacy = json.loads((result.out / "privacy.json").read_text())
    assert written and len(list((store_dir / "arriving").rglob("*.parquet"))) > 1
    assert len(privacy["snapshot_files"]) == 1 and privacy["snapshot_files"][0]["rows"] == len(rows)
    metrics = json.loads((result.out / "metrics.json").read_text())
    assert metrics["examples"]["rows"] == len(rows)


# -- labels ---------------------------------------------------------------------------


def test_threshold_labels_and_nested_text():
    rows = [
        {"event_id": str(i), "user": f"u{i % 3}", "data": json.dumps({"review": {"body": f"t{i}"}, "rating": r})}
        for i, r in enumerate([5, 4, 3.5, 1, "4", "n/a", None, True])
    ]
    ex, stats = build_examples(rows, text_field="review.body", label_field="rating", max_examples_per_user=10,
                               positive_if=">=4")
    assert {e.text: e.label for e in ex} == {
        "t0": "positive", "t1": "positive", "t2": "negative", "t3": "negative", "t4": "positive"}
    assert stats.missing_label == 3
    ex, _ = build_examples(rows, text_field="review.body", label_field="rating", max_examples_per_user=10,
                           positive_if="==5")
    assert sum(e.label == "positive" for e in ex) == 1
    assert parse_threshold(" > 3 ") == (">", 3.0) and parse_threshold("==yes") == ("==", "yes")
    for bad in ("4", ">=", ">=four", "~4"):
        with pytest.raises(TrainingError):
            parse_threshold(bad)
    with pytest.raises(TrainingError):
        TrainConfig(store="s", topic="t", text_field="x", label_field="y", epsilon=1, delta=1e-5, out="o",
                    positive_if="=>4").validate()
