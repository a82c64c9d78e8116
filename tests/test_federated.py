"""Federated DP fine-tuning (trainer/federated/): the strategy and the accounting on their
own (fast), and real federations on Flower's Deployment Runtime — a SuperLink and one
SuperNode per device as real processes on loopback, the tiny model (slow)."""

from __future__ import annotations

import json
import math
import os
import random
import signal
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from tests.helpers import BAD, GOOD, make_tiny_model, pld_epsilon

EMAIL = "someone.private@example.com"


# -- the strategy and the accounting (no Flower processes) ----------------------------------


def test_poisson_sampling_over_the_population_is_independent_and_fresh():
    from veil.trainer.federated.strategy import DPFedAvg

    s = DPFedAvg(clipping_norm=1.0, noise_multiplier=1.0, expected_devices=50)
    population = [f"d{i}" for i in range(500)]
    draws = [s.sample(population) for _ in range(40)]
    sizes = [len(d) for d in draws]
    assert 40 < sum(sizes) / len(sizes) < 60  # E = K = 50, sd ≈ 6.7 / sqrt(40)
    assert len({tuple(d) for d in draws}) == len(draws)  # never the same draw: no fixed seed
    assert all(set(d) <= set(population) for d in draws)


def test_with_no_noise_and_no_clipping_one_full_round_is_plain_fedavg():
    from veil.trainer.federated.strategy import DPFedAvg, RoundTally

    rng = np.random.default_rng(0)
    current = {"weight": rng.normal(size=(2, 4)).astype(np.float32), "bias": np.zeros(2, np.float32)}
    updates = [{"weight": rng.normal(size=(2, 4)), "bias": rng.normal(size=2)} for _ in range(3)]
    s = DPFedAvg(clipping_norm=math.inf, noise_multiplier=0.0, expected_devices=3)
    tally = RoundTally(1)
    accepted = [s.accept(u, current, tally) for u in updates]
    new = s.aggregate(current, accepted)
    for name in current:
        plain = current[name] + np.mean([u[name] for u in updates], axis=0)
        np.testing.assert_allclose(new[name], plain, rtol=1e-5)
    assert tally.answered == 3 and tally.rejected == 0


def test_with_no_noise_and_no_clipping_one_full_lora_round_is_plain_fedavg_of_adapters_and_head(tiny_model):
    """LoRA mode: real device updates (torch, AdamW on each device's own texts) of every
    adapter's A/B and the head; with z = 0, C = inf and every device the server's round is
    the plain mean of the devices' local parameters, all arrays together."""
    from veil.trainer.federated import device, lora
    from veil.trainer.federated.strategy import DPFedAvg, RoundTally

    cfg = config(Path("/nonexistent"), tiny_model, lora_rank=2, clipping_norm=math.inf, local_epochs=2)
    spec = cfg.device_fields()
    model, _ = lora.build(tiny_model, cfg.label_set, "mean", 2, cfg.lora_alpha)
    current = lora.trainable(model)
    assert any(".lora_A." in k for k in current) and any(".lora_B." in k for k in current)
    assert {"classifier.weight", "classifier.bias"} <= set(current)
    assert all(not v.any() for k, v in current.items() if ".lora_B." in k)  # B = 0: the base model at first
    texts = [[f"the blender is {w}" for w in ws] for ws in (GOOD[:3], BAD[:3], GOOD[3:5] + BAD[3:5])]
    labels = [[1, 1, 1], [0, 0, 0], [1, 1, 0, 0]]
    updates = []
    for t, y in zip(texts, labels):
        data = device.LocalData(np.zeros((len(t), 0), np.float32), np.array(y), len(t), 0,
                                *lora.tokenise(tiny_model, t, 32))
        updates.append(device.local_update(data, current, spec, tiny_model))
        assert device.local_accuracy(data, current, spec, tiny_model)[1] == len(t)
    assert all(np.abs(u[k]).max() > 0 for u in updates for k in current)  # every adapter and the head moved
    s = DPFedAvg(clipping_norm=math.inf, noise_multiplier=0.0, expected_devices=3)
    tally = RoundTally(1)
    new = s.aggregate(current, [s.accept(u, current, tally) for u in updates])
    assert tally.answered == 3 and tally.rejected == 0
    for name in current:
        locals_ = [current[name].astype(np.float64) + u[name] for u in updates]  # each device's local model
        np.testing.assert_allclose(new[name], np.mean(locals_, axis=0), rtol=1e-5, atol=1e-7)


