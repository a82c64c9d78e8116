"""The worker's Prometheus metrics and JSON logs: counts an operator can act on,
nothing personal in any label or log line."""

from __future__ import annotations

import pytest

import json
import logging
import socket
import urllib.request

from veil.anonymize import Sanitizer, parse_policy
from veil.audit import open_audit
from veil.ingest import IngestConfig, IngestWorker
from veil.ingest.metrics import IngestMetrics
from tests.conftest import produce
from tests.test_ingest_crash import STRUCTURED_POLICY
from veil.core.logs import JsonFormatter
from veil.core.settings import Home


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_metrics_and_logs(broker, topic, tmp_path, caplog):
    home = Home.resolve(tmp_path / "home")
    policy = parse_policy(STRUCTURED_POLICY, "<test>")
    good = [json.dumps({"event_id": f"m{i}", "user_id": f"mary.major{i}@example.com", "n": i}).encode()
            for i in range(30)]
    bad = [b'{"user_id": "mary.major@example.com", "x": ', b"[1, 2]"]
    produce(broker, topic, good + bad)

    metrics = IngestMetrics()
    port = free_port()
    metrics.serve(port)
    _ledger, log = open_audit(home)
    worker = IngestWorker(
        IngestConfig(bootstrap=broker.bootstrap, topics=[topic], store=tmp_path / "store", group=f"g-{topic}",
                     exit_when_idle=2, max_poll_interval_ms=20000, session_timeout_ms=6000),
        Sanitizer(policy, home.pseudonym_key()), policy.hash, home.deadletter_key(), log, metrics,
    )
    with caplog.at_level(logging.INFO):
        worker.run()

    scraped = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    assert f'veil_events_in_total{{topic="{topic}"}} 32.0' in scraped
    assert f'veil_rows_written_total{{topic="{topic}"}} 30.0' in scraped
    assert f'veil_dead_letters_total{{reason="not_json",topic="{topic}"}} 1.0' in scraped
    assert f'veil_dead_letters_total{{reason="not_object",topic="{topic}"}} 1.0' in scraped
    assert "veil_flush_seconds_count 1.0" in scraped
    assert f'veil_consumer_lag{{partition="0",topic="{topic}"}} 0.0' in scraped
    assert "mary.major" not in scraped

    lines = [JsonFormatter().format(r) for r in caplog.records if r.name.startswith("veil")]
    assert any('"flushed"' in line for line in lines)
    for line in lines:
        json.loads(line)  # every line is one JSON object
        assert "mary.major" not in line


def test_a_sanitiser_bug_costs_one_event_not_the_worker():
    """If the whole batch call blows up, events are retried one by one; the poisonous one
    becomes a scrub_error dead letter and never reaches the store in clear."""
    from veil.ingest import Source, sanitize_messages
    from veil.ingest.deadletter import DeadLetter

    class Flaky:
        def sanitize_batch(self, events):
            if any(e.get("poison") for e in events):
                raise ValueError("boom with jane.doe@example.com")  # exception text may hold PII
            return real.sanitize_batch(events)

    policy = parse_policy(STRUCTURED_POLICY, "<test>")
    real = Sanitizer(policy, b"k" * 32)
    messages = [(Source("t", 0, i), json.dumps({"user_id": f"u{i}", "poison": i == 1}).encode()) for i in range(3)]
    results = sanitize_messages(Flaky(), messages)
    assert [type(r).__name__ for r in results] == ["SanitizedEvent", "DeadLetter", "SanitizedEvent"]
    letter = results[1]
    assert isinstance(letter, DeadLetter) and letter.reason == "scrub_error"
    assert "jane" not in letter.detail
