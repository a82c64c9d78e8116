"""Issue 17, round 7: credit names after more cues ("pointed out by", "adapted by", "based on a
diff from"), initials without a dot ("reported by M Kelly"), a one-letter surname in quotes, a
surname in capitals before a given name no list holds, a surname that is an address word, a
dotted name the URL recognizer cut into; and no name in software, platform and tool names
after a cue ("inspired by Java", "diagnosed by Address Sanitizer") or in a compiler option
after a dash ("spotted by clang -Wextra").  The rules are ``veil_edge``'s
(``data/signoffs.yaml``, ``credits.py``, ``signoffs.py``), so both tiers are checked.  The lines
are real-looking, none from a sign-off set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left
from veil_edge import first_names, signoffs, surnames


CREDITS = [
    # cues of commit messages and NEWS files
    ("avoid the double close pointed out by JinHo Park.", "JinHo Park"),
    ("the cleanup script was adapted by Edwin Halvorsen from the old one", "Edwin Halvorsen"),
    ("Tested and diagnosed by Olumide Bankole.", "Olumide Bankole"),
    ("fixes from Piotr Nowak", "Piotr Nowak"),
    # initials without a dot before a surname, one, two, or spelling a particle or "A"
    ("Fix a leak in the pager, reported by T Okafor.", "T Okafor"),
    ("Keep the cursor on resize. Based on a diff from K Lindqvist.", "K Lindqvist"),
    ("spotted by D J Ferreira.", "D J Ferreira"),
    ("Crash on detach reported by Y Moreau, GitHub issue 311.", "Y Moreau"),
    ("Reported by A Whitfield, bug 9.", "A Whitfield"),
    # a one-letter surname closing a quoted name
    ('improve the error text, suggested by "Priya R".', "Priya R"),
    # a surname in capitals before a given name no first-name list holds
    ("- integrated AIX patches from TAKAHASHI Ryoichi", "TAKAHASHI Ryoichi"),
    ("patch from WATANABE Kazuki <<EMAIL>>", "WATANABE Kazuki"),
    # a surname that is an address word or "love" after a listed first name
    ("Reported by Cody Dear.", "Cody Dear"),
    # initials run into the surname, which the URL recognizer reads as a domain (".Rowan" no, ".Cam" yes)
    ("- fixes the lastlog clobber spotted by J.K.Camp <<EMAIL>>", "J.K.Camp"),
]


@pytest.mark.parametrize("text, name", CREDITS)
def test_round7_credit_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


NOT_NAMES = [
    # software, platforms and tools after a cue or "inspired by"
    "The event loop was originally inspired by Java, and inherited its names.",
    "The ini format here was in turn inspired by Microsoft Windows 95.",
    "Thanks to Starlette and Pydantic the handlers stay short.",
    "heap overflow diagnosed by Address Sanitizer",
    "signed overflow spotted by Undefined Behavior Sanitizer",
    "flaky test pointed out by Github Actions",
    "noticed by valgrind",
    # a compiler option after a dash is no sign-off
    "upstream: drop an unused variable; spotted by gcc -Wall",
    "found by clang -Wshadow",
    # capitals that are acronyms, and initials before ordinary words
    "reported by GNU Emacs users",
    "* Port to the MAXQ board contributed by HCL Tech.",
    "requested by AMD Ryzen owners",
    "pointed out by A Lot of users",
    "Reported by A Customer",
    "ported by X Window maintainers",
    "based on a fix from OpenBSD",
    "diff from HEAD",
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_round7_tools_and_options_are_no_names(scrub_tier, text):
    assert "<PERSON>" not in scrub_tier(text)


def test_a_dash_signoff_run_into_the_name_still_counts_after_punctuation(scrub_review, scrub_lite):
    for scrub in (scrub_review, scrub_lite):
        assert scrub("Works great, sturdy and cheap. -Kwame") == "Works great, sturdy and cheap. -<PERSON>"


def test_software_names_never_credited_are_no_ones_names():
    """``not_credited_software`` holds only words no first-name or surname list holds, so a
    guess it drops ("Java", "Github Actions") is never a listed person's name."""
    names = signoffs.spec()
    first, last = first_names(), surnames()
    assert names["not_credited_software"]
    assert [w for w in names["not_credited_software"] if w in first or w in last] == []
    assert set(names["not_credited_software"]) <= set(names["not_credited"])
