"""Issue 17, round 26 (sets T's and AC's misses kept after their rounds, both tiers): a name between
"thanks for" and "for" and a word ("thanks for Tevita for reporting the build failure", a new
credit pattern, ``thanks_for``).  No name: a tool or platform there ("Thanks for Linux for being
there.").  Real-looking lines made up for these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


@pytest.mark.parametrize("text, name", [
    ("thanks for Tevita for reporting the build failure.", "Tevita"),
    ("Thanks for Maria Oyelowo for bringing this to my attention.", "Maria Oyelowo"),
])
def test_round26_thanks_for_a_name_for_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


@pytest.mark.parametrize("text", ["Thanks for Linux for being there.", "Thanks for Python for making this easy."])
def test_round26_thanks_for_a_tool_stays_on_both_tiers(scrub_tier, text):
    assert "<PERSON>" not in scrub_tier(text)
