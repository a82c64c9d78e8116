"""The ``veil`` command line.  Each sub-command lives in ``veil/commands/<name>.py``
and exposes ``register(subparsers)``; this module wires them together and is the one
error boundary: whatever a command raises becomes one line on stderr and an exit code
from :data:`veil.core.errors.EXIT_CODES` (README.md, *Exit codes*), never a traceback
(``-v`` shows one for internal errors)."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from typing import NoReturn

from veil.core.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_REFUSED, EXIT_USAGE, VeilError
from veil.core.settings import configure_offline
from veil.core.version import __version__

# Order is the order ``veil --help`` lists them in.
COMMANDS = ["ingest", "scrub", "deadletter", "train", "federate", "predict", "models", "serve", "budget", "audit",
            "erase", "store", "keys", "demo"]

log = logging.getLogger("veil.cli")


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors: ``veil scrub: <problem> (see veil scrub --help)``."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="veil",
        description="Privacy-preserving event ingestion, anonymisation and DP fine-tuning.",
    )
    parser.add_argument("--version", action="version", version=f"veil {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging (and tracebacks of internal errors)")
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
    # the edge's policy cache speeds a device's launch; on the server it would only be a
    # file in the user's home that no command asked for (and read-only ones must create nothing)
    os.environ.setdefault("VEIL_EDGE_POLICY_CACHE", "off")
    parser = build_parser()
    args = parser.parse_args(argv)
    from veil.core.logs import setup_logging

    setup_logging(verbose=args.verbose)
    name = f"veil {args.command}"
    try:
        return int(args.func(args) or 0)
    except VeilError as exc:
        # exit 3 means refused (the budget, EXIT_CODES): the word comes with the code, here once
        refused = "refused: " if exc.exit_code == EXIT_REFUSED else ""
        print(f"{name}: {refused}{exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{name}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the boundary: a bug is one line, not a traceback
        return _internal_error(name, exc, verbose=args.verbose)


def _internal_error(name: str, exc: Exception, *, verbose: bool) -> int:
    """A bug: its type only (messages of parsers can quote input), the traceback under -v."""
    if verbose:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    print(f"{name}: internal error ({type(exc).__name__}); rerun with -v for the traceback and report it",
          file=sys.stderr)
    return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
