"""veil_edge (issue 14): the shared policy core, the lite tier, seals, the scrubber, the
fail-closed Producer against the real broker, the veil-edge CLI, and parity with the server."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from kafka import KafkaConsumer

import veil.anonymize as anonymize
import veil_edge
from veil.anonymize import Sanitizer
from veil.demo_data import generate as demo_events
from veil_edge import (
    LiteTier,
    Opener,
    PolicyError,
    Producer,
    Scrubber,
    SealError,
    generate_private_key,
    is_sealed,
    load_policy,
    parse_policy,
    public_key_text,
)

KEY = b"k" * 32
DEMO = Path(anonymize.__file__).parent / "examples" / "demo_policy.yaml"


@pytest.fixture(scope="module")
def keys():
    private = generate_private_key()
    return private, private.public_key()


def lite(texts, entities=None):
    engine = LiteTier().engine()
    return [[(t[s.start : s.end], s.entity) for s in spans] for t, spans in zip(texts, engine.analyze_many(texts, entities))]


# --------------------------------------------------------------------------- one core


def test_the_server_uses_the_edge_policy_core():
    """One parser, one set of rules, the same errors and hash: moved, not copied."""
    assert anonymize.load_policy is veil_edge.load_policy and anonymize.PolicyError is veil_edge.PolicyError
    assert issubclass(anonymize.Sanitizer, veil_edge.Sanitizer)
    from veil.core import VeilError

    assert VeilError is veil_edge.VeilError and issubclass(PolicyError, VeilError)
    assert load_policy(DEMO).hash == anonymize.load_policy(DEMO).hash
    with pytest.raises(PolicyError, match=r"p\.yaml:3: rules\[0\]\.op: unknown operator 'maskk'"):
        parse_policy("version: 1\nrules:\n  - {path: a, op: maskk}\n", source="p.yaml")


# --------------------------------------------------------------------------- lite tier


def test_lite_tier_finds_pattern_pii_and_keeps_ids():
    texts = ["mail jane.doe@example.com now", "card 4111 1111 1111 1111 and 4111111111111111",
             "IBAN DE89 3704 0044 0532 0130 00 please", "my SSN is 078-05-1120", "from 192.0.2.1 and 2001:db8::1",
             "call +49 30 1234 5678 or (555) 123-4567", "order ORD-2026-744356 shipped at 2026-01-31T10:00:00Z",
             "Jemma Davies wrote to erdal pruschke"]
    found = lite(texts)
    assert found[0] == [("jane.doe@example.com", "EMAIL_ADDRESS")]
    assert [e for _, e in found[1]] == ["CREDIT_CARD", "CREDIT_CARD"]
    assert found[2] == [("DE89 3704 0044 0532 0130 00", "IBAN_CODE")]
    assert found[3] == [("078-05-1120", "US_SSN")]
    assert found[4] == [("192.0.2.1", "IP_ADDRESS"), ("2001:db8::1", "IP_ADDRESS")]
    assert [e for _, e in found[5]] == ["PHONE_NUMBER", "PHONE_NUMBER"]
    assert found[6] == []
    assert found[7] == [("Jemma Davies", "PERSON"), ("erdal pruschke", "PERSON")]
    # checksums: a card that fails Luhn (ungrouped, no card word) and an IBAN that fails mod 97 stay
    assert lite(["ref 4111111111111112", "DE00370400440532013000"]) == [[], []]


def test_lite_tier_names_at_the_start_and_the_word_iban():
    """Two former misses: a listed first name and surname that are also English words opening
    a text ("Anna Smith called"); "iban" (a listed first name) as the account number's label."""
    found = lite(["Anna Smith called about the refund", "Anna Smith", "refund to Anna Hill, please",
                  "for iban", "and iban please", "call iban now", "Iban DE89 3704 0044 0532 0130 00", "iban number"])
    assert found[0] == [("Anna Smith", "PERSON")] and found[1] == [("Anna Smith", "PERSON")]
    assert found[2] == [("Anna Hill", "PERSON")]
    assert found[3:6] == [[], [], []] and found[7] == []
    assert found[6] == [("DE89 3704 0044 0532 0130 00", "IBAN_CODE")]
    # a surname after a particle belongs to the name: leaving "<PERSON> van Waas" hid from the
    # server the name whose later mention ("sorry, evy!") it would have removed
    assert lite(["Best wishes,\nEvy van Waas", "ask Ludwig van Beethoven", "Harriette P Labrie wrote"]) == [
        [("Evy van Waas", "PERSON")], [("Ludwig van Beethoven", "PERSON")], [("Harriette P Labrie", "PERSON")]]
    # later mentions of a found name, as the server's person context adds them (it cannot once
    # the edge has replaced the name): "sorry for the delay evy!", but not "will" after "Will"
    assert lite(["Sorry for the delay evy!\n\nBest wishes,\nEvy van Waas", "Hi Will Johnson, will you call?"]) == [
        [("evy", "PERSON"), ("Evy van Waas", "PERSON")], [("Will Johnson", "PERSON")]]
    # the same opening rule keeps everyday first names and street lines out
    assert lite(["Will Smith called", "Flat 33\nLee Forest, Woodwardtown M39 1ED", "Bill Payment failed"]) == [[], [], []]


