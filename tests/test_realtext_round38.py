"""Issue 17, round 38 (the misses of sets BI, BJ and BK, the R project's lists, scored twice as
pre-registered, now spent; both tiers): on a signature's short line, letters the archive turned into
"?" before a blank, at a word's start or doubled ("--\nJos? Matos", "--\nMine ?etinkaya-Rundel",
"--\nAbra??o"); a greeted name a lost letter split for the NER ("Hi I?aki"); initials with a
digraph's "h" ("Best,\nPhG"); and no name in a list's users addressed ("Dear Rusers,") or a post signed
("--\nSenior Lecturer").  Real-looking lines made up for these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


@pytest.mark.parametrize("text, name", [
    ("--\nTom? Ribeiro", "Ribeiro"),
    ("--\nAyse ?zt?rk-Demir", "Ayse"),
    ("--\nJo?o ?lvares", "lvares"),
    ("--\nGon??lo", "Gon"),
    ("Best regards,\nJos? Cl?udio Sousa", "Sousa"),
    ("Hi I?aki and Ann,", "aki"),
    ("Best,\nThW", "ThW"),
])
def test_round38_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


@pytest.mark.parametrize("text", [
    "Dear Rusers,", "--\nSenior Lecturer", "Regards,\nQnA", "Any ideas? Thanks", "Really? Yes.",
])
def test_round38_no_name_stays_on_the_lite_tier(scrub_lite, text):
    """These address or sign no one (the lite tier: these rules alone)."""
    assert scrub_lite(text) == text
