"""The edge's scrubber: the server's policy walker (``Sanitizer``) with a device tier and
seals, giving back an event of the same shape, ready to send.

``Scrubber(policy, tier="lite", public_key=key).scrub_batch(events)`` returns, per event,
either the scrubbed event (roles where they were: the user key sealed, the event id kept,
the event time normalised; pseudonymised fields sealed; everything else as the policy says)
or a ``Rejected`` (never sent).  ``headers()`` are the Kafka headers that tell the server
how it was scrubbed: ``veil.policy`` (the policy hash), ``veil.tier``, ``veil.edge-version``.

Tiers: ``lite`` (``veil_edge.lite``, no NLP) and ``full`` (the server's Presidio + spaCy
engine, found through the ``veil_edge.tiers`` entry point that the ``veil`` package
declares, when the host has it installed).
"""

from __future__ import annotations

from .errors import PolicyError, SealError
from .lite import LiteTier, check_policy
from .policy import Policy
from .sanitizer import Sanitizer
from .seal import Sealer
from .types import Rejected, SanitizedEvent
from .version import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on a device's cold start
if TYPE_CHECKING:
    from typing import Any

TIERS = ("lite", "full")
HEADER_POLICY, HEADER_TIER, HEADER_VERSION = "veil.policy", "veil.tier", "veil.edge-version"


def make_tier(name: str, flag: str = "--tier", host: str = "this host") -> Any:
    """The tier ``name`` (``lite`` or the server's ``full``, found by entry point); errors name
    the caller's ``flag`` (``veil federate`` says ``--device-tier``)."""
    if name == "lite":
        return LiteTier()
    if name == "full":
        from importlib.metadata import entry_points  # only here: it costs a cold start ~0.1 s

        found = [ep for ep in entry_points(group="veil_edge.tiers") if ep.name == "full"]
        if not found:
            raise PolicyError(f"the full tier needs the veil server package (Presidio + spaCy) on {host}; "
                              f"use {flag} lite", source=flag)
        return found[0].load()()
    raise PolicyError(f"unknown tier {name!r} (known: {', '.join(TIERS)})", source=flag)


def put_role(data: dict, name: str, value: Any) -> None:
    """Put a role's value back where ``roles.pop_role`` took it from (a top-level key, or a
    dotted path into nested objects)."""
    if "." not in name or name in data:
        data[name] = value
        return
    parts = name.split(".")
    parent = data
    for part in parts[:-1]:
        child = parent.get(part)
        if not isinstance(child, dict):
            child = parent[part] = {}
        parent = child
    parent[parts[-1]] = value


class Scrubber:
    """A policy applied on the device (see the module docstring)."""

    def __init__(self, policy: Policy, tier: str = "lite", public_key: Any = None):
        if tier == "lite":
            check_policy(policy)
        if public_key is None:
            raise SealError("the ingest service's public key is missing: user keys leave the device only sealed "
                            "(pass --public-key FILE, the output of `veil keys export-public`)")
        self.policy = policy
        self.tier = tier
        self.public_key = public_key
        self._sanitizer = Sanitizer(policy, None, tier=make_tier(tier), sealer=Sealer(public_key))
        self._headers = [(HEADER_POLICY, policy.hash.encode()), (HEADER_TIER, tier.encode()),
                         (HEADER_VERSION, __version__.encode())]

    def headers(self) -> list[tuple[str, bytes]]:
        return list(self._headers)

    def warm_up(self) -> None:
        self._sanitizer.warm_up()

    def scrub_batch(self, events: list[Any]) -> list[dict | Rejected]:
        out: list[dict | Rejected] = []
        for result in self._sanitizer.sanitize_batch(events):
            out.append(self._as_event(result) if isinstance(result, SanitizedEvent) else result)
        return out

    def scrub(self, event: Any) -> dict | Rejected:
        return self.scrub_batch([event])[0]

    def _as_event(self, done: SanitizedEvent) -> dict:
        pol = self.policy
        event = done.data  # the walker's own new object, shared with no one: filled in place
        put_role(event, pol.user_key, done.user)
        if pol.event_id and done.event_id is not None:
            put_role(event, pol.event_id, done.event_id)
        if pol.event_time and done.ts is not None:
            put_role(event, pol.event_time, done.ts)
        return event
