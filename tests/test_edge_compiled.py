"""The walker's compiled leaves (``veil_edge.leaves``) give exactly the rows and findings of
its general path (``Sanitizer.compiled_leaves = False``), on the demo's event kinds and on
generated events under a policy that reaches every structured operator and default."""

from __future__ import annotations

import copy
from pathlib import Path

from hypothesis import given, settings, strategies as st

import veil.anonymize as anonymize
from veil.demo_data import generate as demo_events
from veil_edge import LiteTier, Opener, Sanitizer, Scrubber, generate_private_key, load_policy, parse_policy

KEY = b"k" * 32
DEMO = Path(anonymize.__file__).parent / "examples" / "demo_policy.yaml"

# Every operator, field-name context (email, phone, lat), inherited rules (shipping, debug),
# non-keep defaults for numbers, booleans and nulls, and free text.
_POLICY = parse_policy("""
version: 1
roles: {user_key: user_id, event_time: ts, event_id: event_id}
rules:
  - {path: sku, op: keep}
  - {path: note, op: redact_text}
  - {path: email, op: pseudonymize}
  - {path: token, op: pseudonymize, domain: t, prefix: "t_"}
  - {path: full_name, op: drop}
  - {path: phone, op: mask, keep_last: 2}
  - {path: card, op: mask, keep_first: 1, keep_last: 4, char: "#"}
  - {path: birth_date, op: generalize, to: month}
  - {path: seen, op: generalize, to: day}
  - {path: client_ip, op: generalize, prefix: 16, prefix6: 40}
  - {path: amount, op: generalize, bucket: 2.5}
  - {path: label, op: replace}
  - {path: tag, op: replace, value: "X"}
  - {path: "shipping.name", op: pseudonymize}
  - {path: shipping, op: redact_text}
  - {path: "**.ssn", op: drop}
  - {path: "debug.**", op: drop}
default: {string: redact_text, number: {op: generalize, bucket: 100}, boolean: drop, "null": replace}
""", source="compiled.yaml")

_KEYS = ["sku", "note", "email", "token", "full_name", "phone", "card", "birth_date", "seen", "client_ip", "amount",
         "label", "tag", "ssn", "lat", "lon", "address", "name", "count", "flag", "misc", "ip", "user.mail@x.com",
         "id12345678"]
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**7, 10**7), st.floats(-1e7, 1e7, allow_nan=False),
    st.text(max_size=24), st.ip_addresses().map(str), st.dates().map(str),
    st.sampled_from(["4111 1111 1111 1111", "+1 415-555-0199", "jane@example.com", "10.1.2.3/24", "<PHONE_NUMBER>",
                     "", " ", "2024-02-30", "01.2.3.4", "52.5200", "Anna Smith"]))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(_KEYS), inner, max_size=4)), max_leaves=12)
_ROLES = st.fixed_dictionaries(
    {"user_id": st.one_of(st.text(min_size=1, max_size=8).filter(str.strip), st.integers(0, 99)),
     "event_id": st.text(max_size=6)},
    optional={"ts": st.sampled_from(["2026-11-01T00:01:35Z", 1764547200, "2026-11-01 10:00"]),
              "shipping": st.dictionaries(st.sampled_from(["name", "street", "city", "zip"]), _SCALARS, max_size=3)})
_EVENTS = st.tuples(_ROLES, st.dictionaries(st.sampled_from(_KEYS + ["debug"]), _VALUES, max_size=6)).map(
    lambda parts: {**parts[1], **parts[0]})
_DEMO_POLICY = load_policy(DEMO)


def _both(policy, events, **kw):
    """(compiled, general) results of fresh walkers on copies of ``events``."""
    out = []
    for compiled in (True, False):
        walker = Sanitizer(policy, KEY, tier=LiteTier(), **kw)
        walker.compiled_leaves = compiled
        out.append(walker.sanitize_batch(copy.deepcopy(events)))
    return out


def test_compiled_leaves_equal_the_general_path_on_every_demo_event_kind():
    events = [e for _, e in demo_events(400, seed=11)]
    for policy in (_DEMO_POLICY, load_policy(None), _POLICY):
        compiled, general = _both(policy, events)
        assert compiled == general
        assert sum(bool(r.findings) for r in compiled) > 100  # the policies did act on these events


def test_compiled_leaves_equal_the_general_path_with_seals():
    """On the edge (sealed user keys and pseudonymised fields): equal once the seals are opened."""
    private = generate_private_key()
    opener = Opener(private)
    events = [e for _, e in demo_events(200, seed=12)]
    rows = []
    for compiled in (True, False):
        scrubber = Scrubber(load_policy(DEMO), tier="lite", public_key=private.public_key())
        scrubber._sanitizer.compiled_leaves = compiled
        rows.append([opener.open_all(e)[0] for e in scrubber.scrub_batch(copy.deepcopy(events))])
    assert rows[0] == rows[1] and any("email" in r for r in rows[0])


