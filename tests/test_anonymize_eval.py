"""A small-scale version of ``benchmarks/eval_scrub.py``: leak and keep rates of the default
policy on held-out templates with a seed used nowhere else (real spaCy and Presidio)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from veil.anonymize import Sanitizer, load_policy

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from eval_scrub import score_events  # noqa: E402
from scrub_data import PII_TYPES, generate  # noqa: E402

pytestmark = pytest.mark.slow  # runs the NLP pipeline over 150 events


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
    # Regression guards just above what this seed measures (2026-11-30: 0.9% overall, names 6/245
    # = 2.4%, every other type 0).  On the full evaluation (3000 held-out events, a fresh seed;
    # benchmarks/README.md, "## Scrubbing") the targets are met: 0.2-0.4% overall, names
    # 0.6-0.9%, every type <= 1%.  150 events hold few names, so this guard is looser.
    assert sum(leaks.values()) / sum(totals.values()) <= 0.015, dict(leaks)
    assert leaks["PERSON"] / totals["PERSON"] <= 0.035, dict(leaks)
    for entity in set(PII_TYPES) - {"PERSON"}:
        assert leaks[entity] / totals[entity] <= 0.02, (entity, leaks[entity], totals[entity])


def test_keep_rate_on_held_out_data(scores):
    assert scores["kept_total"] > 500
    assert scores["kept"] / scores["kept_total"] >= 0.98, dict(scores["lost"])  # measured 99.2%


def test_span_f2_on_held_out_data(scores):
    precision, recall, f2 = scores["spans"].overall(set(PII_TYPES))
    # measured 0.978 / 0.987 / 0.986
    assert precision >= 0.96 and recall >= 0.975 and f2 >= 0.975, (precision, recall, f2)
