"""``veil ingest``: a consumer-group worker from Kafka topics into the sanitised store."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from veil.commands import positive_float, positive_int
from veil.core.settings import Home


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ingest",
        help="consume Kafka topics, sanitise events, write Parquet (exactly once)",
        description="A consumer-group worker: run several with the same --group to share partitions.",
    )
    p.add_argument("--bootstrap", required=True, metavar="HOST:PORT", help="Kafka bootstrap server(s), comma-separated")
    p.add_argument("--topic", dest="topics", action="append", required=True, metavar="T", help="topic to consume (repeatable)")
    p.add_argument("--store", required=True, metavar="DIR|URL",
                   help="root of the Parquet store: a directory or s3://bucket/prefix "
                        "(endpoint from VEIL_S3_ENDPOINT or AWS_ENDPOINT_URL, credentials from the AWS variables)")
    p.add_argument("--group", default="veil-ingest", help="consumer group id (default: %(default)s)")
    p.add_argument("--policy", type=Path, metavar="FILE", help="policy YAML (default: built-in safe policy)")
    p.add_argument("--home", metavar="DIR", help="Veil home: keys, ledger, audit log (default: $VEIL_HOME or ./.veil)")
    p.add_argument("--exit-when-idle", type=positive_float, metavar="SECONDS",
                   help="flush, commit and exit 0 after this long without new messages")
    p.add_argument("--flush-rows", type=positive_int, default=5000, help="flush a partition at this many rows (default: %(default)s)")
    p.add_argument("--flush-seconds", type=positive_float, default=10.0, help="flush a partition this long after its first row (default: %(default)s)")
    p.add_argument("--max-poll-records", type=positive_int, default=500, help="records per poll (default: %(default)s)")
    p.add_argument("--max-poll-interval-ms", type=positive_int, default=300_000, help="Kafka max.poll.interval.ms, also the rebalance timeout")
    p.add_argument("--session-timeout-ms", type=positive_int, default=10_000, help="Kafka session.timeout.ms")
    p.add_argument("--max-message-bytes", type=positive_int, default=1 << 20, help="larger messages are dead-lettered (default: 1 MiB)")
    p.add_argument("--max-depth", type=positive_int, default=32, help="deeper-nested events are dead-lettered (default: %(default)s)")
    p.add_argument("--metrics-port", type=positive_int, metavar="PORT", help="serve Prometheus metrics on this port")
    p.add_argument("--edge-untrusted", choices=["raw", "dead_letter"], default="raw",
                   help="a message from the edge under an unknown policy hash or with a broken seal: "
                        "treat it as raw (default) or dead-letter it; counted either way")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from veil.anonymize import Sanitizer, load_policy
    from veil.audit import open_audit
    from veil.ingest import EdgeGate, IngestConfig, IngestWorker, Limits, tune_gc
    from veil.ingest import IngestMetrics
    from veil.store import check_topic
    from veil.store import normalize_location as normalize
    from veil.core import UsageError

    try:
        for topic in args.topics:
            check_topic(topic)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    policy = load_policy(args.policy)  # every argument is checked before the home is touched
    home = Home.resolve(args.home)
    sanitizer = Sanitizer(policy, home.pseudonym_key())
    # Load the NLP engines before joining the group: the first poll must not stall a rebalance.
    sanitizer.warm_up()
    _ledger, audit_log = open_audit(home)
    metrics = IngestMetrics()
    if args.metrics_port:
        metrics.serve(args.metrics_port)
    config = IngestConfig(
        bootstrap=args.bootstrap,
        topics=args.topics,
        store=normalize(args.store),
        group=args.group,
        flush_rows=args.flush_rows,
        flush_seconds=args.flush_seconds,
        exit_when_idle=args.exit_when_idle,
        max_poll_records=args.max_poll_records,
        max_poll_interval_ms=args.max_poll_interval_ms,
        session_timeout_ms=args.session_timeout_ms,
        limits=Limits(args.max_message_bytes, args.max_depth),
    )
    edge = EdgeGate.for_home(home.keys_dir, {policy.hash}, args.edge_untrusted)  # events scrubbed at the edge
    worker = IngestWorker(config, sanitizer, policy.hash, home.deadletter_key(), audit_log, metrics, edge)
    worker.install_signal_handlers()
    tune_gc()
    totals = worker.run()
    print(json.dumps({"events_in": totals["events_in"], "rows_written": totals["rows_written"],
                      "dead_letters": totals["dead_letters"], "files_written": totals["files_written"],
                      "dead_letters_by_reason": dict(worker.deadletters.counts)}))
    return 0
