"""Veil's extra recognizers, suppressions of stock false positives, field-name context,
``Sanitizer.warm_up`` and ``veil scrub --workers``.  Real spaCy and Presidio."""

from __future__ import annotations

import json
import logging

import pytest

from veil.anonymize import Policy, Sanitizer, load_policy
from veil_edge.fieldnames import field_entity_in
from veil.anonymize.text import get_engine
from tests.conftest import veil
from veil.core.settings import spacy_model_name

KEY = b"r" * 32


@pytest.fixture(scope="module")
def engine():
    return get_engine(spacy_model_name())


@pytest.fixture(scope="module")
def sanitizer():
    return Sanitizer(load_policy(None), KEY)


def found(engine, text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.entity) for s in engine.analyze_many([text])[0]]


@pytest.mark.parametrize("text, value, entity", [
    ("Please call me back on 555 010 4477, thanks. Sophia", "Sophia", "PERSON"),
    ("Best wishes,\nAnna Berg", "Anna Berg", "PERSON"),
    ("See you then.\n-- \nTom Hill\nSent from my phone", "Tom Hill", "PERSON"),
    ("Works now. — Maria", "Maria", "PERSON"),
    ("hi, this is priya, my parcel is late", "priya", "PERSON"),
    ("Refund it please, account holder Janice Blanchard.", "Janice Blanchard", "PERSON"),
    ("The courier left it at 5 Kirk Field instead of my flat.", "5 Kirk Field", "STREET_ADDRESS"),
    ("Deliver to Flat 18, 69 Mitchell Crescent tomorrow", "Flat 18, 69 Mitchell Crescent", "STREET_ADDRESS"),
    ("We moved to Hauptstraße 5, 10115 Berlin last week", "Hauptstraße 5, 10115 Berlin", "STREET_ADDRESS"),
    ("The office is at Via Pasquale Scura 127", "Via Pasquale Scura 127", "STREET_ADDRESS"),
    ("ring me on +49 30 1234 5678 after six", "+49 30 1234 5678", "PHONE_NUMBER"),
    ("mobile +44 7700 900123 please", "+44 7700 900123", "PHONE_NUMBER"),
    ("card 4111-1111-1111-1112 was declined", "4111-1111-1111-1112", "CREDIT_CARD"),
    ("sign-in from 2001:db8:85a3::8a2e:370:7334 at noon", "2001:db8:85a3::8a2e:370:7334", "IP_ADDRESS"),
    ("For verification: born 12 March 1985.", "12 March 1985", "DATE_TIME"),
    ("my ssn is 078-05-1120", "078-05-1120", "US_SSN"),
])
def test_recognizers_find_what_stock_misses(engine, text, value, entity):
    spans = found(engine, text)
    assert any(value in got or got in value and len(got) >= len(value) // 2 for got, ent in spans
               if ent == entity or {ent, entity} <= {"STREET_ADDRESS", "LOCATION"}), spans


@pytest.mark.parametrize("text", [
    "Hi, my order ORD-2026-744356 has not arrived yet.",
    "Reference #1687234 for the refund",
    "Paid 39.24 EUR on 2026-01-05T21:46:06Z for SKU-AB-1234",
    "event 3f2b9c1e-8d4a-4f6b-9a0c-1e2d3c4b5a69 at 2026-11-29T10:00:00.123Z",
    "Great Bose QuietComfort 45, would buy again",
    "Invoice INV2024-1234567 was sent",
    "Thanks, the box is fine.",
    "thanks in advance",
])
def test_ids_timestamps_prices_and_products_are_not_pii(engine, text):
    assert found(engine, text) == []


def test_us_phone_is_a_phone_not_uk_nhs(engine):
    assert found(engine, "call me on 415 555 0132") == [("415 555 0132", "PHONE_NUMBER")]


