"""Issue 17, round 13 (sets L and M's misses, both spent): an ordinary capitalised word a
greeting addresses is a name ("Hi Glyph.", "Hey Blanc,": people who sign with a word are greeted
by it; a vocative is a name whatever the dictionary says), unless it is one of a short list of
words that address no one (``vocative_not_names``: "Thanks again!", "Hi There,"); a closing is no
greeting ("Best Practices"); "Thanks for <a few words> NAME" closing the line takes a listed first
name.  The trade, chosen for privacy: a program greeted by an ordinary word ("Hello, Click!", which
round 6 kept) is now redacted.  Both tiers (``veil_edge`` rules).  Real-looking lines made up for
these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


NAMES = [
    # an ordinary word a greeting opening its line addresses, closed by punctuation or the line end
    ("Hi Glyph.\nThe build passes now.", "Glyph"),
    ("Thanks Glyph!", "Glyph"),
    ("Hey Blanc,\ncan you look at the patch?", "Blanc"),
    ("Hello Forest,\nthe docs are up.", "Forest"),
    ("Dear Baker,\nplease find attached", "Baker"),
    # thanks for something, then a listed first name closing the line
    ("Thanks for this Brian!", "Brian"),
    ("Thanks for the reply, Anna.", "Anna"),
    ("thank you for the quick fix Maria", "Maria"),
    # regression guards: what earlier rounds caught in the same positions
    ("Hi June,", "June"),
    ("Thanks Will!", "Will"),
    ("Hi Oluwaseun,\ncan you rebase?", "Oluwaseun"),
]


@pytest.mark.parametrize("text, name", NAMES)
def test_round13_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


NOT_NAMES = [
    # words that close a greeting and address no one
    "Thanks again!",
    "Thank you kindly.",
    "Hi There,\nI have a question.",
    "Hello World!",
    "Thanks Everyone!",
    "Hi team,",
    # a closing is no greeting: an ordinary word after it stays a word
    "Cheers Mate",
    # thanks for something, then an ordinary word or no name
    "Thanks for the help Everyone!",
    "Thanks for the tip!",
    "Thanks for reading.",
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_round13_not_names_on_both_tiers(scrub_tier, text):
    assert "<PERSON>" not in scrub_tier(text)


@pytest.mark.parametrize("text", ["Best Practices", "Hello Click users, a question"])
def test_round13_no_vocative_lite(scrub_lite, text):
    # a closing is no greeting; a word after the greeted word is prose (the full tier's NER
    # guesses on these on its own, as round 12 found: the rules add nothing to either)
    assert "<PERSON>" not in scrub_lite(text)


@pytest.mark.parametrize("text", ["Hello, Click!", "Hi Memory."])
def test_round13_greeted_word_is_redacted_the_documented_trade(scrub_tier, text):
    # round 6 kept "Hello, Click!" (a program greeted); a vocative is a name first, so it goes
    assert "<PERSON>" in scrub_tier(text)
