"""Issue 17, round 39 (the misses of sets BL, BM and BN, the R project's lists, scored twice as
pre-registered, now spent; both tiers): accents written as TeX writes them inside a name ("Herv'e
Pag`es", 'S"oren'); a signature of four words, or of five with its title and a lost letter ("--\nDr.
Lu?s Paulo Faina Garcia"); spaced initials inside a signed name ("C. F."); degrees after it ("MBBS
MPH"); and no name in "Dear ?useRs," (a lost letter opens no mixed-case word), "Dear members," or a
field of study after a dash ("- Robotics").  Real-looking lines made up for these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


@pytest.mark.parametrize("text, name", [
    ("(Reported by Ren'e Dup`ont.)", "Dup"),
    ('(Reported by J"urgen Okafor.)', "Okafor"),
    ("--\nDr. Jo?o Pedro Lima Barros", "Barros"),
    ("--\nAna Maria Lima Barros", "Barros"),
    ("--\nTomasz K. P. Nowicki", "Nowicki"),
    ("--\nAmara Okafor MBBS MPH", "Okafor"),
])
def test_round39_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


@pytest.mark.parametrize("text", [
    "Dear ?useRs,", "Dear members,", "- Robotics", "- Bioinformatics", "We're done, aren't we? I've seen it.",
])
def test_round39_no_name_stays_on_the_lite_tier(scrub_lite, text):
    """These address or sign no one (the lite tier: these rules alone)."""
    assert scrub_lite(text) == text
