"""``veil store``: housekeeping of the Parquet store.

    veil store prune --store DIR --older-than DAYS [--topic T] [--dry-run]

Removes ``date=YYYY-MM-DD`` partitions older than the cutoff (UTC) and logs one
``retention_pruned`` audit entry per topic (dates, files, rows).  Files that hold a
partition's high-water offset (or belong to a flush that has newer files) are kept
as empty tombstones so the ingest worker never re-reads pruned events; see
:mod:`store.retention`.
"""

from __future__ import annotations

import argparse
import json

from veil.core.settings import Home


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of days: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {value}")
    return value


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "store",
        help="store housekeeping (retention)",
        description="Housekeeping of the Parquet store.",
    )
    sub = parser.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    p = sub.add_parser(
        "prune",
        help="remove date partitions older than N days (audited)",
        description="Remove date=YYYY-MM-DD partitions strictly older than today (UTC) minus DAYS, and log "
        "a retention_pruned audit entry per topic. The last flush of each Kafka partition is kept as an "
        "empty tombstone so ingestion never re-reads pruned events.",
    )
    p.add_argument("--store", required=True, metavar="DIR|URL", help="the store: a directory or s3://bucket/prefix")
    p.add_argument("--older-than", required=True, type=_days, metavar="DAYS", dest="older_than")
    p.add_argument("--topic", metavar="T", help="only this topic (default: every topic)")
    p.add_argument("--dry-run", action="store_true", help="show what would be pruned; change nothing")
    p.add_argument("--home", metavar="DIR", help="Veil home (default: $VEIL_HOME or ./.veil)")
    p.add_argument("--ledger", metavar="URL", help="ledger URL (default: $VEIL_LEDGER_URL or HOME/ledger.sqlite)")
    p.set_defaults(func=cmd_prune)


def cmd_prune(args: argparse.Namespace) -> int:
    from veil.core import UsageError
    from veil.store import check_topic, prune
    from veil.store import resolve_location as resolve

    try:
        location = resolve(args.store)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if location.is_local and not location.is_dir():
        raise UsageError(f"--store {args.store} is not a directory")
    if args.topic is not None:
        try:
            check_topic(args.topic)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    audit_log = None
    if not args.dry_run:
        from veil.audit import open_audit

        _ledger, audit_log = open_audit(Home.resolve(args.home), args.ledger)
    try:
        results = prune(location, args.older_than, args.topic, dry_run=args.dry_run, audit_log=audit_log)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    print(json.dumps({
        "dry_run": args.dry_run,
        "older_than_days": args.older_than,
        "topics": [r.to_dict() for r in results],
        "files": sum(len(r.files) for r in results),
        "rows": sum(r.rows for r in results),
    }))
    return 0