def test_field_names_and_their_objects_give_context(sanitizer):
    event = {"user_id": "u1", "event_id": "e1", "ts": "2026-01-01T00:00:00Z",
             "product": {"name": "Philips Hue White starter kit", "sku": "PH-1234-WHT", "price": "€59.99"},
             "items": [{"name": "Garmin Forerunner 265"}],
             "payment": {"holder": "Ann Lee", "card_number": "4111 1111 1111 1111"},
             "bank": {"account_holder": "Bo Chen", "iban": "DE89370400440532013000"},
             "applicant": {"name": "Ola Nordmann", "dob": "1980-02-03", "ssn": "078-05-1120"},
             "request": {"client_ip": "2001:db8::1", "received": "2026-03-04 05:06:07"}}
    out = sanitizer.sanitize_one(event).data
    assert out["product"] == event["product"] and out["items"] == event["items"]
    assert out["payment"] == {"holder": "<PERSON>", "card_number": "<CREDIT_CARD>"}
    assert out["bank"] == {"account_holder": "<PERSON>", "iban": "<IBAN_CODE>"}
    assert out["applicant"] == {"name": "<PERSON>", "dob": "<DATE_OF_BIRTH>", "ssn": "<US_SSN>"}
    assert out["request"] == {"client_ip": "<IP_ADDRESS>", "received": "2026-03-04 05:06:07"}
    assert field_entity_in("store", "name") is None and field_entity_in("customer", "name") == "PERSON"


def test_warm_up_loads_engines_only_when_the_policy_can_need_them(monkeypatch):
    import veil.anonymize.sanitizer as sanitizer_module

    structured = Policy(rules=[{"path": "text", "op": "drop"}], default={"string": "keep"})
    s = Sanitizer(structured, KEY)
    monkeypatch.setattr(sanitizer_module, "get_engine", lambda model: pytest.fail("engine loaded"))
    assert s.needs_nlp is False and s.warm_up() is False
    monkeypatch.undo()
    s = Sanitizer(load_policy(None), KEY)
    assert s.needs_nlp is True and s.warm_up() is True
    assert s.engine is get_engine(s.spacy_model)


def test_no_pii_in_logs_or_errors(sanitizer, caplog):
    caplog.set_level(logging.DEBUG)
    bad = {"user_id": "jane.roe@example.com", "ts": "not a time", "text": "Jane Roe 415-555-0199"}
    good = {"user_id": "jane.roe@example.com", "ts": "2026-01-01T00:00:00Z", "text": "Jane Roe 415-555-0199"}
    out = sanitizer.sanitize_batch([bad, good])
    assert out[0].reason == "bad_event_time"
    for fragment in ("jane", "Roe", "555-0199"):
        assert fragment not in out[0].detail and fragment not in caplog.text and fragment not in json.dumps(out[1].data)


@pytest.mark.slow
def test_scrub_workers_output_is_identical(tmp_path, home):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from scrub_data import generate

    src = tmp_path / "in.jsonl"
    lines = [json.dumps(r["event"]) for r in generate(70, "heldout", seed=5)]
    lines[10:10] = ["{not json", "", "[1, 2]"]
    src.write_text("\n".join(lines) + "\n")
    outs = []
    for workers in ("1", "3"):
        out = tmp_path / f"out{workers}.jsonl"
        proc = veil("scrub", str(src), "-o", str(out), "--workers", workers, "--batch-size", "8", home=home)
        summary = json.loads(proc.stdout.strip().splitlines()[-1])
        assert summary["events_out"] == 70 and summary["bad_lines"] == 2
        outs.append(out.read_text())
    assert outs[0] == outs[1] and len(outs[0].splitlines()) == 70
    proc = veil("scrub", str(src), "-o", str(tmp_path / "x"), "--workers", "0", home=home, check=False)
    assert proc.returncode == 2 and "--workers" in proc.stderr


def test_demo_policy_example_rules():
    from pathlib import Path

    import veil.anonymize as anonymize

    policy = load_policy(Path(anonymize.__file__).parent / "examples" / "demo_policy.yaml")
    s = Sanitizer(policy, KEY)
    out = s.sanitize_one({"user_id": "u1", "event_id": "p9", "ts": "2026-11-29T10:00:00Z", "order_id": "ord_1",
                          "currency": "USD", "shipping": {"name": "Ann Lee", "address": "12 Elm Street, Austin TX"},
                          "profile": {"ssn": "078-05-1120", "nested": {"password": "hunter2"}},
                          "debug": {"raw": "Ann Lee"}})
    data = out.data
    assert data["order_id"] == "ord_1" and data["currency"] == "USD"
    assert data["shipping"]["name"].startswith("u_") and data["shipping"]["name"] != "Ann Lee"
    assert data["shipping"]["address"] == "<STREET_ADDRESS>"
    assert data["profile"] == {"nested": {}} and "debug" not in data


# --------------------------------------------------------------------------- name lists

