"""Issue 17, round 4: thanks credits, "Thanks Name!", mail sign-off lines and closings or
greetings in other languages are names (``veil_edge/credits.py``, ``veil_edge/data/signoffs.yaml``);
bots, projects, address words and medications in the same positions are not."""

from __future__ import annotations

import pytest




@pytest.mark.parametrize("text, name", [
    ("Thanks to Ondřej Nový for the report. (Closes: #962937)", "Nový"),
    ("- Added CharsNotIn class (Thanks, Lee SangYeong).  This is the opposite of", "SangYeong"),
    ("Thanks Paulo Henrique de Lima Santana (Closes: #1025512)", "Santana"),
    ("Thanks to Vagrant Cascadian <vagrant@example.org>.", "Cascadian"),
    ("  * New upstream release.\n\n -- qinxialei <q@example.org>  Thu, 22 Apr 2021 10:35:22 +0800", "qinxialei"),
    ("  * Fix build.\n\n -- Tollef Fog Heen <t@example.org>  Thu, 10 Nov 2005 15:21:50 +0100", "Heen"),
    ("The patch works now. Thx Kwabena!!", "Kwabena"),
    ("Took it for a week, much better.\n\nСпасибо, Дмитрий", "Дмитрий"),
    ("Took it for a week, much better.\n\nGruß, Jan", "Jan"),
    ("Took it for a week.\n\nSaludos, Pablo", "Pablo"),
    ("Took it for a week.\n\nMerci, Élodie", "Élodie"),
    ("thanks to emiliano for spotting.", "emiliano"),
])
def test_credit_and_signoff_names(scrub_review, text, name):
    out = scrub_review(text)
    assert name not in out and "<PERSON>" in out


@pytest.mark.parametrize("text", [
    "* Add missing Build-Depends: pkg-config, thanks pbuilder.",
    "Thanks Lintian!",
    "Update actions/checkout #140. Thanks to Dependabot.",
    "Thanks to Google's OSS-Fuzz project for finding these bugs.",
    "Grazie mille",
    "Mvh\nKundeservice",
    "Thanks Very Much!",
    "Thanks, great work!",
    "thanks to sun exposure my rash got worse",
])
def test_bots_projects_and_words_are_no_names(scrub_review, text):
    assert "<PERSON>" not in scrub_review(text)


@pytest.mark.parametrize("text, medication", [
    ("Thanks to Lexapro I finally sleep.", "Lexapro"),
    ("Thanks to Wellbutrin XL my mood is better. Thanks Abilify!", "Wellbutrin"),
])
def test_medications_after_a_thanks_survive(scrub_review, text, medication):
    assert medication in scrub_review(text)
