"""Real people's text through the default policy: medication names are no names, sign-off and
greeting names are, and the new types (passport, IBAN, obfuscated e-mail, coordinates) are
found and labelled as such.  Examples are shaped like the Drugs.com reviews of
``benchmarks/data/drugscom`` (real text), written fresh here."""

from __future__ import annotations

import re
from importlib import resources

import pytest
import yaml

from veil.anonymize import Sanitizer, load_policy, parse_policy
from veil.demo_data import generate


@pytest.fixture(scope="module")
def scrub():
    sanitizer = Sanitizer(load_policy(None), b"t" * 32)

    def run(*texts: str) -> list[str]:
        outs = sanitizer.sanitize_batch([{"user_id": f"u{i}", "text": t} for i, t in enumerate(texts)])
        return [o.data["text"] for o in outs]

    return run


def test_demo_review_signoffs_are_removed():
    """All demo reviews signed "- <first name>" ("... works well. - Grace") lose the name."""
    signed = [e for topic, e in generate(400, seed=11) if topic == "reviews" and re.search(r" - \w+$", e["text"])]
    assert len(signed) >= 20
    policy = load_policy(resources.files("veil.anonymize").joinpath("examples", "demo_policy.yaml"))
    outs = Sanitizer(policy, b"t" * 32).sanitize_batch(signed)
    for event, out in zip(signed, outs):
        name = event["text"].rsplit("- ", 1)[1]
        assert out.data["text"].endswith("- <PERSON>"), (name, out.data["text"])


@pytest.mark.parametrize("text, name", [
    ("Worked for my migraines within an hour. - Grace", "Grace"),
    ("No side effects at all so far.\n- Penny", "Penny"),
    ("It made me drowsy the first week. Thanks, Will", "Will"),
    ("Hi June, I had the same cramps on it.", "June"),
    ("Dear Mark, stick with it for a month.", "Mark"),
    ("Rose, you are not alone with this.", "Rose"),
    ("Best of luck to everyone.\n\nCheers,\nHope", "Hope"),
    ("Worked within a week, no nausea. - grace", "grace"),  # lower case after a dash
    ("hey grace, the spotting stopped after month two.", "grace"),
    ("Morning Dawn, it took three weeks for me too.", "Dawn"),
    ("@Rose: I had the same rash, it went away.", "Rose"),
    ("Will here. Second month on it and no headaches.", "Will"),
    ("Helped my sleep a lot.\n- Sue, 42", "Sue"),
    ("Stick with it!\n\nLove, Penny xx", "Penny"),
    ("Hope this helps someone. Thx Mark!", "Mark"),
    ("No weight gain at all.\n\nBest regards\nJune\n", "June"),
])
def test_signoff_and_greeting_names_are_names(scrub, text, name):
    (out,) = scrub(text)
    assert name not in out and "<PERSON>" in out, out


def test_words_after_a_closing_or_greeting_that_are_no_names(scrub):
    """Ordinary closings and openers keep their words: "Had to discontinue taking." (not "ta"
    + "king"), "Hey guys.", "Hi all,", "Thanks Trintellix!!!" (a medication)."""
    texts = ["It all hit me like a truck.\r\nHad to discontinue taking.", "Hey guys. I was diagnosed in May.",
             "Hi all,\r\nI've been on it a year.", "I got my life back. Thanks Trintellix!!!", "Love it! - done"]
    assert scrub(*texts) == texts


@pytest.mark.parametrize("text, name", [
    ("* Fix typo in the manual page.  Thanks, Guillem!", "Guillem"),  # a Debian changelog credit
    ("No nausea after week two.\n\nRegards,\nNorm", "Norm"),  # an ordinary word, under a closing
    ("Thx Norm!", "Norm"),  # a short form the gazetteer lacks (veil_edge data/extra_first_names.txt)
    ("Spotting stopped.\n\nKind regards,\nDawn Fletcher", "Dawn Fletcher"),  # two names in a signature
    ("It helped.\n\nThanks,\nDr. Faith Okafor", "Faith Okafor"),  # a title
    ("It helped.\n\nCheers, K. Osei", "Osei"),  # an initial, a name no list holds
    ("Fine so far.\n-- \nMay", "May"),  # under a signature delimiter, a function word
    ("Morning Will, it took a week.", "Will"),  # a function word before a comma is a name
    ("@May I started it in 2010.", "May"),  # a mention, whatever follows
    ("No weight gain.\n\nRegards,\nWill\nSent from my iPhone", "Will"),
])
def test_signatures_and_names_outside_the_lists(scrub, text, name):
    (out,) = scrub(text)
    assert not [w for w in name.split() if w in out] and "<PERSON>" in out, out


