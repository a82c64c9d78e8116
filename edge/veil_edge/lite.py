"""The lite tier: free-text PII found without any NLP model, for devices.

E-mail addresses (plain, and obfuscated: "bill at example dot com"), URLs, IP addresses
(checked by ``ipaddress``), card numbers (Luhn, or written in groups of four), IBANs (the
country's length and ISO 7064 mod-97), SSNs (the dashed shape and the SSA's rules for the
others), phone numbers, passport numbers after a passport word, latitude/longitude pairs,
person names from the name lists (``NameListFinder``), and names in sign-off, greeting,
signature and credit positions ("works well. - Grace", "Thanks, Will", "Hi June,",
"谢谢，\n王伟", "thanks to Paul Smith": ``signoffs.py``, the server's rules and data, run
where the policy wants PERSON).  The phone, card and SSN
patterns (``patterns.py``) and the IBAN, e-mail, passport and coordinate finders
(``pii_patterns.py``) are the server's too.  A validated span owns the digit guesses inside
it and spans are merged as the server merges them (``drop_owned``, ``merge_spans``).

Invariant: a policy the lite tier cannot honour is refused when the scrubber is built
(``check_policy``), never silently weakened: a ``redact_text`` rule that names an entity
the lite tier has no detector for (``entities: [LOCATION]``).  Under Veil's default entity set the lite tier
does its part and the server's full tier does the rest (places, groups, dates, names the
lists miss): a miss at the edge is still caught centrally.
"""

from __future__ import annotations

from .errors import PolicyError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on a device's cold start
if TYPE_CHECKING:
    from typing import Any

LITE_ENTITIES = frozenset({"EMAIL_ADDRESS", "URL", "IP_ADDRESS", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "PHONE_NUMBER",
                           "PASSPORT", "GEO_COORDINATES", "PERSON"})


class LiteTier:
    """The edge's default tier (``Scrubber(tier="lite")``)."""

    name = "lite"
    _engine: Any = None

    def engine(self) -> Any:
        """The ``LiteEngine`` (``lite_engine.py``), imported and built on first need."""
        if LiteTier._engine is None:
            from .lite_engine import LiteEngine

            LiteTier._engine = LiteEngine()
        return LiteTier._engine


def check_policy(policy) -> None:
    """Refuse a policy the lite tier cannot honour: a ``redact_text`` operator that names,
    in its own ``entities``, one the lite tier has no detector for."""
    ops = [(f"rules[{i}]", r.operator, r.line) for i, r in enumerate(policy.rules)]
    ops += [(f"default.{k}", op, None) for k, op in policy.default.items()]
    for where, op, line in ops:
        ents = getattr(op, "entities", None) if op.deferred else None
        missing = sorted(set(ents or ()) - LITE_ENTITIES)
        if missing:
            raise PolicyError(f"the lite tier cannot detect {', '.join(missing)} (needs the NLP model): use --tier full "
                              "on a host with veil installed, or leave these entities to the server",
                              source=policy.source, line=line, field=f"{where}.entities")


def __getattr__(name: str) -> Any:
    # the finders' helpers, where they were before the engine had a module of its own
    if name in ("luhn", "iban_ok", "ssn_ok", "LiteEngine"):
        from . import lite_engine

        return getattr(lite_engine, name)
    raise AttributeError(f"module 'veil_edge.lite' has no attribute {name!r}")
