"""Issue 17, round 15 (set O's misses and false positives, and the lite tier's on it): the
second of two greeted after a comma ("Hi Ann, Bharath,"); thanks with more words before and
after "for" ("Thanks so much for all your hard work on this Noel,"); a name opening its line
before ", thanks" ("Sathyan, thanks for ..."); the signer's pronouns after a signature name;
and, no name, a greeting the NER took for one ("Heya there"), the readers of something
greeted ("Hello Speakup members,") and lower-case words going on after a closing ("Thanks
again, will explore.").  Both tiers (``veil_edge`` rules).  Real-looking lines made up for
these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


NAMES = [
    ("Hi Marta, Oyelaran,\nthe patch is below.", "Oyelaran"),
    ("Hello Tamsin, Obiora:", "Obiora"),
    ("Thanks so much for all the time you spent on this Rebecca,", "Rebecca"),
    ("thank you very much for the quick review of the series, Margaret.", "Margaret"),
    ("Okonkwo, thanks for the pointer to the docs.", "Okonkwo"),
    ("Well, Thorvald, thank you, that fixed it.", "Thorvald"),
    ("Cheers,\nRosalind (she/her)", "Rosalind"),
    ("Regards,\nTamsin Achterberg (they/them)", "Achterberg"),
]


@pytest.mark.parametrize("text, name", NAMES)
def test_round15_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


NOT_NAMES = [
    # a capitalised word before ", thanks to" is credited with something, not addressed
    "Overall, thanks to the new driver it works.",
    "Anyway, thanks for the help.",
    # a verb's form or a laugh before ", thanks" is no one thanked
    "Dropped, thanks!",
    "Hi,\nDropped, thanks!",
    "Queued, thanks.",
    "Haha, thanks for the vote of confidence.",
    # the readers of a project greeted
    "Hello Kubuntu members,\nquick question about the installer.",
    "Hi Zorblat users,\nthe release is out.",
    # a greeting the NER may take for a name, and lower-case words going on after a closing
    "Heya there and thanks again.",
    "It works now. Thanks again, will explore.",
    "Thanks, btw should I file a bug?",
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_round15_not_names_on_both_tiers(scrub_tier, text):
    assert "<PERSON>" not in scrub_tier(text)


@pytest.mark.parametrize("text, want", [("Hi Marta, Welcome!", "Hi <PERSON>, Welcome!"),
                                        ("Hi Marta, Thanks.", "Hi <PERSON>, Thanks.")])
def test_round15_an_ordinary_word_after_the_comma_is_no_second_person(scrub_tier, text, want):
    assert scrub_tier(text) == want
