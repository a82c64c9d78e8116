"""The ``veil`` command line.  Each sub-command lives in ``veil/commands/<name>.py``
and exposes ``register(subparsers)``; this module only wires them together."""

from __future__ import annotations

import argparse
import importlib
import sys

from veil import __version__
from veil.settings import configure_offline

# Order is the order ``veil --help`` lists them in.
COMMANDS = ["ingest", "scrub", "train", "predict", "budget", "audit", "erase", "store", "demo"]


class UsageError(Exception):
    """A mistake the user can fix; printed as one line, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="veil",
        description="Privacy-preserving event ingestion, anonymisation and DP fine-tuning.",
    )
    parser.add_argument("--version", action="version", version=f"veil {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"veil.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"veil.commands.{name}":
                continue  # command not built yet
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    configure_offline()
    parser = build_parser()
    args = parser.parse_args(argv)
    from veil.logs import setup_logging

    setup_logging(verbose=args.verbose)
    try:
        return int(args.func(args) or 0)
    except UsageError as exc:
        print(f"veil {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