@pytest.mark.parametrize("text, values", [
    # the small NER model tags this one ORG
    ("Ordered by Jemma Davies, delivered to 08 Smith Row.", ["Jemma Davies"]),
    # lower case: first name + surname, or after a cue
    ("I'm erdal pruschke and this is my new email", ["erdal pruschke"]),
    ("Can rachel parker pick up the parcel instead of me?", ["rachel parker"]),
    ("Dear ivanka, your order ships today.", ["ivanka"]),
    ("my son guy broke the blender, can it be repaired?", ["guy"]),
    # a first name that is also a word, after a cue
    ("please let Crystal know the parcel arrived", ["Crystal"]),
    # names listed next to a name, and a name mentioned again
    ("hunter and Leonie both use the blender daily.", ["hunter", "Leonie"]),
    ("Kirk Mullarkey and I share this account, please add Kirk as a second user.", ["Kirk Mullarkey", "Kirk"]),
    # an NER span that runs into the next line is split, not dropped
    ("Yours sincerely,\nBrett Gray\n862.760.2254", ["Brett Gray"]),
    # middle initial; a speaker at the start of a line; "a <name> concert"
    ("Follow up with Harriette P Labrie in a couple of months.", ["Harriette P Labrie"]),
    ("Hugo: What a day.\nSuzanne: Remember me?", ["Suzanne"]),
    ("Have you been to a Luca Drescher concert before?", ["Luca Drescher"]),
    # escaped line breaks are read as breaks; spans still index the original text
    ("Billing address: Amber Tisserand\\n 213 Endeavour Lane", ["Amber Tisserand", "213 Endeavour Lane"]),
])
def test_name_lists_find_names_ner_misses(engine, text, values):
    spans = found(engine, text)
    got = [value for value, _ in spans]
    for value in values:
        assert any(value in g for g in got), (value, spans)


@pytest.mark.parametrize("text", [
    "Great Hamilton Beach toaster, would buy again.",
    "please let me know when the Jack Wolfskin rain jacket arrives",
    "Meta Quest 3, would buy again.",
    "I was charged twice for the Stanley Quencher 40oz.",
    "Will you ship it today? The lodge was closed.",
    "The Kindle Paperwhite 16GB works fine.",
])
def test_name_lists_keep_brands_and_ordinary_words(engine, text):
    assert [(v, e) for v, e in found(engine, text) if e == "PERSON"] == []


def test_word_lists_come_from_independent_packages():
    from veil_edge import gazetteer

    first, last, common = gazetteer.first_names(), gazetteer.surnames(), gazetteer.common_words()
    assert {"jemma", "erdal", "malgorzata", "małgorzata"} <= first and {"davies", "parker"} <= last
    assert "timothy" in common and "aaron" not in common  # only lower-case dictionary entries count
    assert gazetteer.fold("Łukasz") == "lukasz" and gazetteer.fold("Édouard") == "edouard"
    assert {"tartu", "south africa", "belgium"} <= gazetteer.places()


@pytest.mark.parametrize("text, value", [
    ("You can reach me at +61806260827.", "+61806260827"),
    ("You can reach me at +61.8.3606.4934 after six", "+61.8.3606.4934"),
    ("My number is 1-426-925-3721.", "1-426-925-3721"),
    ("Please call me back on 0160096803, thanks.", "0160096803"),
    ("appelez-moi au 01 60 09 68 03", "01 60 09 68 03"),
    ("Booking made by Sam; contact number 8958786617.", "8958786617"),
])
def test_more_phone_formats(engine, text, value):
    assert (value, "PHONE_NUMBER") in found(engine, text)


@pytest.mark.parametrize("text, value", [
    ("Delivered to 61/2 Schwartz Break, Nicoleborough TAS 2637 today", "61/2 Schwartz Break"),
    ("The courier left it at Level 1 36 Rodriguez Quad instead.", "Level 1 36 Rodriguez Quad"),
    ("The courier left it at 445 Combs Flat instead of my flat.", "445 Combs Flat"),
    ("Ship it to 25 Hart Meander, Lake Brenda QLD 7072 please.", "25 Hart Meander"),
    ("Ship to 0681 213 Endeavour Lane please", "213 Endeavour Lane"),  # not a phone number
])
def test_more_street_forms(engine, text, value):
    spans = found(engine, text)
    assert any(value in v and e == "STREET_ADDRESS" for v, e in spans), spans
    assert all(e != "PHONE_NUMBER" for _, e in spans), spans


