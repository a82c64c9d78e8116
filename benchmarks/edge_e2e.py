"""End to end (``edge_device.py --e2e N``): raw events sent by a plain ``KafkaProducer``
vs the same events sent by ``veil_edge.Producer`` (lite tier), each into a fresh topic of a
local broker and through one ``IngestWorker`` set up as ``veil ingest`` sets it up (demo
policy; for the edge topic with the ingest key, so seals are opened and the full tier runs).
Rate = events / (send + flush time + ingest time from first message to last commit)."""

from __future__ import annotations

import json
import multiprocessing as mp
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "anonymize" / "examples" / "demo_policy.yaml"


def _worker(bootstrap: str, topic: str, n: int, home: str, store: str, out) -> None:
    from veil.anonymize import Sanitizer, load_policy
    from veil.audit import open_audit
    from veil.core.settings import Home
    from veil.ingest import EdgeGate, IngestConfig, IngestWorker, tune_gc

    h = Home.resolve(home)
    policy = load_policy(DEMO)
    sanitizer = Sanitizer(policy, h.pseudonym_key())
    sanitizer.warm_up()
    _ledger, log = open_audit(h)
    worker = IngestWorker(IngestConfig(bootstrap=bootstrap, topics=[topic], store=Path(store), group=f"g-{topic}",
                                       exit_when_idle=2.0, max_poll_interval_ms=120000, session_timeout_ms=6000),
                          sanitizer, policy.hash, h.deadletter_key(), log,
                          edge_gate=EdgeGate.for_home(h.keys_dir, {policy.hash}))
    tune_gc()
    totals = worker.run()
    assert totals["rows_written"] == n, totals
    out.put(worker.last_commit_at - worker.first_message_at)


def _ingest_seconds(bootstrap: str, topic: str, n: int, home: str) -> float:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    with tempfile.TemporaryDirectory() as tmp:
        proc = ctx.Process(target=_worker, args=(bootstrap, topic, n, home, f"{tmp}/store", queue))
        proc.start()
        seconds = queue.get(timeout=3600)
        proc.join()
    return seconds


def end_to_end(n: int, private) -> dict:
    from kafka import KafkaProducer

    import veil_edge as v
    from veil.demo_data import generate
    from veil.ingest import LocalBroker, edge_key_path

    events = [e for _, e in generate(n, seed=21)]
    with tempfile.TemporaryDirectory() as tmp, LocalBroker() as broker:
        home = Path(tmp) / "home"
        key = edge_key_path(home / "keys")
        key.parent.mkdir(parents=True)
        key.write_bytes(v.private_key_bytes(private))
        for name in ("raw", "edge"):
            broker.create_topic(name, partitions=2)
        t = time.perf_counter()
        plain = KafkaProducer(bootstrap_servers=broker.bootstrap, linger_ms=50, batch_size=1 << 18)
        for e in events:
            plain.send("raw", json.dumps(e).encode())
        plain.flush()
        raw_send = time.perf_counter() - t
        plain.close()
        scrubber = v.Scrubber(v.load_policy(DEMO), tier="lite", public_key=private.public_key())
        t = time.perf_counter()
        producer = v.Producer(scrubber, bootstrap_servers=broker.bootstrap, linger_ms=50, batch_size=1 << 18)
        for i in range(0, n, 256):
            producer.send_batch("edge", events[i : i + 256])
        producer.flush()
        edge_send = time.perf_counter() - t
        producer.close()
        raw_ingest = _ingest_seconds(broker.bootstrap, "raw", n, str(home))
        edge_ingest = _ingest_seconds(broker.bootstrap, "edge", n, str(home))
    raw_rate, edge_rate = n / (raw_send + raw_ingest), n / (edge_send + edge_ingest)
    return {"events": n, "raw_send_s": round(raw_send, 2), "raw_ingest_s": round(raw_ingest, 2),
            "edge_send_s": round(edge_send, 2), "edge_ingest_s": round(edge_ingest, 2),
            "raw_events_per_s": round(raw_rate, 1), "edge_events_per_s": round(edge_rate, 1),
            "ratio_edge_to_raw": round(edge_rate / raw_rate, 3)}
