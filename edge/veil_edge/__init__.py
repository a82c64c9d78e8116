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

import importlib

# Every public name, by the submodule that defines it ("alias=name" where renamed): loaded on
# first use (PEP 562), so ``import veil_edge`` costs almost nothing and a device scrubbing
# structured events never imports the free-text tier's patterns and name lists (cold start).
_LAZY = {
    "entities": "DEFAULT_ENTITIES DEFAULT_ENTITIES_BEFORE_17 DEFAULT_SCORE_THRESHOLD DIGIT_ENTITIES "
                "NEEDS_4_DIGITS NEEDS_7_DIGITS NER_ENTITIES PLACES PRIORITY SUPPORTED_ENTITIES VALIDATED_OWNS",
    "errors": "EdgeUnreachable OperatorValueError PolicyError SealError VeilError",
    "fieldnames": "field_entity field_entity_in inherits thing_field",
    "gazetteer": "EXTRA_COMMON NATIONALITY_WORDS_CAPITALISED_ONLY common_words countries first_names fold "
                 "nationality_words places surnames",
    "keep_terms": "KEEPABLE KeepTerms parse_keep_terms",
    "lite": "LITE_ENTITIES LiteTier check_lite_policy=check_policy",
    "lite_engine": "iban_ok luhn",
    "mentions": "add_later_mentions",
    "operators": "OPERATORS OpContext Operator OptionError REDACTED register_operator",
    "paths": "ANY_INDEX PathPattern PathPatternError format_path parse_pattern",
    "patterns": "CARD_CONTEXT CARD_PATTERNS PATTERN_FLAGS=FLAGS PHONE_CONTEXT PHONE_PATTERNS SSN_CONTEXT "
                "SSN_PATTERNS phone_digits_ok",
    "pii_patterns": "OBFUSCATED_AT PatternMatch coarse_coordinate find_coordinates find_ibans "
                    "find_obfuscated_emails find_passports geo_field iban_valid",
    "policy": "DEFAULT_POLICY_YAML Policy Rule load_policy parse_policy policy_from_mapping",
    "prefilter": "ID_LIKE ISO_TS MAYBE_URL PHONE_LABEL UUID cannot_hold_pii free_digits glued unescape_breaks",
    "producer": "Producer",
    "pseudonym": "KeyedPseudonyms normalize_value pseudonymize",
    "roles": "MISSING copy_role_path pop_role read_role user_value",
    "sanitizer": "Sanitizer",
    "signoffs": "signoff_names",
    "scrubber": "HEADER_POLICY HEADER_TIER HEADER_VERSION Scrubber TIERS make_tier",
    "seal": "Opener SEAL_PREFIX Sealer generate_private_key is_sealed load_private_key load_public_key "
            "parse_public_key private_key_bytes public_key_text",
    "spans": "Span drop_owned merge_spans splice",
    "timeutil": "normalize_event_time",
    "types": "Rejected SanitizedEvent",
    "version": "__version__",
    "wordlists": "alternation table word_set words",
    "names": "NameListFinder",
}
_WHERE = {alias.partition("=")[0]: (mod, alias.partition("=")[2] or alias)
          for mod, names in _LAZY.items() for alias in names.split()}

from .version import __version__  # noqa: E402  (tiny, and read by every producer header)

__all__ = [
    "ANY_INDEX", "add_later_mentions", "DEFAULT_ENTITIES", "DEFAULT_POLICY_YAML", "DEFAULT_SCORE_THRESHOLD", "DIGIT_ENTITIES",
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
    "SSN_CONTEXT", "SSN_PATTERNS", "Scrubber", "Sealer", "TIERS", "check_lite_policy", "make_tier", "generate_private_key", "glued",
    "iban_ok", "is_sealed", "load_private_key", "load_public_key", "luhn", "parse_public_key", "phone_digits_ok",
    "private_key_bytes", "public_key_text",
    # Presidio-free finders (both tiers), keep_terms
    "DEFAULT_ENTITIES_BEFORE_17", "KEEPABLE", "KeepTerms", "OBFUSCATED_AT", "PatternMatch", "VALIDATED_OWNS",
    "coarse_coordinate", "drop_owned", "find_coordinates", "find_ibans", "find_obfuscated_emails", "find_passports",
    "geo_field", "iban_valid", "parse_keep_terms",
    # sign-off, greeting and credit names (both tiers)
    "signoff_names",
]


def __getattr__(name: str):
    found = _WHERE.get(name)
    if found is None:
        try:  # a submodule asked for as an attribute (``veil_edge.lite``)
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError:
            raise AttributeError(f"module 'veil_edge' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f"{__name__}.{found[0]}"), found[1])
    globals()[name] = value  # next time a plain module attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
