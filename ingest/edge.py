"""Events scrubbed at the edge (``veil_edge``): the ingest service's key pair, and the gate
that reads an incoming message's ``veil.*`` headers before the server's own policy runs.

Invariant: the server does not trust the device.  A message whose ``veil.policy`` header
names a policy the server knows is opened (its seals, made to the ingest key, give back the
user key and the pseudonymised values) and then goes through the server's full policy like
any raw event (scrubbing is idempotent: placeholders and generalised values survive); a
message with an unknown policy hash or a broken seal is treated as raw, or dead-lettered
(``untrusted="dead_letter"``), and counted; one without headers is raw.  Seals are never
stored: an unopened token is no user key.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from veil_edge import (
    ANY_INDEX,
    HEADER_POLICY,
    HEADER_TIER,
    Opener,
    SealError,
    format_path,
    generate_private_key,
    load_private_key,
    private_key_bytes,
)

KEY_FILE = "ingest_x25519.key"
UNTRUSTED = ("raw", "dead_letter")


def edge_key_path(keys_dir: Path) -> Path:
    return Path(keys_dir) / KEY_FILE


def create_edge_keys(keys_dir: Path) -> Path:
    """A new X25519 key pair for the ingest service (0600); refuses to replace one."""
    keys_dir = Path(keys_dir)
    path = edge_key_path(keys_dir)
    if path.exists():
        raise SealError(f"{path} exists already: devices seal to its public key (`veil keys export-public`); "
                        "remove it yourself only if no device uses it any more")
    keys_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(private_key_bytes(generate_private_key()))
        handle.flush()
        os.fsync(handle.fileno())
    return path


@dataclass
class EdgeTally:
    """What arrived from the edge, per (policy hash, tier), in one partition's buffer."""

    events: Counter = field(default_factory=Counter)  # (policy hash, tier) -> events
    still_found: dict = field(default_factory=dict)  # (policy hash, tier) -> entity -> count
    untrusted: Counter = field(default_factory=Counter)  # reason -> events
    raw: int = 0

    def facts(self) -> dict:
        return {
            "arrivals": [{"policy_hash": h, "tier": t, "events": n, "still_found": dict(self.still_found.get((h, t), {}))}
                         for (h, t), n in sorted(self.events.items())],
            "untrusted": dict(self.untrusted),
            "raw": self.raw,
        }

    def __bool__(self) -> bool:
        return bool(self.events or self.untrusted)


@dataclass(frozen=True)
class Arrival:
    """How one message arrived: ``edge`` (policy hash, tier), or why it counts as raw."""

    kind: str  # "raw" | "edge" | "untrusted"
    policy_hash: str = ""
    tier: str = ""
    reason: str = ""
    sealed_paths: frozenset = frozenset()


RAW = Arrival("raw")


class EdgeGate:
    """``prepare(value, headers) -> (value, Arrival)`` for each incoming message."""

    def __init__(self, known_policies: set[str], opener: Opener | None, untrusted: str = "raw"):
        if untrusted not in UNTRUSTED:
            raise ValueError(f"untrusted must be one of {UNTRUSTED}")
        self.known = set(known_policies)
        self.opener = opener
        self.untrusted = untrusted

    @classmethod
    def for_home(cls, keys_dir: Path, known_policies: set[str], untrusted: str = "raw") -> "EdgeGate":
        path = edge_key_path(keys_dir)
        return cls(known_policies, Opener(load_private_key(path)) if path.exists() else None, untrusted)

    def prepare(self, value: bytes | None, headers) -> tuple[bytes | None, Arrival]:
        found = {k: v for k, v in (headers or ()) if k in (HEADER_POLICY, HEADER_TIER)}
        if HEADER_POLICY not in found:
            return value, RAW
        policy_hash = _text(found.get(HEADER_POLICY))
        tier = _text(found.get(HEADER_TIER)) or "?"
        if policy_hash not in self.known:
            return value, Arrival("untrusted", policy_hash, tier, "unknown_policy")
        if self.opener is None:
            return value, Arrival("untrusted", policy_hash, tier, "no_ingest_key")
        try:
            event = json.loads(value) if value is not None else None
            opened, paths = _open(self.opener, event, ())
        except (ValueError, SealError):
            return value, Arrival("untrusted", policy_hash, tier, "broken_seal")
        return json.dumps(opened, ensure_ascii=False).encode("utf-8"), Arrival(
            "edge", policy_hash, tier, sealed_paths=frozenset(paths))


def _text(raw) -> str:
    try:
        return bytes(raw).decode("ascii") if raw is not None else ""
    except (UnicodeDecodeError, TypeError):
        return ""


def _open(opener: Opener, obj, path: tuple) -> tuple[object, list[str]]:
    """``obj`` with its seals opened, and the display paths of the sealed values."""
    if isinstance(obj, str) and obj.startswith("veil-seal:"):
        return opener.open(obj), [format_path(path)]
    if isinstance(obj, dict):
        out, paths = {}, []
        for k, v in obj.items():
            out[k], p = _open(opener, v, path + (k,))
            paths += p
        return out, paths
    if isinstance(obj, list):
        out_list, paths = [], []
        for v in obj:
            o, p = _open(opener, v, path + (ANY_INDEX,))
            out_list.append(o)
            paths += p
        return out_list, paths
    return obj, []


def tally(t: EdgeTally, arrival: Arrival, findings: dict | None) -> None:
    """Count one stored or dead-lettered message; for an edge event, what the server still
    found in it (its findings outside the fields that arrived sealed)."""
    if arrival.kind == "raw":
        t.raw += 1
        return
    if arrival.kind == "untrusted":
        t.untrusted[arrival.reason] += 1
        return
    key = (arrival.policy_hash, arrival.tier)
    t.events[key] += 1
    per = t.still_found.setdefault(key, {})
    for path, by_type in (findings or {}).items():
        if path in arrival.sealed_paths:
            continue  # pseudonymised as the policy says, not a miss
        for entity, n in by_type.items():
            per[entity] = per.get(entity, 0) + n
