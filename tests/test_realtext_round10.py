"""Issue 17, round 10 (set I's misses and false positives, I spent): a signature's initials are part
of its name, with or without their dot ("--\\nD. Michael Basinger", "--\\nJ C Lawrence"), a signature
word may hold one inner capital ("DeLong"), a name before a role or firm on its line under "--"
("--\\nLuiz Felipe Ceglia - Staff Acme"), a closing's lower-case first name and surname ("regards,
tom lane"), a credit closed by an initial with its dot ("Reported by Siddharth M."), "suggestion
from"; no name in a tool or firm after a closing ("Thanks, Google."), a headword before its part of
speech ("--\\nPLEELEY (adj.)"), a tagline under "--", a generic addressee ("Dear Fool,", "Hello
List:"), "mit bestem,", "- Downloads", a firm before "Publishers", software the NER or a credit
took ("Offlineimap", "Alsa", "Autocrypt-Gossip", "Gentoo").  Both tiers (``veil_edge`` rules).
Real-looking lines, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left
from veil_edge import first_names, signoffs, surnames
from veil_edge.gazetteer import common_words


NAMES = [
    ("Patch attached.\n--\nT. Rowan Halloway", "T. Rowan Halloway"),
    ("--\nK J Morrissette", "K J Morrissette"),
    ("Dear H. Lorna Pettibone,\nyour order shipped.", "H. Lorna Pettibone"),
    ("Yours,\nA.J.M. Whitcombe", "A.J.M. Whitcombe"),
    ("--\nR.T. McAllister", "R.T. McAllister"),
    ("--\nMarguerite VanDerhoef", "Marguerite VanDerhoef"),
    ("--\nOsvaldo Tercio Brandão \t-  Support Lead, Quintex", "Osvaldo Tercio Brandão"),
    ("works now, thanks\n--\nHelga Steinacker, Release Engineer,", "Helga Steinacker"),
    ("--\nDr. Ramona Quillfeather | Qorvan Labs", "Ramona Quillfeather"),
    ("sounds good.\n\nregards, mark fenwick", "mark fenwick"),
    ("Race in the poller fixed. Reported by Anjali R.", "Anjali R."),
    ("Simplify the parser (suggestion from Piet Verhoeven).", "Piet Verhoeven"),
    # regression guards: the same positions with the forms earlier rounds caught
    ("Thanks,\nDr. R. K. Sharma", "R. K. Sharma"),
    ("--\nJohn Smith", "John Smith"),
    ("Thanks, Will", "Will"),
    ("Regards,\nMarco d'Ascenzo", "Marco d'Ascenzo"),
    ("Thanks,\nJ.D.", "J.D."),
    ("Noted by Grace.", "Grace"),
]


@pytest.mark.parametrize("text, name", NAMES)
def test_round10_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


NOT_NAMES = [
    "--\nQUIBBLETOCK (adj.)",
    "--\nFARNISH WOBBLE (n.)",
    "--\nDiligence pays.",
    "--\n-- Testing is love.",
    "--\nRandomly Chosen Motto:",
    "--\nGreetings from Portugal",
    "Dear Fool,\nyou left the stove on.",
    "Thanks lads,",
    "Hello List:\nhas anyone seen this?",
    "see you soon!\nmit bestem,",
    "Best regards,\nBrightQuill Publishers",
    "- Downloads",
    "Offlineimap is great, thanks.",
    "Thanks. I gave Alsa a try but it hung.",
    "Enable Autocrypt-Gossip headers when asked.",
    "That works.  Thanks, Google.",
    "Fixed the docs as requested by Gentoo packagers.",
    "--\nExherbo KDE, X.org maintainer",
    "--\nBest Wishes, Everyone",
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_round10_not_names_on_both_tiers(scrub_tier, text):
    assert "<PERSON>" not in scrub_tier(text)


@pytest.mark.parametrize("text, kept", [("Thanks, will do", "will do"), ("cheers, bob xx", "xx")])
def test_round10_two_lower_words_need_a_surname(scrub_lite, text, kept):
    # a function word is no first name before another word, and kisses stay a trailer
    assert kept in scrub_lite(text)


def test_round10_tagline_keeps_a_listed_first_name(scrub_tier):
    # a tagline's words are dropped only when the first is no listed first name
    out = scrub_tier("--\nJohn Smith")
    assert not words_left("John Smith", out)


def test_round10_data_lists():
    names = signoffs.spec()
    first, last, common = first_names(), surnames(), common_words()
    soft = names["not_credited_software"]
    # the round's software words are no listed names or ordinary words
    assert [w for w in soft[soft.index("offlineimap"):] if w in first or w in last or w in common] == []
    # the new closings are no listed first names
    new = names["closings_other"][names["closings_other"].index("mit bestem gruß"):]
    assert [c for c in new if c in first or c in signoffs.extra_first_names()] == []
    assert {"suggestion from", "suggestions from"} <= set(names["credit_cues"])
    assert all(m.rstrip(".").isalpha() for m in names["part_of_speech_marks"])
    assert "downloads" in common