@pytest.mark.parametrize("text", [
    "Hi can any body help", "Hi will this work", "Hi will it make me sleepy", "hello can I drink on it",
    "Hi, may the side effects pass soon.", "Cheers mate", "Best regards,\nCustomer Support",
    "Regards, the pharmacy team", "Thanks, team!", "Hey there!", "Hello world!", "Thanks again everyone.",
])
def test_function_and_address_words_after_a_greeting_are_no_names(scrub, text):
    """A function word after a greeting is a name only before punctuation ("Hi Will,"), never
    before another word ("Hi will this work"); address words ("mate", "team") never are."""
    (out,) = scrub(text)
    assert out == text, out


def test_interjections_are_no_signoff_names(scrub):
    out = scrub("Hi, my name is Tess Guinevan and the patch works.", "So, I tried it anyway.", "Love it! - Sue")
    assert out[0].startswith("Hi, my name is <PERSON>")
    assert out[1] == "So, I tried it anyway."
    assert out[2] == "Love it! - <PERSON>"


@pytest.mark.parametrize("text, medication", [
    ("I switched to Junel since its the same compounds as my old pill.", "Junel"),
    ("I have been taking Geodon for about a month or so now.", "Geodon"),
    ("My cardiologist put me on Lasix over a month ago due to edema.", "Lasix"),
    ("I take 75mg of Effexor in the AM and it has worked wonders.", "Effexor"),
    ("My Dr. Prescribed Gabapentin for insomnia.", "Gabapentin"),
    ("Had Mirena placed in December and the cramps were mild.", "Mirena"),
    ("I came off Sprintec because it made me irritable.", "Sprintec"),
    ("I was switched to Portia by my gynecologist.", "Portia"),  # a first name, but a strong frame
    ("I took Effexor XR after my divorce.", "Effexor"),  # the NER span takes in the formulation "XR"
    ("I took Solodyn back in '11; my skin cleared.", "Solodyn"),  # an FDA brand name (UNII list)
    ("I have had Implanon since early May so about 7 months now.", "Implanon"),
    ("Then I came across Natazia. I have been taking this for 2 months.", "Natazia"),
    ("This is the second Mirena that I have had put in and I love it.", "Mirena"),  # listed, and a frame
])
def test_medication_names_survive(scrub, text, medication):
    (out,) = scrub(text)
    assert medication in out, out


def test_a_medication_in_a_strong_frame_is_one_in_the_whole_review(scrub):
    (out,) = scrub("I then switched back to Junel and the headaches stopped. Everyone is different, "
                   "but for me Junel has been perfect. I liked Junel from day one.")
    assert out.count("Junel") == 3, out


def test_people_next_to_medications_are_still_removed(scrub):
    out = scrub("Grace Miller prescribed it after my surgery.", "Dr. Saha prescribed Zoloft for me.",
                "I was taking Anna to school when the dizziness started.",
                "Yasemin Kaya placed the order and Tom removed the item.", "My experience with Tom was great.")
    assert "Grace" not in out[0] and "Miller" not in out[0]
    assert "Saha" not in out[1] and "Zoloft" in out[1]
    assert "Anna" not in out[2]
    assert "Yasemin" not in out[3] and "Kaya" not in out[3] and "Tom" not in out[3]
    assert "Tom" not in out[4]


@pytest.mark.parametrize("text, name", [
    ("Oluwaseun Adebayo removed the item from the cart.", "Adebayo"),
    ("Chidi Okonkwo placed the order yesterday.", "Okonkwo"),
])
def test_names_no_list_knows_are_not_medications_after_a_weak_frame(scrub, text, name):
    """A weak frame ("X placed", "X removed": people do these too) makes a medication of one
    unknown word ("Mirena placed"), never of two: names from outside the name lists leaked
    here (4 more PERSON leaks on 3000 generated held-out events, seed 31337, than before
    issue 17's frames: 54 vs 50 of 5098)."""
    (out,) = scrub(text)
    assert name not in out and "<PERSON>" in out, out


