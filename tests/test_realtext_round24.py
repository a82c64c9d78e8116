"""Issue 17, round 24 (set AB's and T's misses kept after round 23, both tiers): an ordinary
word no first-name list holds, used as a name, closing a thanks for something ("Thanks for the
details, Bramble!") or closing a list of names after "and" ("thank you Ann and Bramble.").  No
name: an address word, a plural or a verb's form in those places ("Thanks for the help,
Everyone!", "Thanks Ann and Friends!", "Thanks for the patch, Applied.").  Real-looking lines made
up for these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left

NAMES = [
    ("Thanks for the details, Bramble!", "Bramble"),
    ("Yes, thank you Maria and Bramble. It should be fixed.", "Bramble"),
]


@pytest.mark.parametrize("text, name", NAMES)
def test_round24_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


KEPT = [
    ("Thanks for the help, Everyone!", "Everyone"),
    ("Thanks Maria and Friends!", "Friends"),
    ("Thanks for the patch, Applied.", "Applied"),
]


@pytest.mark.parametrize("text, word", KEPT)
def test_round24_words_stay_on_both_tiers(scrub_tier, text, word):
    assert word in scrub_tier(text)