def test_explicit_entities_get_every_date_and_place(engine):
    explicit = ("PERSON", "LOCATION", "DATE_TIME", "PHONE_NUMBER")
    texts = ["We moved here from Tartu in 2013.",
             "Lara Simonds\n\n27868 Kapelaniestraat 88\n Apt. 873\n Leugnies\n Belgium 69169",
             "The Princess Royal arrived this morning from Estonia."]
    default = [[(t[s.start:s.end], s.entity) for s in spans] for t, spans in zip(texts, engine.analyze_many(texts))]
    asked = [[(t[s.start:s.end], s.entity) for s in spans]
             for t, spans in zip(texts, engine.analyze_many(texts, explicit))]
    assert ("2013", "DATE_TIME") not in default[0]  # the default set keeps years and times
    assert ("Tartu", "LOCATION") in asked[0] and ("2013", "DATE_TIME") in asked[0]
    block = next(v for v, e in asked[1] if e in ("LOCATION", "STREET_ADDRESS") and "Kapelaniestraat" in v)
    assert "Apt. 873" in block and "Belgium 69169" in block, asked[1]
    assert ("Lara Simonds", "PERSON") in asked[1]
    assert ("Estonia", "LOCATION") in asked[2] and not any(e == "DATE_TIME" for _, e in asked[2])  # "this morning"


@pytest.mark.parametrize("text, value", [
    ("DOB 23 August 1949", "23 August 1949"),
    ("Date of birth 2 March 1967", "2 March 1967"),
    ("born 12 September 1940, see you", "12 September 1940"),
    ("d.o.b. 06.07.1940, thanks", "06.07.1940"),  # a date, not a phone number
    ("I was born on March 5, 1985 in Leeds.", "March 5, 1985"),
])
def test_dates_written_in_full(engine, text, value):
    assert (value, "DATE_TIME") in found(engine, text)


def test_machine_dates_are_still_kept(engine):
    assert found(engine, "Paid on 2026-03-14T18:34:14Z, shipped 2026-03-15") == []


EXPLICIT = ("PERSON", "LOCATION", "STREET_ADDRESS", "DATE_TIME", "PHONE_NUMBER")


def found_explicit(engine, text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.entity) for s in engine.analyze_many([text], EXPLICIT)[0]]


@pytest.mark.parametrize("text, value", [
    ("send it to PSC 1195, Box 5372\nAPO AE 44634 please", "PSC 1195, Box 5372\nAPO AE 44634"),
    ("ship to USCGC Thorkildsen\\nFPO AA 71014", "USCGC Thorkildsen\\nFPO AA 71014"),
    ("my zip code is 94107", "94107"),
    ("ZIP: 680", "680"),
    ("postcode SW1A 1AA, thanks", "SW1A 1AA"),
])
def test_military_mail_and_named_postcodes_are_addresses(engine, text, value):
    assert (value, "STREET_ADDRESS") in found(engine, text)


def test_years_after_words_ending_in_ring_are_not_streets(engine):
    # "During" ends like "Kaiserring": only the continental street is an address
    assert found(engine, "During 2006 we shipped 40 boxes") == []
    assert ("Kaiserring 5", "STREET_ADDRESS") in found(engine, "Lives at Kaiserring 5 in Mannheim")


@pytest.mark.parametrize("text, value", [
    ("Her maiden name is Wiśniewska", "Wiśniewska"),
    ("What's your last name? Trpinc", "Trpinc"),
    ("As promised, here's Mederico's address: 12 Main St", "Mederico"),
    ("Časlav began writing as a teenager", "Časlav"),
])
def test_name_cues_in_any_script(engine, text, value):
    assert (value, "PERSON") in found(engine, text)


def test_ordinary_words_are_not_a_person(engine):
    assert not any(e == "PERSON" for _, e in found(engine, "zip code 94107 please"))


def test_explicit_dates_take_machine_timestamps_whole(engine):
    text = "Submitted at 1986-08-06 21:38:14.840280 by the form"
    assert found_explicit(engine, text) == [("1986-08-06 21:38:14.840280", "DATE_TIME")]  # no phone inside
    assert found(engine, text) == []  # the default set keeps timestamps


