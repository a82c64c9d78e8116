"""The real-text benchmark data: the fixed dev/held-out split holds, nothing is in both, and
the medication lexicon is shipped as package data."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "drugscom" / "reviews.jsonl"


def test_split_is_fixed_and_disjoint():
    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    assert Counter(r["split"] for r in rows) == {"dev": 298, "heldout": 183}
    dev = {r["id"] for r in rows if r["split"] == "dev"}
    held = {r["id"] for r in rows if r["split"] == "heldout"}
    assert len(dev) == 298 and len(held) == 183 and not dev & held
    assert not {r["review"] for r in rows if r["split"] == "dev"} & {r["review"] for r in rows if r["split"] == "heldout"}


def test_medication_lexicon_is_package_data():
    from veil.anonymize.text.context import medications

    lex = resources.files("veil.anonymize").joinpath("data", "lexicons", "medications.txt").read_text(encoding="utf-8")
    assert "MIT License" in lex
    meds = medications()
    assert len(meds) > 10_000 and {"zoloft", "lasix", "gabapentin", "mirena"} <= meds
    assert not {"grace", "will", "hope", "june"} & meds
