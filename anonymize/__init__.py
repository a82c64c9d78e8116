"""anonymize: the policy and everything that turns a raw event into a sanitised one, on the
server.  The policy core (parser, operators, paths, roles, the walker) is ``veil_edge``,
shared with devices; this package adds the full free-text tier (Presidio + spaCy + Veil's
recognizers) and re-exports the core's names.

Public API (other packages import these names)::

    Policy, load_policy(path | None), PolicyError
    Sanitizer(policy, pseudonym_key, spacy_model=None).sanitize_batch(events)
    SanitizedEvent, Rejected
    pseudonymize(key, user_value)
"""

from veil_edge import (
    OPERATORS,
    Operator,
    Policy,
    PolicyError,
    Rejected,
    Rule,
    SanitizedEvent,
    load_policy,
    normalize_value,
    parse_policy,
    pseudonymize,
    register_operator,
    user_value,
)

from .recognizer_registry import RECOGNIZERS, register_recognizer
from .sanitizer import FullTier, Sanitizer

__all__ = [
    "FullTier",
    "OPERATORS",
    "Operator",
    "Policy",
    "PolicyError",
    "RECOGNIZERS",
    "Rejected",
    "Rule",
    "SanitizedEvent",
    "Sanitizer",
    "load_policy",
    "parse_policy",
    "normalize_value",
    "pseudonymize",
    "register_operator",
    "register_recognizer",
    "user_value",
]