@pytest.mark.parametrize("text, value, entity", [
    ("Construction Monitor LLC is a design agency based in GETINGE.", "GETINGE", "LOCATION"),
    ("The Princess Royal arrived at Petrovče this morning", "Petrovče", "LOCATION"),
    ("I'm Delvis Carvajal, originally from CHISHOLM, and 67 y/o.", "CHISHOLM", "LOCATION"),
    ("I live in France", "France", "LOCATION"),  # a country, though also a first name
    ("the corner of 1356 Impala St and Sara Locks", "Sara Locks", "LOCATION"),  # a street, not a person
    ("Kevin Lane called about the parcel", "Kevin Lane", "PERSON"),  # Lane: also a surname
    ("meet at 2159 46 rue Nationale, PARIS", "2159 46 rue Nationale, PARIS", "LOCATION"),
])
def test_explicit_places(engine, text, value, entity):
    assert (value, entity) in found_explicit(engine, text)


def test_explicit_places_skip_organisations_and_first_names(engine):
    assert not any(e == "LOCATION" and "Club" in v for v, e in found_explicit(engine, "at the Szczecin Country Club"))
    assert not any(e == "LOCATION" for v, e in found_explicit(engine, "we moved to Anna's place"))


def test_partly_overlapping_person_and_address_keep_their_own_parts():
    from veil.anonymize.text import Span, merge_spans

    text = "Vickie Friedman Suite 929 81003 Võsa 99"
    spans = [Span(0, 21, "PERSON", 0.85), Span(16, len(text), "LOCATION", 0.5)]
    merged = merge_spans(spans, text)
    assert [(text[s.start:s.end], s.entity) for s in merged] == [
        ("Vickie Friedman", "PERSON"), ("Suite 929 81003 Võsa 99", "LOCATION")]
    # every character stays covered; without the text spans are unioned as before
    assert [(s.start, s.end, s.entity) for s in merge_spans(spans)] == [(0, len(text), "PERSON")]


@pytest.mark.parametrize("text, value, entity", [
    ("Ulrike T Fassbinder lives at 834 Amsinckstrasse 9, Arnsdorf", "834 Amsinckstrasse 9, Arnsdorf", "STREET_ADDRESS"),
    ("I'm Nail B. Loginov, originally from London, and 35 y/o.", "London", "LOCATION"),
    ("They had 6: Wiola, Maria, Lauren, William and Calvin.", "Lauren", "PERSON"),  # no address to grow
    ("Victoria called me", "Victoria", "PERSON"),
    ("What's your name? Nivi P Hansen", "Nivi P Hansen", "PERSON"),
    ("070-783-977-Office", "070-783-977", "PHONE_NUMBER"),
])
def test_explicit_places_names_and_labelled_phones(engine, text, value, entity):
    assert (value, entity) in found_explicit(engine, text)


@pytest.mark.parametrize("text", ["My card 503820979600 is expiring", "What's your credit card? 502004825365"])
def test_twelve_digit_cards_after_a_card_word(engine, text):
    assert any(e == "CREDIT_CARD" for _, e in found(engine, text))
    assert not any(e == "CREDIT_CARD" for _, e in found(engine, "order 503820979600 shipped"))


@pytest.mark.parametrize("text, expected", [
    ("on the last Sunday before Labor Day we returned", [("Sunday", "DATE_TIME")]),
    ("Top 5 Musicians Of The 70s", []),  # a decade is no house number
    ("by invoking Article 50 of the Treaty on European Union", []),
    ("Her maiden name is Oliveira", [("Oliveira", "PERSON")]),  # also a Brazilian town
])
def test_explicit_mode_keeps_types_apart(engine, text, expected):
    assert found_explicit(engine, text) == expected


@pytest.mark.parametrize("text, value", [
    ("Sara Adams\n\nPalanumäe\nEstonia", "Palanumäe"),  # the line above a country
    ("The address of Avast PLC is 285 Dunajska 56 Suite 428 Studenec nan", "285 Dunajska 56 Suite 428 Studenec nan"),
    ("279 40 avenue Ferdinand de Lesseps, GRASSE", "279 40 avenue Ferdinand de Lesseps, GRASSE"),
    ("024 Invalidenstrasse 56\n Apt. 086\n Neustadt an der Weinstraße\n Germany 98915",
     "024 Invalidenstrasse 56\n Apt. 086\n Neustadt an der Weinstraße\n Germany 98915"),
])
def test_explicit_address_blocks(engine, text, value):
    assert any(v == value and e in ("LOCATION", "STREET_ADDRESS") for v, e in found_explicit(engine, text)), \
        found_explicit(engine, text)


def test_a_name_line_above_a_country_stays_a_person(engine):
    assert found_explicit(engine, "Sara Adams\nGermany") == [("Sara Adams", "PERSON"), ("Germany", "LOCATION")]


