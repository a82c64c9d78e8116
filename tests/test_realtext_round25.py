"""Issue 17, round 25 (sets AC and AD's misses and false positives, both tiers, after their one
scoring): a possessive before a review's tags or a reply ("Collect Ann's r-b tags", "Ann's RBs",
"following Ann's suggesting"); a name after a thanks and its "!" ("Thanks! Tevita, for the
explanation."); an ordinary word in lower case before a capitalised surname no ordinary word,
signed ("Best regards,\\nmaxim Oyelowo").  No name: a verb's form opening a sentence after a
thanks ("Thanks! Pushed to the tree.", "Thanks! Merged, thanks."), a group greeted ("Dear fellow
Pythonheads,").  Real-looking lines made up for these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left

NAMES = [
    ("- Collect Tevita's r-b tags (thanks!)", "Tevita"),
    ("- Collected Maria's RBs, with thanks.", "Maria"),
    ("Thanks! Tevita, for the explanation.", "Tevita"),
    ("Best regards,\nmaxim Oyelowo", "maxim Oyelowo"),
]


@pytest.mark.parametrize("text, name", NAMES)
def test_round25_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


NOT_NAMES = [
    "Thanks! Pushed to the tree.",
    "Thanks! Merged, thanks.",
    "Dear fellow Pythonheads,",
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_round25_not_names_on_both_tiers(scrub_tier, text):
    assert "<PERSON>" not in scrub_tier(text)
