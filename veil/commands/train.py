"""``veil train``: one DP fine-tuning job on a store snapshot (see ``trainer/``)."""

from __future__ import annotations

import argparse
import json
import sys

from dataclasses import fields

from veil.core.errors import EXIT_AUDIT_FAILED
from veil.trainer import POOLINGS, PRIVACY_UNITS, TrainConfig, accountant_names

D = {f.name: f.default for f in fields(TrainConfig)}  # one source of defaults


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "train",
        help="DP fine-tune a text classifier on a topic of the store",
        description=(
            "Fine-tune a text classifier with DP-SGD (Opacus) on a snapshot of one topic. "
            "The job reserves (epsilon, delta) in the ledger first and is refused (exit 3) "
            "when the topic's budget cannot cover it. An --out that already holds a model is refused "
            "(exit 2) unless --overwrite."
        ),
    )
    p.add_argument("--store", required=True, help="store directory or URL (s3://bucket/prefix)")
    p.add_argument("--topic", required=True, help="topic (dataset) to train on")
    p.add_argument("--text-field", required=True, help="dotted path into the event data, e.g. text or review.body")
    p.add_argument("--label-field", required=True, help="dotted path of the class label (or of the value --positive-if tests)")
    p.add_argument("--positive-if", metavar="RULE", help="binary labels by a threshold on --label-field, e.g. '>=4' "
                   "(rating >= 4 → positive, else negative; also >, <=, <, ==, !=)")
    p.add_argument("--epsilon", type=float, required=True, help="target epsilon of this job")
    p.add_argument("--delta", type=float, required=True, help="delta of this job")
    p.add_argument("--out", required=True, help="output directory for the model")
    p.add_argument("--overwrite", action="store_true",
                   help="replace the model already in --out (atomically, once the new one is written; the ledger "
                   "and audit log record which job superseded which). Without it such an --out is refused")
    _training_arguments(p)
    _preparation_arguments(p)
    _output_arguments(p)
    p.add_argument("--home", help="Veil home (default $VEIL_HOME or ./.veil)")
    p.set_defaults(func=run)


def _training_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--epochs", type=int, default=D["epochs"], help="default: %(default)s")
    p.add_argument("--batch-size", type=int, default=D["batch_size"], help="expected privacy units (users or events) per step (default: %(default)s)")
    p.add_argument("--max-examples-per-user", type=int, default=D["max_examples_per_user"], metavar="K", help="default: %(default)s")
    p.add_argument("--model", default=D["model"], help="base model: directory or built-in name (default: %(default)s)")
    p.add_argument("--privacy-unit", choices=PRIVACY_UNITS, default=D["privacy_unit"], help="what one clipped, Poisson-sampled unit is (default: %(default)s)")
    p.add_argument("--accountant", choices=accountant_names(), default=D["accountant"], help="default: %(default)s")
    p.add_argument("--max-length", type=int, default=D["max_length"], help="max tokens per text (default: %(default)s)")
    p.add_argument("--lr", type=float, default=None, help="learning rate (AdamW; default: by mode, see trainer/config.py)")
    p.add_argument("--max-grad-norm", type=float, default=D["max_grad_norm"], help="clipping norm per privacy unit (default: %(default)s)")
    p.add_argument("--train-layers", type=int, default=D["train_layers"], help="top encoder layers to train; 0 trains only the head (the classifier; with --pooling cls also the pooler) (default: %(default)s)")
    p.add_argument("--pooling", choices=POOLINGS, default=D["pooling"],
                   help="mean: normalised mean of the last hidden states into a linear head (sentence-transformers "
                   "style; fewest parameters, least DP noise); cls: first token through the pooler (default: %(default)s)")
    p.add_argument("--lora-rank", type=int, default=D["lora_rank"], metavar="R",
                   help="train LoRA adapters of rank R (query/value of every layer) + the head on a frozen backbone, "
                   "merged into the saved model; 0: off (default: %(default)s)")
    p.add_argument("--lora-alpha", type=float, default=None, help="LoRA scaling alpha (default: 2 x rank)")
    p.add_argument("--labels", help="comma-separated label set fixed in advance (default: from the data)")
    p.add_argument("--validation-fraction", type=float, default=D["validation_fraction"], help="share of users held out (default: %(default)s)")
    p.add_argument("--seed", type=int, default=D["seed"], help="split/cap/head-init seed (never the DP noise)")
    p.add_argument("--device", default=D["device"], help="cpu, cuda, or auto (CUDA when available)")
    p.add_argument("--job-id", help="ledger job id (default: generated)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--checkpoint-every", type=int, default=D["checkpoint_every"], metavar="N",
                   help="checkpoint into OUT/.checkpoint every N DP steps; 0: never (default: %(default)s)")
    p.add_argument("--resume", action="store_true",
                   help="resume the job checkpointed in OUT/.checkpoint (same options; its ledger reservation is "
                   "reused). Without it a matching checkpoint is resumed anyway; this makes a missing one an error")
    p.add_argument("--audit", nargs="?", type=int, const=True, default=None, metavar="CANARIES",
                   help="audit the guarantee empirically in this very run (one-run audit, Steinke et al. 2023): "
                   "plant CANARIES (default 1000, or one per trained parameter when fewer) gradient-canary units, report a 95%% lower bound on epsilon in "
                   "privacy.json and the model card, and refuse to publish (exit 4) if it exceeds the claim")


def _output_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--compare-non-private", action="store_true",
                   help="also train the same model WITHOUT DP on the same split and report its held-out metrics "
                   "beside the private one's (marked as using the data without a guarantee; never published)")
    p.add_argument("--tensorboard", metavar="DIR", default=D["tensorboard"],
                   help="write TensorBoard event files (loss, epsilon spent so far, learning rate, validation "
                   "metrics) to DIR (default: OUT/tensorboard, published with the model)")
    p.add_argument("--no-tensorboard", action="store_true", help="write no TensorBoard files")


