"""Issue 17, round 14 (set N's misses and the lite tier's on every spent set): a radio callsign
after a signed name is a trailer ("David K1ABC"); a letter a wrong encoding turned into "?" is
a letter ("Hi S?bastien,"); a given name written as two capitalised parts ("-RaviTeja") is a
name when its first part is a listed first name; a greeting to two ("Hi Ana and Lee,") and a
greeted name of three letters; the closing's "!" before a signature line; the sender's address
placeholder in brackets; a lower-case first name under a "--" delimiter; a name under a closing
before a role; an elected office as a title; the name in a reply's quote attribution ("On
<date>, Ann Roe wrote:"); and a plural of an ordinary word greeted is a group ("Hi Experts,").  Both tiers (``veil_edge`` rules).  Real-looking lines made up for
these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


NAMES = [
    ("Many thanks,\nOwen K1ABC", "Owen"),
    ("73,\nthanks,\nMarta 2E0XYZ", "Marta"),
    ("Hi Fr?d?ric,\nthe board boots now.", "Fr?d?ric"),
    ("-RaviKiran", "RaviKiran"),
    ("Hi JoAnne,\nsee below.", "JoAnne"),
    ("Hi, Oyelaran and All,", "Oyelaran"),
    ("Hello Tamsin and Oyelaran,", "Oyelaran"),
    ("Hi Obi,\nthanks for the logs.", "Obi"),
    ("Thanks!\nGuenther", "Guenther"),
    ("--\nPhan Quoc Dung <<EMAIL>>", "Dung"),
    ("--\nmaurizio", "maurizio"),
    ("--\ntomasz\t\tPhone: +48 000 000", "tomasz"),
    ("Regards,\nNadia Okafor, Lab Manager, Acme Ltd", "Okafor"),
    ("Dear Senator Whitlock:", "Whitlock"),
    ("Thanks,\nOn 3/4/21 10:02, Priyanka Venkatesan wrote:", "Venkatesan"),
    ("On Tue, Mar 2, 2021 at 9:15 AM Bogdan Ionescu via dev-list <<EMAIL>> wrote:", "Ionescu"),
    ("Halvard Lindqvist <halvard@example.org> wrote:", "Lindqvist"),
    # a listed surname or first name ending in "s" is no group ("Brooks" is a plural too)
    ("Hi Brooks,\nthanks.", "Brooks"),
    ("Hi Williams,", "Williams"),
]


@pytest.mark.parametrize("text, name", NAMES)
def test_round14_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


NOT_NAMES = [
    # an inner capital whose first part is a first name but whose second is a word: a product
    "- MarkDown",
    "Hi GitHub,",
    # "?" between letters in a query string is no lost letter that makes a name
    "see index.php?id=3 for the list",
    # a word under a delimiter that is no first name, and a team in an attribution
    "--\nhelp",
    "On Monday the support team wrote: nothing",
    # a greeting to two where the second is a lower-case word
    "Hi Git and welcome",
    # a "!" after the closing, then a closing again
    "Thanks!\nRegards",
    # a version string after a name-like word is no callsign
    "Thanks,\nRelease V2",
    # the plural of an ordinary word addresses a group, no one person
    "Hi Experts,\nI need help with the build.",
    "Dear Lists,\nplease see below.",
    "Hello Engineers,\nany idea?",
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_round14_not_names_on_both_tiers(scrub_tier, text):
    assert "<PERSON>" not in scrub_tier(text)


def test_round14_second_greeted_word_is_judged_like_the_first(scrub_lite):
    # the second of two greeted is a name when no ordinary word; an ordinary word there stays
    assert scrub_lite("Hello Tamsin and Welcome,") == "Hello <PERSON> and Welcome,"
