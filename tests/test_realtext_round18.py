"""Issue 17, round 18 (sets R and S's misses and false positives, both tiers, after their one
scoring): a stray quote before a greeted name ('Hi "Tevita,'); a Japanese honorific run on to a
name ("Hi Okabe-san,"); a greeted name typed with two capitals ("Hello ANna,"); a dash and a
name with its surname's initial run on ("-BobC"); a surname in capitals before the given name
under a closing ("--\\nBest\\nTANAKA Aiko"); and on the lite tier's signatures an ellipsis or
a dash before the name, two inner capitals, a capitals surname before a final dot, the name
again in brackets split by a comma, a shortlog's count, a lower-case surname after a listed
first name.  No name: a review's reply before "thanks" ("Ack, thanks."), a closing of another
language signed alone ("--\\nMvh.").  Real-looking lines made up for these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


NAMES = [
    ('Hi "Tevita,\nthe build fails.', "Tevita"),
    ("Hi Okabe-san,", "Okabe"),
    ("Thanks a lot for all the patient reviews you gave Morimoto-Sensei!", "Morimoto"),
    ("Hello ANna, and Bob,", "ANna"),
    ("-BobC", "BobC"),
    ("--\nBest\nTANAKA Aiko", "TANAKA Aiko"),
    ("Thanks\n...Tevita", "Tevita"),
    ("Best regards,\n—Ann VanDeKamp", "Ann VanDeKamp"),
    ("Best Regards,\nMr. Kofi Mensah ABOAGYE.", "Kofi Mensah ABOAGYE"),
    ("--\nMinjun Park (박민준,朴敏俊)", "Minjun Park"),
    ("--\nOrla Byrne (3):", "Orla Byrne"),
    ("Regards,\nAnnie kowalczyk", "Annie kowalczyk"),
]


@pytest.mark.parametrize("text, name", NAMES)
def test_round18_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


NOT_NAMES = [
    "Ack, thanks.",
    "Nack, thanks.",
    "--\nMvh.",
    'Hi "world",',
    "Hello ALso,",
    "- MarkDown",
    "--\n- Fixed Bugs",
    "Thanks,\n- the team",
    "--\nIBM Research",
    "--\nacme",
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_round18_not_names_on_both_tiers(scrub_tier, text):
    assert "<PERSON>" not in scrub_tier(text)
