"""The Presidio-free patterns (``veil_edge.pii_patterns``, both tiers): passports, IBANs, obfuscated
e-mail, geo coordinates, each on real-looking text, and what they must not match."""

from __future__ import annotations

import pytest

from veil_edge import pii_patterns as pp


def found(finder, text):
    return [(text[m.start : m.end], m.entity) for m in finder(text)]


@pytest.mark.parametrize("text, number", [
    ("My passport number is 123456789 and it expires in May.", "123456789"),
    ("passport no. C01X00T47 (German)", "C01X00T47"),
    ("Passport: 12AB34567, issued in Lyon", "12AB34567"),
    ("UK passport 925076473", "925076473"),
    ("Reisepass Nr. CFG7425H1", "CFG7425H1"),
    ("my canadian passport # is GA302922", "GA302922"),
    ("Passport N1236548 (Australia)", "N1236548"),
])
def test_passport_numbers_after_context(text, number):
    assert found(pp.find_passports, text) == [(number, "PASSPORT")]


@pytest.mark.parametrize("text", [
    "order 123456789 shipped",  # no context word
    "passport photos cost 12 dollars",  # no number
    "I renewed my passport in 2019 at the office on 5th street and waited 3 hours",
])
def test_no_passport_without_context_or_number(text):
    assert pp.find_passports(text) == []


@pytest.mark.parametrize("text, iban", [
    ("Please refund to DE89 3704 0044 0532 0130 00, thanks", "DE89 3704 0044 0532 0130 00"),
    ("IBAN GB82WEST12345698765432.", "GB82WEST12345698765432"),
    ("iban: nl91abna0417164300", "nl91abna0417164300"),
    ("FR14 2004 1010 0505 0001 3M02 606 is my account", "FR14 2004 1010 0505 0001 3M02 606"),
])
def test_iban_valid_and_found(text, iban):
    assert found(pp.find_ibans, text) == [(iban, "IBAN_CODE")]


def test_iban_checksum_and_length_refuse_lookalikes():
    assert not pp.iban_valid("DE89 3704 0044 0532 0130 01")  # wrong check
    assert not pp.iban_valid("DE89 3704 0044 0532 0130")  # too short for DE
    assert pp.find_ibans("SKU AB12CDEF3456789012 in stock") == []


@pytest.mark.parametrize("text, addr", [
    ("write to bill at example dot com", "bill at example dot com"),
    ("mail me: bill [at] example [dot] com!", "bill [at] example [dot] com"),
    ("j.doe(at)mail.example.org for details", "j.doe(at)mail.example.org"),
    ("contact anna AT posteo DOT de", "anna AT posteo DOT de"),
    ("reach me at jane {at} gmail {dot} co {dot} uk", "jane {at} gmail {dot} co {dot} uk"),
])
def test_obfuscated_email(text, addr):
    assert found(pp.find_obfuscated_emails, text) == [(addr, "EMAIL_ADDRESS")]
    assert pp.OBFUSCATED_AT.search(text)


@pytest.mark.parametrize("text", [
    "I will be at home tomorrow.",
    "we met at the park near the dot matrix printer",
    "plain bill@example.com is the stock recognizer's",
])
def test_not_obfuscated_email(text):
    assert pp.find_obfuscated_emails(text) == []


@pytest.mark.parametrize("text, pair", [
    ("I live at 52.520008, 13.404954 near the park", "52.520008, 13.404954"),
    ("meet at (40.7128, -74.0060) at noon", "40.7128, -74.0060"),
    ("GPS 48.8566° N, 2.3522° E", "48.8566° N, 2.3522° E"),
    ("lat 51.5074 lon -0.1278", "51.5074 lon -0.1278"),
    ("The pickup point is 52.520008, 13.404954.", "52.520008, 13.404954"),  # a full stop ends the sentence
])
def test_coordinate_pairs(text, pair):
    assert found(pp.find_coordinates, text) == [(pair, "GEO_COORDINATES")]


@pytest.mark.parametrize("text", [
    "the price went from 12.5, 13.0",  # too few decimals
    "ratio 123.4567, 200.1234",  # out of range
    "version 1.2.3, 4.5.6",
    "totals 1.234.567, 2.345.678 units",  # thousands separators
])
def test_not_coordinates(text):
    assert pp.find_coordinates(text) == []


def test_geo_fields_and_grid():
    assert all(pp.geo_field(k) for k in ("lat", "lon", "latitude", "homeLongitude", "geo", "geo_location"))
    assert not any(pp.geo_field(k) for k in ("long_description", "platform", "category", "latency_ms"))
    assert pp.coarse_coordinate(52.520008) == 52.5
    assert pp.coarse_coordinate(-74.0060) == -74.1
    assert pp.coarse_coordinate("52.520008, 13.404954") == "52.5, 13.4"
    assert pp.coarse_coordinate("somewhere") is None