def test_updates_are_clipped_by_the_server_and_the_denominator_is_fixed():
    from veil.trainer.federated.strategy import DPFedAvg, RoundTally

    current = {"w": np.zeros(4, np.float32)}
    s = DPFedAvg(clipping_norm=1.0, noise_multiplier=0.0, expected_devices=4)
    tally = RoundTally(1)
    big = s.accept({"w": np.full(4, 10.0)}, current, tally)  # a device that did not clip
    assert np.linalg.norm(big["w"]) == pytest.approx(1.0)
    assert tally.clipped_by_server == 1
    # two of the four expected devices answered: the sum is still divided by K = 4
    new = s.aggregate(current, [big, big])
    np.testing.assert_allclose(new["w"], 2 * big["w"] / 4)


def test_malformed_or_oversized_updates_are_rejected_and_counted():
    from veil.trainer.federated.strategy import DPFedAvg, RoundTally

    current = {"w": np.zeros(4, np.float32), "b": np.zeros(1, np.float32)}
    s = DPFedAvg(clipping_norm=1.0, noise_multiplier=1.0, expected_devices=2, max_update_bytes=64)
    tally = RoundTally(1)
    bad = [
        {"w": np.zeros(4)},  # a missing array
        {"w": np.zeros(5), "b": np.zeros(1)},  # wrong shape
        {"w": np.array([0, 0, np.nan, 0]), "b": np.zeros(1)},  # not finite
        {"w": np.zeros(4, dtype=np.int64), "b": np.zeros(1, dtype=np.int64)},  # not floating point
        {"w": np.zeros(4), "b": np.zeros(1), "extra": np.zeros(1)},  # an array the model does not have
        {"w": np.zeros(400), "b": np.zeros(1)},  # oversized
    ]
    assert all(s.accept(u, current, tally) is None for u in bad)
    assert tally.rejected == len(bad) and tally.answered == 0
    assert s.accept({"w": np.ones(4) * 0.1, "b": np.zeros(1)}, current, tally) is not None
    assert tally.answered == 1


def test_noise_has_the_calibrated_scale():
    from veil.trainer.federated.strategy import DPFedAvg

    s = DPFedAvg(clipping_norm=0.5, noise_multiplier=2.0, expected_devices=10)
    new = s.aggregate({"w": np.zeros(20000, np.float64)}, [])
    assert np.std(new["w"]) == pytest.approx(2.0 * 0.5 / 10, rel=0.03)  # z·C / K


@pytest.mark.parametrize("z,q,rounds", [(1.1, 0.01, 200), (0.8, 0.05, 50), (2.2, 0.75, 3)])
def test_epsilon_is_recomputable_from_z_q_rounds_within_5_percent(z, q, rounds):
    from veil.trainer.federated import accounting

    delta = 1e-6
    prv = accounting.epsilon("prv", z, q, rounds, delta)
    independent = pld_epsilon(z, q, rounds, delta)  # dp-accounting PLD
    assert prv == pytest.approx(independent, rel=0.05)
    rdp = accounting.rdp_epsilon(z, q, rounds, delta)  # dp-accounting RDP: an upper bound
    assert rdp >= prv * 0.99


@pytest.mark.slow
def test_planned_noise_meets_the_target():
    from veil.trainer.federated import accounting

    z = accounting.plan_noise("prv", target_epsilon=3.0, delta=1e-6, sample_rate=0.02, rounds=30)
    eps = accounting.epsilon("prv", z, 0.02, 30, 1e-6)  # 30 rounds: a quarter of 100's planning time
    assert 2.9 <= eps <= 3.0


# -- real federations -----------------------------------------------------------------------


def write_devices(root: Path, n: int, seed: int = 0) -> Path:
    """One JSONL of raw events per device; every event carries an e-mail address."""
    rng = random.Random(seed)
    folder = root / "devices"
    folder.mkdir(parents=True)
    for d in range(n):
        with open(folder / f"phone{d:02d}.jsonl", "w") as f:
            for j in range(rng.randint(4, 8)):
                pos = rng.random() < 0.5
                word = rng.choice(GOOD if pos else BAD)
                f.write(json.dumps({"event_id": f"e{d}-{j}", "user_id": f"user{d}", "ts": "2026-11-29T10:00:00Z",
                                    "review": {"body": f"the blender is {word}, write to {EMAIL}"},
                                    "rating": 5 if pos else 1}) + "\n")
    return folder


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    return make_tiny_model(tmp_path_factory.mktemp("fed") / "tiny")


def world(tmp_path: Path, budget: float):
    from veil.audit import open_audit
    from veil.core.settings import Home

    home = Home.resolve(tmp_path / "home")
    ledger, _ = open_audit(home)
    ledger.set_budget("reviews", budget, 1e-5)
    return home, ledger


def config(tmp_path: Path, model: Path, **kw):
    from veil.trainer.federated import FederatedConfig

    base = dict(dataset="reviews", text_field="review.body", label_field="rating", epsilon=3.0, delta=1e-6,
                rounds=2, devices_per_round=3, out=str(tmp_path / "model"), positive_if=">=4", model=str(model),
                round_timeout=45, connect_timeout=120)
    base.update(kw)
    return FederatedConfig(**base)