def _preparation_arguments(p: argparse.ArgumentParser) -> None:
    from veil.trainer import DEDUP_MODES, SHINGLES

    g = p.add_argument_group("data preparation (within each user, before any gradient)")
    g.add_argument("--min-chars", type=int, default=D["min_chars"], metavar="N",
                   help="remove texts with fewer than N characters besides placeholders (default: %(default)s)")
    g.add_argument("--keep-placeholder-only", action="store_true",
                   help="keep texts that are only placeholders after scrubbing (default: removed)")
    g.add_argument("--dedup", choices=DEDUP_MODES, default=D["dedup"],
                   help="user: exact and near-duplicates within each user; exact: exact only; off (default: "
                   "%(default)s). Never across users: that would make one user's data depend on another's")
    g.add_argument("--near-duplicate-threshold", type=float, default=D["near_duplicate_threshold"], metavar="J",
                   help="Jaccard similarity of shingle sets at or above which two texts are near-duplicates "
                   "(default: %(default)s)")
    g.add_argument("--dedup-shingles", choices=SHINGLES, default=D["dedup_shingles"],
                   help="shingles compared (default: %(default)s; see benchmarks/README.md)")
    g.add_argument("--dedup-reference", metavar="FILE",
                   help="also remove texts that match one of a fixed reference set (UTF-8, one text per line); "
                   "its SHA-256 is recorded in privacy.json, the ledger and the audit log")


def run(args: argparse.Namespace) -> int:
    from veil.trainer import PrivacyAuditFailed, run_training

    config = _config(args)
    try:
        # the home is resolved (created) only once the job's early checks pass
        result = run_training(config, args.home)
    except PrivacyAuditFailed as exc:
        print(f"veil train: {exc}", file=sys.stderr)
        print(json.dumps({"audit": exc.result}), file=sys.stderr)
        return EXIT_AUDIT_FAILED  # (BudgetRefused, exit 3: the CLI's error boundary prints it)
    print(json.dumps(_summary(result, args)))
    return 0


def _config(args: argparse.Namespace) -> TrainConfig:
    return TrainConfig(
        store=args.store,
        topic=args.topic,
        text_field=args.text_field,
        label_field=args.label_field,
        epsilon=args.epsilon,
        delta=args.delta,
        out=args.out,
        epochs=args.epochs,
        batch_size=args.batch_size,
        max_examples_per_user=args.max_examples_per_user,
        model=args.model,
        max_length=args.max_length,
        learning_rate=args.lr,
        max_grad_norm=args.max_grad_norm,
        accountant=args.accountant,
        privacy_unit=args.privacy_unit,
        seed=args.seed,
        validation_fraction=args.validation_fraction,
        train_layers=args.train_layers,
        pooling=args.pooling,
        lora_rank=args.lora_rank,
        lora_alpha=args.lora_alpha,
        labels=[s.strip() for s in args.labels.split(",") if s.strip()] if args.labels else None,
        progress=not args.no_progress and sys.stderr.isatty(),
        job_id=args.job_id,
        audit=args.audit,
        device=args.device,
        positive_if=args.positive_if,
        checkpoint_every=args.checkpoint_every,
        resume=args.resume,
        overwrite=args.overwrite,
        min_chars=args.min_chars,
        drop_placeholder_only=not args.keep_placeholder_only,
        dedup=args.dedup,
        near_duplicate_threshold=args.near_duplicate_threshold,
        dedup_shingles=args.dedup_shingles,
        dedup_reference=args.dedup_reference,
        compare_non_private=args.compare_non_private,
        tensorboard=None if args.no_tensorboard else args.tensorboard,
    )


def _summary(result, args: argparse.Namespace) -> dict:
    val = result.metrics.get("validation", {})
    summary = {
        "job_id": result.job_id,
        "out": str(result.out),
        "epsilon": round(result.epsilon, 4),
        "target_epsilon": result.target_epsilon,
        "delta": result.delta,
        "unit": result.privacy_unit,
        "accountant": result.accountant,
        "noise_multiplier": round(result.noise_multiplier, 4),
        "sample_rate": round(result.sample_rate, 6),
        "steps": result.steps,
        "mode": result.metrics.get("training_mode"),
        "val_accuracy": val.get("accuracy"),
        "val_macro_f1": (val.get("macro") or {}).get("f1"),
        "val_roc_auc": val.get("roc_auc"),
        "baseline_accuracy": (val.get("baseline") or {}).get("accuracy"),
        "n_train": result.metrics.get("n_train"),
        "n_val": result.metrics.get("n_val"),
        "seconds": round(result.seconds, 1),
    }
    privacy = json.loads((result.out / "privacy.json").read_text())
    prep = privacy.get("preparation") or {}
    summary["preparation"] = {"removed": prep.get("removed"), "truncated": prep.get("truncated")}
    non_private = (result.metrics.get("non_private") or {}).get("validation")
    if non_private:
        summary["non_private"] = {"val_accuracy": non_private.get("accuracy"),
                                  "val_macro_f1": (non_private.get("macro") or {}).get("f1"),
                                  "guarantee": "none (not published)"}
    if privacy.get("supersedes"):
        summary["supersedes"] = privacy["supersedes"]["job_id"]
    audit = privacy.get("audit") if args.audit else None
    if audit:
        summary["audit"] = {k: audit[k] for k in ("passed", "claimed_epsilon", "epsilon_lower_bound", "ceiling",
                                                  "canaries", "guesses", "correct", "confidence")}
    return summary
