"""Issue 17, round 29 (sets AH and AJ's misses after their one scoring, both tiers): two capitals
greeted before a comma closing the line, a person's initials ("Hello TK,"; not a trade: "Hi QA,");
a spam's title before the signed name ("Sincerely,\\nBarrister Maria Oyelowo").  The full tier
only (the lite tier has no NER to find the given name): a surname and a quoted nickname before a
signed given name ('--\\nOYELOWO "mo" Daniel').  Real-looking lines made up for these tests, none
from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


@pytest.mark.parametrize("text, name", [
    ("Hello TK,", "TK"),
    ("Sincerely,\nBarrister Maria Oyelowo", "Maria Oyelowo"),
])
def test_round29_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


def test_round29_a_trade_greeted_stays_on_both_tiers(scrub_tier):
    assert scrub_tier("Hi QA,") == "Hi QA,"


def test_round29_surname_and_nickname_before_a_signed_name(scrub_review):
    out = scrub_review('--\nOYELOWO "mo" Daniel')
    assert not words_left('OYELOWO mo Daniel', out)