def test_lite_tier_refuses_a_policy_it_cannot_honour(keys):
    policy = parse_policy("version: 1\nrules:\n  - {path: bio, op: redact_text, entities: [PERSON, LOCATION]}\n",
                          source="p.yaml")
    with pytest.raises(PolicyError, match=r"p\.yaml:3: rules\[0\]\.entities: the lite tier cannot detect LOCATION"):
        Scrubber(policy, tier="lite", public_key=keys[1])
    with pytest.raises(SealError, match="public key is missing"):
        Scrubber(load_policy(None), tier="lite", public_key=None)


# --------------------------------------------------------------------------- seals


def test_seals_open_only_with_the_private_key(keys):
    private, public = keys
    sealer = veil_edge.Sealer(public)
    a, b = sealer.seal("alice@example.com"), sealer.seal("alice@example.com")
    assert a != b and is_sealed(a) and "alice" not in a
    opener = Opener(private)
    assert opener.open(a) == opener.open(b) == "alice@example.com"
    assert opener.open(sealer.seal(42)) == 42  # the type survives
    with pytest.raises(SealError) as err:
        Opener(generate_private_key()).open(a)
    assert "alice" not in str(err.value)
    with pytest.raises(SealError):
        opener.open(a[:-8] + "AAAAAAA=")
    assert veil_edge.parse_public_key(public_key_text(public)).public_bytes_raw() == public.public_bytes_raw()


# --------------------------------------------------------------------------- scrubber and parity


def _server_row(sanitizer, event):
    out = sanitizer.sanitize_one(event)
    assert isinstance(out, veil_edge.SanitizedEvent), out
    return out.user, out.event_id, out.ts, out.data


@pytest.mark.slow
def test_edge_then_server_equals_server_on_every_demo_event_kind(keys):
    """server(open(edge(event))) == server(event) on the stored row, for every demo event
    kind and every operator the demo policy uses (keep, redact_text, pseudonymize, drop,
    mask, generalize by year/prefix/bucket)."""
    private, public = keys
    policy = load_policy(DEMO)
    scrubber = Scrubber(policy, tier="lite", public_key=public)
    server = Sanitizer(policy, KEY)
    opener = Opener(private)
    events = [e for _, e in demo_events(150, seed=11)]
    kinds = set()
    for event, edge in zip(events, scrubber.scrub_batch(events)):
        assert not isinstance(edge, veil_edge.Rejected)
        assert is_sealed(edge["user_id"]) and edge["event_id"] == event["event_id"]
        for field in ("email", "shipping"):
            if field == "email" and "email" in event:
                assert is_sealed(edge["email"])
        opened, n = opener.open_all(edge)
        assert n >= 1
        assert _server_row(server, opened) == _server_row(server, event)
        kinds.add(tuple(sorted(k for k in event if k not in ("event_id", "user_id", "ts"))))
    assert len(kinds) >= 5


