"""Issue 17, round 22 (set Z's misses and those kept on sets T-Y, both tiers): a name joined to
a found name by "and", "&", "/" or a comma on a greeting's, closing's or credit's line ("Thanks
again to Ann and Oyemeka", "Thanks for Ann/Frank helping", "--\\nMensah,Kofi <...>",
``signoff_lists``); a lower-case surname closing a signature ("Mrs. Ann kowalak,"); a signature
after a slash or typed with two capitals ("Regards,\\n/Tevita", "Regards,\\nTEvita"); a signature
under a closing that itself stands under "--" ("--\\nThanks.\\nTevita": the patterns' matches may
now overlap).  No name: an ordinary word, an organisation's word or a contraction next to a name
("Maria and Team", "Maria and Inc", "Maria, I'll").  Real-looking lines made up for these tests,
none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left

NAMES = [
    ("Thanks again to Maria and Oyemeka for the reviews.", "Oyemeka"),
    ("Thanks for Ann/Frank helping review the series.", "Frank"),
    ("Hi Oyemeka & Maria,", "Oyemeka"),
    ("Thanks to Maria and Daniel Oyemeka-Roe for testing.", "Daniel Oyemeka-Roe"),
    ("--\nMensah,Kofi <kofi@example.com>", "Mensah Kofi"),
    ("Best regards,\nMrs. Maria kowalak,", "Maria kowalak"),
    ("Regards,\n/Tevita", "Tevita"),
    ("Regards,\nTEvita", "TEvita"),
    ("--\nThanks.\nTevita", "Tevita"),
]


@pytest.mark.parametrize("text, name", NAMES)
def test_round22_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


KEPT = [
    ("Thanks to Maria and Team for the reviews.", "Team"),
    ("Thanks Maria and Inc for hosting.", "Inc"),
    ("--\nMaria, I'll send v2 tomorrow.", "I'll"),
]


@pytest.mark.parametrize("text, word", KEPT)
def test_round22_words_next_to_a_name_stay_on_both_tiers(scrub_tier, text, word):
    out = scrub_tier(text)
    assert "<PERSON>" in out  # the name beside it is still found
    assert word in out
