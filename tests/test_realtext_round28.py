"""Issue 17, round 28 (set AG's misses kept after round 27, both tiers): under a closing, a surname
in capitals opening the line before a comma and the given name ("Thanks.\\nOYELOWO, Maria"), and a
quoted nickname between the given name and the surname ('--\\nDaniel "mo" Oyelowo.').  No name: an
acronym or an ordinary word in capitals there ("Thanks,\\nIBM, Maria", "Thanks.\\nNOTE, Maria").
Real-looking lines made up for these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


@pytest.mark.parametrize("text, name", [
    ("Thanks.\nOYELOWO, Maria", "OYELOWO Maria"),
    ('--\nDaniel "mo" Oyelowo.', "Daniel mo Oyelowo"),
])
def test_round28_signature_parts_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


@pytest.mark.parametrize("text, word", [("Thanks,\nIBM, Maria", "IBM"), ("Thanks.\nNOTE, Maria", "NOTE")])
def test_round28_capitals_that_are_no_surname_stay_on_both_tiers(scrub_tier, text, word):
    assert word in scrub_tier(text)
