"""``veil scrub``: the ingest policy applied to a JSON-lines file (files and backfills)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from veil.core.settings import Home


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text}")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    from veil.ingest import DEFAULT_MAX_BAD_FRACTION

    p = sub.add_parser(
        "scrub",
        help="sanitise a JSON-lines file into a file or into the store",
        description="Apply the same policy and scrubbing as `veil ingest` to a JSON-lines file. "
        "Bad lines are counted, reported and kept encrypted under --home. The output file is "
        "written aside and renamed when the run succeeded; it may not be the input.",
    )
    p.add_argument("input", type=Path, metavar="INPUT.jsonl")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("-o", "--output", type=Path, metavar="OUTPUT.jsonl",
                     help="one sanitised line per valid input line, same order")
    out.add_argument("--store", metavar="DIR|URL",
                     help="write into the Parquet store, a directory or s3://bucket/prefix (needs --topic)")
    p.add_argument("--topic", metavar="NAME", help="dataset name in the store")
    p.add_argument("--policy", type=Path, metavar="FILE", help="policy YAML (default: built-in safe policy)")
    p.add_argument("--home", metavar="DIR", help="Veil home (default: $VEIL_HOME or ./.veil)")
    p.add_argument("--batch-size", type=int, default=256, help="events per NLP batch (default: %(default)s)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="sanitising processes (default: %(default)s); output is identical for any N")
    p.add_argument("--max-bad-fraction", type=_fraction, default=DEFAULT_MAX_BAD_FRACTION, metavar="F",
                   help="fail (exit 5, no output file) when more than this share of the lines is rejected "
                   "(default: %(default)s)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from veil.anonymize import load_policy
    from veil.audit import open_audit
    from veil.core import BadInputError
    from veil.ingest import Backfill, BackfillConfig

    config = BackfillConfig(input=args.input, policy=load_policy(args.policy), policy_path=args.policy,
                            output=args.output, store=args.store, topic=args.topic, batch_size=args.batch_size,
                            workers=args.workers, max_bad_fraction=args.max_bad_fraction,
                            progress=sys.stderr.isatty())
    config.validate()  # before the home, keys or audit log are touched
    home = Home.resolve(args.home)
    _ledger, audit_log = open_audit(home)
    backfill = Backfill(config, pseudonym_key=home.pseudonym_key(), deadletter_dir=home.deadletter_dir,
                        deadletter_key=home.deadletter_key(), audit_log=audit_log)
    try:
        summary = backfill.run()
    except BadInputError:
        print(json.dumps(backfill.summary.to_dict()))
        raise
    print(json.dumps(summary.to_dict()))
    return 0
