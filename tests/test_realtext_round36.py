"""Issue 17, round 36 (the misses of set BE, scored once with round 35's rules, now spent; both
tiers): a given name's lower-case syllable after a hyphen ("Hi Jin-woo,"); initials greeted with
their dots ("Hi J.H.,"); a thanks and a filler before the name ("Thanks very much Ann for ...");
a possessive credit with one word before its noun ("Ann's proposed patch") and a help list's nouns
("Ann's answer"); and no name in a lower-case group address ("Hi gang,"), an interjection signed
alone ("Thanks,\nGreat."), a verb the first-name lists hold ("Thanks, go ahead.") or a continent's
possessive ("Europe's relief efforts").  Real-looking lines made up for these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


@pytest.mark.parametrize("text, name", [
    ("Hi Min-seo,\n\nthanks for the report.", "Min-seo"),
    ("Hello Hye-jin and Min-seo,", "Hye-jin"),
    ("Hi K.T.,\n\nplease see below.", "K.T."),
    ("Thanks very much Katarzyna for testing.  I will respin.", "Katarzyna"),
    ("Thanks again Katarzyna for the review.", "Katarzyna"),
    ("Okonkwo's proposed patch from last week still applies.", "Okonkwo"),
    ("Following Katarzyna's excellent answer, the loop now runs.", "Katarzyna"),
])
def test_round36_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


def test_round36_syllable_goes_with_the_name(scrub_lite):
    """The syllable after the hyphen is part of the given name: no "-seo" is left behind."""
    assert scrub_lite("Hi Min-seo,") == "Hi <PERSON>,"


@pytest.mark.parametrize("text", [
    "Hi gang,", "Thanks,\nGreat.", "Thanks, go ahead.", "Hello U.S.,", "Hello Samba-team,",
    "Ah-ha, I see now.", "Following Europe's new answer",
])
def test_round36_no_name_stays_on_the_lite_tier(scrub_lite, text):
    """These address, sign or credit no one (the lite tier: these rules alone)."""
    assert scrub_lite(text) == text
