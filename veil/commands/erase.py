"""``veil erase``: serve a right-to-erasure request for one user.

    veil erase --user ID --store DIR|URL [--topic T ...] [--policy FILE] [--request-id TICKET]
               [--dry-run] [--actor NAME]

Parses the request and prints what :func:`veil.audit.serve_erasure` did: a JSON summary on
stdout (``outcome``: ``erased``, ``nothing_found`` or, with ``--dry-run``, ``would_erase``),
the same in words on stderr, then each model trained on the user's data with the bound
its DP guarantee gives.  A store or topic that does not exist is an error (exit 2) and
nothing is logged; ``--dry-run`` changes and logs nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from veil.core.settings import Home


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "erase",
        help="remove one user's rows from the store and local dead letters",
        description="Rewrites every affected Parquet file atomically without the user's rows and logs "
        "the erasure by pseudonym only (the raw id is never written anywhere).",
    )
    p.add_argument("--user", required=True, metavar="ID", help="the user's raw key value (e.g. user_id)")
    p.add_argument("--store", required=True, metavar="DIR|URL", help="the store: a directory or s3://bucket/prefix")
    p.add_argument("--topic", dest="topics", action="append", metavar="T", help="only these topics (default: all)")
    p.add_argument("--policy", type=Path, metavar="FILE", help="policy that names the user key (default: built-in)")
    p.add_argument("--request-id", metavar="TICKET",
                   help="the data-subject request's ticket, recorded in the audit entry (not the user's identity)")
    p.add_argument("--dry-run", action="store_true", help="show what would be removed; change and log nothing")
    p.add_argument("--actor", metavar="NAME", help="who serves the request (default: $VEIL_ACTOR; the OS user and "
                   "host are always recorded)")
    p.add_argument("--home", metavar="DIR", help="Veil home (default: $VEIL_HOME or ./.veil)")
    p.add_argument("--ledger", metavar="URL", help="ledger URL (default: $VEIL_LEDGER_URL or HOME/ledger.sqlite)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from veil.anonymize import load_policy
    from veil.audit import serve_erasure as serve

    policy = load_policy(args.policy)
    outcome = serve(Home.existing(args.home), args.store, args.user, policy, args.topics,
                    ledger_url=args.ledger, request_id=args.request_id, dry_run=args.dry_run, actor=args.actor)
    print(json.dumps(outcome.to_dict()))
    print(outcome.message, file=sys.stderr)
    for model in outcome.models:
        print(f"model {model['job_id']} ({model['out']}): {model['statement']}", file=sys.stderr)
    return 0

