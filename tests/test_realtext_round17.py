"""Issue 17, round 17 (set Q's misses, and misses kept on sets O-Q since): a surname in capitals
after a greeted given name ("Hello Ann ROE,"); two signers joined by "&" or "and" under a
closing ("Thanks,\\nAnn & Nitesh"); a signature in capitals ("--\\nLORENZO MAINARDI"); a
lower-case name greeted as its owner writes it ("Hi sapir,").  Both tiers (``veil_edge``
rules).  Real-looking lines made up for these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


NAMES = [
    ("Hello Tamsin OKAFOR,\nthe build fails on arm64.", "Tamsin OKAFOR"),
    ("Hi Marek KOWALSKI,", "Marek KOWALSKI"),
    ("Thanks,\nOrla & Nitesh", "Orla Nitesh"),
    ("Best regards,\nIngrid and Oyelaran", "Ingrid Oyelaran"),
    ("--\nLORENZO BASSANI", "LORENZO BASSANI"),
    ("Regards,\nMARIA OSTROWSKA", "MARIA OSTROWSKA"),
    ("Hi zhuoran,\nthe patch looks fine to me.", "zhuoran"),
    ("hello tevita!", "tevita"),
]


@pytest.mark.parametrize("text, name", NAMES)
def test_round17_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


NOT_NAMES = [
    # an ordinary word in capitals after a greeted name is no surname
    ("Hi Bob OK,", "OK"),
    # two departments, a firm or a licence in capitals under a closing or delimiter
    ("Thanks,\nResearch and Development", "Research"),
    ("--\nIBM RESEARCH", "RESEARCH"),
    ("--\nANNA UNIVERSITY", "UNIVERSITY"),
    ("Thanks,\nTHE TEAM", "TEAM"),
    ("--\nGPL LICENSE", "GPL"),
    # a lower-case word greeting no one, or a verb's form after a thanks
    ("Hi folks,\nany news?", "folks"),
    ("hey devs,", "devs"),
    ("hi everybody!", "everybody"),
    ("Hi maintainers,", "maintainers"),
    ("thanks, appreciated!", "appreciated"),
]


@pytest.mark.parametrize("text, word", NOT_NAMES)
def test_round17_not_names_on_both_tiers(scrub_tier, text, word):
    assert word in scrub_tier(text)


def test_round17_acronym_after_a_greeted_name_stays_on_the_lite_tier(scrub_lite):
    """The rule's own reading: an acronym of four letters is no surname in capitals (the full
    tier's NER takes "Ann ASAP" as one name by itself, before and after round 17)."""
    assert scrub_lite("Hi Ann ASAP, the build is red.") == "Hi <PERSON> ASAP, the build is red."