@pytest.mark.slow
def test_lite_tier_never_leaks_what_the_full_tier_catches(keys):
    """On the held-out generator, whole events under the default policy: every e-mail, card,
    IBAN, SSN, IP or phone value the server's full tier removes is also gone from what the
    lite tier lets leave the device."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from scrub_data import generate

    types = {"EMAIL_ADDRESS", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "PHONE_NUMBER"}
    records = generate(200, "heldout", 4242)
    events = [r["event"] for r in records]
    edge = Scrubber(load_policy(None), tier="lite", public_key=keys[1]).scrub_batch(events)
    full = Sanitizer(load_policy(None), KEY).sanitize_batch(events)
    checked, missed = 0, []
    for r, e, f in zip(records, edge, full):
        e_text, f_text = json.dumps(e, ensure_ascii=False), json.dumps(f.data, ensure_ascii=False)
        for p in r["pii"]:
            if p["type"] in types and p["value"] not in f_text:
                checked += 1
                if p["value"] in e_text:
                    missed.append(p["type"])
    assert checked > 100 and missed == []


# --------------------------------------------------------------------------- producer on the real broker


def _consume(broker, topic, n, timeout_ms=15000):
    consumer = KafkaConsumer(topic, bootstrap_servers=broker.bootstrap, auto_offset_reset="earliest",
                             consumer_timeout_ms=timeout_ms, group_id=None)
    out = []
    for msg in consumer:
        out.append(msg)
        if len(out) >= n:
            break
    consumer.close()
    return out


def test_producer_sends_scrubbed_events_with_headers_and_fails_closed(broker, topic, keys, tmp_path):
    private, public = keys
    scrubber = Scrubber(load_policy(DEMO), tier="lite", public_key=public)
    spool = tmp_path / "spool.sealed"
    producer = Producer(scrubber, spool=spool, bootstrap_servers=broker.bootstrap)
    good = {"event_id": "e1", "user_id": "alice@example.com", "ts": "2026-01-01T00:00:00Z",
            "text": "I'm Jemma Davies, call me on +49 30 1234 5678", "email": "alice@example.com"}
    bad_user = {"event_id": "e2", "user_id": "", "text": "Jemma Davies 078-05-1120"}
    huge = {"event_id": "e3", "user_id": "bob", "text": "Jemma Davies " + "x" * 2_000_000}
    futures = producer.send_batch(topic, [good, bad_user, b"{not json Jemma Davies", huge])
    producer.flush(10)
    producer.close(5)
    assert [f is not None for f in futures] == [True, False, False, False]
    assert producer.counts["sent"] == 1 and producer.counts["spooled"] == 3
    assert producer.counts["failed.bad_user_key"] == 1 and producer.counts["failed.not_json"] == 1
    assert producer.counts["failed.too_large"] == 1
    msgs = _consume(broker, topic, 2, timeout_ms=8000)
    assert len(msgs) == 1
    raw = msgs[0].value.decode()
    assert "Jemma" not in raw and "1234 5678" not in raw and "alice" not in raw
    headers = dict(msgs[0].headers)
    assert headers["veil.policy"] == scrubber.policy.hash.encode() and headers["veil.tier"] == b"lite"
    assert headers["veil.edge-version"] == veil_edge.__version__.encode()
    # the spool holds the failed events only sealed: the server's key opens them
    lines = spool.read_text().splitlines()
    assert len(lines) == 3 and "Jemma" not in spool.read_text() and "078-05" not in spool.read_text()
    assert {Opener(private).open(line)["reason"] for line in lines} == {"bad_user_key", "not_json", "too_large"}


@pytest.mark.slow
def test_producer_without_a_broker_is_a_clear_error(keys):
    scrubber = Scrubber(load_policy(None), public_key=keys[1])
    with pytest.raises(veil_edge.EdgeUnreachable, match="no broker reachable"):
        Producer(scrubber, bootstrap_servers="127.0.0.1:1", request_timeout_ms=1000, max_block_ms=2000,
                 bootstrap_timeout_ms=2000)


# --------------------------------------------------------------------------- CLI


def _edge(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "veil_edge.cli", *args], capture_output=True, text=True, timeout=120)


def test_veil_edge_scrub_writes_one_line_per_event_keeping_its_id(tmp_path, keys):
    pub = tmp_path / "ingest.pub"
    pub.write_text(public_key_text(keys[1]) + "\n")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"event_id": "a", "user_id": "u1", "text": "mail jane@example.com"}) + "\n"
                   + "not json\n" + json.dumps({"event_id": 7, "text": "no user"}) + "\n")
    out = tmp_path / "out.jsonl"
    proc = _edge("scrub", str(src), "-o", str(out), "--policy", str(DEMO), "--public-key", str(pub))
    assert proc.returncode == 5, proc.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["event_id"] for line in lines] == ["a", None, 7]
    assert lines[0]["text"] == "mail <EMAIL_ADDRESS>" and is_sealed(lines[0]["user_id"])
    assert lines[1] == {"event_id": None, "rejected": "not_json"} and lines[2]["rejected"] == "missing_user_key"
    assert "1 of 3 events scrubbed" in proc.stdout


@pytest.mark.parametrize("args, message", [
    (["scrub", "missing.jsonl", "-o", "o.jsonl", "--policy", "p.yaml", "--public-key", "k.pub"], "input file not found"),
    (["scrub", "IN", "-o", "o.jsonl", "--policy", "POLICY", "--public-key", "missing.pub"], "public key file not found"),
    (["scrub", "IN", "-o", "o.jsonl", "--policy", "POLICY", "--public-key", "BADKEY"], "not an X25519 public key"),
])
def test_veil_edge_wrong_usage_is_one_line_and_writes_nothing(tmp_path, args, message):
    src = tmp_path / "in.jsonl"
    src.write_text("{}\n")
    bad = tmp_path / "bad.pub"
    bad.write_text("hello\n")
    args = [{"IN": str(src), "POLICY": str(DEMO), "BADKEY": str(bad)}.get(a, a) for a in args]
    args = [str(tmp_path / a) if a.endswith((".jsonl", ".pub")) and "/" not in a else a for a in args]
    before = sorted(p.name for p in tmp_path.iterdir())
    proc = _edge(*args)
    assert proc.returncode == 2 and message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before


# --------------------------------------------------------------------------- the server reads the edge


def test_ingest_opens_edge_events_rescrubs_them_and_counts_them(broker, topic, tmp_path, home):
    """veil_edge.Producer -> real broker -> `veil ingest`: edge events are opened, scrubbed
    by the full tier, stored exactly as their raw twins would be; raw and untrusted messages
    are counted; the audit log and the report's edge section show it."""
    from kafka import KafkaProducer

    from tests.conftest import FAST_GROUP, veil
    from veil.core.settings import Home
    from veil.store import read_snapshot, snapshot

    assert veil("keys", "init", home=home).returncode == 0
    pub = tmp_path / "ingest.pub"
    veil("keys", "export-public", "-o", str(pub), home=home)
    policy = load_policy(DEMO)
    edge_events = [e for _, e in demo_events(30, seed=5)]
    raw_events = [e for _, e in demo_events(8, seed=6)]
    for i, e in enumerate(raw_events):
        e["event_id"] = f"raw-{i}"
    producer = Producer(Scrubber(policy, tier="lite", public_key=veil_edge.load_public_key(pub)),
                        bootstrap_servers=broker.bootstrap)
    assert all(producer.send_batch(topic, edge_events))
    producer.flush(10)
    producer.close(5)
    plain = KafkaProducer(bootstrap_servers=broker.bootstrap)
    for e in raw_events:
        plain.send(topic, json.dumps(e).encode())
    forged = {**raw_events[0], "event_id": "forged"}
    plain.send(topic, json.dumps(forged).encode(), headers=[("veil.policy", b"0" * 64), ("veil.tier", b"lite")])
    plain.flush()
    plain.close()
    store = tmp_path / "store"
    proc = veil("ingest", "--bootstrap", broker.bootstrap, "--topic", topic, "--store", str(store), "--policy",
                str(DEMO), "--group", f"g-{topic}", "--exit-when-idle", "3", *FAST_GROUP, home=home)
    assert json.loads(proc.stdout.strip().splitlines()[-1])["rows_written"] == 39
    rows = {r["event_id"]: r for r in read_snapshot(snapshot(store, topic)).to_pylist()}
    server = Sanitizer(policy, Home.resolve(home).pseudonym_key())
    for e in edge_events:  # parity on the stored row, through the broker
        expected = server.sanitize_one(e)
        assert rows[e["event_id"]]["user"] == expected.user
        assert json.loads(rows[e["event_id"]]["data"]) == expected.data
    assert "veil-seal" not in json.dumps(list(rows.values()))
    entries = [json.loads(line) for line in (home / "audit.jsonl").read_text().splitlines()]
    arrivals = [x for x in entries if x.get("kind") == "edge_arrivals"]
    facts = [x.get("facts", x) for x in arrivals]
    assert sum(a["events"] for f in facts for a in f["arrivals"]) == 30
    assert {a["policy_hash"] for f in facts for a in f["arrivals"]} == {policy.hash}
    assert sum(f["untrusted"].get("unknown_policy", 0) for f in facts) == 1 and sum(f["raw"] for f in facts) == 8
    out = tmp_path / "report.json"
    veil("audit", "report", "-o", str(out), home=home)
    edge = json.loads(out.read_text())["edge"]
    assert edge["pre_scrubbed"] == 30 and edge["by_policy"][0]["tier"] == "lite"