def test_nationalities_when_nrp_is_asked_for(engine):
    asked = ("NRP",)
    text = "The slovaks and south koreans met iraqis; she is English. Green tea, a pole."
    spans = [(text[s.start:s.end], s.entity) for s in engine.analyze_many([text], asked)[0]]
    assert spans == [("slovaks", "NRP"), ("south koreans", "NRP"), ("iraqis", "NRP"), ("English", "NRP")]
    # a language, a name, an ordinary word the NER model calls a group
    for text in ("while studying English and journalism", "the Treaty on European Union",
                 "Pedestrians must enter on Main St."):
        assert engine.analyze_many([text], asked)[0] == [], text
    assert found(engine, "Italian leather boots, made by slovaks") == [("Italian", "NRP")]  # default: NER only


# --------------------------------------------------------------------------- plugins (issue 13.8)

def test_recognizer_traits_decide_how_the_engine_runs_them(engine):
    """The engine reads runs_after_ner / exact_list from the recognizer classes (no name sets):
    the word-list recognizers run after Presidio, the rest inside it."""
    from veil.anonymize.recognizers import RECOGNIZERS

    instances = {name: factory() for name, factory in RECOGNIZERS.items()}
    after = {r.name for r in instances.values() if getattr(r, "runs_after_ner", False)}
    assert after == {r.name for r in engine.post_recognizers}
    assert {"VeilGazetteerNameRecognizer", "VeilPlaceRecognizer", "VeilNationalityRecognizer"} <= after
    inside = {r.name for r in engine.analyzer.registry.recognizers}
    assert not after & inside and {r.name for r in instances.values()} - after <= inside
    assert engine.exact_list_names == {r.name for r in instances.values() if getattr(r, "exact_list", False)}
    named = {r.name: r.only_when_named for r in instances.values() if getattr(r, "only_when_named", None)}
    assert named == {"VeilPlaceRecognizer": "LOCATION", "VeilNationalityRecognizer": "NRP"}


def test_only_when_named_recognizer_runs_only_when_the_policy_names_its_entity(engine):
    text = "I am bangladeshi but I live in Tunisia."
    default = engine.analyze_many([text])[0]
    named = engine.analyze_many([text], ["PERSON", "NRP", "LOCATION"])[0]
    assert ("bangladeshi", "NRP") not in [(text[s.start : s.end], s.entity) for s in default]
    assert ("bangladeshi", "NRP") in [(text[s.start : s.end], s.entity) for s in named]


def test_span_filters_are_a_registered_list_run_in_order(engine):
    """A filter registered by a plugin runs after Veil's own, on every analysed text."""
    from veil.anonymize.text import SPAN_FILTERS, register_span_filter

    seen = []

    def drop_phones(text, spans, request, wanted):
        seen.append(text)
        return [s for s in spans if s.entity != "PHONE_NUMBER"]

    before = engine.analyze_many(["call me on +49 30 1234 5678 please"])[0]
    assert [s.entity for s in before] == ["PHONE_NUMBER"]
    register_span_filter(drop_phones)
    try:
        assert SPAN_FILTERS[-1] is drop_phones
        assert engine.analyze_many(["call me on +49 30 1234 5678 please"])[0] == []
        assert seen == ["call me on +49 30 1234 5678 please"]
    finally:
        SPAN_FILTERS.remove(drop_phones)


def test_veil_recognizer_classes_never_shadow_presidios_predefined_ones():
    """Presidio builds its predefined recognizers by looking their class names up among all
    subclasses of EntityRecognizer: a Veil class of the same name would be built in their
    place for anyone using Presidio in the same process (an IbanRecognizer of ours once was)."""
    import presidio_analyzer.predefined_recognizers as predefined
    from presidio_analyzer.recognizer_registry.recognizers_loader_utils import RecognizerListLoader

    import veil.anonymize.recognizers  # noqa: F401 - registers every Veil recognizer class

    ours = {c.__name__ for c in RecognizerListLoader.get_all_existing_recognizers()
            if c.__module__.startswith(("veil.", "veil_edge"))}
    assert ours, "no Veil recognizer classes found"
    presidio = {n for n in dir(predefined) if n.endswith("Recognizer")}
    assert not ours & presidio
    for name in presidio & {c.__name__ for c in RecognizerListLoader.get_all_existing_recognizers()}:
        assert RecognizerListLoader.get_existing_recognizer_cls(name).__module__.startswith("presidio_analyzer")
