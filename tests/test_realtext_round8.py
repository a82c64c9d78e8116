"""Issue 17, round 8 (set G's misses and false positives, G spent): a signature surname in
capitals ("--\\nOlivier BERGER"), a two-letter first name that spells a particle after a cue
("reported by Al [1]"), a replacement character inside a surname ("H\\ufffdgsberg"), the name
again in brackets in another script under a closing; no name in generic roles after "Dear"
("Dear Maintainer,", ``address_roles``) or in a word of a list of several bullet lines that no
name list holds.  Both tiers (``veil_edge`` rules).  Real-looking lines, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left
from veil_edge import first_names, signoffs, surnames


NAMES = [
    ("Patch looks fine to me.\n\n--\nMathieu LEFEBVRE", "Mathieu LEFEBVRE"),
    ("Regards,\nKatarzyna NOWAKOWSKA", "Katarzyna NOWAKOWSKA"),
    ("Same crash as the one reported by Al [2], fixed the same way.", "Al"),
    ("Thanks to El for testing on the old box.", "El"),
    ("This is mostly a patch from Jürgen M\ufffdller, rebased.", "Jürgen M\ufffdller"),
    ("Cheers,\nSven B\ufffdckstr\ufffdm", "Sven B\ufffdckstr\ufffdm"),
    ("Best Regards,\nDmitri Volkov (Дмитрий Волков)", "Dmitri Volkov"),
    ("Best Regards,\nDmitri Volkov (Дмитрий Волков)", "Дмитрий Волков"),
    ("Thanks,\nWei Zhang (张伟)", "张伟"),
    ("Regards,\nYannis Papadakis (Γιάννης Παπαδάκης)", "Γιάννης Παπαδάκης"),
    # a listed first name on a bullet list stays a name; a single "- Word" line is as before
    ("Contributors:\n- Grace\n- Branches", "Grace"),
    ("Works for me now.\n- Bartholomew", "Bartholomew"),
]


@pytest.mark.parametrize("text, name", NAMES)
def test_round8_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


NOT_NAMES = [
    "Dear Homeowner,\nYour warranty is about to expire.",
    "Dear Subscriber,",
    "Dear Valued Customer,",
    "Dear Hiring Manager,",
    "Hi Maintainers,\nplease pull the tag below.",
    "Dear Webmaster,\nthe contact form is broken.",
    "Menu:\n- Branches\n- Settings\n",
    "Tabs\n* Branches\n* Releases\n* Settings",
    # organisations, services and roles under a closing or after a greeting (no listed name in them)
    "Kind regards,\nQuvex Notification Service",
    "Hello Quvex Helpdesk,\nmy invoice is wrong.",
    "--\nSenior Developer, Quvexa Ltd",
    "--\nxxx",
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_round8_not_names_on_both_tiers(scrub_tier, text):
    assert "<PERSON>" not in scrub_tier(text)


def test_round8_role_with_a_first_name_stays_a_name(scrub_review, scrub_lite):
    for scrub in (scrub_review, scrub_lite):
        out = scrub("Dear Grace Manager,")
        assert "Grace" not in out and "<PERSON>" in out


def test_round8_organisation_words_leave_listed_names(scrub_review, scrub_lite):
    # a listed first name or surname before the organisation word keeps the name reading
    for scrub in (scrub_review, scrub_lite):
        for text, name in (("Thanks,\nJohn Service", "John"), ("Hi Grace Helpdesk", "Grace"),
                           ("Regards,\nBaker Consulting Ltd", "Baker")):
            out = scrub(text)
            assert name not in out and "<PERSON>" in out, (text, out)


def test_round8_bullet_list_of_surnames_stays_names(scrub_review):
    # surnames in a list of people: the bullet rule leaves every listed name alone
    out = scrub_review("Team:\n- Baker\n- Smith")
    assert "Baker" not in out and "Smith" not in out


def test_address_roles_are_no_listed_names():
    roles = signoffs.spec()["address_roles"]
    assert not [w for w in roles if w in first_names() or w in surnames() or w in signoffs.extra_first_names()]
