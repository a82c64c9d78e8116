"""Issue 17, round 37 (the misses of sets BF, BG and BH, the R project's lists, scored twice as
pre-registered, now spent; both tiers): a letter the archive turned into "?" closing a signed name
("Best\nAndr?"); an address written out as list archives do ("<ann at example.org>"); a name signed
in capitals alone ("Thanks\nCHRISTOPH", "--JJS"); particles inside a signed name ("Guido van den
Heuvel"); a lower-case name after a thanks and its comma ("thank you, dirk."); a role in lower case
after a signed name ("dr. scient"); more nouns of a possessive credit ("Ann's conversation"); a
greeted name before a spaced dash ("Hi Taka --"); and no name in a list's team ("R Core"), a
title alone ("Dear Professor:"), a gerund after a dash ("- Checkpointing") or a verb after "I'm"
("Hi, I'm using ...").  Real-looking lines made up for these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left


@pytest.mark.parametrize("text, name", [
    ("Best\nMarl?ne", "Marl?ne"),
    ("--\nS?ren Kierkegaard <sk at example.org>", "Kierkegaard"),
    ("Regards,\nJ?rgen Sandvik, dr. philos,", "Sandvik"),
    ("Thanks\nKATARZYNA", "KATARZYNA"),
    ("Sincerely\nOMAR", "OMAR"),
    ("Thanks,\n--KJT", "KJT"),
    ("Best regards,\nPieter van der Berghe", "Berghe"),
    ("thank you, dirk.  that explains it.", "dirk"),
    ("thx again, simon.  by stock R I mean the binaries", "simon"),
    ("and thanks to Okonkwo's conversation, it installed", "Okonkwo"),
    ("Hi Takeshi --", "Takeshi"),
])
def test_round37_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name.replace("?", ""), out.replace("?", ""))


@pytest.mark.parametrize("text", [
    "Thanks to R Core for the release.", 'authored by "R.Core" and', "Dear Professor:", "Dear R Core Development Team,", "- Checkpointing",
    "Thanks,\nTIA", "Regards,\nIBM",
])
def test_round37_no_name_stays_on_the_lite_tier(scrub_lite, text):
    """These address or sign no one (the lite tier: these rules alone)."""
    assert scrub_lite(text) == text


@pytest.mark.parametrize("text", [
    "Hi, I'm using 0.65.1 under Linux.", "Hi I am having problems with the rendering",
    "Hello, I'm adding the flag to the build",
])
def test_round37_verb_after_im_is_no_name_on_the_full_tier(scrub_review, text):
    assert "<PERSON>" not in scrub_review(text)


def test_round37_stated_name_still_caught(scrub_review):
    """The verb rule leaves a name stated after a greeting ("Hi, I'm Ming": one letter before "ing")."""
    assert scrub_review("Hi, I'm Ming, from the lab.") == "Hi, I'm <PERSON>, from the lab."
