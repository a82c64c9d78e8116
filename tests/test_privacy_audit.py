"""The one-run privacy audit (trainer/privacy_audit.py): the bound against known values, and
real DP training runs — an honest one whose lower bound stays below the claim, and one with a
planted bug (10x less noise than the accountant assumes) that the audit must catch."""

from __future__ import annotations

import json
import math
import random
import subprocess

import pytest

from veil.core.settings import Home, configure_offline

configure_offline()

torch = pytest.importorskip("torch")
pytest.importorskip("opacus")

from tests.helpers import VEIL, make_tiny_model, planted_noise_bug  # noqa: E402
from veil.audit import open_audit  # noqa: E402
from veil.audit.log import read_entries  # noqa: E402
from veil.store import StoreWriter  # noqa: E402
from veil.store.schema import StoreRow  # noqa: E402
from veil.trainer import TrainConfig, TrainingError, run_training  # noqa: E402
from veil.trainer.privacy_audit import (  # noqa: E402
    AuditConfig,
    PrivacyAuditFailed,
    epsilon_lower_bound,
    guess_ceiling,
    p_value,
)


# -- the bound ---------------------------------------------------------------------------


def test_p_value_is_the_binomial_tail_without_delta():
    from scipy import stats

    q = math.exp(1.0) / (1 + math.exp(1.0))
    assert p_value(100, 50, 40, 1.0, 0.0) == pytest.approx(stats.binom.sf(39, 50, q))
    # eps = 0: a fair coin; all 10 right has probability 2^-10
    assert p_value(10, 10, 10, 0.0, 0.0) == pytest.approx(2.0**-10)
    assert p_value(10, 10, 0, 3.0, 1e-5) == 1.0
    # the delta term adds alpha * 2 m delta, alpha = max_i P[v-i <= W < v] / i
    r, v, eps, delta, m = 20, 18, 1.0, 1e-3, 100
    q = 1 / (1 + math.exp(-eps))
    alpha = max(sum(stats.binom.pmf(v - j, r, q) for j in range(1, i + 1)) / i for i in range(1, v + 1))
    assert p_value(m, r, v, eps, delta) == pytest.approx(stats.binom.sf(v - 1, r, q) + alpha * 2 * m * delta)
    with pytest.raises(ValueError):
        p_value(10, 11, 3, 1.0, 0.0)


def test_all_guesses_right_gives_log_of_r_over_log_one_over_beta():
    # delta = 0, v = r: the bound solves q^r = 1 - confidence, q = e^eps / (1 + e^eps)
    for r in (10, 100, 1000):
        q = 0.05 ** (1 / r)
        assert epsilon_lower_bound(r, r, r, 0.0, 0.95) == pytest.approx(math.log(q / (1 - q)), abs=1e-5)
        # ... which is about log(r / ln 20) for large r
    assert guess_ceiling(1000, 1000, 0.0) == pytest.approx(math.log(1000 / math.log(20)), abs=0.01)
    assert guess_ceiling(1000, 100, 0.0) == pytest.approx(3.49, abs=0.01)
    # delta lowers the ceiling a little
    assert guess_ceiling(1000, 100, 1e-5) < guess_ceiling(1000, 100, 0.0)


def test_bound_edge_cases_and_monotonicity():
    assert epsilon_lower_bound(0, 0, 0, 1e-5) == 0.0  # no canaries: nothing shown
    assert epsilon_lower_bound(1000, 200, 0, 1e-5) == 0.0
    assert epsilon_lower_bound(1000, 200, 100, 1e-5) == 0.0  # chance level
    bounds = [epsilon_lower_bound(1000, 200, v, 1e-5) for v in range(100, 201, 10)]
    assert all(b2 >= b1 for b1, b2 in zip(bounds, bounds[1:]))
    assert bounds[-1] > bounds[0]
    # more confidence, smaller bound; more delta, smaller bound
    assert epsilon_lower_bound(1000, 200, 180, 1e-5, 0.99) < epsilon_lower_bound(1000, 200, 180, 1e-5, 0.95)
    assert epsilon_lower_bound(1000, 200, 180, 1e-3) < epsilon_lower_bound(1000, 200, 180, 1e-6)
    # the bound is refuted at exactly its level: p-value below 5% there, not above it
    b = epsilon_lower_bound(1000, 200, 180, 1e-5)
    assert p_value(1000, 200, 180, b, 1e-5) < 0.05 <= p_value(1000, 200, 180, b + 1e-4, 1e-5)


