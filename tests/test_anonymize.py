"""anonymize/: policies, paths, operators, roles, pseudonyms, error isolation.

Tests that need spaCy + Presidio live in test_anonymize_text.py; the ones here only
touch the engine where a string needs redaction (the engine is cached per process).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import veil.anonymize as anonymize
from veil.anonymize import (
    OPERATORS,
    Operator,
    Policy,
    PolicyError,
    Rejected,
    SanitizedEvent,
    Sanitizer,
    load_policy,
    parse_policy,
    pseudonymize,
    register_operator,
)
from veil_edge.paths import ANY_INDEX, PathPatternError, parse_pattern
from veil_edge.policy import DEFAULT_POLICY_YAML
from veil_edge.timeutil import normalize_event_time

KEY = bytes(range(32))
DEMO = Path(anonymize.__file__).parent / "examples" / "demo_policy.yaml"


def policy_of(rules: list[dict], default: dict | None = None, **roles) -> Policy:
    doc = {"version": 1, "roles": roles or {}, "rules": rules}
    if default is not None:
        doc["default"] = default
    return parse_policy(json.dumps(doc))  # JSON is YAML


def sanitize(policy: Policy, event: dict):
    return Sanitizer(policy, KEY).sanitize_batch([event])[0]


# --------------------------------------------------------------------------- pseudonyms


def test_pseudonym_is_stable_keyed_and_normalised():
    a = pseudonymize(KEY, "alice")
    assert a == pseudonymize(KEY, "alice")
    assert a.startswith("u_") and len(a) == 34
    assert a != pseudonymize(KEY, "bob")
    assert a != pseudonymize(b"another key", "alice")
    assert pseudonymize(KEY, 42) == pseudonymize(KEY, "42")
    assert pseudonymize(KEY, 42.0) == pseudonymize(KEY, 42)
    # a known value pins the format forever (erasure depends on it)
    import hashlib
    import hmac

    assert pseudonymize(KEY, "alice") == "u_" + hmac.new(KEY, b"alice", hashlib.sha256).hexdigest()[:32]


@pytest.mark.parametrize("bad", [True, None, {"a": 1}, [1], "", "   ", 1.5])
def test_pseudonym_rejects_values_without_identity(bad):
    with pytest.raises((TypeError, ValueError)) as info:
        pseudonymize(KEY, bad)
    assert repr(bad) not in str(info.value) or bad in (True, None)


def test_sanitizer_user_column_matches_pseudonymize():
    result = sanitize(policy_of([]), {"user_id": 42, "n": 1})
    assert result.user == pseudonymize(KEY, "42")


# --------------------------------------------------------------------------- policy loading


def test_default_policy_loads_and_matches_embedded_copy():
    pol = load_policy(None)
    assert pol.source == "<default>"
    assert (pol.user_key, pol.event_time, pol.event_id) == ("user_id", "ts", "event_id")
    assert pol.rules == ()
    assert pol.default["string"].name == "redact_text"
    assert pol.default["number"].name == "keep"
    assert pol.default["boolean"].name == "keep"
    assert len(pol.hash) == 64 and int(pol.hash, 16) >= 0
    assert parse_policy(DEFAULT_POLICY_YAML).hash == pol.hash


def test_demo_policy_loads():
    pol = load_policy(DEMO)
    assert pol.source == str(DEMO)
    assert {r.op for r in pol.rules} >= {"keep", "drop", "pseudonymize", "mask", "generalize", "redact_text"}


def test_policy_hash_ignores_formatting_but_not_content(tmp_path):
    a = tmp_path / "a.yaml"
    a.write_text("version: 1\nrules:\n  - {path: email, op: mask, keep_last: 2}\n")
    b = tmp_path / "b.yaml"
    b.write_text("# comment\nversion: 1\nrules:\n- path: email\n  keep_last: 2\n  op: mask\n")
    c = tmp_path / "c.yaml"
    c.write_text("version: 1\nrules:\n  - {path: email, op: mask, keep_last: 3}\n")
    assert load_policy(a).hash == load_policy(b).hash != load_policy(c).hash
    assert load_policy(a).source == str(a)


def test_policy_constructed_in_python():
    pol = Policy(rules=[{"path": "email", "op": "drop"}], default={"string": "keep"})
    assert pol.rules[0].op == "drop" and pol.default["string"].name == "keep"
    assert len(pol.hash) == 64


@pytest.mark.parametrize(
    "text, line, field, words",
    [
        ("version: 1\nrules:\n  - {path: email, op: maskk}\n", 3, "rules[0].op", "unknown operator"),
        ("version: 1\nrules:\n  - path: a\n    op: keep\n  - path: email\n    op: mask\n    keep_lst: 4\n",
         7, "rules[1].keep_lst", "unknown option"),
        ("version: 1\nrules:\n  - {path: email, op: mask, keep_last: -1}\n", 3, "rules[0].keep_last", ">= 0"),
        ("version: 1\nrules:\n  - {path: email, op: mask, keep_last: four}\n", 3, "rules[0].keep_last", "integer"),
        ("version: 1\nrules:\n  - {path: 'a..b', op: keep}\n", 3, "rules[0].path", "bad path pattern"),
        ("version: 1\nrules:\n  - {path: 'a[0]', op: keep}\n", 3, "rules[0].path", "[*]"),
        ("version: 1\nrules:\n  - {path: 'a*', op: keep}\n", 3, "rules[0].path", "partial wildcards"),
        ("version: 1\nrules:\n  - {path: 'a[*', op: keep}\n", 3, "rules[0].path", "bad path pattern"),
        ("version: 1\nrules:\n  - {op: keep}\n", 3, "rules[0].path", "missing"),
        ("version: 1\nrules:\n  - {path: x}\n", 3, "rules[0].op", "missing"),
        ("version: 1\nrules:\n  - {path: d, op: generalize, to: week}\n", 3, "rules[0].to", "day, month, year"),
        ("version: 1\nrules:\n  - {path: d, op: generalize}\n", 3, "rules[0]", "generalize needs"),
        ("version: 1\nrules:\n  - {path: d, op: generalize, to: day, bucket: 3}\n", 3, "rules[0]", "only one kind"),
        ("version: 1\nrules:\n  - {path: ip, op: generalize, prefix: 33}\n", 3, "rules[0].prefix", "between 0 and 32"),
        ("version: 1\nrules:\n  - {path: n, op: generalize, bucket: 0}\n", 3, "rules[0].bucket", "positive"),
        ("version: 1\nrules:\n  - {path: t, op: redact_text, entities: [PERSN]}\n", 3, "rules[0].entities",
         "unknown entity"),
        ("version: 1\nroles: {user_key: 5}\n", 2, "roles.user_key", "non-empty"),
        ("version: 1\nroles: {owner: x}\n", 2, "roles.owner", "unknown role"),
        ("version: 2\n", 1, "version", "unsupported"),
        ("version: 1\nfoo: bar\n", 2, "foo", "unknown top-level key"),
        ("version: 1\ndefault: {string: nope}\n", 2, "default.string.op", "unknown operator"),
        ("version: 1\ndefault: {text: keep}\n", 2, "default.text", "unknown value type"),
        ("version: 1\nrules: {path: a}\n", 2, "rules", "list"),
        ("version: 1\nrules:\n  - just-a-string\n", 3, "rules[0]", "mapping"),
    ],
)
def test_policy_errors_name_file_line_and_field(tmp_path, text, line, field, words):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    err = info.value
    msg = str(err)
    assert err.line == line, msg
    assert err.field == field, msg
    assert f"{path}:{line}: {field}: " in msg
    assert words in msg


def test_policy_error_for_bad_yaml(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("version: 1\nrules:\n  - {path: email, op: keep\n  - x\n")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert str(path) in str(info.value) and "bad YAML" in str(info.value)
    assert info.value.line is not None


def test_policy_error_duplicate_key_and_missing_file(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text("version: 1\nrules: []\nrules: []\n")
    with pytest.raises(PolicyError, match=r"dup.yaml:3: duplicate key"):
        load_policy(path)
    with pytest.raises(PolicyError, match="file not found"):
        load_policy(tmp_path / "nope.yaml")
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing\n")
    with pytest.raises(PolicyError, match="empty"):
        load_policy(empty)


# --------------------------------------------------------------------------- paths


def test_path_patterns():
    assert parse_pattern("a.b").matches(("a", "b"))
    assert not parse_pattern("a.b").matches(("a", "b", "c"))
    assert parse_pattern("a.*").matches(("a", "x"))
    assert not parse_pattern("a.*").matches(("a", ANY_INDEX))
    assert parse_pattern("payload.messages[*].body").matches(("payload", "messages", ANY_INDEX, "body"))
    assert not parse_pattern("payload.messages.body").matches(("payload", "messages", ANY_INDEX, "body"))
    assert parse_pattern("m[*][*]").matches(("m", ANY_INDEX, ANY_INDEX))
    assert parse_pattern("**.ssn").matches(("a", ANY_INDEX, "b", "ssn"))
    assert parse_pattern("**.ssn").matches(("ssn",))
    assert parse_pattern("debug.**").matches(("debug",))
    assert parse_pattern("debug.**").matches(("debug", "x", ANY_INDEX))
    assert not parse_pattern("debug.**").matches(("debugger",))
    for bad in ["", " a", "a.", ".a", "a..b", "a[1]", "a[*", "a]", "a*b", "**[*]"]:
        with pytest.raises(PathPatternError):
            parse_pattern(bad)


# --------------------------------------------------------------------------- operators (no NLP)

NO_TEXT = {"string": "keep", "number": "keep", "boolean": "keep"}


def test_keep_drop_and_first_match_wins():
    pol = policy_of(
        [{"path": "a", "op": "drop"}, {"path": "a", "op": "keep"}, {"path": "debug.*", "op": "drop"},
         {"path": "b", "op": "keep"}],
        default={"string": "drop"},
    )
    res = sanitize(pol, {"user_id": "u", "a": "x", "b": "y", "c": "z", "debug": {"p": 1, "q": {"r": 2}}})
    assert isinstance(res, SanitizedEvent)
    assert res.data == {"b": "y", "debug": {}}


def test_container_rule_is_inherited_but_named_fields_win():
    pol = policy_of(
        [{"path": "card.number", "op": "mask", "keep_last": 4}, {"path": "card", "op": "drop"}],
        default=NO_TEXT,
    )
    # 'card' matches first for the object itself -> dropped whole
    assert sanitize(pol, {"user_id": "u", "card": {"number": "4111111111111111"}}).data == {}
    pol = policy_of(
        [{"path": "profile", "op": "mask"}, {"path": "profile.country", "op": "keep"}], default=NO_TEXT
    )
    res = sanitize(pol, {"user_id": "u", "profile": {"nick": "abc", "country": "FR", "tags": ["xy"]}})
    assert res.data == {"profile": {"nick": "***", "country": "FR", "tags": ["**"]}}


def test_wildcards_into_nested_objects_and_arrays():
    pol = policy_of(
        [{"path": "payload.messages[*].body", "op": "mask"}, {"path": "payload.*.secret", "op": "drop"},
         {"path": "**.token", "op": "drop"}],
        default=NO_TEXT,
    )
    event = {
        "user_id": "u",
        "payload": {
            "messages": [{"from": "me", "body": "hi", "token": "t"}, {"from": "you", "body": "yo"}],
            "inner": {"secret": "s", "other": 1},
            "deep": {"a": [{"token": "x", "keep": True}]},
        },
    }
    res = sanitize(pol, event)
    assert res.data == {
        "payload": {
            "messages": [{"from": "me", "body": "**"}, {"from": "you", "body": "**"}],
            "inner": {"other": 1},
            "deep": {"a": [{"keep": True}]},
        }
    }
    assert res.findings["payload.messages[*].body"] == {"MASK": 2}


def test_mask():
    pol = policy_of(
        [{"path": "card_number", "op": "mask", "keep_last": 4}, {"path": "code", "op": "mask", "keep_first": 1, "char": "#"},
         {"path": "short", "op": "mask", "keep_last": 4}, {"path": "num", "op": "mask", "keep_last": 2}],
        default=NO_TEXT,
    )
    res = sanitize(pol, {"user_id": "u", "card_number": "4111-1111-1111-1234", "code": "AB12", "short": "12",
                         "num": 123456})
    assert res.data == {"card_number": "****-****-****-1234", "code": "A###", "short": "**", "num": "****56"}
    assert res.findings["card_number"] == {"CREDIT_CARD": 1}
    assert res.findings["code"] == {"MASK": 1}


def test_pseudonymize_operator():
    pol = policy_of(
        [{"path": "email", "op": "pseudonymize"}, {"path": "ref", "op": "pseudonymize", "domain": "refs",
                                                   "prefix": "r_"}],
        default=NO_TEXT,
    )
    res = sanitize(pol, {"user_id": "u", "email": "a@b.com", "ref": "a@b.com"})
    assert res.data["email"] == pseudonymize(KEY, "a@b.com")
    assert res.data["ref"].startswith("r_") and res.data["ref"][2:] != res.data["email"][2:]
    assert res.findings["email"] == {"EMAIL_ADDRESS": 1}


def test_generalize_dates_ips_numbers():
    pol = policy_of(
        [
            {"path": "d_day", "op": "generalize", "to": "day"},
            {"path": "d_month", "op": "generalize", "to": "month"},
            {"path": "d_year", "op": "generalize", "to": "year"},
            {"path": "ip4", "op": "generalize", "prefix": 24},
            {"path": "ip6", "op": "generalize", "prefix": 24},
            {"path": "ip16", "op": "generalize", "prefix": 16},
            {"path": "amount", "op": "generalize", "bucket": 10},
            {"path": "amounts[*]", "op": "generalize", "bucket": 10},
            {"path": "bad_date", "op": "generalize", "to": "month"},
        ],
        default=NO_TEXT,
    )
    res = sanitize(
        pol,
        {
            "user_id": "u",
            "d_day": "1985-03-12T10:11:12Z",
            "d_month": "1985-03-12",
            "d_year": "12 March 1985",
            "ip4": "203.0.113.77",
            "ip6": "2001:db8:abcd:12::1",
            "ip16": "10.1.2.3",
            "amount": 25,
            "amounts": [0, 9.99, 30, -3, "41"],
            "bad_date": "not a date",
        },
    )
    assert res.data == {
        "d_day": "1985-03-12",
        "d_month": "1985-03",
        "d_year": "1985",
        "ip4": "203.0.113.0/24",
        "ip6": "2001:db8:abcd::/48",
        "ip16": "10.1.0.0/16",
        "amount": "20-30",
        "amounts": ["0-10", "0-10", "30-40", "-10-0", "40-50"],
        "bad_date": "<REDACTED>",
    }


def test_replace_operator_and_null_bool_handling():
    pol = policy_of(
        [{"path": "phone", "op": "replace"}, {"path": "x", "op": "replace", "value": "[gone]"},
         {"path": "n", "op": "mask"}, {"path": "flag", "op": "mask"}],
        default=NO_TEXT,
    )
    res = sanitize(pol, {"user_id": "u", "phone": "555", "x": "y", "n": None, "flag": True})
    assert res.data == {"phone": "<PHONE_NUMBER>", "x": "[gone]", "n": None, "flag": True}


# --------------------------------------------------------------------------- roles


def test_roles_extracted_and_not_repeated_in_data():
    res = sanitize(policy_of([], default=NO_TEXT), {"user_id": "u1", "event_id": "e1", "ts": "2026-11-29T10:00:00Z",
                                                    "n": 3, "ok": False, "nothing": None})
    assert res.event_id == "e1" and res.user == pseudonymize(KEY, "u1") and res.ts == "2026-11-29T10:00:00Z"
    assert res.data == {"n": 3, "ok": False, "nothing": None}
    assert res.findings == {}


def test_custom_roles_and_missing_optional_roles():
    pol = policy_of([], default=NO_TEXT, user_key="email", event_time="meta.when", event_id="id")
    res = sanitize(pol, {"email": "a@b.com", "id": 7, "meta": {"when": 0, "src": "x"}})
    assert res.user == pseudonymize(KEY, "a@b.com")
    assert res.event_id == "7" and res.ts == "1970-01-01T00:00:00Z"
    assert res.data == {"meta": {"src": "x"}}
    res = sanitize(pol, {"email": "a@b.com"})
    assert res.event_id is None and res.ts is None and res.data == {}


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-11-29T10:00:00Z", "2026-11-29T10:00:00Z"),
        ("2026-11-29T10:00:00", "2026-11-29T10:00:00Z"),
        ("2026-11-29T12:00:00+02:00", "2026-11-29T10:00:00Z"),
        ("2026-11-29 10:00:00.250Z", "2026-11-29T10:00:00.250Z"),
        ("2026-11-29", "2026-11-29T00:00:00Z"),
        (1795946400, "2026-11-29T10:00:00Z"),
        (1795946400.5, "2026-11-29T10:00:00.500Z"),
        (1795946400000, "2026-11-29T10:00:00Z"),
        (1795946400123, "2026-11-29T10:00:00.123Z"),
        ("1795946400", "2026-11-29T10:00:00Z"),
    ],
)
def test_event_time_normalisation(value, expected):
    assert normalize_event_time(value) == expected


SECRET = "Zelda-Secret-4242"


@pytest.mark.parametrize(
    "event, reason",
    [
        ([SECRET], "not_object"),
        (SECRET, "not_object"),
        ({"name": SECRET}, "missing_user_key"),
        ({"user_id": None, "x": SECRET}, "missing_user_key"),
        ({"user_id": {"v": SECRET}}, "bad_user_key"),
        ({"user_id": [SECRET]}, "bad_user_key"),
        ({"user_id": True}, "bad_user_key"),
        ({"user_id": ""}, "bad_user_key"),
        ({"user_id": 1.5}, "bad_user_key"),
        ({"user_id": "u", "ts": SECRET}, "bad_event_time"),
        ({"user_id": "u", "ts": True}, "bad_event_time"),
        ({"user_id": "u", "ts": 1e30}, "bad_event_time"),
        ({"user_id": "u", "ts": {"x": SECRET}}, "bad_event_time"),
        ({"user_id": "u", "event_id": {"x": SECRET}}, "bad_event_id"),
    ],
)
def test_rejections_never_quote_values(event, reason):
    res = sanitize(policy_of([], default=NO_TEXT), event)
    assert isinstance(res, Rejected)
    assert res.reason == reason
    assert res.detail and SECRET not in res.detail and "4242" not in res.detail


class _Boom(Operator):
    """Raises on a trigger value; stands in for an operator bug."""

    name = "boom_for_tests"

    def apply(self, value, ctx):
        if value == "trigger":
            raise RuntimeError(f"bug while handling {value} for {SECRET}")
        return value


def test_scrub_error_is_isolated_to_one_event(caplog):
    register_operator(_Boom)
    try:
        pol = policy_of([{"path": "x", "op": "boom_for_tests"}], default=NO_TEXT)
        events = [
            {"user_id": "a", "x": "fine"},
            {"user_id": "b", "x": "trigger", "secret": SECRET},
            "not an object",
            {"user_id": "c", "x": "also fine"},
        ]
        with caplog.at_level("DEBUG"):
            out = Sanitizer(pol, KEY).sanitize_batch(events)
        assert len(out) == 4
        assert isinstance(out[0], SanitizedEvent) and out[0].data == {"x": "fine"}
        assert isinstance(out[1], Rejected) and out[1].reason == "scrub_error"
        assert SECRET not in out[1].detail and "trigger" not in out[1].detail
        assert "RuntimeError" in out[1].detail
        assert isinstance(out[2], Rejected) and out[2].reason == "not_object"
        assert isinstance(out[3], SanitizedEvent) and out[3].data == {"x": "also fine"}
        for record in caplog.records:
            assert SECRET not in record.getMessage() and "trigger" not in record.getMessage()
    finally:
        OPERATORS.pop("boom_for_tests", None)


def test_batch_keeps_length_and_order_and_does_not_mutate_input():
    pol = policy_of([{"path": "a.b", "op": "drop"}], default=NO_TEXT)
    events = [{"user_id": i, "event_id": f"e{i}", "a": {"b": 1, "c": 2}} for i in range(20)]
    before = json.dumps(events)
    out = Sanitizer(pol, KEY).sanitize_batch(events)
    assert [r.event_id for r in out] == [f"e{i}" for i in range(20)]
    assert all(r.data == {"a": {"c": 2}} for r in out)
    assert json.dumps(events) == before
    assert Sanitizer(pol, KEY).sanitize_batch([]) == []


def test_no_engine_loaded_when_nothing_needs_redaction(monkeypatch):
    import veil.anonymize.sanitizer as sanitizer_module

    def fail(_model):
        raise AssertionError("engine must not load")

    monkeypatch.setattr(sanitizer_module, "get_engine", fail)
    pol = policy_of([], default={"string": "redact_text"})
    # strings that cannot hold PII and PII-named fields need no NLP
    res = sanitize(pol, {"user_id": "u", "id": "ord_12345", "at": "2026-11-29T10:00:00Z", "n": "42", "e": "",
                         "email": "a@b.com", "x": "a"})
    assert res.data == {"id": "ord_12345", "at": "2026-11-29T10:00:00Z", "n": "42", "e": "",
                        "email": "<EMAIL_ADDRESS>", "x": "a"}


def test_word_lists_are_data_not_code():
    """Issue 13.8: word lists live in veil_edge/data (package data), not in source strings."""
    import ast
    from pathlib import Path

    from veil_edge import table, words

    repo = Path(__file__).resolve().parents[1]
    root = repo / "edge" / "veil_edge"
    for path in sorted([*root.rglob("*.py"), *(repo / "anonymize").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "\n" in node.value:
                tokens = node.value.split()
                listy = [t for t in tokens if t.isalpha() and t.islower()]
                # a docstring is prose (has punctuation); a word list is dozens of bare words
                assert not (len(listy) > 40 and len(listy) > 0.9 * len(tokens)), f"{path.name}: a word list in code"
    lists = sorted(p.stem for p in (root / "data").glob("*.txt"))
    assert len(lists) >= 15 and all(words(name) for name in lists)
    assert "PERSON" in table("fieldnames")["exact"].values()
    pyproject = (repo / "edge" / "pyproject.toml").read_text()
    assert '"data/*.txt"' in pyproject and '"data/*.toml"' in pyproject