def audit_entries(home, kind: str) -> list[dict]:
    lines = Path(home.audit_log_path).read_text().splitlines()
    return [json.loads(x)["facts"] for x in lines if json.loads(x)["kind"] == kind]


def _rounds(home) -> list[dict]:
    try:
        return audit_entries(home, "federated_round")
    except (OSError, ValueError):
        return []


FAULTS = "phone01@1=malformed,phone01@2=oversized,phone02@2=killed"


@pytest.fixture(scope="module")
def device_cache(tmp_path_factory) -> Path:
    """The devices' feature caches, shared by this module's federations (the same devices,
    policy and settings): only the first one pays for torch + the model on every device."""
    return tmp_path_factory.mktemp("device-cache")


@pytest.fixture(scope="module")
def federation(tmp_path_factory, tiny_model, device_cache):
    """One real federation shared by the tests below (each checks its own property of it):
    a SuperLink and 3 SuperNodes on loopback, q = 1 so every device is sampled each round,
    2 rounds (the smallest job with a round after a failure).  phone00 is a plain device;
    phone01 answers round 1 with a malformed update and round 2 with an oversized one;
    phone02 is SIGKILLed in the middle of round 2, holding that round's message."""
    from veil.trainer.federated import run_local

    tmp = tmp_path_factory.mktemp("federation")
    home, ledger = world(tmp, budget=10.0)
    root = Path(__file__).resolve().parents[1]
    t0 = time.monotonic()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])))
        mp.setenv("VEIL_TEST_FAULTS", FAULTS)
        cfg = config(tmp, tiny_model, rounds=2, devices_per_round=3, max_update_bytes=100_000)
        result = run_local(cfg, write_devices(tmp, 3), home.root, validation_fraction=0.0,
                           clientapp="tests.federated_faulty_client:client_app", cache_dir=device_cache)
    privacy = json.loads((tmp / "model" / "privacy.json").read_text())
    return {"home": home, "ledger": ledger, "result": result, "privacy": privacy, "out": tmp / "model",
            "seconds": time.monotonic() - t0}


@pytest.mark.slow
def test_a_federation_on_loopback_takes_seconds_not_minutes(federation):
    # the issue asks "well under a minute": ~14-18 s on the 2 cores with nothing else running,
    # ~15-21 s at load average 4-6 (benchmarks/README.md has the figures); 60 s keeps a loaded CI machine from
    # failing while still catching a return of per-task interpreters, the 3 s polls, the 1 s first
    # retries or a dropout round that waits out its timeout
    assert federation["seconds"] < 60, federation["seconds"]


@pytest.mark.slow
def test_the_federation_records_its_guarantee_like_a_central_job(federation):
    from veil.trainer.federated import accounting

    privacy, result = federation["privacy"], federation["result"]
    for key in ("unit", "epsilon", "delta", "noise_multiplier", "clipping_norm", "sample_rate", "rounds",
                "accountant", "dropouts_per_round"):
        assert key in privacy
    assert privacy["unit"] == "device" and privacy["rounds"] == 2 and privacy["sample_rate"] == 1.0
    assert privacy["device_scrubbing"] == {"library": "veil_edge", "tier": "lite"}
    assert privacy["policy_hashes"] == [privacy["policy_hash"]]  # what `veil serve` checks its policy against
    assert privacy["preparation"]["dedup"] == "user" and privacy["preparation"]["min_chars"] == 3
    z = privacy["noise_multiplier"]
    assert privacy["epsilon"] == pytest.approx(accounting.epsilon("prv", z, 1.0, 2, 1e-6), rel=1e-9)
    assert privacy["epsilon"] == pytest.approx(pld_epsilon(z, 1.0, 2, 1e-6), rel=0.05)  # independent: dp-accounting
    assert privacy["epsilon"] <= 3.0 and result["epsilon"] == privacy["epsilon"]
    # Flower's own accountant beside it (comparison only): RDP, an upper bound on the same rounds
    flower = privacy["epsilon_flower"]
    assert flower["poisson"] == pytest.approx(privacy["epsilon_rdp_check"], rel=1e-6)
    assert flower["no_amplification"] >= flower["poisson"] >= privacy["epsilon"] * 0.99
    assert "RdpAccountant" in (federation["out"] / "README.md").read_text()
    # the ledger settled the job like a central one; the audit log has the job with its unit
    [job] = [j for j in federation["ledger"].jobs("reviews") if j["job_id"] == result["job_id"]]
    assert job["state"] == "settled" and job["epsilon_spent"] == pytest.approx(privacy["epsilon"])
    [train] = [e for e in audit_entries(federation["home"], "training_job") if e["job_id"] == result["job_id"]]
    assert train["unit"] == "device" and train["epsilon"] == pytest.approx(privacy["epsilon"])