def test_audit_config_values():
    assert AuditConfig.from_value(None) is None and AuditConfig.from_value(False) is None
    default = AuditConfig.from_value(True)
    assert default.canaries is None  # fixed per job: 1000, or one per trained coordinate
    assert default.for_job(10**6).canaries == 1000 and default.for_job(66).canaries == 66
    assert AuditConfig.from_value(300).for_job(66).canaries == 300  # asked for: attach() refuses it
    assert AuditConfig.from_value(300).guesses == (30, 30)
    with pytest.raises(TrainingError):
        AuditConfig.from_value({"_noise_scale_bug": 0.1})  # the planted bug is no setting (tests/helpers.py)
    with pytest.raises(TrainingError):
        AuditConfig.from_value({"canaries": 0})
    with pytest.raises(TrainingError):
        AuditConfig.from_value({"bogus": 1})


# -- real DP training runs ---------------------------------------------------------------


def rows(n_users: int = 60, topic: str = "reviews") -> list[StoreRow]:
    rng = random.Random(0)
    out: list[StoreRow] = []
    for u in range(n_users):
        for j in range(rng.randint(1, 5)):
            pos = rng.random() < 0.5
            word = rng.choice(["great", "love", "perfect"] if pos else ["awful", "broken", "hate"])
            out.append(StoreRow(f"e{u}-{j}", f"user{u:03d}", "2026-11-29T10:00:00Z", topic, 0, len(out),
                                {"text": f"the blender is {word}", "rating": 5 if pos else 1}))
    return out


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("audit")
    model = make_tiny_model(root / "tiny", max_positions=64)
    data = rows()
    StoreWriter(root / "store").write_flush("reviews", 0, 0, len(data) - 1, data, "p" * 64, "2026-11-29")
    home = Home.resolve(root / "home")
    ledger, _ = open_audit(home)
    ledger.set_budget("reviews", 100.0, 1e-3)
    return {"root": root, "model": model, "store": root / "store", "home": home}


def config(world, out: str, **kw) -> TrainConfig:
    base = dict(
        store=str(world["store"]), topic="reviews", text_field="text", label_field="rating",
        epsilon=2.0, delta=1e-5, out=str(world["root"] / out), model=str(world["model"]),
        batch_size=64, epochs=4, max_examples_per_user=4, learning_rate=5e-3, train_layers=0,
        # Dirac canaries need one trained coordinate each: the pooler head has enough (the
        # default mean-pooled linear head of this tiny model has only 66).
        pooling="cls",
        validation_fraction=0.1, progress=False, audit=AuditConfig(canaries=1000),
    )
    base.update(kw)
    return TrainConfig(**base)


def audit_entries(home: Home) -> list[dict]:
    return [e["facts"] for e in read_entries(home.audit_log_path) if e["kind"] == "privacy_audit"]


@pytest.mark.slow
def test_honest_run_lower_bound_stays_below_the_claim(world):
    result = run_training(config(world, "honest"), world["home"])
    privacy = json.loads((result.out / "privacy.json").read_text())
    audit = privacy["audit"]
    assert audit["passed"] is True
    assert audit["claimed_epsilon"] == pytest.approx(result.epsilon)
    assert 0.0 <= audit["epsilon_lower_bound"] < result.epsilon
    assert audit["canaries"] == 1000 and audit["guesses"] == 200
    assert 400 < audit["canaries_included"] < 600
    assert audit["steps_observed"] == result.steps and audit["canary_samples"] > 0
    assert audit["ceiling"] == pytest.approx(guess_ceiling(1000, 200, 1e-5))
    assert audit["unit"] == "user" and "planted_bug" not in audit
    card = (result.out / "README.md").read_text()
    assert "## Privacy audit" in card and "stays below the claim" in card
    [entry] = [e for e in audit_entries(world["home"]) if e["job_id"] == result.job_id]
    assert entry["passed"] is True and entry["epsilon_lower_bound"] == audit["epsilon_lower_bound"]


