"""veil_edge.records (issue 14, cold start): the value types that replaced dataclasses on a
device's first event behave as the dataclasses they replaced."""

import copy
import dataclasses
import pickle

import pytest

from veil_edge import Policy, Rejected, SanitizedEvent, Span, load_policy
from veil_edge.operators import OpContext
from veil_edge.paths import parse_pattern


@dataclasses.dataclass(frozen=True)
class FrozenRef:
    start: int
    end: int
    entity: str
    score: float


@dataclasses.dataclass
class MutableRef:
    event_id: str | None
    user: str
    ts: str | None
    data: dict
    findings: dict = dataclasses.field(default_factory=dict)


def _same_behaviour(ours, ref, other_ours, other_ref):
    assert repr(ours).split("(", 1)[1] == repr(ref).split("(", 1)[1]
    assert (ours == copy.deepcopy(ours)) and (ref == copy.deepcopy(ref))
    assert (ours == other_ours) == (ref == other_ref)
    assert ours.__eq__(ref) is NotImplemented and ref.__eq__(ours) is NotImplemented  # another class: never equal
    assert pickle.loads(pickle.dumps(ours)) == ours


def test_frozen_record_is_a_frozen_dataclass():
    ours, ref = Span(0, 4, "PERSON", 0.85), FrozenRef(0, 4, "PERSON", 0.85)
    _same_behaviour(ours, ref, Span(0, 5, "PERSON", 0.85), FrozenRef(0, 5, "PERSON", 0.85))
    assert hash(ours) == hash(Span(0, 4, "PERSON", 0.85)) and {ours: 1}[Span(0, 4, "PERSON", 0.85)] == 1
    for obj in (ours, ref):
        with pytest.raises(AttributeError):
            obj.start = 1
        with pytest.raises(AttributeError):
            del obj.end
        with pytest.raises(AttributeError):
            obj.extra = 1
    assert Rejected("not_json") == Rejected("not_json", "") == Rejected(reason="not_json", detail="")
    assert hash(OpContext(b"k", "a", "a", None)) == hash(OpContext(b"k", "a", "a", None))
    assert parse_pattern("a.b") == parse_pattern("a.b") != parse_pattern("a.c")


def test_record_is_a_mutable_dataclass():
    ours, ref = SanitizedEvent("e1", "u", None, {"a": 1}), MutableRef("e1", "u", None, {"a": 1})
    _same_behaviour(ours, ref, SanitizedEvent("e1", "u", None, {"a": 2}), MutableRef("e1", "u", None, {"a": 2}))
    assert ours.findings == {} and ours.findings is not SanitizedEvent("e", "u", None, {}).findings
    ours.findings["a"] = {"X": 1}
    assert ours.findings == {"a": {"X": 1}}
    with pytest.raises(TypeError):
        hash(ours)


def test_policy_compares_by_identity_and_rules_are_frozen():
    first, second = load_policy(None), load_policy(None)
    assert first != second and first == first and first.hash == second.hash and len({first, second}) == 2
    with pytest.raises(AttributeError):
        first.hash = "0" * 64
    policy = Policy(rules=[{"path": "email", "op": "drop"}])
    assert policy.rules[0] == policy.rules[0] and policy.rules[0].op == "drop"
    with pytest.raises(AttributeError):
        policy.rules[0].op = "keep"
