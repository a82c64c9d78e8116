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
