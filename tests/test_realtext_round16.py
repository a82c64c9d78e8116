"""Issue 17, round 16 (set P's misses and false positives, and the lite tier's on it): a review
tag after a possessive ("resend with Maxim's ACK"); a lower-case name signed alone under a
closing ("Thanks,\\nheming"); a greeted name going on "and people,"; and, no name, a verb's
form or a greeting signed under a closing or delimiter ("Thanks.\\nApplied!", "--\\nHallo").
Both tiers (``veil_edge`` rules).  Real-looking lines made up for these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


NAMES = [
    ("Please resend with Marek's ACK added to the series.", "Marek"),
    ("Thanks,\nzhenwei", "zhenwei"),
    ("Regards,\nokonkwo", "okonkwo"),
    ("Hello Obiora and people,\nthe build fails here.", "Obiora"),
    ("Hi Tamsin and all,", "Tamsin"),
]


@pytest.mark.parametrize("text, name", NAMES)
def test_round16_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


NOT_NAMES = [
    "Thanks.\nApplied!",
    "Thanks,\nMerged.",
    "Cheers,\nDenied",
    "--\nHallo",
    # a lower-case ordinary word under a closing is no signer
    "Thanks,\nsorry for the noise",
    "Regards,\nanyway",
    # "and" and an ordinary word after a greeted word that is no name
    "Hello World and people,",
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_round16_not_names_on_both_tiers(scrub_tier, text):
    assert "<PERSON>" not in scrub_tier(text)