@settings(max_examples=120, deadline=None)
@given(events=st.lists(_EVENTS, min_size=1, max_size=4))
def test_compiled_leaves_equal_the_general_path_on_generated_events(events):
    for policy in (_POLICY, _DEMO_POLICY):
        compiled, general = _both(policy, events)
        assert compiled == general


# --------------------------------------------------------------------------- the fast operators


def _ip_reference(op, value):
    """``generalize``'s IP rule by ``ipaddress`` alone (the implementation before the IPv4 fast path)."""
    import ipaddress

    try:
        if "/" in value:
            net = ipaddress.ip_network(value.strip(), strict=False)
            addr, given = net.network_address, net.prefixlen
        else:
            addr = ipaddress.ip_address(value.strip())
            given = addr.max_prefixlen
    except ValueError:
        return "unparseable"
    prefix = op.opts.get("prefix", 24) if addr.version == 4 else op.opts.get("prefix6", 48)
    return str(ipaddress.ip_network(f"{addr}/{min(prefix, given)}", strict=False))


def _mask_reference(opts, value):
    """``mask`` character by character (the implementation before ``str.translate``)."""
    text, char = str(value), opts.get("char", "*")
    first, last = opts.get("keep_first", 0), opts.get("keep_last", 0)
    positions = [i for i, c in enumerate(text) if c == char or c.isascii() and c.isalnum()]
    if first + last >= len(positions):
        first = last = 0
    chars = list(text)
    for i in positions[first : len(positions) - last]:
        chars[i] = char
    return "".join(chars)


_OCTET = st.one_of(st.integers(0, 300).map(str), st.sampled_from(["00", "01", "010", "255", "256", "1000", "٣"]))
_IPS = st.one_of(
    st.ip_addresses().map(str),
    st.tuples(st.lists(_OCTET, min_size=3, max_size=5).map(".".join),
              st.sampled_from(["", "/0", "/8", "/24", "/32", "/33", "/05", "/x", "/255.255.0.0", " /24"]),
              st.sampled_from(["", " ", "\n"])).map(lambda t: t[2] + t[0] + t[1] + t[2]),
    st.tuples(st.ip_addresses(v=6), st.integers(0, 128)).map(lambda t: f"{t[0]}/{t[1]}"), st.text(max_size=12))


@settings(max_examples=400, deadline=None)
@given(value=_IPS, prefix=st.integers(0, 32), prefix6=st.integers(0, 128))
def test_ipv4_fast_path_equals_ipaddress(value, prefix, prefix6):
    from veil_edge import OPERATORS, OpContext, OperatorValueError

    op = OPERATORS["generalize"].from_options({"prefix": prefix, "prefix6": prefix6})
    try:
        got = op.apply(value, OpContext(KEY, "ip", "ip", None))
    except OperatorValueError:
        got = "unparseable"
    assert got == _ip_reference(op, value)


@settings(max_examples=400, deadline=None)
@given(value=st.one_of(st.text(alphabet="0123456789abcXYZ-() +*#.éü٣•", max_size=20), st.integers(), st.floats()),
       opts=st.fixed_dictionaries({}, optional={"keep_first": st.integers(0, 5), "keep_last": st.integers(0, 5),
                                                "char": st.sampled_from("*#X•")}))
def test_mask_equals_its_character_by_character_reference(value, opts):
    from veil_edge import OPERATORS, OpContext

    op = OPERATORS["mask"].from_options(dict(opts))
    assert op.apply(value, OpContext(KEY, "m", "m", None)) == _mask_reference(opts, value)


# --------------------------------------------------------------------------- cold start


def test_structured_events_import_no_free_text_machinery():
    """``import veil_edge`` + policy + first structured event loads neither ``regex`` nor the
    lite finders, name lists or keep-terms (they cost the cold start; benchmarks/README.md)."""
    import subprocess
    import sys

    code = (
        "import sys, veil_edge as v\n"
        "s = v.Scrubber(v.load_policy(sys.argv[1]), tier='lite', public_key=v.generate_private_key().public_key())\n"
        "out = s.scrub({'event_id': 'e1', 'user_id': 'u1', 'email': 'a@b.example', 'amount': 3, 'lat': 52.52})\n"
        "assert out['amount'] == '0-10' and out['email'].startswith('veil-seal:1:'), out\n"
        "heavy = {'regex', 'veil_edge.lite_engine', 'veil_edge.names', 'veil_edge.gazetteer', 'veil_edge.keep_terms',\n"
        "         'veil_edge.pii_patterns', 'veil_edge.producer', 'kafka', 'veil_edge.prefilter'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(DEMO)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
