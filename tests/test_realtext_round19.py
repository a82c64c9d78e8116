"""Issue 17, round 19 (sets T and U's misses and false positives, both tiers, after their one
scoring): a capitalised word no list holds closing a thanks for something ("Thanks for looking
into this Tevita."; not after a preposition or article: "Thanks for testing on Mandriva."); a
lower-case greeted name closing the line after "Hi," ("Hi, tevita"); a capitalised first name
and a lower-case surname under a closing ("Regards,\\nAnnie kowalczyk."); a greeted name before
a dash closing the line or before "for" after a thanks ("Hi Tevita-", "thanks Okonkwo for the
fix"); a possessive before "comment" or "input"; a chain of greeted names after "&".  No name:
an interjection before "thank you" ("Woah, thank you"), a closing's first word the rest of its
line completes ("Kindest regards,"), a bot signed under a delimiter.  Real-looking lines made
up for these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


NAMES = [
    ("Thanks for looking into this Tevita.", "Tevita"),
    ("Thanks for the quick review Tevita!", "Tevita"),
    ("Hi, tevita", "tevita"),
    ("Regards,\nAnnie kowalczyk.", "Annie kowalczyk"),
    ("Hi Tevita-", "Tevita"),
    ("thanks Okonkwo for the fix", "Okonkwo"),
    ("Applied with Tevita's input, thanks.", "Tevita"),
    ("Hi Oyelaran & Ann & Bob,", "Oyelaran"),
]


@pytest.mark.parametrize("text, name", NAMES)
def test_round19_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


NOT_NAMES = [
    # a place, thing or product after a preposition or article closing a thanks
    ("Thanks for testing on Mandriva.", "Mandriva"),
    # a lower-case word greeting no one at the line's end, without a comma before it
    ("Dear maintener", "maintener"),
    ("Woah, thank you for fixing this!", "Woah"),
    ("Thank you.\nKindest regards,", "Kindest"),
    ("--\nCoverity-bot", "Coverity"),
    ("Thanks Coverity for the report", "Coverity"),
]


@pytest.mark.parametrize("text, word", NOT_NAMES)
def test_round19_not_names_on_both_tiers(scrub_tier, text, word):
    assert word in scrub_tier(text)


@pytest.mark.parametrize("text, word", [
    ("Thanks for adding support for Qualcomm.", "Qualcomm"),
    # an ordinary word after a capitalised first name is no surname
    ("Thanks,\nMark done.", "done"),
])
def test_round19_rules_keep_these_on_the_lite_tier(scrub_lite, text, word):
    """The rules' own reading; the full tier's NER tags these by itself, before and after round 19."""
    assert word in scrub_lite(text)
