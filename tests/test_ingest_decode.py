"""The fast paths of ingestion give exactly what the plain code gives.

``decode_event`` parses with orjson and leaves to ``json.loads`` whatever orjson refuses
(or reads differently: huge integers); event-time normalisation passes canonical times
through; the sanitiser derives user pseudonyms from a pre-keyed HMAC; the store encodes
the data column with a reused C encoder.  Each is compared here with the straightforward version.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veil.anonymize import load_policy
from veil_edge.pseudonym import normalize_value, pseudonymize
from veil.anonymize import Sanitizer
from veil_edge.timeutil import _parse_event_time, normalize_event_time
from veil_edge.types import Rejected
from veil.ingest.decode import DEFAULT_MAX_DEPTH, _depth_exceeds, decode_event
from veil.store.schema import encode_data


def reference_decode(raw: bytes | None, max_bytes: int = 1 << 20, max_depth: int = DEFAULT_MAX_DEPTH):
    """decode_event as it was before orjson: json.loads only."""
    if raw is None:
        return Rejected("empty", "message has no value (tombstone)")
    if len(raw) > max_bytes:
        return Rejected("too_large", f"message is {len(raw)} bytes, limit is {max_bytes}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejected("not_utf8", f"invalid UTF-8 at byte {exc.start}")
    try:
        event = json.loads(text)
    except RecursionError:
        return Rejected("too_deep", f"nesting deeper than the JSON parser allows (limit {max_depth})")
    except json.JSONDecodeError as exc:
        return Rejected("not_json", f"{exc.msg} at line {exc.lineno} column {exc.colno}")
    if not isinstance(event, dict):
        return Rejected("not_object", f"JSON value is a {type(event).__name__}, not an object")
    if _depth_exceeds(event, max_depth):
        return Rejected("too_deep", f"nesting deeper than {max_depth} levels")
    return event


def same(raw: bytes) -> None:
    got, want = decode_event(raw), reference_decode(raw)
    assert type(got) is type(want)
    assert repr(got) == repr(want)  # repr: NaN != NaN, and int 1 == float 1.0 would hide a change


numbers = st.one_of(st.integers(), st.integers(-(2**70), 2**70), st.floats())
values = st.recursive(
    st.none() | st.booleans() | numbers | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=25,
)


@pytest.mark.slow
@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(values, st.booleans(), st.sampled_from([b"", b" ", b"\r\n\t"]))
def test_decode_matches_json_loads_on_json(value, ensure_ascii, pad):
    text = json.dumps({"user_id": "u1", "v": value}, ensure_ascii=ensure_ascii)
    same(pad + text.encode("utf-8", "surrogatepass") + pad)
    same(json.dumps(value, ensure_ascii=ensure_ascii).encode("utf-8", "surrogatepass"))


@pytest.mark.slow
@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(values, st.data())
def test_decode_matches_json_loads_on_damaged_json(value, data):
    raw = bytearray(json.dumps({"a": value}).encode("utf-8", "surrogatepass"))
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(raw) - 1))
        byte = data.draw(st.sampled_from(list(b'{}[]",:0123456789eE.-+ \\u\x00\x1f\xff\xedtrufalsnNI')))
        how = data.draw(st.integers(0, 2))
        if how == 0:
            raw[at] = byte
        elif how == 1:
            raw.insert(at, byte)
        elif len(raw) > 1:
            del raw[at]
    same(bytes(raw))


@settings(max_examples=1000, deadline=None)
@given(st.binary(max_size=64))
def test_decode_matches_json_loads_on_bytes(raw):
    same(raw)


@pytest.mark.parametrize("raw", [
    b'{"n": 18446744073709551616}',  # beyond 64 bits: orjson would read a float
    b'{"n": -9223372036854775809}',
    b'{"n": 123456789012345678901234567890}',
    b'{"n": 9.3e18, "m": -1e19}',
    b'{"n": 1e400}',  # json.loads: inf; orjson refuses
    b'{"n": NaN, "m": -Infinity}',
    b'{"s": "\\ud800"}',  # lone surrogate escape
    b'{"s": "\xed\xa0\x80"}',  # an encoded surrogate is not UTF-8
    b'{"s": "\xc0\xaf"}',  # overlong
    b'\xef\xbb\xbf{"a": 1}',  # BOM
    b'{"a": 1, "b": 2, "a": 3}',
    b'{"a": "\x01"}',
    b"[" * 2000 + b"]" * 2000,
    b"[" * 1000 + b"]" * 1000,  # json.loads may hit the recursion limit where orjson would not
    b'{"a":' * 1000 + b"1" + b"}" * 1000,
    b"[" * 300 + b"]" * 300,
    b'{"a": [' + b"{}, " * 300 + b"{}]}",  # many brackets, shallow
    b'{"a":' * 40 + b"1" + b"}" * 40,
    b"",
    b"  ",
])
def test_decode_edge_cases(raw):
    same(raw)


TIMES = st.one_of(
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{3}|\.[0-9]{6})?Z\Z"),
    st.sampled_from([
        "2026-11-20T10:00:00Z", "2026-11-20T10:00:00.000Z", "2026-11-20T10:00:00.120000Z",
        "2026-11-20T10:00:00.000123Z", "0999-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-20T24:00:00Z",
        "2026-11-20T10:00:60Z", "2026-11-20T10:00:00z", " 2026-11-20T10:00:00Z", "2026-11-20T10:00:00+02:00",
    ]),
    st.integers(), st.floats(), st.text(max_size=30), st.booleans(),
)


def _outcome(fn, value):
    try:
        return fn(value)
    except ValueError as exc:
        return ("error", str(exc))


@pytest.mark.slow
@settings(max_examples=2000, deadline=None)
@given(TIMES)
def test_event_time_fast_path_matches_normalize_event_time(value):
    assert _outcome(normalize_event_time, value) == _outcome(_parse_event_time, value)


@pytest.mark.slow
@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(min_size=1), st.integers(), st.floats(allow_nan=False, allow_infinity=False)),
       st.binary(min_size=1, max_size=64))
def test_user_pseudonym_matches_pseudonymize(value, key):
    try:
        normalized = normalize_value(value)
    except (TypeError, ValueError):
        return
    sanitizer = Sanitizer(load_policy(None), key)
    assert sanitizer._user_pseudonym(normalized) == pseudonymize(key, value)
    event = sanitizer.sanitize_one({"user_id": value})
    assert event.user == pseudonymize(key, value)


@pytest.mark.slow
@settings(max_examples=1000, deadline=None)
@given(st.dictionaries(st.text(max_size=6), values, max_size=6))
def test_data_column_text_is_json_dumps(data):
    assert encode_data(data) == json.dumps(data, ensure_ascii=False, sort_keys=True)
