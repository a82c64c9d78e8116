"""Ingest throughput: events per second from topic to committed Parquet, against a bare
kafka-python consume loop on the same topic in the same run (a ratio, because these
machines are shared and noisy), plus the worker's peak memory.

    python benchmarks/ingest_throughput.py [--events 20000] [--text-events 2000] [--repeat 1]

Structured-only events need no NLP; free-text events go through Presidio.  Each rate is
measured from the first message received to the last offset committed, so group-join
time (the same for both) is left out.  The bare loop decodes with ``json.loads``; the
worker with orjson (``json.loads`` for what orjson refuses, see ``ingest/decode.py``).
Both consume with kafka-python's default fetch settings (the worker raises
``max_partition_fetch_bytes`` by 1 KiB over its message-size limit).  ``--repeat N``
measures N bare/Veil pairs one after the other, each on a fresh consumer group, and adds
the median ratio (the machines are shared: load changes between pairs).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from veil.core.settings import configure_offline  # noqa: E402

configure_offline()


def structured(i: int) -> dict:
    return {"event_id": f"s{i}", "user_id": f"user-{i % 1000}", "ts": "2026-11-20T10:00:00Z",
            "sku": f"SKU-{i % 300:04d}", "amount": i % 500, "quantity": 1 + i % 3, "paid": True}


def produce(bootstrap: str, topic: str, events) -> None:
    from kafka import KafkaProducer

    producer = KafkaProducer(bootstrap_servers=bootstrap, linger_ms=50, batch_size=1 << 18)
    for i, event in enumerate(events):
        producer.send(topic, json.dumps(event).encode(), partition=i % 2)
    producer.flush()
    producer.close()


def bare_consume(bootstrap: str, topic: str, n: int, run: int = 0) -> float:
    from kafka import KafkaConsumer

    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=f"bare-{topic}-{run}",
                             auto_offset_reset="earliest", enable_auto_commit=False,
                             max_poll_interval_ms=20000, session_timeout_ms=6000)
    seen, first = 0, None
    while seen < n:
        for records in consumer.poll(timeout_ms=500).values():
            first = first or time.perf_counter()
            for record in records:
                json.loads(record.value)  # the least any consumer does
            seen += len(records)
    elapsed = time.perf_counter() - first
    consumer.close()
    return n / elapsed


def _veil_worker(bootstrap: str, topic: str, n: int, store: str, home: str, out, run: int) -> None:
    from veil.anonymize import Sanitizer, load_policy
    from veil.audit import open_audit
    from veil.ingest import IngestConfig, IngestWorker, tune_gc
    from veil.core.settings import Home

    h = Home.resolve(home)
    policy = load_policy(None)
    sanitizer = Sanitizer(policy, h.pseudonym_key())
    sanitizer.warm_up()
    _ledger, log = open_audit(h)
    worker = IngestWorker(IngestConfig(bootstrap=bootstrap, topics=[topic], store=Path(store),
                                       group=f"veil-{topic}-{run}", exit_when_idle=2.0, max_poll_interval_ms=120000,
                                       session_timeout_ms=6000),
                          sanitizer, policy.hash, h.deadletter_key(), log)
    tune_gc()  # as `veil ingest` does
    totals = worker.run()
    assert totals["rows_written"] == n, totals
    rate = n / (worker.last_commit_at - worker.first_message_at)
    out.put((rate, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def veil_ingest(bootstrap: str, topic: str, n: int, run: int = 0) -> tuple[float, float]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    with tempfile.TemporaryDirectory() as tmp:
        proc = ctx.Process(target=_veil_worker, args=(bootstrap, topic, n, f"{tmp}/store", f"{tmp}/home", queue, run))
        proc.start()
        rate, peak_mb = queue.get(timeout=3600)
        proc.join()
    return rate, peak_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20000, help="structured-only events")
    parser.add_argument("--text-events", type=int, default=2000, help="free-text events")
    parser.add_argument("--repeat", type=int, default=1, help="bare/Veil pairs per workload (median ratio added)")
    args = parser.parse_args()

    from veil.ingest import LocalBroker
    from veil.demo_data import generate

    with LocalBroker() as broker:
        for name in ("structured", "freetext"):
            broker.create_topic(name, partitions=2)
        produce(broker.bootstrap, "structured", (structured(i) for i in range(args.events)))
        texts = [dict(e, event_id=f"f{i}") for i, (_t, e) in enumerate(generate(args.text_events, seed=3))]
        produce(broker.bootstrap, "freetext", texts)

        print(f"{'workload':<12} {'events':>7} {'bare ev/s':>10} {'veil ev/s':>10} {'ratio':>6} {'veil peak MB':>13}")
        for name, n in (("structured", args.events), ("freetext", args.text_events)):
            ratios = []
            for run in range(args.repeat):
                bare = bare_consume(broker.bootstrap, name, n, run)
                rate, peak = veil_ingest(broker.bootstrap, name, n, run)
                ratios.append(rate / bare)
                print(f"{name:<12} {n:>7} {bare:>10.0f} {rate:>10.0f} {rate / bare:>6.2f} {peak:>13.0f}", flush=True)
            if args.repeat > 1:
                print(f"{name:<12} median ratio of {args.repeat}: {statistics.median(ratios):.2f}"
                      f" (min {min(ratios):.2f}, max {max(ratios):.2f})", flush=True)


if __name__ == "__main__":
    main()
