"""``veil serve``: a trained model as an HTTP endpoint (see ``trainer/serving.py``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from veil.core import UsageError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "serve",
        help="serve a trained model over HTTP (POST /v1/predict, /healthz, /metrics, /v1/model)",
        description=(
            "Serve a model written by `veil train` on an ASGI server (Starlette on uvicorn): POST /v1/predict "
            "with {\"texts\": [...]} answers a label and every class's probability per text. Texts first pass "
            "through the policy's scrubbing of the model's text field, as at ingest. Request texts are never logged."
        ),
    )
    p.add_argument("--model", required=True, metavar="ID|DIR", help="a model id (`veil models list`) or directory")
    p.add_argument("--port", type=int, required=True, help="TCP port (1-65535)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s; 0.0.0.0 in a container)")
    p.add_argument("--policy", help="the policy the store was written with (default: the built-in one)")
    p.add_argument("--allow-policy-mismatch", action="store_true",
                   help="serve under --policy although the model's training rows were written under another "
                        "(refused by default: train and serve would see different text)")
    p.add_argument("--no-scrub", action="store_true",
                   help="classify texts as they come (only for a model whose text field the policy keeps unchanged)")
    p.add_argument("--max-batch", type=int, default=64, help="texts per request (default: %(default)s)")
    p.add_argument("--max-body-bytes", type=int, default=1 << 20, help="request body limit (default: %(default)s)")
    p.add_argument("--max-text-chars", type=int, default=5000, help="characters per text (default: %(default)s)")
    p.add_argument("--max-length", type=int, default=128, help="tokens per text (default: %(default)s)")
    p.add_argument("--threads", type=int, help="torch threads per forward pass (default: torch's, one per core; "
                   "1 is faster on a busy machine, see benchmarks/README.md)")
    p.add_argument("--home", help="Veil home, to find a model by id (default $VEIL_HOME or ./.veil)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from veil.trainer import serve_model

    if not 1 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: give a TCP port between 1 and 65535")
    for name in ("max_batch", "max_body_bytes", "max_text_chars"):
        if getattr(args, name) < 1:
            raise UsageError(f"--{name.replace('_', '-')} must be >= 1")
    if args.max_length < 8:
        raise UsageError("--max-length must be >= 8")
    if args.threads is not None and args.threads < 1:
        raise UsageError("--threads must be >= 1")
    model_dir = resolve_model(args.model, args.home)
    policy = None
    if not args.no_scrub:
        from veil.anonymize import load_policy

        if args.policy is not None and not Path(args.policy).is_file():
            raise UsageError(f"--policy {args.policy} is not a file")
        policy = load_policy(args.policy)  # PolicyError: one line, exit 2
    serve_model(model_dir, host=args.host, port=args.port, policy=policy, max_body_bytes=args.max_body_bytes,
                max_batch=args.max_batch, max_text_chars=args.max_text_chars, max_length=args.max_length,
                threads=args.threads, allow_policy_mismatch=args.allow_policy_mismatch)
    return 0


def resolve_model(ref: str, home: str | None) -> Path:
    """A model directory, or the path the registry records for a model id."""
    path = Path(ref).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise UsageError(f"--model {ref} holds no model (no config.json): give the --out of `veil train`")
        return path.resolve()
    try:
        from veil.commands.models import find_model
    except ImportError:  # pragma: no cover - registry not built
        find_model = None
    if find_model is not None and "/" not in ref:
        return find_model(ref, home)
    raise UsageError(f"--model {ref}: no such directory; give a model directory or an id from `veil models list`")
