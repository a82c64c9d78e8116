"""Field-name context: a string field called ``email``, ``phone``, ``full_name``... is PII
as a whole value, so it is replaced whole by a typed placeholder without any NLP.

``field_entity("contact_email") == "EMAIL_ADDRESS"``; ``field_entity("sku") is None``.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SPLIT_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Whole-key matches (after normalising to lower_snake_case).
_EXACT: dict[str, str] = {
    "name": "PERSON",
    "fullname": "PERSON",
    "firstname": "PERSON",
    "lastname": "PERSON",
    "surname": "PERSON",
    "username": "PERSON",
    "dob": "DATE_OF_BIRTH",
    "birthday": "DATE_OF_BIRTH",
    "birthdate": "DATE_OF_BIRTH",
    "ip": "IP_ADDRESS",
    "ipaddr": "IP_ADDRESS",
    "ipv4": "IP_ADDRESS",
    "ipv6": "IP_ADDRESS",
    "remote_addr": "IP_ADDRESS",
    "ssn": "US_SSN",
    "iban": "IBAN_CODE",
    "pan": "CREDIT_CARD",
    "cc": "CREDIT_CARD",
    "ccn": "CREDIT_CARD",
    "cvv": "CREDIT_CARD",
    "cvc": "CREDIT_CARD",
    "tel": "PHONE_NUMBER",
    "msisdn": "PHONE_NUMBER",
    "postcode": "STREET_ADDRESS",
    "zip": "STREET_ADDRESS",
    "zipcode": "STREET_ADDRESS",
    "passport": "PASSPORT",
    "holder": "PERSON",
    "cardholder": "PERSON",
    "accountholder": "PERSON",
    "beneficiary": "PERSON",
    "payee": "PERSON",
    "payer": "PERSON",
    "signatory": "PERSON",
    "dateofbirth": "DATE_OF_BIRTH",
    "clientip": "IP_ADDRESS",
    "remoteip": "IP_ADDRESS",
    "mobile": "PHONE_NUMBER",
    "cell": "PHONE_NUMBER",
}

# A token anywhere in the key (``billing_address``, ``contactEmail``, ``mobile_no``).
_TOKEN: dict[str, str] = {
    "email": "EMAIL_ADDRESS",
    "emails": "EMAIL_ADDRESS",
    "mail": "EMAIL_ADDRESS",
    "phone": "PHONE_NUMBER",
    "phones": "PHONE_NUMBER",
    "mobile": "PHONE_NUMBER",
    "telephone": "PHONE_NUMBER",
    "cellphone": "PHONE_NUMBER",
    "fax": "PHONE_NUMBER",
    "address": "STREET_ADDRESS",
    "addresses": "STREET_ADDRESS",
    "street": "STREET_ADDRESS",
    "iban": "IBAN_CODE",
    "ssn": "US_SSN",
    "passport": "PASSPORT",
    "birth": "DATE_OF_BIRTH",
    "birthday": "DATE_OF_BIRTH",
    "dob": "DATE_OF_BIRTH",
    "surname": "PERSON",
    "holder": "PERSON",
    "cardholder": "PERSON",
    "beneficiary": "PERSON",
}

# A bare ``name`` is a person's name unless its object is a thing: ``product.name``,
# ``items[*].name``, ``store.name`` hold product, shop or file names (still scanned as text).
_THING_PARENTS = {
    "product", "products", "item", "items", "line", "lines", "sku", "skus", "article", "articles", "brand",
    "company", "organisation", "organization", "org", "store", "shop", "merchant", "vendor", "seller", "file",
    "files", "attachment", "attachments", "category", "categories", "plan", "event", "device", "app",
    "application", "team", "project", "service", "page", "city", "country", "region", "state", "street", "tag",
    "tags", "campaign", "feature", "model", "repo", "repository", "host", "bucket", "table", "column", "field",
    "channel", "course", "book", "song", "playlist", "variant", "variants", "offer", "coupon", "warehouse",
    "location", "venue", "queue", "topic", "metric", "experiment", "cart", "order", "orders", "package",
}

_NAME_QUALIFIERS = {
    "full", "first", "last", "given", "family", "middle", "display", "user", "customer",
    "contact", "sender", "recipient", "author", "real", "legal", "maiden", "nick", "holder",
    "cardholder", "billing", "shipping", "person", "patient", "employee",
}
_ADDRESS_NOT = {"ip", "mac", "email", "mail", "wallet", "contract"}


# Inside an object named after a PII type (``address: {...}``, ``email: {...}``) fields inherit
# that type, except free text and metadata: ``email.subject``/``email.body`` are message
# text (scanned like any text), ``phone.type``/``email.verified`` are not personal.
_NO_INHERIT = {
    "subject", "body", "text", "message", "messages", "content", "description", "title", "note", "notes",
    "comment", "comments", "summary", "html", "snippet", "preview", "status", "type", "kind", "label", "verified",
    "primary", "source", "channel", "provider", "created", "updated", "sent", "received", "timestamp", "ts",
    "lang", "language", "format", "count", "id", "uuid", "template", "category", "reason",
}


_THING_KEYS = {"product", "products", "item", "sku", "brand", "model", "variant", "article", "title", "description",
               "headline", "category"}


def thing_field(parent: object, key: object) -> bool:
    """A field that names or describes a thing, not a person: ``product_name``, ``item_title``,
    ``lines[*].description``, ``product.name``.  Free text there is scanned for pattern-based
    PII only (no NER names: brands and model names are what it would find)."""
    if not isinstance(key, str) or field_entity(key) is not None and not (
            isinstance(parent, str) and field_entity_in(parent, key) is None):
        return False
    tokens = _tokens(key)
    if tokens and tokens[0] in ("product", "item", "sku", "brand", "model", "variant", "article"):
        return True
    if isinstance(parent, str) and set(_tokens(parent)) & _THING_PARENTS and (
            set(tokens) & _THING_KEYS or tokens in (["name"], ["names"])):
        return True
    return False


@lru_cache(maxsize=16384)
def inherits(key: object) -> bool:
    """Whether a field takes the PII type of the object it is in (see ``_NO_INHERIT``)."""
    if not isinstance(key, str):
        return True
    tokens = _tokens(key)
    return not tokens or not (tokens[0] in _NO_INHERIT or tokens[-1] in _NO_INHERIT
                              or tokens[-1] in ("at", "on") and len(tokens) > 1)


@lru_cache(maxsize=16384)
def field_entity_in(parent: object, key: object) -> str | None:
    """``field_entity`` with the enclosing object's key as context (``product.name`` is no person)."""
    entity = field_entity(key)
    if entity == "PERSON" and isinstance(parent, str) and isinstance(key, str) and _tokens(key) in (["name"], ["names"]):
        if set(_tokens(parent)) & _THING_PARENTS:
            return None
    return entity