@pytest.mark.slow
def test_a_device_killed_mid_round_is_a_dropout_and_the_round_is_released(federation):
    """Round 2 still aggregates what arrived (fixed denominator); ε is that of 2 rounds,
    the same as without the dropout (checked above)."""
    privacy = federation["privacy"]
    assert privacy["dropouts_per_round"] == [0, 1]
    assert privacy["participants_per_round"] == [2, 1]
    rounds = [e for e in audit_entries(federation["home"], "federated_round")
              if e["job_id"] == federation["result"]["job_id"]]
    assert [(r["sampled"], r["answered"], r["dropped"]) for r in rounds] == [(3, 2, 0), (3, 1, 1)]
    [fed] = audit_entries(federation["home"], "federated_job")
    assert fed["dropouts"] == 1 and fed["rounds_released"] == 2 and fed["unit"] == "device"


@pytest.mark.slow
def test_malformed_and_oversized_updates_from_real_devices_are_rejected_and_the_rounds_go_on(federation):
    privacy = federation["privacy"]
    assert privacy["rejected_per_round"] == [1, 1] and privacy["rounds"] == 2  # malformed, then oversized
    [fed] = audit_entries(federation["home"], "federated_job")
    assert fed["rejected"] == 2 and fed["job_id"] == federation["result"]["job_id"]


@pytest.mark.slow
def test_raw_data_stays_on_the_devices_and_the_model_predicts(federation):
    """Nothing the server wrote holds a device's e-mail or name; `veil predict` loads the model."""
    from veil.trainer import load_classifier, predict

    written = [Path(federation["home"].audit_log_path), *federation["out"].iterdir()]
    assert not any(EMAIL.encode() in p.read_bytes() or b"phone0" in p.read_bytes() for p in written if p.is_file())
    model, tokenizer = load_classifier(federation["out"])
    assert len(predict(model, tokenizer, ["the blender is great"])) == 1


@pytest.mark.slow
def test_veil_serve_checks_its_policy_against_the_one_the_devices_scrubbed_under(federation):
    from veil.anonymize import load_policy, parse_policy
    from veil.trainer import TrainingError
    from veil.trainer.serving import check_policy

    check_policy(federation["out"], load_policy(None))  # the job's policy (the default): accepted
    other = parse_policy("version: 1\nroles: {user_key: user_id}\nrules: []\ndefault: {string: drop}\n")
    with pytest.raises(TrainingError, match="give that policy's file as --policy"):
        check_policy(federation["out"], other)