# --------------------------------------------------------------------------- idempotence, the gate, produce


from hypothesis import given, settings, strategies as st  # noqa: E402

_OPS = [("mask", {"keep_last": 4}), ("mask", {"keep_first": 2, "keep_last": 2, "char": "#"}), ("replace", {}),
        ("generalize", {"to": "year"}), ("generalize", {"to": "month"}), ("generalize", {"to": "day"}),
        ("generalize", {"prefix": 24, "prefix6": 48}), ("generalize", {"bucket": 10}), ("generalize", {"bucket": 2.5}),
        ("keep", {})]
_VALUES = st.one_of(
    st.text(max_size=30), st.integers(-10**6, 10**6), st.floats(-1e6, 1e6, allow_nan=False),
    st.dates().map(str), st.ip_addresses().map(str), st.sampled_from(["4111 1111 1111 1111", "+1 415-555-0199"]))


@settings(max_examples=300, deadline=None)
@given(op=st.sampled_from(_OPS), value=_VALUES)
def test_structured_operators_are_idempotent(op, value):
    """op(op(x)) == op(x): the server may re-apply what the edge applied (parity)."""
    from veil_edge import OPERATORS, OpContext, OperatorValueError

    name, options = op
    operator = OPERATORS[name].from_options(dict(options))
    ctx = OpContext(KEY, "f", "f", None)
    try:
        once = operator.apply(value, ctx)
    except OperatorValueError:
        return  # the walker stores <REDACTED>, which replace/mask/generalize leave redacted too
    try:
        twice = operator.apply(once, ctx)
    except OperatorValueError:
        pytest.fail(f"{name} {options} refuses its own output {once!r}")
    assert twice == once


