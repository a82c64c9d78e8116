"""Issue 17, round 35 (the misses of sets BB, BC and BD, scored once with round 34's rules, now
spent; both tiers): full-width punctuation closing a greeting or sign-off is read as its ASCII twin
("Hi Ann：", "Thanks，\nAnn"); a lower-case honorific after a blank closes a greeted name ("Hi Iwai
san,"), as a hyphened one already did; a hyphened honorific makes a credited word a person ("the
patch from Roe-san."); a surname's part after a hyphen may hold one inner capital ("--\nAnn
Roe-LePain").  Real-looking lines made up for these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


@pytest.mark.parametrize("text, name", [
    ("Hi Okonkwo：\n\nplease see below.", "Okonkwo"),
    ("Thanks，\nOkonkwo", "Okonkwo"),
    ("Hi Okonkwo san,\n\nthank you for the review.", "Okonkwo"),
    ("This series needs the patch from Okonkwo-san.", "Okonkwo"),
    ("- Reworded the commit message, as suggested by Okonkwo-sama", "Okonkwo"),
    ("Thanks for testing.\n\n--\nAdaeze Okafor-McCall", "Adaeze Okafor-McCall"),
])
def test_round35_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out or "<LOCATION>" in out  # the full tier's NER may read a place: it stays one
    assert not words_left(name, out)


def test_round35_spaced_honorific_goes_with_the_name(scrub_lite):
    """The honorific is part of the address: it goes with the name, the comma stays."""
    assert scrub_lite("Hi Okonkwo san,") == "Hi <PERSON>,"


@pytest.mark.parametrize("text", ["Hi all：\n\nplease see below.", "Thanks，everyone", "Hi all，thanks！"])
def test_round35_no_name_stays_on_the_lite_tier(scrub_lite, text):
    """Full-width punctuation closes no one into a name (the lite tier: these rules alone)."""
    assert scrub_lite(text) == text
