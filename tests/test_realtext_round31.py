"""Issue 17, round 31 (the misses of sets AN-AP, scored once with round 30's rules, now spent;
both tiers): a thanks in mid-line after a short clause and a comma or "and", with "a lot" or
"so much" between ("Applied, thanks Ann.", "Good catch and thanks Ann, I will"); an ordinary
word as the name closing such a thanks ("Sure. Thanks Zorro."); a lower-case name after a
comma-set greeting and before a full stop ("Hi, tejun."); a signed name joined by " / "; the
items of a list of names written in lower case on a thanks's line; two initials closing a
signed name ("Regards,\nAnn KR", "Ann D-B"), but no firm's suffix ("--\nSiemens AG"); a listed
surname that is an ordinary word after a greeted first name, before a comma ("Hi Mark Brown,
Ann,"); a name before the sender's address on the line under a signature delimiter ("--\nann
<...>", "--\nAnn V N <...>").  Real-looking lines made up for these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


@pytest.mark.parametrize("text, name", [
    ("Applied, thanks Okonkwo.", "Okonkwo"),
    ("Looks good, thanks Okonkwo.", "Okonkwo"),
    ("Great, thanks a lot Okonkwo.  I will test it too.", "Okonkwo"),
    ("Nice find and thanks Okonkwo, I will send a v2.", "Okonkwo"),
    ("Sure. Thanks Robin.", "Robin"),
    ("Hi, tavish.\n\nsee below.", "tavish"),
    ("--\nBest,\nAnn Roe / Tavish", "Ann Roe Tavish"),
    ("Many thanks to Ann Okafor, Bob Tavares, okonkwo, tavish, and others.", "okonkwo tavish"),
    ("Works here.\n\nRegards,\nTavish KR", "Tavish KR"),
    ("Works here.\n\nCheers,\nTavish D-B", "Tavish D-B"),
    ("Hi Mark Brown, Ann,\n\nsee below.", "Mark Brown Ann"),
    ("Works here.\n\n--\nokonkwo <okonkwo@example.org>", "okonkwo"),
    ("Works here.\n\n--\nTavish V N <tavish@example.org>", "Tavish V N"),
])
def test_round31_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out or "<LOCATION>" in out  # the full tier's NER may read a place: it stays one
    assert not words_left(name, out)


@pytest.mark.parametrize("text", [
    "Applied, thanks again.",  # a filler, no name
    "Done. Thanks Everyone.",  # an address word
    "Sure. Thanks Testing.",  # a verb's form
    "Hi, everyone.",
    "Hi, thanks.",
    "Works here.\n\n--\nSiemens AG",  # a firm's suffix, no initials
])
def test_round31_no_name_stays_on_both_tiers(scrub_tier, text):
    assert scrub_tier(text) == text


def test_round31_list_items_need_a_list(scrub_tier):
    """A lower-case word after a thanked name is a name only as an item of a list (a comma or
    "and" after it): a reply that goes on in lower case keeps its words."""
    out = scrub_tier("Thanks Okonkwo, looks good to me.")
    assert "<PERSON>" in out and "looks good to me." in out
    out = scrub_tier("Thanks to Okonkwo, tests pass, docs build.")
    assert "tests pass, docs build." in out


@pytest.mark.parametrize("text", ["--\r\nokonkwo <okonkwo@example.org>", "--\t\nokonkwo <okonkwo@example.org>",
                                  "-- \nokonkwo <okonkwo@example.org>",
                                  " -Paul Smith", "Works.\n  - Ann Okafor"])  # a dash's name after blanks
def test_round31_name_under_a_delimiter_is_cued(text):
    """The mail pattern's new branch (a name under a delimiter line, blanks or "\r" after the
    delimiter) and a dash's name after blanks (whose match opens at the line's start) start where
    ``_starts`` looks: the cued scan finds what the full scan finds."""
    from veil_edge.signoff_cues import _found
    from veil_edge.signoff_rules import rules

    r = rules()
    assert _found(text, r) == _found(text, r, cued=False) != []
