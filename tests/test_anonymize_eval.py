"""A small-scale version of ``benchmarks/eval_scrub.py``: leak and keep rates of the default
policy on held-out templates with a seed used nowhere else (real spaCy and Presidio)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from anonymize import Sanitizer, load_policy

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from eval_scrub import score_events  # noqa: E402
from scrub_data import PII_TYPES, generate  # noqa: E402


@pytest.fixture(scope="module")
def scores():
    records = generate(150, "heldout", seed=31337)
    sanitizer = Sanitizer(load_policy(None), b"e" * 32)
    outputs = sanitizer.sanitize_batch([r["event"] for r in records])
    rows = [{"event_id": o.event_id, "data": o.data} for o in outputs]
    return score_events(records, rows, veil_rows=True)


def test_leak_rate_on_held_out_data(scores):
    leaks, totals = scores["leaks"], scores["totals"]
    assert sum(totals.values()) > 300 and set(totals) == set(PII_TYPES)
    # Regression guards just above what this seed measures (3.2% overall: names 8.2%, phones
    # 1/58, every other type 0).  The targets (<= 0.5% overall, <= 1% per type) are
    # NOT met for person names yet; see benchmarks/README.md, "## Scrubbing".
    assert sum(leaks.values()) / sum(totals.values()) <= 0.05, dict(leaks)
    assert leaks["PERSON"] / totals["PERSON"] <= 0.12, dict(leaks)
    for entity in set(PII_TYPES) - {"PERSON"}:
        assert leaks[entity] / totals[entity] <= 0.03, (entity, leaks[entity], totals[entity])


def test_keep_rate_on_held_out_data(scores):
    assert scores["kept_total"] > 500
    assert scores["kept"] / scores["kept_total"] >= 0.97, dict(scores["lost"])


def test_span_f2_on_held_out_data(scores):
    precision, recall, f2 = scores["spans"].overall(set(PII_TYPES))
    assert precision >= 0.93 and recall >= 0.93 and f2 >= 0.93, (precision, recall, f2)
