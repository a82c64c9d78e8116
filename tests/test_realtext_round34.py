"""Issue 17, round 34 (the misses of sets AV and AW, scored once with round 33's rules, now spent;
both tiers unless said): a greeted name of capitalised parts joined by a hyphen ("Hi Tzung-Bi,");
a possessive before "effort" ("Thanks to Kent's effort"); one capitalised word thanked in mid-line,
then "for" and a verb's "-ing" form ("First of all, thanks Biju for checking"), unless the word is
a firm or project the lists hold ("Thanks Google for hosting", "thanks to Wikimedia for providing");
a greeted name before a spaced dash and a new clause ("Hi Jagath - and thanks!"); one word thanked
"for his (her, their)" something; one word after "work by".
Real-looking lines made up for these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


@pytest.mark.parametrize("text, name", [
    ("Hi Tzung-Bi,\n\nsee below.", "Tzung-Bi"),
    ("It works now. Thanks to Tavish's effort on the driver.", "Tavish"),
    ("First of all, thanks Okonkwo for checking the code.", "Okonkwo"),
    ("OK. Thank you and Okonkwo for giving me some suggestions.", "Okonkwo"),
    ("Hi Okonkwo - and thanks!", "Okonkwo"),
    ("Thanks to Okonkwo for his comments on v2.", "Okonkwo"),
    ("Based on work by Okonkwo.", "Okonkwo"),
])
def test_round34_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out or "<LOCATION>" in out  # the full tier's NER may read a place: it stays one
    assert not words_left(name, out)


@pytest.mark.parametrize("text", ["Thanks Google for hosting the mirror.", "Hi Team - please review.",
                                  "Special thanks to Wikimedia for providing the dumps."])
def test_round34_no_name_stays_on_the_lite_tier(scrub_lite, text):
    """A firm and a project stay (the lite tier, whose names are these rules' alone)."""
    assert scrub_lite(text) == text
