"""One module per ``veil`` sub-command, each exposing ``register(subparsers)``.

Helpers shared by several commands live here.
"""

from __future__ import annotations

import argparse


def add_home_arguments(parser: argparse.ArgumentParser, *, leaf: bool) -> None:
    """``--home`` and ``--ledger`` for a command group (``leaf=False``) and its actions
    (``leaf=True``): accepted before or after the action, and the action's default must
    not override a value given to the group."""
    parser.add_argument(
        "--home",
        metavar="DIR",
        default=argparse.SUPPRESS if leaf else None,
        help="Veil home directory (default: $VEIL_HOME or ./.veil)",
    )
    parser.add_argument(
        "--ledger",
        metavar="URL",
        default=argparse.SUPPRESS if leaf else None,
        help="ledger: postgresql://USER@HOST/DB (shared by several machines) or a SQLite path "
        "(default: $VEIL_LEDGER_URL or HOME/ledger.sqlite)",
    )


def _number(text: str, kind: type, check, what: str):
    try:
        value = kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not {'a whole number' if kind is int else 'a number'}: {text!r}") from None
    if kind is float and value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"not a finite number: {text!r}")
    if not check(value):
        raise argparse.ArgumentTypeError(f"must be {what}, got {text}")
    return value


def positive_int(text: str) -> int:
    """argparse type: an integer >= 1."""
    return _number(text, int, lambda v: v >= 1, "at least 1")


def non_negative_int(text: str) -> int:
    """argparse type: an integer >= 0."""
    return _number(text, int, lambda v: v >= 0, ">= 0")


def positive_float(text: str) -> float:
    """argparse type: a finite number > 0."""
    return _number(text, float, lambda v: v > 0, "> 0")


def fraction(text: str) -> float:
    """argparse type: a number between 0 and 1."""
    return _number(text, float, lambda v: 0 <= v <= 1, "between 0 and 1")
