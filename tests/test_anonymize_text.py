"""Free-text redaction with the real spaCy model and Presidio (loaded once per process)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import veil.anonymize as anonymize
from veil.anonymize import Rejected, SanitizedEvent, Sanitizer, load_policy, pseudonymize
from veil.anonymize.text import get_engine

KEY = b"k" * 32
DEMO = Path(anonymize.__file__).parent / "examples" / "demo_policy.yaml"


@pytest.fixture(scope="module")
def default_sanitizer() -> Sanitizer:
    s = Sanitizer(load_policy(None), KEY)
    _ = s.engine  # load spaCy + Presidio once for the module
    return s


@pytest.fixture(scope="module")
def demo_sanitizer() -> Sanitizer:
    return Sanitizer(load_policy(DEMO), KEY)


def redact(sanitizer: Sanitizer, texts: list[str]) -> list[str]:
    events = [{"user_id": "u", "text": t} for t in texts]
    out = sanitizer.sanitize_batch(events)
    assert all(isinstance(r, SanitizedEvent) for r in out)
    return [r.data["text"] for r in out]


PII_CASES = [
    # (text, values that must not survive, placeholder expected)
    ("Email me at john.smith@example.com please", ["john.smith", "example.com"], "<EMAIL_ADDRESS>"),
    ("Contact: jane.doe+shop@mail.co.uk", ["jane.doe", "mail.co.uk"], "<EMAIL_ADDRESS>"),
    ("call me on (555) 123-4567 tomorrow", ["123-4567"], "<PHONE_NUMBER>"),
    ("my number is 415 555 0199", ["555 0199"], "<PHONE_NUMBER>"),
    ("reach me at +44 20 7946 0958", ["7946 0958"], "<PHONE_NUMBER>"),
    ("text 555.867.5309 after 5", ["867.5309"], "<PHONE_NUMBER>"),
    ("+1 (415) 555-0199 is my cell", ["555-0199"], "<PHONE_NUMBER>"),
    ("My card is 4111 1111 1111 1111, exp 12/27", ["4111 1111", "1111 1111 1111"], "<CREDIT_CARD>"),
    ("card 1234-5678-9012-3456 was charged twice", ["9012-3456"], "<CREDIT_CARD>"),
    ("pay to IBAN DE89370400440532013000", ["DE8937"], "<IBAN_CODE>"),
    ("My name is Sarah Connor and I need help.", ["Sarah", "Connor"], "<PERSON>"),
    ("I spoke with Priya Patel about the refund", ["Priya", "Patel"], "<PERSON>"),
    ("Thanks, Maria", ["Maria"], "<PERSON>"),
    ("Regards, Dr. Emily Watson", ["Emily", "Watson"], "<PERSON>"),
    ("hi this is bob, my order never arrived", ["bob"], "<PERSON>"),
    ("my name is john", ["john"], "<PERSON>"),
    ("Ahmed Khan said the delivery guy was rude", ["Ahmed", "Khan"], "<PERSON>"),
    ("I live at 123 Main Street, Springfield.", ["123 Main"], "<STREET_ADDRESS>"),
    ("Shipped to 42 Elm Avenue, Apt 5, Portland OR 97201", ["42 Elm", "97201", "Apt 5"], "<STREET_ADDRESS>"),
    ("send it to 12 old mill road please", ["12 old mill"], "<STREET_ADDRESS>"),
    ("I was born on 12 March 1985", ["12 March 1985"], "<DATE_TIME>"),
    ("server 192.168.1.23 logged me", ["192.168.1.23"], "<IP_ADDRESS>"),
    ("Emily from support was super helpful!", ["Emily"], "<PERSON>"),
    ("Dear Mr. Johnson, your order shipped", ["Johnson"], "<PERSON>"),
    ("SSN 123-45-6789", ["6789"], "<US_SSN>"),
    ("My address is 10 Downing Street, London SW1A 2AA", ["Downing", "SW1A", "2AA"], "<STREET_ADDRESS>"),
    ("ship to 1600 Pennsylvania Ave NW, Washington DC 20500", ["1600", "20500"], "<STREET_ADDRESS>"),
    ("whatsapp +91 98765 43210", ["98765"], "<PHONE_NUMBER>"),
    ("amex 3782 822463 10005", ["822463"], "<CREDIT_CARD>"),
]


def test_pii_in_free_text_is_replaced_by_typed_placeholders(default_sanitizer):
    texts = [t for t, _, _ in PII_CASES]
    out = redact(default_sanitizer, texts)
    for (text, secrets, placeholder), got in zip(PII_CASES, out):
        for secret in secrets:
            assert secret not in got, f"{secret!r} survived in {got!r}"
        assert placeholder in got, f"{placeholder} missing in {got!r} (from {text!r})"


NON_PII = [
    "Order ord_12345 placed at 2026-11-29T10:00:00Z",
    "SKU-AB-1234 arrived broken",
    "ref 7f9c2ba4-e88f-11e5-9d70-feff819cdc9f",
    "Great blender! Louder than expected. 4/5",
    "works fine, would buy again",
    "ticket T-991 reopened",
    "2026-11-29T10:00:00.123+00:00",
    "delivered in 3 days, 2 boxes, 10% off",
    "Order #12345 arrived late",
    "invoice INV-2024-0042 is wrong",
    "Loved the colour, fits perfectly. Size M. 5 stars",
]


def test_ids_skus_timestamps_and_plain_text_survive(default_sanitizer):
    out = redact(default_sanitizer, NON_PII)
    assert out == NON_PII


def test_ids_survive_next_to_pii(default_sanitizer):
    [got] = redact(default_sanitizer, ["John Smith ordered SKU-AB-1234 (ord_12345) on 2026-11-29T10:00:00Z, "
                                       "mail john@example.com"])
    for kept in ("SKU-AB-1234", "ord_12345", "2026-11-29T10:00:00Z"):
        assert kept in got
    assert "John" not in got and "john@" not in got


def test_default_policy_event(default_sanitizer):
    event = {
        "user_id": 42,
        "event_id": "evt-1",
        "ts": 1795946400000,
        "text": "Hi, I'm Anna Lee, call 555-123-4567",
        "rating": 5,
        "verified": True,
        "score": 0.5,
        "nothing": None,
        "email": "anna@example.com",
        "profile": {
            "full_name": "Anna Lee",
            "phone": 5551234567,
            "address": {"street": "1 Infinite Loop", "city": "Cupertino", "zip": "95014"},
            "tags": ["gold", "early adopter"],
        },
        "messages": [{"from": "customer", "body": "my email is anna@example.com"}],
    }
    [res] = default_sanitizer.sanitize_batch([event])
    assert isinstance(res, SanitizedEvent)
    assert res.user == pseudonymize(KEY, 42)
    assert res.event_id == "evt-1" and res.ts == "2026-11-29T10:00:00Z"
    d = res.data
    assert "user_id" not in d and "event_id" not in d and "ts" not in d
    assert d["rating"] == 5 and d["verified"] is True and d["score"] == 0.5 and d["nothing"] is None
    assert d["email"] == "<EMAIL_ADDRESS>"
    assert d["profile"]["full_name"] == "<PERSON>"
    assert d["profile"]["phone"] == "<PHONE_NUMBER>"
    assert d["profile"]["address"] == {"street": "<STREET_ADDRESS>", "city": "<STREET_ADDRESS>",
                                       "zip": "<STREET_ADDRESS>"}
    assert d["profile"]["tags"] == ["gold", "early adopter"]
    assert d["messages"] == [{"from": "customer", "body": "my email is <EMAIL_ADDRESS>"}]
    assert "Anna" not in d["text"] and "555-123-4567" not in d["text"]
    assert res.findings["text"]["PHONE_NUMBER"] == 1
    assert res.findings["messages[*].body"] == {"EMAIL_ADDRESS": 1}
    assert res.findings["profile.address.street"] == {"STREET_ADDRESS": 1}
    # findings never hold values
    assert "anna" not in repr(res.findings).lower()


DEMO_EVENTS = [
    {"user_id": "u1", "event_id": "r1", "ts": "2026-11-29T10:00:00", "product_sku": "SKU-AB-1234", "rating": 4,
     "text": "Bought it for my wife Anna Lee. Questions? anna.lee@mail.com or 415-555-0199"},
    {"user_id": "u2", "event_id": "c1", "ts": 1795946400, "ticket_id": "T-991",
     "messages": [{"from": "customer", "body": "hi this is bob, order ord_12345 never arrived"},
                  {"from": "agent", "body": "Sorry Bob! Resending to 42 Elm Avenue, Portland OR 97201"}]},
    {"user_id": "u3", "event_id": "s1", "ts": "2026-11-29T10:00:00+02:00", "email": "jane@y.com",
     "full_name": "Jane Doe", "phone": "+1 415-555-0199", "birth_date": "1985-03-12",
     "client_ip": "203.0.113.77", "address": "1 Infinite Loop, Cupertino CA 95014"},
    {"user_id": "u4", "event_id": "p1", "ts": "2026-11-29", "order_id": "ord_777", "sku": "SKU-ZZ-1",
     "amount": 23.5, "card_number": "4111 1111 1111 1111"},
    {"user_id": "u5", "event_id": "q1", "ts": "2026-11-29T10:00:00Z", "query": "gift for Maria Garcia size M"},
]


def test_demo_policy_on_demo_event_kinds(demo_sanitizer):
    review, chat, signup, purchase, search = demo_sanitizer.sanitize_batch(DEMO_EVENTS)
    assert review.data["product_sku"] == "SKU-AB-1234" and review.data["rating"] == 4
    assert re.sub(r"<[A-Z_]+>", "", review.data["text"]).count("anna") == 0
    for secret in ("Anna", "anna.lee", "555-0199"):
        assert secret not in review.data["text"]
    bodies = [m["body"] for m in chat.data["messages"]]
    assert [m["from"] for m in chat.data["messages"]] == ["customer", "agent"]
    assert "bob" not in bodies[0] and "ord_12345" in bodies[0]
    assert "Bob" not in bodies[1] and "42 Elm" not in bodies[1] and "97201" not in bodies[1]
    assert chat.data["ticket_id"] == "T-991"
    assert signup.ts == "2026-11-29T08:00:00Z"
    assert signup.data["email"] == pseudonymize(KEY, "jane@y.com")
    assert "full_name" not in signup.data
    assert signup.data["phone"].endswith("99") and "415" not in signup.data["phone"]
    assert signup.data["birth_date"] == "1985"
    assert signup.data["client_ip"] == "203.0.113.0/24"
    assert signup.data["address"] == "<STREET_ADDRESS>"
    assert purchase.data == {"order_id": "ord_777", "sku": "SKU-ZZ-1", "amount": "20-30",
                             "card_number": "**** **** **** 1111"}
    assert "Maria" not in search.data["query"] and "Garcia" not in search.data["query"]


def test_batch_uses_one_pipe_and_deduplicates(default_sanitizer, monkeypatch):
    engine = get_engine(default_sanitizer.spacy_model)
    calls: list[int] = []
    real = engine.analyze_many

    def spy(texts, *args, **kwargs):
        calls.append(len(texts))
        return real(texts, *args, **kwargs)

    monkeypatch.setattr(engine, "analyze_many", spy)
    events = [{"user_id": i, "a": "Call Bob at 555-123-4567", "b": f"note {i} from Alice Jones"} for i in range(30)]
    out = default_sanitizer.sanitize_batch(events)
    assert calls == [31]  # one pass over the 31 distinct strings
    assert all("<PHONE_NUMBER>" in r.data["a"] for r in out)
    assert all("Alice" not in r.data["b"] for r in out)


def test_engine_failure_on_one_text_rejects_only_that_event(default_sanitizer, monkeypatch):
    engine = get_engine(default_sanitizer.spacy_model)
    real = engine.analyze_many

    def flaky(texts, *args, **kwargs):
        if any("EXPLODE" in t for t in texts):
            if len(texts) > 1:
                raise RuntimeError("batch failed")
            raise RuntimeError("cannot analyse EXPLODE text")
        return real(texts, *args, **kwargs)

    monkeypatch.setattr(engine, "analyze_many", flaky)
    out = default_sanitizer.sanitize_batch(
        [{"user_id": 1, "t": "hello Bob Smith"}, {"user_id": 2, "t": "EXPLODE John Doe"}, {"user_id": 3, "t": "ok then"}]
    )
    assert isinstance(out[0], SanitizedEvent) and "Bob" not in out[0].data["t"]
    assert isinstance(out[1], Rejected) and out[1].reason == "scrub_error"
    assert "EXPLODE" not in out[1].detail and "John" not in out[1].detail
    assert isinstance(out[2], SanitizedEvent) and out[2].data["t"] == "ok then"


def test_redact_text_options(default_sanitizer):
    from veil.anonymize import parse_policy

    pol = parse_policy(
        "version: 1\nrules:\n"
        "  - {path: note, op: redact_text, entities: [EMAIL_ADDRESS]}\n"
        "  - {path: email, op: redact_text, field_context: false}\n"
    )
    [res] = Sanitizer(pol, KEY).sanitize_batch(
        [{"user_id": "u", "note": "John Smith john@x.org", "email": "write to john@x.org now"}]
    )
    assert res.data["note"] == "John Smith <EMAIL_ADDRESS>"
    assert res.data["email"] == "write to <EMAIL_ADDRESS> now"


def test_warm_up_compiles_every_pattern_the_policy_can_use(default_sanitizer):
    # `veil scrub --workers N` warms up before forking: a pattern compiled lazily afterwards
    # would be compiled again in every worker (Presidio's URL pattern alone takes ~0.2 s).
    from presidio_analyzer import PatternRecognizer

    from veil.anonymize.text import DEFAULT_ENTITIES

    assert default_sanitizer.warm_up()
    engine = get_engine(default_sanitizer.spacy_model)
    # (recognizers with their own analyze, such as IBAN's, match through regex's own cache)
    used = [r for r in engine.analyzer.registry.get_recognizers("en", list(DEFAULT_ENTITIES))
            if isinstance(r, PatternRecognizer) and type(r).analyze is PatternRecognizer.analyze]
    assert {"UrlRecognizer", "EmailRecognizer", "CreditCardRecognizer", "IpRecognizer"} <= {r.name for r in used}
    lazy = [(r.name, p.name) for r in used for p in r.patterns if p.compiled_regex is None]
    assert lazy == []
