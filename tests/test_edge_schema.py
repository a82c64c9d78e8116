"""One policy schema for edge and server (issues 14 and 17): a veil_edge-only process accepts
every policy the server accepts, with the same hash and the same errors; the lite tier finds
issue 17's pattern types (validated IBANs, obfuscated e-mail, passports, coordinate pairs) and
honours keep_terms; the coordinate grid is the walker's, on both tiers, and idempotent."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

import veil.anonymize as anonymize
from veil.anonymize import Sanitizer
from veil_edge import (
    LiteTier,
    Opener,
    PolicyError,
    Scrubber,
    coarse_coordinate,
    generate_private_key,
    is_sealed,
    parse_policy,
)

KEY = b"k" * 32


@pytest.fixture(scope="module")
def keys():
    private = generate_private_key()
    return private, private.public_key()


def _policies(terms_file) -> dict[str, str]:
    return {
        "new entities": "version: 1\ndefault:\n  string: {op: redact_text, entities: [PASSPORT, GEO_COORDINATES, PERSON]}\n",
        "keep_terms": ("version: 1\nrules:\n  - {path: review, op: redact_text, keep_terms: "
                       f"[\"Hamilton Beach\", {{file: \"{terms_file}\"}}]}}\n"),
        "default": "version: 1\n",
        "lat kept": "version: 1\nrules:\n  - {path: lat, op: keep}\n",
    }


_BAD = {
    "unknown entity": "version: 1\ndefault:\n  string: {op: redact_text, entities: [PASSPORTS]}\n",
    "bad keep term": "version: 1\ndefault:\n  string: {op: redact_text, keep_terms: [\"x\"]}\n",
    "keep_terms on keep": "version: 1\nrules:\n  - {path: a, op: keep, keep_terms: [ab]}\n",
}


def test_an_edge_only_process_accepts_what_the_server_accepts(tmp_path):
    """Same hashes and the same one-line errors from a process that never imports veil."""
    terms = tmp_path / "catalogue.txt"
    terms.write_text("# products\nJack Wolfskin\n", encoding="utf-8")
    good, bad = _policies(terms), _BAD
    script = (
        "import json, sys\nfrom veil_edge import PolicyError, parse_policy\n"
        f"good, bad = {good!r}, {bad!r}\nout = {{'hash': {{}}, 'error': {{}}}}\n"
        "for k, v in good.items():\n    out['hash'][k] = parse_policy(v, source='p.yaml').hash\n"
        "for k, v in bad.items():\n    try:\n        parse_policy(v, source='p.yaml')\n"
        "    except PolicyError as exc:\n        out['error'][k] = str(exc)\n"
        "assert not [m for m in sys.modules if m == 'veil' or m.startswith(('veil.', 'presidio', 'spacy'))]\n"
        "print(json.dumps(out))\n")
    edge = json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                                     cwd=tmp_path).stdout)
    assert edge["hash"] == {k: anonymize.parse_policy(v, source="p.yaml").hash for k, v in good.items()}
    server_errors = {}
    for k, v in bad.items():
        with pytest.raises(PolicyError) as err:
            anonymize.parse_policy(v, source="p.yaml")
        server_errors[k] = str(err.value)
    assert edge["error"] == server_errors and len(server_errors) == len(bad)
    assert server_errors["bad keep term"].startswith("p.yaml:3: default.string.keep_terms: ")
    assert "unknown entity 'PASSPORTS'" in server_errors["unknown entity"]


def test_the_term_file_is_in_the_hash_on_both_sides(tmp_path):
    terms = tmp_path / "catalogue.txt"
    terms.write_text("Jack Wolfskin\n", encoding="utf-8")
    first = parse_policy(_policies(terms)["keep_terms"]).hash
    terms.write_text("Jack Wolfskin\nMeta Quest\n", encoding="utf-8")
    assert parse_policy(_policies(terms)["keep_terms"]).hash != first


def _lite(text, entities=None):
    (spans,) = LiteTier().engine().analyze_many([text], entities)
    return [(text[s.start : s.end], s.entity) for s in spans]


@pytest.mark.parametrize("text, value, entity", [
    ("Please refund to DE89 3704 0044 0532 0130 00, thanks", "DE89 3704 0044 0532 0130 00", "IBAN_CODE"),
    ("iban: nl91abna0417164300", "nl91abna0417164300", "IBAN_CODE"),
    ("mail me at bill at example dot com", "bill at example dot com", "EMAIL_ADDRESS"),
    ("or bill [at] example [dot] com if that fails", "bill [at] example [dot] com", "EMAIL_ADDRESS"),
    ("Passport no. C01X00T47 (German), expires 2031.", "C01X00T47", "PASSPORT"),
    ("My passport number is 925076473, can you update it?", "925076473", "PASSPORT"),
    ("The pharmacy is at 52.520008, 13.404954 behind the station.", "52.520008, 13.404954", "GEO_COORDINATES"),
    ("meet at 40.7128° N, 74.0060° W", "40.7128° N, 74.0060° W", "GEO_COORDINATES"),
])
def test_lite_tier_finds_the_new_types_and_labels_them(text, value, entity):
    assert _lite(text) == [(value, entity)]


def test_lite_iban_is_validated_and_owns_its_digit_groups():
    # mod-97 right but one character short for GB: no IBAN (the old lite check took any length)
    assert _lite("ref GB82WEST1234569876543 please") == []
    assert _lite("ref DE89370400440532013001") == []  # check digits wrong
    found = _lite("IBAN DE89 3704 0044 0532 0130 00 or card 4111 1111 1111 1111")
    assert found == [("DE89 3704 0044 0532 0130 00", "IBAN_CODE"), ("4111 1111 1111 1111", "CREDIT_CARD")]


def test_lite_tier_accepts_the_new_entities_and_keep_terms(keys):
    policy = parse_policy("version: 1\nrules:\n  - {path: note, op: redact_text, entities: [PASSPORT, GEO_COORDINATES, "
                          "PERSON, EMAIL_ADDRESS], keep_terms: [\"Hamilton Beach\"]}\n")
    scrubber = Scrubber(policy, tier="lite", public_key=keys[1])
    out = scrubber.scrub({"user_id": "u", "note": "Spoke with Anna Smith about the Hamilton Beach toaster, passport "
                                                  "925076473, at 52.520008, 13.404954, anna at example dot com"})
    assert out["note"] == ("Spoke with <PERSON> about the Hamilton Beach toaster, passport <PASSPORT>, "
                           "at <GEO_COORDINATES>, <EMAIL_ADDRESS>")
    plain = Scrubber(parse_policy("version: 1\n"), tier="lite", public_key=keys[1]).scrub(
        {"user_id": "u", "note": "about the Hamilton Beach toaster"})
    assert "Hamilton Beach" not in plain["note"]  # the list is what keeps it


def test_keep_terms_never_keep_a_pattern_on_the_edge(keys):
    policy = parse_policy("version: 1\ndefault:\n  string: {op: redact_text, keep_terms: "
                          "[\"bill@example.com\", \"DE89 3704 0044 0532 0130 00\"]}\n")
    out = Scrubber(policy, tier="lite", public_key=keys[1]).scrub(
        {"user_id": "u", "t": "bill@example.com pays to DE89 3704 0044 0532 0130 00"})
    assert out["t"] == "<EMAIL_ADDRESS> pays to <IBAN_CODE>"


def test_the_lite_tier_still_refuses_what_it_cannot_detect(keys):
    policy = parse_policy("version: 1\ndefault:\n  string: {op: redact_text, entities: [GEO_COORDINATES, LOCATION]}\n",
                          source="p.yaml")
    with pytest.raises(PolicyError, match=r"p\.yaml: default\.string\.entities: the lite tier cannot detect LOCATION"):
        Scrubber(policy, tier="lite", public_key=keys[1])


_EVENT = {"user_id": "alice@example.com", "event_id": "e1", "lat": 52.520008, "lon": 13.404954,
          "geo": {"latitude": "40.712776", "longitude": "-74.005974"}, "coords": [48.8566, 2.3522],
          "home_longitude": -0.1276, "latency_ms": 12.5, "long_description": "kept as text",
          "note": "Refund DE89 3704 0044 0532 0130 00 to bill [at] example [dot] com, passport no. C01X00T47, "
                  "pickup at 52.520008, 13.404954."}


def test_coordinate_fields_go_on_the_grid_at_the_edge_and_parity_holds(keys):
    private, public = keys
    policy = parse_policy("version: 1\n")
    edge = Scrubber(policy, tier="lite", public_key=public).scrub(dict(_EVENT))
    assert is_sealed(edge["user_id"])
    assert (edge["lat"], edge["lon"], edge["coords"], edge["home_longitude"]) == (52.5, 13.4, [48.8, 2.3], -0.2)
    assert edge["geo"] == {"latitude": "40.7", "longitude": "-74.1"}
    assert edge["latency_ms"] == 12.5 and edge["long_description"] == "kept as text"
    assert edge["note"] == ("Refund <IBAN_CODE> to <EMAIL_ADDRESS>, passport no. <PASSPORT>, "
                            "pickup at <GEO_COORDINATES>.")
    server = Sanitizer(policy, KEY)
    opened, _ = Opener(private).open_all(edge)
    at_server, raw = server.sanitize_one(opened), server.sanitize_one(dict(_EVENT))
    assert (at_server.user, at_server.data) == (raw.user, raw.data)
    assert raw.data["lat"] == 52.5 and raw.findings["lat"] == {"GEO_COORDINATES": 1}


def test_the_grid_is_a_declared_behaviour_of_the_walker():
    """Not an override of the walker's private steps: the server's Sanitizer adds nothing."""
    import veil_edge

    assert veil_edge.Sanitizer.coarsen["GEO_COORDINATES"] is coarse_coordinate
    for name in ("_plan_key", "_scalar"):
        assert name not in vars(anonymize.Sanitizer)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.floats(-180, 180, allow_nan=False), st.integers(-180, 180),
                 st.tuples(st.floats(-90, 90), st.floats(-180, 180)).map(lambda p: f"{p[0]:.6f}, {p[1]:.6f}")))
def test_the_grid_is_idempotent(value):
    """The edge puts a coordinate on the grid and the server does it again: same value
    (13.4 / 0.1 is 133.99999999999997, which once moved 13.4 down to 13.3)."""
    once = coarse_coordinate(value)
    assert coarse_coordinate(once) == once
    if isinstance(value, float):
        assert once <= value + 1e-6 and value - once < 0.1 + 1e-6


def test_the_edge_full_tier_honours_keep_terms_too(keys):
    """keep_terms are the walker's, so every tier applies them (the full tier found through the
    veil_edge.tiers entry point knows nothing of the policy)."""
    policy = parse_policy("version: 1\ndefault:\n  string: {op: redact_text, keep_terms: [\"Hamilton Beach\"]}\n")
    out = Scrubber(policy, tier="full", public_key=keys[1]).scrub(
        {"user_id": "u", "t": "Spoke with Anna Smith yesterday about the Hamilton Beach toaster."})
    assert out["t"] == "Spoke with <PERSON> yesterday about the Hamilton Beach toaster.", out
