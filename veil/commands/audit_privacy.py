"""``veil audit privacy``: dry-run the one-run privacy audit of a training configuration.

    veil audit privacy --config job.yaml            # TrainConfig fields (+ audit: {canaries: ...})
    veil audit privacy --epsilon 3 --delta 1e-5 --epochs 10 --batch-size 64 [--canaries 1000]

Trains once on synthetic data with a throw-away ledger (no budget spent), through the same
code as ``veil train --audit``; prints the result as JSON; exit 4 when the audited lower
bound on ε exceeds the claimed ε (the implementation is broken).
"""

from __future__ import annotations

import argparse
import json
import sys

from veil.core.errors import EXIT_AUDIT_FAILED
from veil.trainer import POOLINGS, PRIVACY_UNITS, accountant_names

# flag -> TrainConfig field (flags override the config file)
FLAGS = {
    "epsilon": float, "delta": float, "epochs": int, "batch_size": int, "max_examples_per_user": int,
    "model": str, "privacy_unit": str, "accountant": str, "max_length": int, "learning_rate": float,
    "max_grad_norm": float, "train_layers": int, "device": str, "seed": int,
    "pooling": str, "lora_rank": int,
}


def register(sub, home_arg) -> None:
    p = sub.add_parser(
        "privacy",
        help="dry-run the one-run privacy audit of a training configuration (synthetic data, no budget spent)",
        description=(
            "Train once with the given configuration on synthetic data, planting gradient canaries at the "
            "job's unit of privacy (Steinke, Nasr & Jagielski 2023), and report a lower bound on epsilon at "
            "the chosen confidence next to the claimed epsilon. Exit 4 when the bound exceeds the claim."
        ),
    )
    p.add_argument("--config", metavar="FILE", help="JSON or YAML training config (TrainConfig fields; "
                   "store/topic/fields/out are ignored; 'audit': {canaries, confidence, ...})")
    choices = {"privacy_unit": PRIVACY_UNITS, "accountant": accountant_names(), "pooling": POOLINGS}
    for name, typ in FLAGS.items():
        p.add_argument("--" + name.replace("_", "-"), dest=name, type=typ, default=None,
                       **({"choices": choices[name]} if name in choices else {}))
    p.add_argument("--canaries", type=int, default=None, help="canaries to plant (default 1000, or one per trained parameter when fewer)")
    p.add_argument("--confidence", type=float, default=None, help="confidence of the lower bound (default 0.95)")
    p.add_argument("--synthetic-users", type=int, default=400, help="synthetic users besides the canaries "
                   "(default: %(default)s; use the real topic's user count for the same sampling rate)")
    home_arg(p, leaf=True)
    p.set_defaults(func=cmd_privacy)


def cmd_privacy(args: argparse.Namespace) -> int:
    from veil.trainer import AuditConfig, TrainingError, load_config_file
    from veil.trainer import dry_run_privacy_audit as dry_run
    from veil.core import UsageError
    from veil.core.settings import Home, configure_offline

    configure_offline()
    try:
        settings = load_config_file(args.config) if args.config else {}
        for name in FLAGS:
            if getattr(args, name) is not None:
                settings[name] = getattr(args, name)
        audit = settings.get("audit") if isinstance(settings.get("audit"), dict) else {}
        if args.canaries is not None:
            audit["canaries"] = args.canaries
        if args.confidence is not None:
            audit["confidence"] = args.confidence
        audit_cfg = AuditConfig.from_value(audit or True)
        settings.pop("audit", None)
        if args.synthetic_users < 1:
            raise TrainingError("--synthetic-users must be >= 1")
        # not created yet: the dry run creates it only to log a result (a bad config creates nothing)
        result = dry_run(settings, home=Home.resolve(getattr(args, "home", None), create=False),
                         synthetic_users=args.synthetic_users, audit=audit_cfg)
    except (TrainingError, OSError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    print(json.dumps(result, indent=2))
    if not result["passed"]:
        print(f"veil audit privacy: {result['statement']}", file=sys.stderr)
        return EXIT_AUDIT_FAILED
    return 0
