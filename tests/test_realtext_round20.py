"""Issue 17, round 20 (sets V and W's misses, both tiers, after their one scoring): a capitalised
name after a closing, before punctuation or a smiley, with the sentence going on ("Thank you so
much, Tevita. I appreciate it.", "Thanks a lot Tevita :) I'll ..."); a colon after a closing
("Regards :  Tevita Okafor"); the greeting said again before a second name ("Dear Ann, dear
Tevita,"); a lower-case name after a closing and its comma, closing the line ("Regards, tevita.").
No name: a firm, a group or an ordinary word in those places.  Real-looking lines made up for
these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


NAMES = [
    ("Thank you so much, Tevita. I appreciate it.", "Tevita"),
    ("Thanks a lot Tevita :) I'll keep an eye on the tracker.", "Tevita"),
    ("Regards :  Tevita Okafor", "Tevita Okafor"),
    ("Dear Ann, dear Tevita,", "Tevita"),
    ("Regards, tevita.", "tevita"),
]


@pytest.mark.parametrize("text, name", NAMES)
def test_round20_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


NOT_NAMES = [
    "Thanks a lot Microsoft. Great stuff.",
    "Many thanks, Everyone!",
    "Cheers, Mate!",
    "Thanks, anyway.",
    "Thanks a lot. Can you resend?",
    "Regards, team.",
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_round20_not_names_on_both_tiers(scrub_tier, text):
    assert "<PERSON>" not in scrub_tier(text)
