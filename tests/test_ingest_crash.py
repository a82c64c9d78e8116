"""Crash safety with real subprocesses: a worker SIGKILLed at random moments while
thousands of events flow, then one run to the end — every event lands exactly once."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from kafka import KafkaProducer

from veil.store import read_snapshot, snapshot
from tests.conftest import FAST_GROUP

# 12 kills keep CI inside its time; VEIL_TEST_KILLS=100 for a longer soak before a release.
KILLS = int(os.environ.get("VEIL_TEST_KILLS", "12"))
EVENTS = 4000


def structured_event(i: int) -> dict:
    # No free text: the worker runs no NLP, so each life is short and kills land mid-flush.
    return {"event_id": f"e{i:06d}", "user_id": f"user-{i % 97}", "ts": "2026-11-20T10:00:00Z",
            "amount": i, "ok": i % 2 == 0}


# Strings other than the roles are dropped, so the worker never loads the NLP pipeline
# and each of its many lives starts in a couple of seconds.
STRUCTURED_POLICY = """\
version: 1
roles: {user_key: user_id, event_time: ts, event_id: event_id}
rules: []
default: {string: drop, number: keep, boolean: keep, "null": keep}
"""


def start_worker(broker, topic, store, home, log: Path) -> subprocess.Popen:
    policy = home / "structured.yaml"
    policy.write_text(STRUCTURED_POLICY)
    args = [sys.executable, "-m", "veil", "ingest", "--bootstrap", broker.bootstrap, "--topic", topic,
            "--store", str(store), "--policy", str(policy), "--group", f"g-{topic}", "--exit-when-idle", "4",
            "--flush-rows", "150", "--max-poll-records", "100", *FAST_GROUP]
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=open(log, "ab"),
                            env={**os.environ, "VEIL_HOME": str(home)})


def wait_assigned(log: Path, lives_before: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and log.read_text().count('"partition assigned"') > lives_before:
            return
        time.sleep(0.05)


def test_sigkill_at_random_moments_loses_and_duplicates_nothing(broker, topic, tmp_path, home):
    store, log = tmp_path / "store", tmp_path / "worker.log"
    rng = random.Random(1234)
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap, linger_ms=5)

    def produce_slowly():
        for i in range(EVENTS):
            producer.send(topic, json.dumps(structured_event(i)).encode(), partition=i % 2)
            if i % 50 == 0:
                time.sleep(0.02)
        producer.flush()

    flow = threading.Thread(target=produce_slowly)
    flow.start()
    assigned_lives = 0
    for _ in range(KILLS):
        worker = start_worker(broker, topic, store, home, log)
        wait_assigned(log, assigned_lives)
        assigned_lives = log.read_text().count('"partition assigned"')
        time.sleep(rng.uniform(0.0, 1.5))  # mid-poll, mid-scrub, mid-rename or mid-commit
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    flow.join()
    producer.close()

    final = start_worker(broker, topic, store, home, log)
    assert final.wait(timeout=180) == 0
    ids = read_snapshot(snapshot(store, topic), columns=["event_id"])["event_id"].to_pylist()
    assert len(ids) == len(set(ids)), f"{len(ids) - len(set(ids))} duplicates"
    assert sorted(ids) == [f"e{i:06d}" for i in range(EVENTS)]
    assert not list(store.rglob("*.tmp")), "temporary files left behind"
