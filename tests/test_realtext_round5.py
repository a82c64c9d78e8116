"""Issue 17, round 5: names after a closing in caseless scripts, "/Name" and "- Name" sign-offs,
initials alone under a closing, release-note authors in brackets, capital-letter surnames and
authorship cues of upstream docs are names (``veil_edge/data/signoffs.yaml``, ``veil_edge/signoffs.py``,
``veil_edge/credits.py``); address words, organisations and paths in the same positions are not."""

from __future__ import annotations

import pytest




@pytest.mark.parametrize("text, name", [
    # caseless scripts after a closing or a dash (no capital to go by)
    ("Took it for a month, sleeping better.\n\n谢谢，\n王伟", "王伟"),
    ("Works for my back pain.\n\nThanks, 李娜", "李娜"),
    ("Two weeks in, no side effects.\n\n—— 张伟", "张伟"),
    ("Much better since the new dose.\n\nشكرا،\nفاطمة", "فاطمة"),
    ("It helped a lot with the nausea.\n\nधन्यवाद,\nअंजलि", "अंजलि"),
    # "/Name" and "- Name" sign-offs, a name the lists lack, a function word before a kiss
    ("Much better on it after the first week.\n/Hazel", "Hazel"),
    ("It made me sleepy all day. - Oluwaseun", "Oluwaseun"),
    ("Thank you so much!\nMay x", "May"),
    ("Would recommend.\n\nBR,\nAsh", "Ash"),
    # upstream docs: authors in brackets, capital surnames, cues of authorship, an HTML link
    ("- libmount: fix a memory leak in the parser  [Tomasz Wojcik]", "Wojcik"),
    ("(Thanks to Hiroshi OKADA)", "OKADA"),
    ('Thanks to <a href="https://example.org/">Anna Karlsson-McKay</a> for the tests.', "Karlsson-McKay"),
    ("Bug fixes contributed by Tomasz Kłoczko.", "Kłoczko"),
    ("The original version was written by Ingrid Vestergaard.", "Vestergaard"),
])
def test_round5_signoff_and_credit_names(scrub_review, text, name):
    out = scrub_review(text)
    assert name not in out and "<PERSON>" in out


def test_initials_alone_under_a_closing(scrub_review):
    out = scrub_review("No more migraines since March.\n\nThanks,\nJ.K.")
    assert "J.K" not in out and "<PERSON>" in out


@pytest.mark.parametrize("text", [
    "Hello, World!",
    "Dear Doctor,\nThe rash came back.",
    "Hi, hope you are well.",
    "[thanks to the Qualys Security Advisory team; see the advisory]",
    "Thanks to Acme Research Labs team for the audit.",
    "This file is maintained by people within Mozilla.",
    "Spacy model uploaded to PyPi. All credits go to the original devs.",
    "Regards,\n谢谢",
    "Install it with\ncd /opt\nand/or run make",
    "It is currently maintained by the npm team.",
])
def test_round5_no_person(scrub_review, text):
    assert "<PERSON>" not in scrub_review(text)


def test_a_path_after_a_blank_is_no_slash_signoff(scrub_review):
    """A "/" sign-off needs a line start or a blank before it and a listed name after it."""
    assert scrub_review("Files live in\n/usr\n") == "Files live in\n/usr\n"
