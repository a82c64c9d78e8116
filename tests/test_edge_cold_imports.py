"""What a device's cold start imports (issue 14: import veil_edge + policy load + first
structured event ≤ 50 ms), on a policy-cache miss (a first launch) and on a hit: modules
that once cost it milliseconds stay off that path (``benchmarks/README.md``, *Edge*)."""

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import cryptography
import pytest

import veil_edge

DEMO = Path(__file__).parent.parent / "anonymize" / "examples" / "demo_policy.yaml"
# dataclasses imports inspect (~6 ms); typing ~2.5 ms; tomllib ~2 ms (the field-name table is
# JSON); pathlib ~4 ms (urllib.parse); the public X25519 module ~1.5 ms (the Rust key suffices)
NEVER = ("dataclasses", "inspect", "typing", "tomllib", "pathlib", "cryptography.hazmat.primitives.asymmetric.x25519",
         "regex", "logging", "threading", "veil_edge.signoffs")
CODE = f"""
import sys, veil_edge as v
pub = v.parse_public_key(sys.argv[1])
s = v.Scrubber(v.load_policy({str(DEMO)!r}), tier="lite", public_key=pub)
s.scrub({{"event_id": "e1", "user_id": "u1", "email": "jane@example.com", "amount": 23.5, "phone": "+1 415-555-0199",
         "lat": 52.52, "ts": "2024-05-01T10:00:00Z"}})
print(" ".join(m for m in {NEVER + ("yaml",)!r} if m in sys.modules))
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Two fresh ``python -S`` interpreters (nothing preloaded by the editable installs'
    path hooks, as on a device): the first on an empty policy cache, the second on its entry."""
    cache = tmp_path_factory.mktemp("cache") / "policies"
    path = os.pathsep.join([str(Path(veil_edge.__file__).parent.parent), str(Path(cryptography.__file__).parent.parent),
                            sysconfig.get_paths()["purelib"]])
    env = dict(os.environ, VEIL_EDGE_POLICY_CACHE=str(cache), PYTHONPATH=path)
    pub = veil_edge.public_key_text(veil_edge.generate_private_key().public_key())
    out = [subprocess.run([sys.executable, "-S", "-c", CODE, pub], capture_output=True, text=True, env=env, cwd="/",
                          check=True).stdout.split() for _ in range(2)]
    return out, sorted(cache.glob("*.json"))


def test_a_miss_imports_pyyaml_for_the_policy_and_nothing_else_listed(runs):
    (miss, _), entries = runs
    assert miss == ["yaml"]
    assert len(entries) == 1  # the policy's entry only: packaged tables are JSON already


def test_a_hit_imports_none_of_them(runs):
    (_, hit), _ = runs
    assert hit == []
