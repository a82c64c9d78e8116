"""Issue 17, round 9 (set H's misses and false positives, H spent): one capitalised word no list
holds after a cue of one person's act ("(Noted by Byrial.)", ``credit_cues_one_word``), a surname
opened by an elided particle ("Marco d'Itri", ``credit_elided_particles``); no name in tools after
a cue (``not_credited_software``: "gofmt", "Doxygen", "(neo)mutt"), in a closing alone on its
line under a signature delimiter ("--\\nSaludos,", ``closings_informal``), in "-Inbox", in a
platform's user group, nor a place in "Dear Maintainer,".  Both tiers (``veil_edge`` rules).
Real-looking lines, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left
from veil_edge import first_names, signoffs, surnames
from veil_edge.gazetteer import common_words


NAMES = [
    ("Fix the crash on empty folders (noted by Tovrik.)", "Tovrik"),
    ("Flagged by Ozbeck, fixed in the next tag.", "Ozbeck"),
    ("Off-by-one in the pager, observed by Tjelvar on arm64.", "Tjelvar"),
    ("Build fix from Luca d'Ambrosio.", "Luca d'Ambrosio"),
    ("Thanks to Chiara dell'Acqua for the report.", "Chiara dell'Acqua"),
    ("Based on a patch by Ségolène l'Hermite", "Ségolène l'Hermite"),
    ("Regards,\nMarco d'Ascenzo", "Marco d'Ascenzo"),
    ("Seeya,\nBob Hartley", "Bob Hartley"),
    ("Bisous,\nÉlodie Marchand", "Élodie Marchand"),
    # regression guards: a name under a closing that is now data, and the old positions
    ("Saludos,\nMaría García", "María García"),
    ("--\nSaludos,\nMaría García", "María García"),
    ("Thanks, Will", "Will"),
    ("Noted by Grace.", "Grace"),
    ("Regards,\nJohn Linux Users", "John"),
]


@pytest.mark.parametrize("text, name", NAMES)
def test_round9_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


NOT_NAMES = [
    "Reflowed the whole file. Thanks gofmt.",
    "Silences a warning. Thanks shellcheck!",
    "- Doxygen",
    "Ported from (neo)mutt's pager.",
    "Thanks,\n--\nSaludos,",
    "--\nSeeya,",
    "--\nrgrds,",
    "-Inbox",
    "--\nBoston Linux Users' Group",
    "Pointed out by Codacy.",
    "Reported by Qualys, see the advisory.",
    "The sparc port was contributed by Wisconsin.",
    "Dear Maintainer,\nthe build fails on armhf.",
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_round9_not_names_on_both_tiers(scrub_tier, text):
    assert "<PERSON>" not in scrub_tier(text)


def test_round9_dear_maintainer_keeps_the_word(scrub_tier):
    # an address role after "Dear" is no place either (the full tier's NER said LOCATION)
    assert scrub_tier("Dear Maintainer,") == "Dear Maintainer,"


def test_round9_one_word_leaves_the_ners_place_guess(scrub_tier):
    # the one-word credit adds a PERSON only where no other span lies: the full tier's NER reads
    # this one as a place; either way the word is gone
    out = scrub_tier("Off-by-one in the pager, observed by Quarlin on arm64.")
    assert not words_left("Quarlin", out)


def test_round9_one_word_needs_the_cue_of_an_act(scrub_tier):
    # after "thanks to" one unlisted word is as often a tool or a firm: judged as before
    assert "Dependabot" in scrub_tier("Thanks to Dependabot for the bump.")


def test_round9_data_lists():
    names = signoffs.spec()
    first, last, common = first_names(), surnames(), common_words()
    one = names["credit_cues_one_word"]
    assert one and all(c.endswith((" by", " from")) for c in one)
    assert set(one) <= set(names["credit_cues"])  # read with the credit cues (``spec``)
    assert all(p.endswith("'") for p in names["credit_elided_particles"])
    # the closings added as data are no listed names themselves
    assert [c for c in names["closings_informal"] if c in first or c in signoffs.extra_first_names()] == []
    # the round's software words are no ordinary English words either ("Ken Lynx" keeps "Lynx")
    soft = names["not_credited_software"]
    assert [w for w in soft[soft.index("gofmt"):] if w in common or w in last] == []
    # and no place left out of the one-word credit is a listed name ("Georgia", "Jordan" stay names)
    assert [w for w in names["not_credited_places"] if w in first or w in last or w in common] == []