def test_edge_gate_opens_known_policies_and_counts_the_rest(keys):
    from veil.ingest import EdgeGate

    private, public = keys
    policy = load_policy(DEMO)
    event = Scrubber(policy, public_key=public).scrub({"event_id": "e", "user_id": "alice", "email": "a@b.co"})
    raw = json.dumps(event).encode()
    gate = EdgeGate({policy.hash}, Opener(private))
    headers = [("veil.policy", policy.hash.encode()), ("veil.tier", b"lite"), ("veil.edge-version", b"0.1.0")]
    value, arrival = gate.prepare(raw, headers)
    assert arrival.kind == "edge" and arrival.tier == "lite" and arrival.sealed_paths == {"user_id", "email"}
    assert json.loads(value)["user_id"] == "alice" and json.loads(value)["email"] == "a@b.co"
    assert gate.prepare(raw, [])[0] is raw and gate.prepare(raw, [])[1].kind == "raw"
    assert gate.prepare(raw, [("veil.policy", b"f" * 64)])[1].reason == "unknown_policy"
    broken = raw.replace(event["email"][-12:].encode(), b"AAAAAAAAAAAA")
    assert gate.prepare(broken, headers)[1].reason == "broken_seal"
    assert EdgeGate({policy.hash}, None).prepare(raw, headers)[1].reason == "no_ingest_key"
    assert gate.prepare(b"not json", headers)[1].reason == "broken_seal"


def test_veil_edge_produce_sends_scrubbed_and_spools_failures(broker, topic, tmp_path, keys):
    pub = tmp_path / "ingest.pub"
    pub.write_text(public_key_text(keys[1]) + "\n")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"event_id": "a", "user_id": "u1", "text": "mail jane@example.com"}) + "\n"
                   + "not json jane@example.com\n")
    spool = tmp_path / "failed.sealed"
    proc = _edge("produce", str(src), "--bootstrap", broker.bootstrap, "--topic", topic, "--policy", str(DEMO),
                 "--public-key", str(pub), "--spool", str(spool))
    assert proc.returncode == 5 and "1 events sent" in proc.stdout and "1 failed closed (1 sealed" in proc.stdout
    assert "jane" not in spool.read_text() and Opener(keys[0]).open(spool.read_text().strip())["reason"] == "not_json"
    msgs = _consume(broker, topic, 1)
    assert len(msgs) == 1 and b"jane" not in msgs[0].value
    dead = _edge("produce", str(src), "--bootstrap", "127.0.0.1:1", "--topic", topic, "--policy", str(DEMO),
                 "--public-key", str(pub))
    assert dead.returncode == 6 and "no broker reachable" in dead.stderr


def test_full_tier_on_a_host_with_veil_installed(keys):
    """--tier full finds the server's engine through the veil_edge.tiers entry point."""
    policy = parse_policy("version: 1\nrules:\n  - {path: bio, op: redact_text, entities: [PERSON, LOCATION]}\n")
    scrubber = Scrubber(policy, tier="full", public_key=keys[1])  # the lite tier refuses this policy
    out = scrubber.scrub({"user_id": "u1", "bio": "Jemma Davies moved to Rotterdam last year"})
    assert out["bio"] == "<PERSON> moved to <LOCATION> last year"
    assert dict(scrubber.headers())["veil.tier"] == b"full"
