"""Scale-out: throughput of 1 and then 2 ``veil ingest`` workers (real subprocesses, one
consumer group) on a 4-partition topic of the local broker, and their ratio.

    python benchmarks/scale_out.py [--events 3000] [--workers 1 2] [--repeat R] [--store DIR|s3://…]

Each round uses a fresh topic and store.  The workers start first, load their NLP engine,
join the group and settle (every worker logged a partition assignment); only then are the
events produced, so start-up and rebalancing are left out.  The rate is events divided by
the time from the first event produced to the moment the store holds the last offset of
every partition (files are polled read-only; workers flush every second).  The events are
the demo generator's (reviews, support chats, sign-ups, …): free text through Presidio,
which is what costs CPU.  The broker and the producer run on the same machine, so a
machine with C cores gives at most about C-1 cores to the workers.  On a shared machine
use ``--repeat``: the worker counts are run in turn R times and the summary gives the
median and the best rate per count, and the ratios of both.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from veil.core.settings import configure_offline  # noqa: E402

configure_offline()

PARTITIONS = 4


def produce(bootstrap: str, topic: str, events: list[bytes]) -> None:
    from kafka import KafkaProducer

    producer = KafkaProducer(bootstrap_servers=bootstrap, linger_ms=20, batch_size=1 << 18)
    for i, value in enumerate(events):
        producer.send(topic, value, partition=i % PARTITIONS)
    producer.flush()
    producer.close()


class Worker:
    """One ``veil ingest`` process; its JSON log lines are read on a thread."""

    def __init__(self, bootstrap: str, topic: str, store: str, home: str, group: str):
        self.assigned = threading.Event()
        self.lines: list[dict] = []
        cmd = [sys.executable, "-m", "veil", "ingest", "--bootstrap", bootstrap, "--topic", topic,
               "--store", store, "--group", group, "--flush-seconds", "1", "--session-timeout-ms", "6000",
               "--max-poll-interval-ms", "20000"]
        env = {**os.environ, "VEIL_HOME": home}
        self.process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                        cwd=ROOT)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            self.lines.append(entry)
            if entry.get("msg") == "partition assigned":
                self.assigned.set()

    def stop(self) -> dict:
        """SIGTERM (flush, commit, exit 0) and the worker's summary line."""
        self.process.send_signal(signal.SIGTERM)
        out, _ = self.process.communicate(timeout=120)
        self._reader.join(timeout=5)
        lines = [line for line in out.strip().splitlines() if line.startswith("{")]
        return json.loads(lines[-1]) if lines else {}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stored_through(store: str, topic: str) -> dict[int, int]:
    """Highest last offset per partition in the store (read-only: no repair)."""
    from veil.store import list_files

    high: dict[int, int] = {}
    for part in list_files(store, topic):
        if part.partition is not None:
            high[part.partition] = max(high.get(part.partition, -1), part.last_offset)
    return high


def one_round(broker, n_workers: int, events: list[bytes], store_root: str, tmp: str, timeout: float) -> dict:
    topic = f"scale-{n_workers}-{uuid.uuid4().hex[:6]}"
    broker.create_topic(topic, partitions=PARTITIONS)
    store = f"{store_root}/{topic}-store"
    home = f"{tmp}/home"  # one home: the workers share the pseudonym key, as in a deployment
    workers = [Worker(broker.bootstrap, topic, store, home, f"g-{topic}") for _ in range(n_workers)]
    try:
        deadline = time.monotonic() + timeout
        for w in workers:
            if not w.assigned.wait(max(1.0, deadline - time.monotonic())):
                raise RuntimeError("a worker did not join the group in time")
        time.sleep(3)  # let the last rebalance settle
        expected = {p: len(range(p, len(events), PARTITIONS)) - 1 for p in range(PARTITIONS)}
        cpu_before = [cpu_seconds(w.process.pid) for w in workers]
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        produce(broker.bootstrap, topic, events)
        produced = time.perf_counter() - started
        while stored_through(store, topic) != expected:
            if time.monotonic() > deadline:
                raise RuntimeError(f"store incomplete: {stored_through(store, topic)} != {expected}")
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        cpu = sum(cpu_seconds(w.process.pid) for w in workers) - sum(cpu_before)
    finally:
        summaries = [w.stop() for w in workers]
    rows = sum(s.get("rows_written", 0) for s in summaries)
    return {"workers": n_workers, "events": len(events), "seconds": round(elapsed, 2),
            "produce_seconds": round(produced, 2), "events_per_s": round(len(events) / elapsed, 1),
            "rows_written": rows, "rows_per_worker": [s.get("rows_written", 0) for s in summaries],
            "worker_cpu_seconds": round(cpu, 2), "cores_used_by_workers": round(cpu / elapsed, 2),
            "events_per_worker_cpu_s": round(len(events) / cpu, 1) if cpu else None,
            "load_average_before": round(load_before, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=3000, help="events per round (default: %(default)s)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts (default: 1 2)")
    parser.add_argument("--store", help="store root (default: a temporary folder); s3://bucket/prefix works too")
    parser.add_argument("--repeat", type=int, default=1, help="run the worker counts in turn this often")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per round (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the results as one JSON object")
    args = parser.parse_args()

    from veil.ingest import LocalBroker
    from veil.demo_data import generate

    events = [json.dumps(dict(e, event_id=f"e{i}")).encode()
              for i, (_topic, e) in enumerate(generate(args.events, seed=11))]
    results = []
    with tempfile.TemporaryDirectory() as tmp, LocalBroker() as broker:
        for n in [n for _ in range(args.repeat) for n in args.workers]:
            results.append(one_round(broker, n, events, args.store or tmp, tmp, args.timeout))
            r = results[-1]
            print(f"{n} worker(s): {r['events']} events in {r['seconds']:.1f} s = {r['events_per_s']:.0f} ev/s; "
                  f"workers used {r['cores_used_by_workers']:.2f} cores ({r['events_per_worker_cpu_s']} ev per "
                  f"worker CPU-s); rows per worker {r['rows_per_worker']}; load average before "
                  f"{r['load_average_before']}", flush=True)
    import statistics

    rates: dict[int, list[float]] = {}
    for r in results:
        rates.setdefault(r["workers"], []).append(r["events_per_s"])
    summary = {n: {"median": statistics.median(v), "best": max(v), "runs": len(v)} for n, v in rates.items()}
    base = min(summary)
    for n, v in summary.items():
        print(f"{n} worker(s): median {v['median']:.0f} ev/s, best {v['best']:.0f} ev/s over {v['runs']} run(s)")
    for n, v in summary.items():
        if n != base:
            print(f"throughput ratio {n} vs {base} worker(s): median {v['median'] / summary[base]['median']:.2f}x, "
                  f"best {v['best'] / summary[base]['best']:.2f}x")
    print(f"cores: {os.cpu_count()}")
    if args.json:
        print(json.dumps({"cores": os.cpu_count(), "summary": summary, "rounds": results}))


if __name__ == "__main__":
    main()
