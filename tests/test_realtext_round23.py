"""Issue 17, round 23 (sets AA and AB's misses and false positives, both tiers, after their one
scoring): a name joined to a greeted one with an honorific run on ("Hi Ann, Kenji-san,"), in
lower case after "and" ("Hi Ann and tevita,"), or a first name that is also a function word
before "and" ("Hi Will and Ann,"); a signer's initials, two capitals alone ("Thanks,\\nTK"), or "A"
as an initial before a surname closing the line ("Kind regards,\\nA Mensah").  No name: a function
word that a first-name list holds opening a sentence after a thanks ("Thanks.  Will fix.",
"Thanks! Will do it next time.", "... Thanks, will try that."), "A" before an ordinary word
under a closing ("Thanks,\\nA Question").  Real-looking lines made up for these tests, none from
a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left

NAMES = [
    ("Hi Maria, Kenji-san,", "Kenji"),
    ("Hi Maria and tevitaq,", "tevitaq"),
    ("Hi Will and Maria,", "Will"),
    ("Thanks,\nTK", "TK"),
    ("Kind regards,\nA Mensah", "A Mensah"),
]


@pytest.mark.parametrize("text, name", NAMES)
def test_round23_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


NOT_NAMES = [
    "Thanks.  Will fix.",
    "Thanks! Will do it next time.",
    "Thanks. will do.",
    "Ah, a common pattern then... Thanks, will try that.",
    "Thanks! Will you queue this up?",
    "Thanks,\nA Question",
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_round23_not_names_on_both_tiers(scrub_tier, text):
    assert "<PERSON>" not in scrub_tier(text)
