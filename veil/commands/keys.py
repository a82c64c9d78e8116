"""``veil keys init|export-public``: the ingest service's X25519 key pair, to which devices
seal user keys and pseudonymised values (``veil_edge``).

``init`` creates it under the Veil home (``keys/ingest_x25519.key``, 0600) and refuses to
replace one; ``export-public`` (read-only) prints the public key, the one line a device
build needs (``veil-edge ... --public-key FILE``), or writes it with ``-o``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from veil.core.settings import Home


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("keys", help="the ingest key pair devices seal identifiers to",
                              description="Manage the ingest service's X25519 key pair (see veil_edge).")
    sub = p.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    init = sub.add_parser("init", help="create the key pair under the Veil home (refuses to replace one)")
    init.add_argument("--home", metavar="DIR", help="Veil home (default: $VEIL_HOME or ./.veil)")
    init.set_defaults(func=run_init)
    export = sub.add_parser("export-public", help="print the public key for device builds")
    export.add_argument("--home", metavar="DIR", help="Veil home (default: $VEIL_HOME or ./.veil)")
    export.add_argument("-o", "--output", type=Path, help="write it to this file instead of printing it")
    export.set_defaults(func=run_export)


def run_init(args: argparse.Namespace) -> int:
    from veil.ingest import create_edge_keys, edge_key_path
    from veil_edge import SealError, load_private_key, public_key_text

    home = Home.resolve(args.home, create=False)
    if edge_key_path(home.keys_dir).exists():
        raise SealError(f"{edge_key_path(home.keys_dir)} exists already; `veil keys export-public` prints its public key")
    if not home.root.is_dir():
        home = Home.resolve(args.home)
    path = create_edge_keys(home.keys_dir)
    print(f"created the ingest key pair {path}; public key (for device builds):")
    print(public_key_text(load_private_key(path).public_key()))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from veil.core.outputs import atomic_output, check_output
    from veil.ingest import edge_key_path
    from veil_edge import load_private_key, public_key_text

    if args.output is not None:
        check_output(args.output)
    home = Home.existing(args.home)
    line = public_key_text(load_private_key(edge_key_path(home.keys_dir)).public_key())
    if args.output is None:
        print(line)
        return 0
    with atomic_output(args.output) as out:
        out.write(line + "\n")
    print(f"wrote the ingest public key to {args.output}")
    return 0
