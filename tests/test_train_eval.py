"""Held-out evaluation (per class, macro, confusion, ROC-AUC, baseline), the non-private
comparison, TensorBoard files read back, and the job's records of data preparation — on a
real Opacus job over a tiny BERT."""

from __future__ import annotations

import json

import pytest

from veil.core.settings import configure_offline

configure_offline()

torch = pytest.importorskip("torch")

from tests.helpers import build_world  # noqa: E402
from veil.trainer import TrainConfig, run_training  # noqa: E402
from veil.trainer.metrics import classification_report, roc_auc  # noqa: E402


def test_metrics_by_hand():
    labels = ["neg", "pos"]
    y = [0, 0, 0, 1, 1]
    probs = [[0.9, 0.1], [0.6, 0.4], [0.3, 0.7], [0.2, 0.8], [0.55, 0.45]]
    r = classification_report(y, probs, labels, train_labels=[1, 1, 0])
    assert r["accuracy"] == pytest.approx(3 / 5)
    assert r["confusion_matrix"]["matrix"] == [[2, 1], [1, 1]]
    assert r["per_class"]["neg"] == {"precision": pytest.approx(2 / 3), "recall": pytest.approx(2 / 3),
                                     "f1": pytest.approx(2 / 3), "support": 3}
    assert r["per_class"]["pos"]["precision"] == pytest.approx(0.5)
    assert r["macro"]["f1"] == pytest.approx((2 / 3 + 0.5) / 2)
    # positives' scores 0.8, 0.45 against negatives' 0.1, 0.4, 0.7: 5 of 6 pairs ordered right
    assert r["roc_auc"] == pytest.approx(5 / 6)
    assert r["baseline"]["label"] == "pos" and r["baseline"]["accuracy"] == pytest.approx(2 / 5)
    assert r["baseline"]["macro_f1"] == pytest.approx((0 + 2 * 0.4 * 1 / 1.4) / 2)
    assert roc_auc([0, 1], [0.5, 0.5]) == pytest.approx(0.5)  # a tie counts half
    assert roc_auc([1, 1], [0.2, 0.3]) is None
    three = classification_report([0, 1, 2], [[1, 0, 0], [0, 1, 0], [0, 1, 0]], ["a", "b", "c"], [0])
    assert three["roc_auc"] is None and three["confusion_matrix"]["matrix"][2] == [0, 1, 0]


@pytest.fixture(scope="module")
def job(tmp_path_factory):
    world = build_world(tmp_path_factory.mktemp("eval"), 20.0, 1e-4)
    reference = world["root"] / "reference.txt"
    reference.write_text("The blender is USELESS really\n")  # a fixed reference set, given before the job
    cfg = TrainConfig(
        store=str(world["store"]), topic="reviews", text_field="review.body", label_field="rating",
        epsilon=3.0, delta=1e-5, out=str(world["root"] / "model"), model=str(world["model"]),
        batch_size=8, epochs=2, max_examples_per_user=4, learning_rate=5e-3, progress=False,
        compare_non_private=True, dedup_reference=str(reference),
    )
    return world, run_training(cfg, world["home"])


@pytest.mark.slow
def test_metrics_json_and_card_carry_the_full_evaluation(job):
    world, result = job
    metrics = json.loads((result.out / "metrics.json").read_text())
    val = metrics["validation"]
    assert set(val["per_class"]) == {"1", "5"}
    assert sum(map(sum, val["confusion_matrix"]["matrix"])) == val["n"] == metrics["n_val"]
    assert 0 <= val["roc_auc"] <= 1 and val["baseline"]["label"] in ("1", "5")
    assert metrics["macro_f1"] == val["macro"]["f1"]
    np_run = metrics["non_private"]
    assert np_run["guarantee"] is None and "WITHOUT differential privacy" in np_run["statement"]
    assert np_run["validation"]["n"] == val["n"]
    card = (result.out / "README.md").read_text()
    assert "majority-class baseline" in card and "Confusion matrix" in card and "ROC-AUC" in card
    assert "non-private (no guarantee)" in card
    assert "## Training data preparation" in card and "never across users" in card
    # nothing of the non-private model is published: only the DP model's weights are in out
    assert [p.name for p in result.out.glob("*.safetensors")] == ["model.safetensors"]


@pytest.mark.slow
def test_preparation_and_metrics_are_in_the_record_audit_entry_and_report(job, tmp_path):
    from veil.audit import AuditLog, open_audit, write_report

    world, result = job
    privacy = json.loads((result.out / "privacy.json").read_text())
    prep = privacy["preparation"]
    assert prep["dedup"] == "user" and prep["across_users"] == "reference set only"
    assert prep["removed"]["reference_duplicate"] > 0
    sha = prep["reference"]["sha256"]
    assert prep["removed"]["missing_text"] == 1 and prep["removed"]["missing_label"] == 1
    assert prep["removed"]["exact_duplicate"] > 0  # review_rows repeats texts within users
    assert privacy["snapshot_hash"] == result.snapshot_hash
    entries = [r for r in AuditLog(world["home"].audit_log_path).records() if r.kind == "training_job"]
    facts = entries[-1].facts
    assert facts.preparation["removed"] == prep["removed"]
    assert facts.metrics["accuracy"] == result.metrics["accuracy"] and facts.non_private_comparison is True
    assert facts.dedup_reference_sha256 == sha
    ledger, _ = open_audit(world["home"])
    ledger_job = [j for j in ledger.jobs() if j["job_id"] == result.job_id][0]
    assert ledger_job["mechanism"]["dedup_reference_sha256"] == sha
    out = tmp_path / "report.md"
    write_report(world["home"], out)
    text = out.read_text()
    assert "removed: exact_duplicate" in text and "held-out macro F1" in text
    assert "non-private comparison" in text


@pytest.mark.slow
def test_tensorboard_files_are_published_with_the_model_and_read_back(job):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    world, result = job
    logdir = result.out / "tensorboard"
    assert logdir.is_dir()
    acc = EventAccumulator(str(logdir))
    acc.Reload()
    tags = set(acc.Tags()["scalars"])
    assert {"train/loss", "train/learning_rate", "privacy/epsilon_spent", "validation/accuracy",
            "validation/macro_f1", "non_private/accuracy"} <= tags
    eps = [e.value for e in acc.Scalars("privacy/epsilon_spent")]
    assert eps == sorted(eps) and eps[-1] == pytest.approx(result.epsilon, rel=1e-6)
    assert acc.Scalars("validation/accuracy")[-1].value == pytest.approx(result.metrics["accuracy"])
    # a curve: one point at the end of epoch 1 (of 2), then the final one at the last step
    points = acc.Scalars("validation/accuracy")
    assert len(points) == 2 and points[0].step < points[1].step == result.steps
    assert acc.Scalars("train/learning_rate")[0].value == pytest.approx(5e-3)
    assert not list(result.out.parent.glob(".model.tensorboard-*"))  # the staged log moved in
