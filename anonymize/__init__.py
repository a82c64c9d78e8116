"""anonymize: the policy and everything that turns a raw event into a sanitised one.

Public API (other packages import these names)::

    Policy, load_policy(path | None), PolicyError
    Sanitizer(policy, pseudonym_key, spacy_model=None).sanitize_batch(events)
    SanitizedEvent, Rejected
    pseudonymize(key, user_value)
"""

from .errors import PolicyError
from .operators import OPERATORS, Operator, register_operator
from .policy import Policy, Rule, load_policy, parse_policy
from .pseudonym import normalize_value, pseudonymize
from .roles import user_value
from .recognizer_registry import RECOGNIZERS, register_recognizer
from .sanitizer import Sanitizer
from .types import Rejected, SanitizedEvent

__all__ = [
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