@pytest.mark.parametrize("text, placeholder, value", [
    ("Please refund to DE89 3704 0044 0532 0130 00, thanks.", "<IBAN_CODE>", "3704"),
    ("My passport number is 925076473, can you update the booking?", "<PASSPORT>", "925076473"),
    ("Passport no. C01X00T47 (German), expires 2031.", "<PASSPORT>", "C01X00T47"),
    ("email me at bill at example dot com", "<EMAIL_ADDRESS>", "example"),
    ("or bill [at] example [dot] com if that fails", "<EMAIL_ADDRESS>", "example"),
    ("The pharmacy is at 52.520008, 13.404954 behind the station.", "<GEO_COORDINATES>", "52.52"),
])
def test_new_types_found_and_labelled(scrub, text, placeholder, value):
    (out,) = scrub(text)
    assert placeholder in out and value not in out, out
    assert "<CREDIT_CARD>" not in out and "<PHONE_NUMBER>" not in out


@pytest.mark.parametrize("text, kept", [
    ("Copyright (c) 2014-2026, Ionel Cristian Mărieș. All rights reserved.", "2014-2026"),
    ("Copyright (c) 1991 - 1995, Stichting Mathematisch Centrum Amsterdam,", "1991 - 1995"),
    ("Copyright 2008,2009,2010 Massachusetts Institute of Technology.", "2008,2009,2010"),
    ("I was on it from 2010-2012 and again this year.", "2010-2012"),
])
def test_year_ranges_are_no_phone_numbers(scrub, text, kept):
    (out,) = scrub(text)
    assert kept in out and "<PHONE_NUMBER>" not in out, out


def test_credit_lines_names_and_emails(scrub):
    """Lines shaped like the hand-labelled credits of benchmarks/data/credits (real text)."""
    out = scrub("Copyright (c) 2016 Nathaniel J. Smith <njs@pobox.com> and other contributors",
                "Pygments is written and maintained by Georg Brandl <georg@python.org>.",
                "$ git clone git@github.com:python-hyper/h11")
    assert "Nathaniel" not in out[0] and "Smith" not in out[0] and "<EMAIL_ADDRESS>" in out[0] and "2016" in out[0]
    assert "<PERSON>" in out[1] and "Brandl" not in out[1] and "<EMAIL_ADDRESS>" in out[1]
    assert "<EMAIL_ADDRESS>" not in out[2], out[2]  # an scp-style git remote, not an e-mail address


def test_coordinate_fields_on_a_coarse_grid():
    event = {"user_id": "u", "lat": 52.520008, "lon": 13.404954, "geo": {"latitude": "40.712776"},
             "coords": [48.8566, 2.3522], "long_description": "kept as text", "latency_ms": 12.5}
    out = Sanitizer(load_policy(None), b"t" * 32).sanitize_one(event)
    assert out.data["lat"] == 52.5 and out.data["lon"] == 13.4
    assert out.data["geo"] == {"latitude": "40.7"} and out.data["coords"] == [48.8, 2.3]
    assert out.data["long_description"] == "kept as text" and out.data["latency_ms"] == 12.5
    assert out.findings["lat"] == {"GEO_COORDINATES": 1}
    # an explicit rule still decides
    kept = Sanitizer(parse_policy("version: 1\nrules:\n  - {path: lat, op: keep}\n"), b"t" * 32).sanitize_one(event)
    assert kept.data["lat"] == 52.520008


@pytest.mark.parametrize("package, name", [
    ("veil.anonymize", "context/frames.yaml"), ("veil_edge", "patterns/passport.yaml"), ("veil_edge", "patterns/geo.yaml"),
    ("veil_edge", "patterns/email_obfuscated.yaml"), ("veil_edge", "patterns/iban.yaml"), ("veil_edge", "signoffs.yaml")])
def test_data_files_hold_strings_only(package, name):
    """YAML 1.1 reads a bare no/yes/on as a boolean (Norway's IBAN, the "no" top-level domain)."""
    data = yaml.safe_load(resources.files(package).joinpath("data", name).read_text(encoding="utf-8"))

    def walk(obj):
        if isinstance(obj, dict):
            for k, v in obj.items():
                assert isinstance(k, str), k
                walk(v)
        elif isinstance(obj, list):
            for v in obj:
                assert isinstance(v, str), v
        else:
            assert isinstance(obj, (str, int, float)) and not isinstance(obj, bool), obj

    walk(data)