@pytest.mark.slow
def test_a_lora_federation_trains_adapters_and_saves_an_ordinary_model(tmp_path, tiny_model, device_cache):
    """`--lora-rank`: a SuperLink, 2 training SuperNodes and 1 validation SuperNode on loopback,
    one round (each message is a ClientApp process loading torch, PEFT and the model: ~10 s on
    a shared CI core); the devices train adapters + head, the server merges the adapters into
    the saved weights; privacy.json is a head job's plus mode lora, with ε of the round."""
    from veil.trainer import load_classifier, predict
    from veil.trainer.federated import accounting, run_local

    home, ledger = world(tmp_path, budget=10.0)
    cfg = config(tmp_path, tiny_model, rounds=1, devices_per_round=2, lora_rank=4)
    result = run_local(cfg, write_devices(tmp_path, 3), home.root, validation_fraction=0.5,  # phone01 validates
                       cache_dir=device_cache)
    out = tmp_path / "model"
    privacy, metrics = (json.loads((out / f).read_text()) for f in ("privacy.json", "metrics.json"))
    assert privacy["mode"] == "lora" and privacy["lora_rank"] == 4 and privacy["training_mode"] == "lora"
    assert privacy["unit"] == "device" and privacy["rounds"] == 1 and privacy["participants_per_round"] == [2]
    z = privacy["noise_multiplier"]
    assert privacy["epsilon"] == pytest.approx(accounting.epsilon("prv", z, 1.0, 1, 1e-6), rel=1e-9)
    assert privacy["epsilon"] <= 3.0 and privacy["epsilon_rdp_check"] >= privacy["epsilon"] * 0.99
    assert privacy["trained_parameters"]["lora_params"] == 2 * 2 * (4 * 32 + 32 * 4)  # 2 layers x query/value
    assert metrics["bytes_per_device_per_round"] == 2 * 4 * privacy["trained_parameters"]["trainable_params"]
    assert metrics["validation"]["devices"] == 1 and "LoRA adapters of rank 4" in (out / "README.md").read_text()
    [job] = ledger.jobs("reviews")
    assert job["state"] == "settled" and job["epsilon_spent"] == pytest.approx(result["epsilon"])
    # an ordinary checkpoint: no adapter left; query/value moved (merged B·A), key did not
    from transformers import AutoModel

    saved, base = (AutoModel.from_pretrained(str(p)).state_dict() for p in (out, tiny_model))
    assert not any("lora" in k for k in saved)
    q = "encoder.layer.0.attention.self.query.weight"
    assert not np.allclose(saved[q].numpy(), base[q].numpy())
    assert np.array_equal(saved[q.replace("query", "key")].numpy(), base[q.replace("query", "key")].numpy())
    model, tokenizer = load_classifier(out)
    assert len(predict(model, tokenizer, ["the blender is great"])) == 1


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["head", "lora"])
def test_veil_federate_server_and_device_commands_run_a_job_as_separate_sites(tmp_path, tiny_model, mode):
    """Real sites, as `deploy/` runs them: `veil federate server` (SuperLink + ServerApp, its
    own work directory and ledger) and three `veil federate device` processes that join it
    over the network with only their own raw events; the server exits 0 with the model, the
    ledger settled, and no device id or e-mail in what it wrote; the devices run until stopped."""
    import socket
    import subprocess
    import sys

    from veil.trainer.federated.deployment import free_port

    home, ledger = world(tmp_path, budget=10.0)
    devices, port = write_devices(tmp_path, 3), free_port()
    veil = [sys.executable, "-m", "veil", "federate"]
    lora = ["--lora-rank", "2"] if mode == "lora" else []
    server = subprocess.Popen([*veil, "server", "--insecure", "--listen", f"127.0.0.1:{port}", "--population", "3",
                               "--workdir", str(tmp_path / "work"), "--dataset", "reviews", "--text-field",
                               "review.body", "--label-field", "rating", "--positive-if", ">=4", "--epsilon", "3",
                               "--delta", "1e-6", "--rounds", "1", "--devices-per-round", "3", "--model",
                               str(tiny_model), "--out", str(tmp_path / "model"), "--home", str(home.root), *lora],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sites = []
    try:
        deadline = time.monotonic() + 60
        while socket.socket().connect_ex(("127.0.0.1", port)) != 0:  # the SuperLink is up
            assert server.poll() is None and time.monotonic() < deadline, server.communicate()
            time.sleep(0.2)
        for path in sorted(devices.glob("*.jsonl")):
            sites.append(subprocess.Popen([*veil, "device", "--insecure", "--superlink", f"127.0.0.1:{port}",
                                           "--data", str(path), "--device-id", path.stem, "--model", str(tiny_model),
                                           "--api-port", str(free_port())],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        out, err = server.communicate(timeout=300)
    finally:
        for proc in [server, *sites]:
            if proc.poll() is None:
                proc.terminate()
        for proc in [server, *sites]:
            proc.wait(timeout=30)
    assert server.returncode == 0, err
    privacy = json.loads((tmp_path / "model" / "privacy.json").read_text())
    assert privacy["unit"] == "device" and privacy["rounds"] == 1 and privacy["participants_per_round"] == [3]
    assert privacy["mode"] == mode and (privacy.get("lora_rank") == 2) == (mode == "lora")
    [job] = ledger.jobs("reviews")
    assert job["state"] == "settled" and job["epsilon_spent"] == pytest.approx(privacy["epsilon"])
    written = [Path(home.audit_log_path), *(tmp_path / "model").iterdir()]
    assert not any(EMAIL.encode() in p.read_bytes() or b"phone0" in p.read_bytes() for p in written if p.is_file())
    assert "phone0" not in out + err


def test_over_budget_federated_job_is_refused_before_anything_runs(tmp_path, tiny_model):
    from veil.trainer import BudgetRefused
    from veil.trainer.federated import run_local

    home, ledger = world(tmp_path, budget=1.0)
    devices = write_devices(tmp_path, 3)
    with pytest.raises(BudgetRefused, match="ε=3"):
        run_local(config(tmp_path, tiny_model), devices, home.root, validation_fraction=0.0,
                  workdir=tmp_path / "work")
    assert not (tmp_path / "model").exists() and not (tmp_path / "work").exists()
    assert ledger.jobs("reviews") == []


def test_the_server_job_refuses_on_its_own_before_any_device_is_asked(tmp_path, tiny_model):
    """The ServerApp does not rely on the submitting process's early check: with another
    job holding the budget it refuses (exit 3) before registering or asking any device."""
    from veil.trainer import BudgetRefused
    from veil.trainer.federated import server

    home, ledger = world(tmp_path, budget=4.0)
    ledger.reserve("reviews", "other-job", 2.0, 1e-7)
    cfg = config(tmp_path, tiny_model, population=3)
    cfg.epsilon = 3.0

    class NoGrid:  # any call would mean a device was contacted
        def __getattr__(self, name):
            raise AssertionError(f"the grid was used ({name}) after a refusal")

    with pytest.raises(BudgetRefused):
        server.run_server_job(NoGrid(), cfg, home)
    assert [j["job_id"] for j in ledger.jobs("reviews")] == ["other-job"]
    assert not (tmp_path / "model").exists()


@pytest.mark.slow
def test_veil_federate_over_budget_exits_3_with_one_line_and_trains_nothing(tmp_path, tiny_model):
    import subprocess

    from tests.helpers import VEIL

    home, ledger = world(tmp_path, budget=1.0)
    devices = write_devices(tmp_path, 3)
    done = subprocess.run([VEIL, "federate", "--devices", str(devices), "--dataset", "reviews", "--text-field",
                           "review.body", "--label-field", "rating", "--positive-if", ">=4", "--epsilon", "3",
                           "--delta", "1e-6", "--rounds", "2", "--devices-per-round", "2", "--out",
                           str(tmp_path / "model"), "--model", str(tiny_model), "--home", str(home.root)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 3, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "refused" in done.stderr
    assert not (tmp_path / "model").exists() and ledger.jobs("reviews") == []


def test_the_report_shows_federated_jobs_and_their_rounds(tmp_path):
    from veil.audit import open_audit, write_report
    from veil.core.settings import Home

    home = Home.resolve(tmp_path / "home")
    ledger, log = open_audit(home)
    for r, (answered, dropped) in enumerate([(3, 0), (2, 1)], start=1):
        log.append("federated_round", job_id="fed-1", round=r, sampled=3, answered=answered, dropped=dropped,
                   rejected=0, released=True, epsilon=0.5 * r)
    log.append("federated_job", job_id="fed-1", topic="reviews", epsilon=1.0, delta=1e-6, unit="device",
               rounds_released=2, dropouts=1, population=3, devices_per_round=3)
    log.append("federated_round", job_id="fed-2", round=1, sampled=2, answered=0, dropped=2, rejected=0,
               released=True, epsilon=0.4)  # a job that never finished
    out = write_report(home, tmp_path / "report.json")
    report = json.loads(out.path.read_text())
    [job] = report["federated"]["jobs"]
    assert job["dropouts"] == 1 and [r["dropped"] for r in job["rounds"]] == [0, 1]
    assert "any one device" in job["guarantee"]
    assert report["federated"]["unfinished"][0]["job_id"] == "fed-2"
    md = write_report(home, tmp_path / "report.md").path.read_text()
    assert "## Federated jobs" in md and "| 2 | 3 | 2 | 1 | 0 | yes |" in md


@pytest.mark.slow
def test_a_sigkilled_server_resumes_from_its_last_round_with_identical_accounting(tmp_path, tiny_model, device_cache):
    """The SuperLink and its ServerApp are SIGKILLed after round 1: the reservation stays
    open with the saved state; the same command resumes the same job (same ledger row) from
    round 2, and ε is that of exactly T = 2 rounds, each logged once."""
    from veil.core.errors import UnreachableError
    from veil.trainer.federated import accounting, run_local

    home, ledger = world(tmp_path, budget=10.0)
    devices, work = write_devices(tmp_path, 3), tmp_path / "work"

    def kill_server(deployment):
        def watch():
            while not _rounds(home):
                time.sleep(0.2)
            # the whole server: the SuperLink and what it started in sessions of its own
            # (its SuperExec and the ServerApp), as when the host dies
            from veil.trainer.federated.deployment import descendants

            tree = [deployment.superlink.pid, *descendants(deployment.superlink.pid)]
            for pid in tree:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:  # it followed its parent already
                    pass

        threading.Thread(target=watch, daemon=True).start()

    with pytest.raises(UnreachableError):
        run_local(config(tmp_path, tiny_model, rounds=2), devices, home.root, validation_fraction=0.0,
                  workdir=work, keep_workdir=True, on_started=kill_server, cache_dir=device_cache)
    [row] = ledger.jobs("reviews")
    assert row["state"] == "reserved" and (work / "server-state.json").is_file()
    result = run_local(config(tmp_path, tiny_model, rounds=2), devices, home.root, validation_fraction=0.0,
                       workdir=work, cache_dir=device_cache)
    assert result["job_id"] == row["job_id"]
    [row] = ledger.jobs("reviews")
    privacy = json.loads((tmp_path / "model" / "privacy.json").read_text())
    z = privacy["noise_multiplier"]
    assert privacy["rounds"] == 2 and privacy["epsilon"] == pytest.approx(accounting.epsilon("prv", z, 1.0, 2, 1e-6))
    assert row["state"] == "settled" and row["epsilon_spent"] == pytest.approx(privacy["epsilon"])
    assert [r["round"] for r in audit_entries(home, "federated_round")] == [1, 2]


def test_a_lora_server_state_resumes_by_parameter_name_and_only_for_the_same_rank(tmp_path):
    """What a SIGKILLed LoRA server leaves (adapters + head by their dotted names) is what
    the resumed job starts from; a job with another rank is a new job, not a resume."""
    from veil.trainer.federated import resume

    params = {"bert.encoder.layer.0.attention.self.query.lora_A.default.weight": np.full((2, 32), 0.5, np.float32),
              "bert.encoder.layer.0.attention.self.query.lora_B.default.weight": np.zeros((32, 2), np.float32),
              "classifier.weight": np.ones((2, 32), np.float32), "classifier.bias": np.zeros(2, np.float32)}
    cfg = config(tmp_path, tmp_path, lora_rank=2)
    resume.save(tmp_path, resume.ServerState("job", resume.fingerprint(cfg), 1.2, "salt", 1, [], ""), params)
    state, saved = resume.load(tmp_path, cfg)
    assert state.rounds_done == 1 and sorted(saved) == sorted(params)
    assert all(np.array_equal(saved[k], v) for k, v in params.items())
    assert resume.load(tmp_path, config(tmp_path, tmp_path, lora_rank=4)) is None
    assert resume.load(tmp_path, config(tmp_path, tmp_path)) is None  # the head job of the same data


def test_a_round_on_cached_features_imports_numpy_only_not_torch_or_nlp(tmp_path):
    """A ClientApp process is started per message: a training or evaluation round on the
    device's cached features must not import torch, transformers or presidio (seconds each)."""
    import subprocess
    import sys

    script = r"""
import sys, json
from pathlib import Path
import numpy as np
from veil.trainer.federated import apps, device
tmp = Path(sys.argv[1])
spec = {"text_field": "t", "label_field": "l", "positive_if": "", "labels": json.dumps(["0", "1"]),
        "max_length": 16, "max_examples": 8, "local_lr": 0.1, "local_batch": 2, "local_epochs": 1,
        "clipping_norm": 1.0}
data_file = tmp / "events.jsonl"
data_file.write_text('{"t": "x", "l": "1"}\n')
key = device._cache_key(data_file, tmp / "model", spec, "policy")
np.savez(tmp / f"features-{key}.npz", features=np.ones((4, 3), np.float32), labels=np.array([0, 1, 0, 1]),
         events=4, rejected=0)
data = device.load_local(data_file, tmp, tmp / "model", spec, "policy")
params = {"weight": np.zeros((2, 3), np.float32), "bias": np.zeros(2, np.float32)}
update = device.local_update(data, params, spec)
print(json.dumps({"heavy": sorted(m for m in ("torch", "transformers", "presidio_analyzer", "spacy", "opacus")
                                  if m in sys.modules), "n": device.local_accuracy(data, params)[1],
                  "shape": list(update["weight"].shape)}))
"""
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    facts = json.loads(out.stdout.strip().splitlines()[-1])
    assert facts == {"heavy": [], "n": 4, "shape": [2, 3]}


def test_a_device_cleans_and_deduplicates_like_the_central_job():
    """The device applies trainer/prepare.py's rules (defaults) before embedding: an exact
    repost and a text that is nothing but a placeholder do not become examples."""
    from veil.trainer.federated.device import _examples, device_prep

    spec = {"labels": json.dumps(["negative", "positive"]), "positive_if": ">=4", "text_field": "review.body",
            "label_field": "rating", "max_examples": 8}
    row = lambda i, body, rating: {"event_id": f"e{i}", "user": "u1",  # noqa: E731
                                   "data": json.dumps({"review": {"body": body}, "rating": rating})}
    rows = [row(0, "the blender is great", 5), row(1, "the blender is great", 5), row(2, "a", 1),
            row(3, "this kettle leaks badly", 1)]
    texts, labels = _examples(rows, spec)
    assert sorted(zip(texts, labels)) == [("the blender is great", 1), ("this kettle leaks badly", 0)]
    assert device_prep(spec).dedup == "user" and device_prep(spec).reference is None


def test_devices_prepare_their_examples_with_the_jobs_settings(tmp_path):
    """--min-chars and --dedup travel to the devices in the job's Flower record and are the
    ones the device applies (not `veil train`'s defaults); a change of settings is a new
    feature cache."""
    from veil.trainer.federated import FederatedConfig, device, wire

    base = dict(dataset="reviews", text_field="review.body", label_field="rating", epsilon=3.0, delta=1e-6, rounds=1,
                devices_per_round=1, out=str(tmp_path / "m"), positive_if=">=4", max_examples_per_device=8)
    row = lambda i, body, rating: {"event_id": f"e{i}", "user": "u1",  # noqa: E731
                                   "data": json.dumps({"review": {"body": body}, "rating": rating})}
    rows = [row(0, "the blender is great", 5), row(1, "the blender is great", 5), row(2, "kettle ok", 4)]

    def examples(**kw):
        cfg = FederatedConfig(**base, **kw)
        cfg.validate()
        spec = dict(wire.config_content(cfg.device_fields())["job"])  # through a real Flower ConfigRecord
        return device._examples(rows, spec)[0], spec

    defaults, spec_defaults = examples()
    assert sorted(defaults) == ["kettle ok", "the blender is great"]
    kept, spec_kept = examples(min_chars=12, dedup="off")
    assert kept == ["the blender is great", "the blender is great"]  # no dedup; "kettle ok" too short
    data = tmp_path / "events.jsonl"
    data.write_text("{}\n")
    assert device._cache_key(data, tmp_path, spec_defaults, "p") != device._cache_key(data, tmp_path, spec_kept, "p")


def test_a_policy_the_device_tier_cannot_honour_is_refused_before_anything_runs(tmp_path, tiny_model):
    from veil.trainer import TrainingError
    from veil.trainer.federated import run_local

    home, ledger = world(tmp_path, budget=10.0)
    policy = tmp_path / "p.yaml"
    policy.write_text("version: 1\nrules:\n  - {path: review.body, op: redact_text, entities: [PERSON, LOCATION]}\n")
    with pytest.raises(TrainingError, match="--device-tier lite: .*lite tier cannot detect LOCATION"):
        run_local(config(tmp_path, tiny_model, policy=str(policy)), write_devices(tmp_path, 3), home.root,
                  validation_fraction=0.0, workdir=tmp_path / "work")
    assert not (tmp_path / "work").exists() and not (tmp_path / "model").exists() and ledger.jobs("reviews") == []
    # the full tier (Presidio + spaCy; this host has the veil package) honours it
    from veil.trainer.federated.server import check_device_tier

    check_device_tier(config(tmp_path, tiny_model, policy=str(policy), device_tier="full"), devices_here=True)


@pytest.mark.slow  # imports Flower's SuperNode / runs a subprocess: seconds, not the fast loop's budget
def test_devices_scrub_with_veil_edge_lite_without_loading_nlp(tmp_path):
    """A device's scrub is veil_edge's Sanitizer on the lite tier: the e-mail is gone and no
    Presidio or spaCy is imported; the full tier (this host has the veil package) is the server's engine."""
    import subprocess
    import sys

    script = r"""
import json, sys
from veil.anonymize import load_policy
from veil.trainer.federated import device
rows, rejected = device.scrub([{"event_id": "e1", "user_id": "u1", "review": {"body": sys.argv[1]}}],
                              load_policy(None).canonical_json(), "lite")
print(json.dumps({"body": json.loads(rows[0]["data"])["review"]["body"] if isinstance(rows[0]["data"], str)
                  else rows[0]["data"]["review"]["body"], "rejected": rejected,
                  "nlp": sorted(m for m in ("presidio_analyzer", "spacy") if m in sys.modules),
                  "full": type(device.scrub_tier("full", load_policy(None))).__name__}))
"""
    out = subprocess.run([sys.executable, "-c", script, f"write to {EMAIL} today"], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    facts = json.loads(out.stdout.strip().splitlines()[-1])
    assert EMAIL not in facts["body"] and "<EMAIL_ADDRESS>" in facts["body"] and facts["rejected"] == 0
    assert facts["nlp"] == [] and facts["full"] == "FullTier"


@pytest.mark.slow  # imports Flower's SuperNode / runs a subprocess: seconds, not the fast loop's budget
def test_the_loopback_supernode_caps_flowers_idle_sleeps(monkeypatch):
    """trainer/federated/supernode.py patches the ``time`` of Flower's SuperNode loop: this
    fails if a Flower upgrade stops sleeping there (the cap would silently do nothing)."""
    import inspect

    from flwr.supernode import start_client_internal

    from veil.trainer.federated import supernode

    assert start_client_internal.time is time and "time.sleep(3)" in inspect.getsource(start_client_internal)
    capped = supernode.CappedSleep(0.05)
    t0 = time.monotonic()
    capped.sleep(3)
    assert time.monotonic() - t0 < 1 and capped.monotonic is time.monotonic
    monkeypatch.setenv("VEIL_SUPERNODE_POLL", "0.2")
    assert supernode.poll_interval() == 0.2
    monkeypatch.delenv("VEIL_SUPERNODE_POLL")
    assert supernode.poll_interval() is None  # sites: Flower's own sleeps
