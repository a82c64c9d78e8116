"""Issue 17, round 32 (the misses and false names of sets AR and AS, scored once with round 31's
rules, now spent; both tiers): a signed name with a comma closing its line ("Kind
Regards,\nAnn,"); a signature in capitals after a title ("Sincerely,\nMRS ANN ROE"); a greeted
first name and the capitalised words after it up to a comma closing the line ("Hello Stefan
Binding,"); and what is no name: the rest of a closing ("Best Wishes,"), a firm's letter's roles
("Dear Lowes Customer,", "Sincerely,\nCompliance Department"), a lower-case ordinary word after a
thanks on its line ("Thanks, fine for me!") and a heading after a dash with an ordinary word
inside it ("- Line Digital Filter").  Real-looking lines made up for these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


@pytest.mark.parametrize("text, name", [
    ("Works here.\n\nKind Regards,\nTavish,", "Tavish"),
    ("Works here.\n\nBest regards,\nTavish Okonkwo,\n", "Tavish Okonkwo"),
    ("Thank you.\n\nSincerely,\nMRS TAVISH OKONKWO", "TAVISH OKONKWO"),
    ("Hello Stefan Binding,\n\nsee below.", "Stefan Binding"),
    ("Hello Michael Sit Wei Hong,\n\nsee below.", "Michael Sit Wei Hong"),
    ("Dear Stefan Binding:\nthe patch is below.", "Stefan Binding"),
])
def test_round32_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out or "<LOCATION>" in out  # the full tier's NER may read a place: it stays one
    assert not words_left(name, out)


@pytest.mark.parametrize("text", [
    "Best Wishes,",
    "Sincerely,\nCompliance Department",
    "Thanks, fine for me!",
    "Thanks, nice.",
])
def test_round32_no_name_stays_on_both_tiers(scrub_tier, text):
    assert scrub_tier(text) == text


def test_round32_dash_heading_stays_on_the_lite_tier(scrub_lite):
    """A heading after a dash with an ordinary word inside it is no signed name (the full tier's
    NER still guesses PERSON there, which these rules leave to it)."""
    assert scrub_lite("- Line Digital Filter") == "- Line Digital Filter"


@pytest.mark.parametrize("text", ["Hi Ann Team,\nsee below.", "Hello Stefan And Friends,\nsee below."])
def test_round32_greeted_run_stops_at_an_address_word(scrub_lite, text):
    """The words after a greeted first name join it only when none of them addresses a group or
    is a function word: the rest of the greeting stays (the lite tier, whose names are these
    rules' alone; the full tier's NER may guess "Ann Team" whole)."""
    out = scrub_lite(text)
    assert "<PERSON>" in out and ("Team," in out or "Friends," in out)


def test_round32_lower_case_name_signed_alone_stays_a_name(scrub_tier):
    """A lower-case word alone on its line under a closing is still read as the signer's name
    when the first-name list holds it, ordinary word or not: only a word on the thanks's own line
    is read as a word."""
    out = scrub_tier("Works here.\n\nRegards,\nmark")
    assert "mark" not in out.split("\n")[-1]