@pytest.mark.slow
def test_planted_noise_bug_is_caught_and_the_model_is_not_published(world):
    ledger, _ = open_audit(world["home"])
    cfg = config(world, "buggy", epsilon=1.0, audit=planted_noise_bug(0.1)(canaries=1000), job_id="buggy-job")
    with pytest.raises(PrivacyAuditFailed) as info:
        run_training(cfg, world["home"])
    res = info.value.result
    assert res["passed"] is False and res["planted_bug"] == 0.1
    assert res["epsilon_lower_bound"] > res["claimed_epsilon"]
    assert "PRIVACY AUDIT FAILED" in str(info.value)
    out = world["root"] / "buggy"
    assert not out.exists() or not any(out.glob("*.safetensors"))
    assert not list(out.parent.glob(".buggy.tmp-*"))
    [entry] = [e for e in audit_entries(world["home"]) if e["job_id"] == "buggy-job"]
    assert entry["passed"] is False
    [job] = [j for j in ledger.jobs() if j["job_id"] == "buggy-job"]
    assert job["state"] == "settled"  # the noisy steps ran: their budget is spent, never leaked


@pytest.mark.slow
def test_dry_run_cli_spends_no_budget_and_reaches_the_report(world, tmp_path):
    import os

    home = tmp_path / "home"
    cfg = tmp_path / "job.yaml"
    cfg.write_text(
        f"epsilon: 2.0\ndelta: 1.0e-5\nepochs: 3\nbatch_size: 64\nmax_examples_per_user: 3\n"
        f"model: {world['model']}\ntrain_layers: 0\npooling: cls\nstore: /nonexistent\ntopic: reviews\n"
        "audit:\n  canaries: 500\n"
    )
    env = {**os.environ, "VEIL_HOME": str(home)}
    proc = subprocess.run([VEIL, "audit", "privacy", "--config", str(cfg), "--synthetic-users", "60"],
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    res = json.loads(proc.stdout)
    assert res["passed"] and res["dry_run"] and res["canaries"] == 500
    assert res["epsilon_lower_bound"] < res["claimed_epsilon"] <= 2.0
    ledger, _ = open_audit(Home.resolve(home))
    assert ledger.status() == []  # no topic, no budget touched
    [entry] = audit_entries(Home.resolve(home))
    assert entry["dry_run"] is True and entry["passed"] is True
    # the test-only knob is not reachable from a config file
    cfg.write_text("epsilon: 2.0\ndelta: 1.0e-5\naudit:\n  _noise_scale_bug: 0.1\n")
    proc = subprocess.run([VEIL, "audit", "privacy", "--config", str(cfg)], capture_output=True, text=True, env=env)
    assert proc.returncode == 2 and "_" in proc.stderr
    # the compliance report shows the audit
    out = tmp_path / "report.md"
    proc = subprocess.run([VEIL, "audit", "report", "-o", str(out)], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    text = out.read_text()
    assert "## Privacy audits (measured, not claimed)" in text and "dry run (synthetic)" in text


@pytest.mark.slow
def test_default_audit_fits_the_default_head_mode(world):
    """``--audit`` with no count on the default mean-pooled linear head (66 coordinates in
    this tiny model): one canary per trained coordinate instead of refusing the job."""
    cfg = config(world, "default-head", pooling="mean", audit=True)
    result = run_training(cfg, world["home"])
    audit = json.loads((result.out / "privacy.json").read_text())["audit"]
    assert audit["canaries"] == 66 and audit["passed"] is True
    assert 0.0 <= audit["epsilon_lower_bound"] < result.epsilon


@pytest.mark.slow
def test_report_flags_a_failed_audit(world, tmp_path):
    from veil.audit.report import build_report, render_markdown

    # runs after the planted-bug test in this module: the world's log holds a failed audit
    report = build_report(world["home"])
    audits = report["privacy_audits"]
    assert any(a["passed"] is False and a["job_id"] == "buggy-job" for a in audits)
    md = render_markdown(report)
    assert "FAILED — not published" in md and "PRIVACY AUDIT FAILED" in md
