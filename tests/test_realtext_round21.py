"""Issue 17, round 21 (sets X and Y's misses and false positives, both tiers, after their one
scoring): a greeted name typed with its first two letters capitals ("Hello ANn,"); a title's dot
run into the signed name ("Best Regards,\\nMr.Kofi Mensah."); a possessive before "assistance"
or "update".  No name: an interjection that a first-name list also holds, before ", thanks"
("Nice, thanks for testing!", "Heh, thanks :)"), a test robot greeted ("Hi lkp,").  Real-looking
lines made up for these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


NAMES = [
    ("Hello ANn,", "ANn"),
    ("Best Regards,\nMr.Kofi Mensah.", "Kofi Mensah"),
    ("Thanks to Tevita's assistance, the port builds again.", "Tevita"),
    ("Mark, thanks for the review.", "Mark"),
]


@pytest.mark.parametrize("text, name", NAMES)
def test_round21_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


NOT_NAMES = [
    "Nice, thanks for testing!",
    "Heh, thanks :)",
    "Argh, thanks for the catch.",
    "Hi lkp,",
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_round21_not_names_on_both_tiers(scrub_tier, text):
    assert "<PERSON>" not in scrub_tier(text)
