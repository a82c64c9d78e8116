"""Consumer groups and broker trouble, with real worker subprocesses."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from kafka import KafkaProducer

from veil.store import read_snapshot, snapshot
from tests.test_ingest_crash import STRUCTURED_POLICY, structured_event

FAST = ["--max-poll-interval-ms", "15000", "--session-timeout-ms", "6000", "--flush-seconds", "1",
        "--flush-rows", "200", "--max-poll-records", "100"]


def worker(broker, topic, store, home, log: Path, idle: float = 6) -> subprocess.Popen:
    policy = home / "structured.yaml"
    policy.write_text(STRUCTURED_POLICY)
    args = [sys.executable, "-m", "veil", "ingest", "--bootstrap", broker.bootstrap, "--topic", topic,
            "--store", str(store), "--policy", str(policy), "--group", f"g-{topic}",
            "--exit-when-idle", str(idle), *FAST]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=open(log, "ab"), text=True,
                            env={**os.environ, "VEIL_HOME": str(home)})


def produce_over(broker, topic: str, n: int, seconds: float, start: int = 0) -> threading.Thread:
    def run():
        producer = KafkaProducer(bootstrap_servers=broker.bootstrap, linger_ms=5)
        for i in range(start, start + n):
            producer.send(topic, json.dumps(structured_event(i)).encode(), partition=i % 2)
            time.sleep(seconds / n)
        producer.flush()
        producer.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def stored_ids(store, topic) -> list[str]:
    return read_snapshot(snapshot(store, topic), columns=["event_id"])["event_id"].to_pylist()


def test_worker_joining_and_leaving_mid_stream(broker, topic, tmp_path, home):
    store, n = tmp_path / "store", 3000
    first_log, second_log = tmp_path / "w1.log", tmp_path / "w2.log"
    flow = produce_over(broker, topic, n, seconds=14)
    first = worker(broker, topic, store, home, first_log, idle=8)
    time.sleep(5)
    second = worker(broker, topic, store, home, second_log, idle=8)  # joins mid-stream
    time.sleep(5)
    first.send_signal(signal.SIGTERM)  # leaves mid-stream: flushes, commits, exits 0
    assert first.wait(timeout=60) == 0, first_log.read_text()[-3000:]
    flow.join()
    try:
        assert second.wait(timeout=120) == 0, second_log.read_text()[-3000:]
    except subprocess.TimeoutExpired:
        second.kill()
        raise AssertionError("second worker did not finish:\n" + second_log.read_text()[-4000:]) from None
    ids = stored_ids(store, topic)
    assert len(ids) == len(set(ids)), "duplicates"
    assert sorted(ids) == [f"e{i:06d}" for i in range(n)]
    # Both workers really owned partitions at some point.
    assert '"partition assigned"' in first_log.read_text() and '"partition assigned"' in second_log.read_text()


def test_broker_paused_longer_than_session_timeout(broker, topic, tmp_path, home):
    store, log = tmp_path / "store", tmp_path / "w.log"
    flow = produce_over(broker, topic, 400, seconds=2)
    flow.join()
    proc = worker(broker, topic, store, home, log, idle=15)
    deadline = time.monotonic() + 60
    while '"flushed"' not in (log.read_text() if log.exists() else "") and time.monotonic() < deadline:
        time.sleep(0.2)
    broker.pause()  # SIGSTOP, longer than the 6 s session timeout
    try:
        time.sleep(9)
    finally:
        broker.resume()
    produce_over(broker, topic, 400, seconds=2, start=400).join()
    assert proc.wait(timeout=180) == 0, log.read_text()[-3000:]
    ids = stored_ids(store, topic)
    assert len(ids) == len(set(ids))
    assert set(ids) == {f"e{i:06d}" for i in range(800)}


@pytest.mark.slow
def test_unreachable_broker_at_start_is_retried(tmp_path, home):
    """The worker starts before its broker: it says so in a log line, backs off, and
    carries on once the broker is up."""
    from veil.ingest import LocalBroker

    late = LocalBroker()  # picks a free port; nothing listens there yet
    store, log = tmp_path / "store", tmp_path / "w.log"
    proc = worker(late, "late-topic", store, home, log, idle=12)  # the idle deadline also bounds the wait for a broker
    try:
        deadline = time.monotonic() + 60
        while "broker unreachable, retrying" not in (log.read_text() if log.exists() else ""):
            assert time.monotonic() < deadline, "no retry log line"
            assert proc.poll() is None, "worker gave up"
            time.sleep(0.2)
        with late:
            late.create_topic("late-topic", partitions=2)
            produce_over(late, "late-topic", 100, seconds=0.5).join()
            assert proc.wait(timeout=120) == 0, log.read_text()[-2000:]
    finally:
        proc.kill()
    assert sorted(stored_ids(store, "late-topic")) == [f"e{i:06d}" for i in range(100)]
    line = next(l for l in log.read_text().splitlines() if "broker unreachable" in l)
    assert json.loads(line)["bootstrap"] == late.bootstrap
