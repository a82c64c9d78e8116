"""``veil predict``: classify texts with a model written by ``veil train``."""

from __future__ import annotations

import argparse
import json
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "predict",
        help="classify texts with a trained model",
        description="Print the predicted label and its probability for each text (one line each).",
    )
    p.add_argument("--model", required=True, help="model directory written by `veil train`")
    p.add_argument("texts", nargs="*", help="texts to classify (default: one per line on stdin)")
    p.add_argument("--json", action="store_true", help="JSON lines instead of tab-separated")
    p.add_argument("--max-length", type=int, default=128)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from veil.core import UsageError
    from veil.trainer import load_classifier, predict

    if args.max_length < 8:
        raise UsageError("--max-length must be >= 8")
    model, tokenizer = load_classifier(args.model)  # TrainingError (exit 2) for a bad model dir
    texts = list(args.texts) or [line.rstrip("\n") for line in sys.stdin if line.strip()]
    if not texts:
        raise UsageError("no texts given: pass them as arguments or one per line on stdin")

    for text, (label, score) in zip(texts, predict(model, tokenizer, texts, max_length=args.max_length)):
        if args.json:
            print(json.dumps({"text": text, "label": label, "score": round(score, 4)}))
        else:
            print(f"{label}\t{score:.4f}\t{text}")
    return 0
