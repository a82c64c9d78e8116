"""veil_edge: Veil's policy core, dependency-light, for devices and for the server alike.

The server package ``veil.anonymize`` builds on it (one parser, one set of rules, the same
errors and policy hash).  On a device it scrubs an event before it leaves::

    from veil_edge import Producer, Scrubber, load_policy, load_public_key
    scrubber = Scrubber(load_policy("policy.yaml"), tier="lite", public_key=load_public_key("ingest.pub"))
    producer = Producer(scrubber, bootstrap_servers="broker:9092", spool="spool.sealed")
    producer.send("events", {"event_id": "e1", "user_id": "alice", "text": "call me on 0151 2345678"})

Invariant: imports nothing of ``veil`` and none of torch, transformers, spaCy, Presidio,
pyarrow or matplotlib (a test installs it into a fresh virtual environment to check).
"""

from .entities import (
    DEFAULT_ENTITIES,
    DEFAULT_SCORE_THRESHOLD,
    DIGIT_ENTITIES,
    NEEDS_4_DIGITS,
    NEEDS_7_DIGITS,
    NER_ENTITIES,
    PLACES,
    PRIORITY,
    SUPPORTED_ENTITIES,
)
from .errors import EdgeUnreachable, OperatorValueError, PolicyError, SealError, VeilError
from .fieldnames import field_entity, field_entity_in, inherits, thing_field
from .lite import LITE_ENTITIES, LiteTier, check_policy as check_lite_policy, iban_ok, luhn
from .gazetteer import (
    EXTRA_COMMON,
    NATIONALITY_WORDS_CAPITALISED_ONLY,
    common_words,
    countries,
    first_names,
    fold,
    nationality_words,
    places,
    surnames,
)
from .operators import OPERATORS, REDACTED, OpContext, Operator, OptionError, register_operator
from .paths import ANY_INDEX, PathPattern, PathPatternError, format_path, parse_pattern
from .patterns import (
    CARD_CONTEXT,
    CARD_PATTERNS,
    FLAGS as PATTERN_FLAGS,
    PHONE_CONTEXT,
    PHONE_PATTERNS,
    SSN_CONTEXT,
    SSN_PATTERNS,
    phone_digits_ok,
)
from .policy import DEFAULT_POLICY_YAML, Policy, Rule, load_policy, parse_policy, policy_from_mapping
from .prefilter import ID_LIKE, ISO_TS, MAYBE_URL, PHONE_LABEL, UUID, cannot_hold_pii, free_digits, glued, unescape_breaks
from .producer import Producer
from .pseudonym import KeyedPseudonyms, normalize_value, pseudonymize
from .roles import MISSING, copy_role_path, pop_role, read_role, user_value
from .sanitizer import Sanitizer
from .scrubber import HEADER_POLICY, HEADER_TIER, HEADER_VERSION, TIERS, Scrubber
from .seal import (
    SEAL_PREFIX,
    Opener,
    Sealer,
    generate_private_key,
    is_sealed,
    load_private_key,
    load_public_key,
    parse_public_key,
    private_key_bytes,
    public_key_text,
)
from .spans import Span, merge_spans, splice
from .timeutil import normalize_event_time
from .types import Rejected, SanitizedEvent
from .version import __version__
from .wordlists import alternation, table, word_set, words

__all__ = [
    "ANY_INDEX", "DEFAULT_ENTITIES", "DEFAULT_POLICY_YAML", "DEFAULT_SCORE_THRESHOLD", "DIGIT_ENTITIES",
    "EXTRA_COMMON", "EdgeUnreachable", "ID_LIKE", "ISO_TS", "KeyedPseudonyms", "MAYBE_URL", "MISSING",
    "NATIONALITY_WORDS_CAPITALISED_ONLY", "NEEDS_4_DIGITS", "NEEDS_7_DIGITS", "NER_ENTITIES", "OPERATORS",
    "OpContext", "Operator", "OperatorValueError", "OptionError", "PHONE_LABEL", "PLACES", "PRIORITY",
    "PathPattern", "PathPatternError", "Policy", "PolicyError", "REDACTED", "Rejected", "Rule", "SUPPORTED_ENTITIES",
    "SanitizedEvent", "Sanitizer", "SealError", "Span", "UUID", "VeilError", "__version__", "alternation",
    "cannot_hold_pii", "common_words", "copy_role_path", "countries", "field_entity", "field_entity_in", "first_names",
    "fold", "format_path", "free_digits", "inherits", "load_policy", "merge_spans", "nationality_words",
    "normalize_event_time", "normalize_value", "parse_pattern", "parse_policy", "places", "policy_from_mapping",
    "pop_role", "pseudonymize", "read_role", "register_operator", "splice", "surnames", "table", "thing_field",
    "unescape_breaks", "user_value", "word_set", "words",
    # patterns, lite tier, seals, scrubber, producer
    "CARD_CONTEXT", "CARD_PATTERNS", "HEADER_POLICY", "HEADER_TIER", "HEADER_VERSION", "LITE_ENTITIES", "LiteTier",
    "NameListFinder", "Opener", "PATTERN_FLAGS", "PHONE_CONTEXT", "PHONE_PATTERNS", "Producer", "SEAL_PREFIX",
    "SSN_CONTEXT", "SSN_PATTERNS", "Scrubber", "Sealer", "TIERS", "check_lite_policy", "generate_private_key", "glued",
    "iban_ok", "is_sealed", "load_private_key", "load_public_key", "luhn", "parse_public_key", "phone_digits_ok",
    "private_key_bytes", "public_key_text",
]


def __getattr__(name: str):
    # The name lists' rules compile many patterns: loaded when first asked for, so that a
    # device scrubbing structured events never pays for them (cold start).
    if name == "NameListFinder":
        from .names import NameListFinder

        return NameListFinder
    raise AttributeError(f"module 'veil_edge' has no attribute {name!r}")
