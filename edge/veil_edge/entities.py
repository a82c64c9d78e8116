"""The entity types Veil knows: its default set, what a policy may name, how overlaps are
labelled, and which types come from NER or are digit-shaped.  Pure data, no imports.

One table for every tier: a policy that names an entity here is accepted by the parser
wherever it runs; a tier that has no detector for it refuses the policy when it is built
(``lite.check_policy``), never silently."""

from __future__ import annotations


# Entities Veil looks for by default.  Not included: UUID, US_BANK_NUMBER, US_PASSPORT,
# US_DRIVER_LICENSE, US_ITIN, UK_NHS, MEDICAL_LICENSE (they fire on order numbers, SKUs,
# UUIDs and US phones), MAC_ADDRESS, and ORGANIZATION (organisations are not personal data,
# and a small NER model labels brands in product names as organisations).  A policy may ask
# for any of them with ``entities:``.
DEFAULT_ENTITIES: tuple[str, ...] = (
    "PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS",
    "LOCATION", "STREET_ADDRESS", "URL", "DATE_TIME", "NRP", "CRYPTO", "PASSPORT", "GEO_COORDINATES",
)
# The default set before PASSPORT and GEO_COORDINATES joined it (issue 17): a policy that
# names exactly these still means "the default set".
DEFAULT_ENTITIES_BEFORE_17: frozenset[str] = frozenset(DEFAULT_ENTITIES) - {"PASSPORT", "GEO_COORDINATES"}
SUPPORTED_ENTITIES: frozenset[str] = frozenset(DEFAULT_ENTITIES) | {
    "US_BANK_NUMBER", "US_PASSPORT", "US_DRIVER_LICENSE", "US_ITIN", "UK_NHS", "MEDICAL_LICENSE",
    "MAC_ADDRESS", "UUID", "ORGANIZATION",
}
DEFAULT_SCORE_THRESHOLD = 0.35


# Entities whose every match holds at least this many digits (used to skip recognizers).
_NEEDS_7_DIGITS = {"PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "US_BANK_NUMBER", "US_PASSPORT",
                   "US_ITIN", "UK_NHS", "GEO_COORDINATES"}
_NEEDS_4_DIGITS = {"IP_ADDRESS"}


# When spans overlap they are merged into one placeholder labelled by the first of these.
_PRIORITY = {
    ent: i for i, ent in enumerate((
        "EMAIL_ADDRESS", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "CRYPTO", "IP_ADDRESS", "PHONE_NUMBER",
        "STREET_ADDRESS", "PERSON", "URL", "LOCATION", "DATE_TIME", "NRP", "ORGANIZATION",
    ))
}


# NER-derived entities get extra scrutiny: small models label ids, numbers and acronyms.
_NER_ENTITIES = {"PERSON", "LOCATION", "ORGANIZATION", "NRP", "DATE_TIME"}


# Digit-shaped entities: a match glued to letters ("ORD-2026-744356", "INV2024-1234567") or
# after "#" ("#1687234") is part of an identifier, not a phone or card number.
_DIGIT_ENTITIES = {"PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "US_BANK_NUMBER", "US_PASSPORT", "US_ITIN", "UK_NHS",
                   "US_DRIVER_LICENSE", "MEDICAL_LICENSE", "IP_ADDRESS"}


# A validated span (IBAN mod-97 and length, coordinate ranges, a passport format after
# "passport") owns the digit-shaped guesses lying wholly inside it: "<IBAN_CODE>", never
# "<CREDIT_CARD>" for its groups.  Both tiers apply it (``spans.drop_owned``).
_OWNS = {
    "IBAN_CODE": frozenset({"CREDIT_CARD", "PHONE_NUMBER", "US_BANK_NUMBER"}),
    "GEO_COORDINATES": frozenset({"PHONE_NUMBER", "CREDIT_CARD", "DATE_TIME"}),
    "PASSPORT": frozenset({"PHONE_NUMBER", "US_PASSPORT", "US_DRIVER_LICENSE", "US_BANK_NUMBER"}),
}


# Place types: an address span grows over the pieces around it; a person inside one may be a street.
_PLACES = ("LOCATION", "STREET_ADDRESS")

# Public names of the tables above (the server's text engine reads them too).
NEEDS_7_DIGITS, NEEDS_4_DIGITS, PRIORITY = _NEEDS_7_DIGITS, _NEEDS_4_DIGITS, _PRIORITY
NER_ENTITIES, DIGIT_ENTITIES, PLACES, VALIDATED_OWNS = _NER_ENTITIES, _DIGIT_ENTITIES, _PLACES, _OWNS
