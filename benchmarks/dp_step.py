"""Per-step time and peak memory of DP-SGD (Opacus per-sample gradients, per-user
aggregation, clipping, noise) against ordinary training of the same model, batch and
sequence length, per training mode; and DP accuracy against epsilon.

    python benchmarks/dp_step.py --modes full,lora,head,head-cls [--batch 32] [--seq 64]
                                 [--steps 7] [--device cpu|cuda] [--config config.json]
    python benchmarks/dp_step.py --accuracy [--eps 1,3,8] [--repeats 3] [--plot FILE.png]
    python benchmarks/dp_step.py --user-vs-event      # per-event eps=4 → user eps for 4/16/64 events

Modes (``MODES``): ``full`` trains every encoder layer through the full forward (Opacus
hooks on the whole encoder; embeddings frozen, see trainer/model.py), ``lora`` LoRA
adapters (rank 8, query/value, every layer) + the head through the full forward,
``head`` the linear classifier on cached mean-pooled features (Veil's default),
``head-cls`` the pooler + classifier on the cached first token (the former default).
Every mode uses the mean-pooling head except ``head-cls``.

Time: the non-private and the DP model live in the same process and their steps are
interleaved (the order alternates every round), so the shared CPU's drift hits both;
the reported figures are medians over ``--steps`` rounds, the ratio the median of the
per-round ratios.  Peak memory: each (mode, phase) runs in its own subprocess; on CPU the
growth of the process's peak RSS over the steps (after the model and batch are built),
on CUDA ``max_memory_allocated``.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from veil.core.settings import DEFAULT_BASE_MODEL, configure_offline  # noqa: E402

MODES = ("full", "lora", "head", "head-cls")
LORA_RANK = 8


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=DEFAULT_BASE_MODEL)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seq", type=int, default=64)
    ap.add_argument("--steps", type=int, default=7, help="interleaved rounds per mode (after one warm-up round)")
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: default)")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--config", help="config.json of the model: random weights of that shape (no weights needed)")
    ap.add_argument("--modes", default=None, help=f"comma-separated modes ({', '.join(MODES)})")
    ap.add_argument("--no-memory", action="store_true", help="skip the per-phase memory subprocesses")
    ap.add_argument("--memory-probe", nargs=2, metavar=("MODE", "PHASE"), help=argparse.SUPPRESS)
    ap.add_argument("--accuracy", action="store_true", help="DP vs non-private validation accuracy on demo reviews")
    ap.add_argument("--eps", default="1,3,8", help="with --accuracy: target epsilons")
    ap.add_argument("--pooling", default="mean", choices=("mean", "cls"), help="with --accuracy: the head's pooling")
    ap.add_argument("--lr", type=float, default=None, help="with --accuracy: learning rate (default: the job's)")
    ap.add_argument("--epochs", type=int, default=10, help="with --accuracy: epochs")
    ap.add_argument("--lora-rank", type=int, default=0, help="with --accuracy: LoRA adapters of this rank")
    ap.add_argument("--repeats", type=int, default=1, help="with --accuracy: runs per epsilon (seeds 0..n-1)")
    ap.add_argument("--clip", type=float, default=None, help="with --accuracy: clipping norm (default: the job's)")
    ap.add_argument("--json-out", help="with --accuracy: write rows and summary here")
    ap.add_argument("--plot-with", help="with --plot: also draw the DP curve of this earlier --json-out")
    ap.add_argument("--plot", help="with --accuracy: write the accuracy-vs-epsilon plot (PNG) here")
    ap.add_argument("--user-vs-event", action="store_true", help="user-level epsilon of event-level DP, 4/16/64 events")
    args = ap.parse_args(argv)
    configure_offline()
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.memory_probe:
        return memory_probe(args, *args.memory_probe)
    if args.accuracy:
        return accuracy(args)
    if args.user_vs_event:
        return user_vs_event()
    return step_cost(args)


def _build(args, mode: str):
    """A fresh model for ``mode`` (same seed: the DP and non-private copies start equal),
    its step inputs, and a forward ``batch -> logits``."""
    from veil.trainer.data import Encoded, UnitCollator
    from veil.trainer.features import FrozenPrefixCache
    from veil.trainer.model import add_lora, classify, freeze_for_dp, load_classifier, resolve_model

    torch.manual_seed(0)
    pooling = "cls" if mode == "head-cls" else "mean"
    if args.config:
        from transformers import BertConfig, BertForSequenceClassification

        bert_config = BertConfig.from_json_file(args.config)
        bert_config.num_labels = 2
        model = BertForSequenceClassification(bert_config)
        model.config.veil_pooling = pooling
    else:
        model = load_classifier(resolve_model(args.model), ["neg", "pos"], pooling)
    if mode == "lora":
        counts = add_lora(model, LORA_RANK)
    else:
        counts = freeze_for_dp(model, len(model.bert.encoder.layer) if mode == "full" else 0)
    model.to(args.device).train()
    gen = torch.Generator().manual_seed(0)
    ids = torch.randint(1000, 20000, (args.batch, args.seq), generator=gen)
    labels = torch.randint(0, 2, (args.batch,), generator=gen)
    units = [[Encoded(ids[i].tolist(), int(labels[i]))] for i in range(args.batch)]
    if mode.startswith("head"):
        cache = FrozenPrefixCache(model, 0)
        cache.precompute([u[0] for u in units], 0)
        forward = lambda b: cache.head(b["hidden"], b["attention_mask"])  # noqa: E731
    else:
        forward = lambda b: classify(model, b["input_ids"], b["attention_mask"])  # noqa: E731
    batch = {k: v.to(args.device) for k, v in UnitCollator(0)([{"examples": u} for u in units]).items()}
    return model, counts, units, batch, forward


def _plain_stepper(args, mode: str):
    model, counts, _, batch, forward = _build(args, mode)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)

    def step() -> None:
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(forward(batch), batch["labels"]).backward()
        opt.step()

    return step, counts


def _dp_stepper(args, mode: str):
    """Veil's DP step: Opacus per-sample gradients, per-unit aggregation, flat clipping,
    Gaussian noise, AdamW (event-level units here: one example per unit)."""
    from veil.trainer.data import UnitCollator, UnitDataset
    from veil.trainer.loop import _unit_step
    from veil.trainer.privacy import make_private, trainable_params

    model, counts, units, batch, forward = _build(args, mode)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    loader = torch.utils.data.DataLoader(UnitDataset(units), batch_size=args.batch, collate_fn=UnitCollator(0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pt = make_private(model=model, optimizer=opt, loader=loader, noise_multiplier=1.0, max_grad_norm=1.0,
                          accountant="rdp")
    params = trainable_params(model)

    def step() -> None:
        pt.optimizer.zero_grad(set_to_none=True)
        _unit_step(model, params, batch, micro_batch=args.batch, forward=forward)
        pt.optimizer.step()

    return step, counts


def _timed(step, device: str) -> float:
    if device == "cuda":
        torch.cuda.synchronize()
    t0 = time.perf_counter()
    step()
    if device == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - t0


def time_mode(args, mode: str) -> dict:
    """Both steppers in this process, rounds interleaved, order alternating."""
    plain, counts = _plain_stepper(args, mode)
    dp, _ = _dp_stepper(args, mode)
    plain(), dp()  # warm-up (allocations, Opacus' first-call setup)
    tp, td = [], []
    for r in range(args.steps):
        if r % 2 == 0:
            tp.append(_timed(plain, args.device))
            td.append(_timed(dp, args.device))
        else:
            td.append(_timed(dp, args.device))
            tp.append(_timed(plain, args.device))
    ratios = [d / p for d, p in zip(td, tp)]
    return {"mode": mode, "trainable_params": counts["trainable_params"],
            "plain_step_s": statistics.median(tp), "dp_step_s": statistics.median(td),
            "time_ratio": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios),
            "rounds": args.steps}


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


class _RssSampler:
    """Samples the current RSS every 2 ms in a thread: the high-water mark of one phase
    (``ru_maxrss`` cannot be reset, and loading the model already set it higher)."""

    def __init__(self) -> None:
        import threading

        self.peak = _current_rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.002):
            self.peak = max(self.peak, _current_rss_mb())

    def __enter__(self) -> "_RssSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def memory_probe(args, mode: str, phase: str) -> int:
    """One phase alone in this process: how far memory rises above the built model and
    batch while it steps (gradients, optimizer state, activations, per-sample rows)."""
    import gc

    step, _ = (_plain_stepper if phase == "plain" else _dp_stepper)(args, mode)
    gc.collect()
    if args.device == "cuda":
        torch.cuda.synchronize()
        base_cuda = torch.cuda.memory_allocated()
        torch.cuda.reset_peak_memory_stats()
    base = _current_rss_mb()
    with _RssSampler() as sampler:
        for _ in range(3):
            step()
    if args.device == "cuda":
        torch.cuda.synchronize()
        peak = (torch.cuda.max_memory_allocated() - base_cuda) / 2**20
    else:
        peak = sampler.peak - base
    print(json.dumps({"peak_mb": round(peak, 1)}))
    return 0


def _probe(args, mode: str, phase: str) -> float:
    cmd = [sys.executable, __file__, "--model", args.model, "--batch", str(args.batch), "--seq", str(args.seq),
           "--device", args.device, "--memory-probe", mode, phase]
    if args.config:
        cmd += ["--config", args.config]
    if args.threads:
        cmd += ["--threads", str(args.threads)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])["peak_mb"]


def step_cost(args) -> int:
    rows = []
    for mode in (args.modes or ",".join(MODES)).split(","):
        row = time_mode(args, mode)
        if not args.no_memory:
            row["plain_peak_mb"], row["dp_peak_mb"] = _probe(args, mode, "plain"), _probe(args, mode, "dp")
        row.update(device=args.device, threads=torch.get_num_threads(), batch=args.batch, seq=args.seq)
        rows.append(row)
        print(json.dumps(row), flush=True)
    print(f"\n| mode | trained params | non-private s/step | DP s/step | DP/non-private (median, min-max of {args.steps}) "
          f"| non-private peak MB | DP peak MB |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['mode']} | {r['trainable_params']:,} | {r['plain_step_s']:.4g} | {r['dp_step_s']:.4g} | "
              f"{r['time_ratio']:.2f}x ({r['ratio_min']:.2f}-{r['ratio_max']:.2f}) | {r.get('plain_peak_mb', '-')} | "
              f"{r.get('dp_peak_mb', '-')} |")
    return 0


def _demo_examples(n_events: int, users: int):
    from veil.trainer.data import Example
    from veil import demo_data

    out = []
    for topic, ev in demo_data.generate(n_events, users=users):
        if topic == "reviews":
            out.append(Example(ev["event_id"], ev["user_id"], ev["text"], ev["sentiment"]))
    return out


def _demo_split(args):
    """Demo reviews → capped per user (K=8) → user split, tokenised; as a job would."""
    from veil.trainer.config import TrainConfig
    from veil.trainer.data import encode, split_users
    from veil.trainer.model import load_tokenizer, resolve_model

    cfg0 = TrainConfig(store="", topic="reviews", text_field="text", label_field="sentiment", epsilon=1, delta=1e-5,
                       out="", progress=False)
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
    return cfg0, model_dir, labels, examples, train_ex, val_ex, train_enc, val_enc


def accuracy(args) -> int:
    """Veil's job pipeline (user-level units, Poisson sampling, PRV, K=8, 10 epochs, expected
    64 users per step) on demo reviews → sentiment, at each target epsilon, against the same
    pipeline without noise or clipping.  Held-out users, ~300 users.  ``--pooling`` and
    ``--lr`` pick the head; ``--lora-rank R`` trains LoRA adapters through the full model."""
    t_all = time.perf_counter()
    setup = _accuracy_setup(args)
    seeds = list(range(args.repeats))
    targets = [None] + [float(e) for e in args.eps.split(",")]
    rows = [_accuracy_job(setup, eps, seed) for eps in targets for seed in seeds]
    cfg0, train_ex, val_ex = setup["cfg"], setup["train_ex"], setup["val_ex"]
    info = {"mode": cfg0.mode, "pooling": cfg0.pooling, "lr": cfg0.lr, "clip": cfg0.max_grad_norm, "epochs": cfg0.epochs,
            "lora_rank": cfg0.lora_rank, "reviews": len(setup["examples"]),
            "train_users": len({e.user for e in train_ex}), "val_users": len({e.user for e in val_ex}),
            "n_val": len(setup["val_enc"]), "repeats": args.repeats,
            "majority_baseline": round(max(sum(e.label == l for e in val_ex) for l in setup["labels"]) / len(val_ex), 4),
            "seconds": round(time.perf_counter() - t_all, 1)}
    _report_accuracy(args, info, rows, targets)
    return 0


def _accuracy_setup(args) -> dict:
    """The demo split, the job config of the run, and (head mode) the frozen features once
    for every run (same frozen model, same examples)."""
    from veil.trainer.config import TrainConfig
    from veil.trainer.features import FrozenPrefixCache
    from veil.trainer.model import freeze_for_dp, load_classifier

    cfg0, model_dir, labels, examples, train_ex, val_ex, train_enc, val_enc = _demo_split(args)
    cfg0 = TrainConfig(**{**cfg0.to_dict(), "pooling": args.pooling, "lora_rank": args.lora_rank,
                          "learning_rate": args.lr, "epochs": args.epochs,
                          **({"max_grad_norm": args.clip} if args.clip else {})})
    cached = cfg0.mode == "head"
    if cached:
        torch.manual_seed(0)
        m0 = load_classifier(model_dir, labels, cfg0.pooling)
        freeze_for_dp(m0, 0, True)
        cache0 = FrozenPrefixCache(m0, 0)
        for enc in (train_enc, val_enc):
            cache0.precompute(enc, 0)
    return {"cfg": cfg0, "model_dir": model_dir, "labels": labels, "examples": examples, "train_ex": train_ex,
            "val_ex": val_ex, "train_enc": train_enc, "val_enc": val_enc, "cached": cached}


def _accuracy_job(setup: dict, eps: float | None, seed: int) -> dict:
    """One run: DP at target ``eps`` (None: σ=0 and no clipping), validation accuracy."""
    from veil.trainer import accountants
    from veil.trainer.data import UnitCollator, UnitDataset, pad_batch
    from veil.trainer.features import FrozenPrefixCache
    from veil.trainer.loop import evaluate, train
    from veil.trainer.model import add_lora, freeze_for_dp, load_classifier
    from veil.trainer.privacy import make_private

    cfg0, cached, val_enc = setup["cfg"], setup["cached"], setup["val_enc"]
    torch.manual_seed(seed)
    model = load_classifier(setup["model_dir"], setup["labels"], cfg0.pooling)
    if cfg0.mode == "lora":
        add_lora(model, cfg0.lora_rank, cfg0.lora_alpha)
    else:
        freeze_for_dp(model, 0, True)
    model.train()
    forward = None
    if cached:
        cache = FrozenPrefixCache(model, 0)
        forward = lambda b: cache.head(b["hidden"], b["attention_mask"])  # noqa: E731
    ds = UnitDataset.build(setup["train_ex"], setup["train_enc"], "user")
    loader = torch.utils.data.DataLoader(ds, batch_size=cfg0.batch_size, collate_fn=UnitCollator(0))
    q = 1.0 / len(loader)
    sigma = accountants.noise_multiplier(cfg0.accountant, target_epsilon=eps, delta=cfg0.delta, sample_rate=q,
                                         epochs=cfg0.epochs) if eps else 0.0
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=cfg0.lr, weight_decay=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pt = make_private(model=model, optimizer=opt, loader=loader, noise_multiplier=sigma,
                          max_grad_norm=cfg0.max_grad_norm if eps else 1e6, accountant=cfg0.accountant)
    t0 = time.perf_counter()
    train(pt, epochs=cfg0.epochs, delta=cfg0.delta, progress=False, micro_batch=cfg0.micro, forward=forward)
    seconds = time.perf_counter() - t0
    spent = pt.epsilon(cfg0.delta) if eps else None
    pt.cleanup()
    model.eval()
    if cached:
        with torch.no_grad():
            b = pad_batch(val_enc, 0)
            acc = float((cache.head(b["hidden"], b["attention_mask"]).argmax(-1) == b["labels"]).float().mean())
    else:
        acc = evaluate(model, val_enc, 0)["accuracy"]
    return {"target_epsilon": eps, "epsilon": spent, "noise_multiplier": round(sigma, 4), "steps": pt.steps,
            "seed": seed, "val_accuracy": round(acc, 4), "train_seconds": round(seconds, 1)}


def _report_accuracy(args, info: dict, rows: list[dict], targets: list) -> None:
    print(json.dumps(info))
    for r in rows:
        print(json.dumps(r), flush=True)
    summary = _accuracy_summary(rows, targets)
    print("\n| target ε | ε spent (PRV) | noise multiplier | validation accuracy (median of %d) | runs |" % args.repeats)
    print("|---|---|---|---|---|")
    for t in summary:
        eps_s = "—" if t["epsilon"] is None else f"{t['epsilon']:.3f}"
        target = "non-private" if t["target"] is None else f"{t['target']:g}"
        print(f"| {target} | {eps_s} | {t['sigma']} | {t['median']:.3f} | {', '.join(f'{a:.3f}' for a in t['runs'])} |")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({"info": info, "rows": rows, "summary": summary}, indent=1))
    if args.plot:
        other = json.loads(Path(args.plot_with).read_text()) if args.plot_with else None
        _plot_accuracy(summary, info, args.plot, other)


def _accuracy_summary(rows: list[dict], targets: list) -> list[dict]:
    import statistics

    out = []
    for t in targets:
        mine = [r for r in rows if r["target_epsilon"] == t]
        out.append({"target": t, "epsilon": statistics.median([r["epsilon"] for r in mine]) if t else None,
                    "sigma": mine[0]["noise_multiplier"], "runs": [r["val_accuracy"] for r in mine],
                    "median": statistics.median([r["val_accuracy"] for r in mine])})
    return out


def _label(info: dict) -> str:
    return f"{info['mode']}, {info['pooling']} pooling, C={info.get('clip', '?')}"


def _plot_accuracy(summary: list[dict], info: dict, path: str, other: dict | None = None) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker  # noqa: F401

    dp = [t for t in summary if t["target"] is not None]
    plain = next(t for t in summary if t["target"] is None)
    fig, ax = plt.subplots(figsize=(5.5, 3.6), dpi=120)
    xs = [t["target"] for t in dp]
    ax.plot(xs, [t["median"] for t in dp], "o-", label=f"DP-SGD ({_label(info)})")
    for t in dp:
        ax.scatter([t["target"]] * len(t["runs"]), t["runs"], s=8, color="C0", alpha=0.4)
    if other:
        odp = [t for t in other["summary"] if t["target"] is not None]
        ax.plot([t["target"] for t in odp], [t["median"] for t in odp], "s--", color="C1",
                label=f"DP-SGD ({_label(other['info'])})")
    ax.axhline(plain["median"], color="C2", ls="--", label=f"non-private ({plain['median']:.3f})")
    ax.axhline(plain["median"] - 0.05, color="C2", ls=":", lw=0.8, label="non-private − 5 points")
    ax.axhline(info["majority_baseline"], color="grey", ls=":", lw=0.8, label=f"majority class ({info['majority_baseline']:.3f})")
    ax.set_xscale("log")
    ax.set_xticks(xs, [f"{x:g}" for x in xs])
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_xlabel("target ε (δ = 1e-5, PRV accountant)")
    ax.set_ylabel("validation accuracy (held-out users)")
    ax.set_title(f"Demo reviews → sentiment, user-level DP, median of {info['repeats']} runs", fontsize=9)
    ax.legend(fontsize=7, loc="lower right")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)


def user_epsilon_mixture(sigma: float, q: float, steps: int, k: int, delta: float,
                         discretization: float = 1e-3) -> float:
    """Tight (ε at δ) for a whole user with ``k`` events in an event-level job: every step
    samples each of the user's events independently with probability ``q``, so the user
    shifts the clipped sum by ``J * C`` with J ~ Binomial(k, q) (worst case: the events'
    gradients aligned).  That is a mixture-of-Gaussians mechanism (noise σC, sensitivity
    J*C with probability P[J = j]); its privacy loss distribution, composed over ``steps``,
    gives ε (dp_accounting's PLD, pessimistic discretisation: an upper bound)."""
    from dp_accounting.pld import privacy_loss_distribution as pld
    from scipy.stats import binom

    js = list(range(k + 1))
    probs = [float(binom.pmf(j, k, q)) for j in js]
    # Mass below 1e-30 cannot move ε at δ=1e-5; it goes onto the largest kept
    # sensitivity (pessimistic: a larger shift with the same probability).
    keep = [j for j in js if probs[j] >= 1e-30]
    top = max(keep)
    probs_kept = [probs[j] for j in keep]
    probs_kept[-1] += sum(probs[j] for j in js if j > top)
    mech = pld.from_mixture_gaussian_mechanism(
        standard_deviation=sigma, sensitivities=[float(j) for j in keep], sampling_probs=probs_kept,
        value_discretization_interval=discretization)
    return float(mech.self_compose(steps).get_epsilon_for_delta(delta))


def user_vs_event() -> int:
    """What per-event eps=4 means for a whole user with k events, against user-level DP.

    Event-level job: Veil's defaults with event units (expected 64 events per step out of
    N=1,920 events, 10 epochs), sigma calibrated to eps=4, delta=1e-5 (PRV).  For a user with
    k events: (a) group privacy: (k*eps, k*e^((k-1)*eps)*delta); (b) the tight accounting
    of :func:`user_epsilon_mixture` (PLD of the mixture mechanism, composed over the steps)."""
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
                          "sample_rate": round(q, 5), "steps": steps}), flush=True)
        check = user_epsilon_mixture(sigma, q, steps, 1, delta)  # k=1 must give back the per-event ε
        print(json.dumps({"events_per_user": 1, "mixture_pld_user_epsilon": round(check, 2)}), flush=True)
        for k in (4, 16, 64):
            t0 = time.perf_counter()
            row = {"events_per_user": k, "group_privacy_epsilon": 4.0 * k,
                   "group_privacy_delta": float(k * np.exp((k - 1) * 4.0) * delta),
                   "mixture_pld_user_epsilon": round(user_epsilon_mixture(sigma, q, steps, k, delta), 2),
                   "seconds": round(time.perf_counter() - t0, 1)}
            print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
