"""Issue 17, round 33 (the misses and false names of sets AT and AU, scored once with round 32's
rules, now spent; both tiers): given names the gazetteer lacks ("Hi, Bagas.", "Hi Ann/Kishon,");
a possessive before a review's tag ("Leo's R-by tags"); a name in a caseless script with a Latin
name after a slash ("张学广/Sugar"); a signed function-word name before the name again in brackets
("-Will (Will Roe)"); and what is no name: a plural heading after a dash ("- Fixes",
"-Requirements"; not a name whose stem ends in a vowel, "- Jamis") and "Hey, fair enough.".
Real-looking lines made up for these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


@pytest.mark.parametrize("text, name", [
    ("Hi, Bagas.\n\nsee below.", "Bagas"),
    ("Hi Okonkwo/Kishon,\n\nsee below.", "Okonkwo Kishon"),
    ("Thanks, applied with Tavish's R-by tag.", "Tavish"),
    ("Works here.\n\nBest Regards!\n王小明/Sugar", "王小明"),
    ("Works here.\n\nThanks\n-Will (Will Okonkwo)", "Will Okonkwo"),
    ("Looks good.\n\n- Jamis", "Jamis"),
])
def test_round33_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out or "<LOCATION>" in out  # the full tier's NER may read a place: it stays one
    assert not words_left(name, out)


@pytest.mark.parametrize("text", ["Notes:\n- Fixes\n- Hooks", "-Requirements", "Hey, fair enough. Just checking."])
def test_round33_no_name_stays_on_the_lite_tier(scrub_lite, text):
    """Headings and an interjection stay (the lite tier, whose names are these rules' alone; the
    full tier's NER may still guess PERSON on a heading, which these rules leave to it)."""
    assert scrub_lite(text) == text


def test_round33_function_word_signed_needs_the_bracket():
    """A function word under a closing is signed only when the name again in brackets follows it:
    the sign-off rules add no name to "Will (maybe)", a sentence (the NER's own guess is judged
    elsewhere)."""
    from veil_edge.signoffs import signoff_names

    assert signoff_names("Thanks,\nWill (maybe)", []) == []
    assert [s.entity for s in signoff_names("Thanks,\nWill (Will Okonkwo)", [])] == ["PERSON", "PERSON"]
