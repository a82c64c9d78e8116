"""Field-name context: a string field called ``email``, ``phone``, ``full_name``... is PII
as a whole value, so it is replaced whole by a typed placeholder without any NLP.

``field_entity("contact_email") == "EMAIL_ADDRESS"``; ``field_entity("sku") is None``.
The tables are data: ``data/fieldnames.toml``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .wordlists import table

_SPLIT_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

_TABLE = table("fieldnames")
_EXACT: dict[str, str] = _TABLE["exact"]  # whole-key matches
_TOKEN: dict[str, str] = _TABLE["token"]  # a token anywhere in the key
_THING_PARENTS = frozenset(_TABLE["thing_parents"])  # product.name is no person
_NAME_QUALIFIERS = frozenset(_TABLE["name_qualifiers"])
_ADDRESS_NOT = frozenset(_TABLE["address_not"])
_NO_INHERIT = frozenset(_TABLE["no_inherit"])  # email.subject is text, not an address
_THING_KEYS = frozenset(_TABLE["thing_keys"])


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
