"""Issue 17, round 27 (sets AE, AF and AG's misses and false positives, both tiers, after their one
scoring): a possessive of a name ending in "s" with its bare apostrophe ("landed in Tevitas' tree");
a signature after two slashes ("Thanks,\\n//Maria").  No name: a word no first-name list holds, or
an interjection, opening a sentence after a thanks ("Thanks! Works.", "Thanks. Alas, it fails",
"Thanks, nice catch!", "Gotcha, thanks."); a patch's notes under a closing ("Thanks,\\nChanges to
V1:"); a bot or a closing of several words signed ("Thanks,\\nlkp", "Thank you\\nYours
Sincerely"); a firm ("Best Regards,\\nAcme Electronics").  Real-looking lines made up for these
tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left

NAMES = [
    ("The fix landed in Tevitas' tree as part of 5.5.", "Tevitas"),
    ("--\nThanks,\n//Maria", "Maria"),
]


@pytest.mark.parametrize("text, name", NAMES)
def test_round27_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


NOT_NAMES = [
    "Thanks! Works.",
    "Thanks. Alas, this machine has no IOMMU.",
    "Thanks, nice catch!",
    "Gotcha, thanks.",
    "Thanks,\nChanges to V1:",
    "Thanks,\nlkp",
    "Thank you\nYours Sincerely",
    "--\nBest Regards,\nAcme Electronics",
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_round27_not_names_on_both_tiers(scrub_tier, text):
    assert "<PERSON>" not in scrub_tier(text)