def _tokens(key: str) -> list[str]:
    spaced = _SPLIT_CAMEL.sub("_", key).lower()
    return [t for t in _NON_ALNUM.split(spaced) if t]


@lru_cache(maxsize=8192)
def field_entity(key: object) -> str | None:
    """The PII entity a field of this name holds as a whole, or ``None``."""
    if not isinstance(key, str) or not key:
        return None
    tokens = _tokens(key)
    if not tokens:
        return None
    joined = "".join(tokens)
    snake = "_".join(tokens)
    if snake in _EXACT:
        return _EXACT[snake]
    if joined in _EXACT:
        return _EXACT[joined]
    # IP before address: client_ip, ip_address, remote_ip
    if "ip" in tokens or "ipaddress" in joined:
        return "IP_ADDRESS"
    if ("card" in tokens and ("number" in tokens or "no" in tokens or "num" in tokens or "pan" in tokens)) or (
        "credit" in tokens and "card" in tokens
    ) or "cardnumber" in joined or "creditcard" in joined:
        return "CREDIT_CARD"
    if ("account" in tokens and ("number" in tokens or "no" in tokens or "num" in tokens)) and "bank" in tokens:
        return "IBAN_CODE"
    if "social" in tokens and "security" in tokens:
        return "US_SSN"
    if "national" in tokens and "id" in tokens:
        return "NATIONAL_ID"
    if "name" in tokens or "names" in tokens:
        idx = tokens.index("name") if "name" in tokens else tokens.index("names")
        if idx > 0 and tokens[idx - 1] in _NAME_QUALIFIERS:
            return "PERSON"
        return None
    for token in tokens:
        entity = _TOKEN.get(token)
        if entity is None:
            continue
        if entity == "STREET_ADDRESS" and _ADDRESS_NOT.intersection(tokens):
            continue
        if entity == "EMAIL_ADDRESS" and token == "mail" and len(tokens) > 1 and "e" not in tokens:
            # "mail_count" is not an email address; "e_mail" is
            continue
        return entity
    return None
