"""Policies: which operator handles which field.

A policy is YAML (see ``default_policy.yaml`` and ``examples/demo_policy.yaml``)::

    version: 1
    roles: {user_key: user_id, event_time: ts, event_id: event_id}
    rules:
      - {path: "email", op: pseudonymize}
      - {path: "payload.messages[*].body", op: redact_text}
      - {path: "payment.card_number", op: mask, keep_last: 4}
      - {path: "debug.*", op: drop}
    default: {string: redact_text, number: keep, boolean: keep}

Semantics (see also ``sanitizer.py``):

* Roles: the user key is always pseudonymised into ``SanitizedEvent.user``; the event id
  is kept as ``event_id``; the event time is normalised into ``ts``.  Those three fields are
  not repeated in ``data``; rules never see them.
* For every field (object key, array element, scalar) the **first rule in file order whose
  path matches** decides.  Later rules are not consulted for that field.
* ``drop`` on an object/array removes it whole.  Any other operator named for an
  object/array becomes the operator for every value inside it that no rule names itself
  (``{path: address, op: redact_text}`` redacts all of ``address.*``; a later
  ``{path: address.country, op: keep}`` still keeps the country).
* Values no rule reaches get ``default`` by type: ``string`` (default ``redact_text``),
  ``number`` (``keep``), ``boolean`` (``keep``), ``null`` (``keep``).  Under the default, a
  string or number whose field *name* says it is PII (``email``, ``phone``, ``full_name``,
  ``card_number``, ``address``, ``ip``...) is replaced whole by a typed placeholder.
"""

from __future__ import annotations

import hashlib
import json
import os

from . import policy_cache
from .errors import PolicyError
from .operators import OPERATORS, Operator, OptionError
from .paths import PathPattern, PathPatternError, parse_pattern
from .policy_doc import LineDict, LineList, key_line, line_of
from .records import FrozenRecord

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on a device's cold start
if TYPE_CHECKING:
    from typing import Any

# os.path, not pathlib: pathlib costs a device's cold start ~4 ms (it imports urllib.parse)
DEFAULT_POLICY_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "default_policy.yaml")

# Kept in sync with default_policy.yaml by a test; used if the file is not packaged.
DEFAULT_POLICY_YAML = """\
version: 1
roles: {user_key: user_id, event_time: ts, event_id: event_id}
rules: []
default: {string: redact_text, number: keep, boolean: keep, "null": keep}
"""

VALUE_TYPES = ("string", "number", "boolean", "null")
_DEFAULT_DEFAULTS = {"string": "redact_text", "number": "keep", "boolean": "keep", "null": "keep"}
_TOP_KEYS = {"version", "roles", "rules", "default", "description", "name"}
_ROLE_KEYS = ("user_key", "event_time", "event_id")


class Rule(FrozenRecord):
    """One validated rule: its ``path`` and ``pattern``, the operator name ``op``, its
    ``options`` and the ``operator`` built from them, and its line in the policy file."""

    _fields = ("path", "op", "options", "pattern", "operator", "line")

    def __init__(self, path: str, op: str, options: dict[str, Any], pattern: PathPattern, operator: Operator,
                 line: int | None = None):
        self.__dict__.update(path=path, op=op, options=options, pattern=pattern, operator=operator, line=line)

    def canonical(self) -> dict[str, Any]:
        return {"path": self.path, **self.operator.canonical()}


class Policy(FrozenRecord):
    """A validated policy.  ``rules`` may be given as ``Rule`` objects or as plain dicts
    (``{"path": "email", "op": "mask", "keep_last": 2}``); ``default`` maps value types
    to operator names or ``{"op": ..., **options}``.  Compared by identity (``hash`` is the
    content's SHA-256, see ``canonical_json``; a ``hash`` given is replaced by it)."""

    _fields = ("user_key", "event_time", "event_id", "rules", "default", "hash", "source", "version")
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __init__(self, user_key: str = "user_id", event_time: str | None = "ts", event_id: str | None = "event_id",
                 rules: tuple[Rule, ...] = (), default: dict[str, Operator] | None = None, hash: str = "",
                 source: str = "<default>", version: int = 1):
        self.__dict__.update(user_key=user_key, event_time=event_time, event_id=event_id, rules=rules,
                             default={} if default is None else default, hash=hash, source=source, version=version)
        self._validate()

    def _validate(self) -> None:
        src = self.source
        if not isinstance(self.user_key, str) or not self.user_key:
            raise PolicyError("must be a non-empty string", source=src, field="roles.user_key")
        for role in ("event_time", "event_id"):
            value = getattr(self, role)
            if value is not None and (not isinstance(value, str) or not value):
                raise PolicyError("must be a non-empty string or null", source=src, field=f"roles.{role}")
        rules = tuple(
            r if isinstance(r, Rule) else _build_rule(r, i, src, None) for i, r in enumerate(self.rules or ())
        )
        self.__dict__["rules"] = rules
        defaults: dict[str, Operator] = {}
        given = dict(self.default or {})
        for vtype in given:
            if vtype not in VALUE_TYPES:
                raise PolicyError(
                    f"unknown value type (expected one of: {', '.join(VALUE_TYPES)})",
                    source=src, field=f"default.{vtype}",
                )
        for vtype in VALUE_TYPES:
            spec = given.get(vtype, _DEFAULT_DEFAULTS[vtype])
            defaults[vtype] = spec if isinstance(spec, Operator) else _build_default(spec, vtype, src, None)
        self.__dict__["default"] = defaults
        self.__dict__["hash"] = hashlib.sha256(self.canonical_json().encode()).hexdigest()

    def canonical(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "roles": {"user_key": self.user_key, "event_time": self.event_time, "event_id": self.event_id},
            "rules": [r.canonical() for r in self.rules],
            "default": {k: v.canonical() for k, v in sorted(self.default.items())},
        }

    def canonical_json(self) -> str:
        """The policy content the ``hash`` covers (comments and formatting do not count)."""
        return json.dumps(self.canonical(), sort_keys=True, separators=(",", ":"), ensure_ascii=True)


# YAML with lines: ``policy_doc`` (the document), ``policy_yaml`` (the parser, imported only
# when a policy is parsed), ``policy_cache`` (documents already parsed)
_LineDict, _LineList, _key_line, _line_of = LineDict, LineList, key_line, line_of


# --------------------------------------------------------------------------- building


def _build_operator(op_name: Any, options: dict[str, Any], field_prefix: str, src: str, line: int | None,
                    option_lines: dict | None = None) -> Operator:
    if not isinstance(op_name, str):
        raise PolicyError("operator name must be a string", source=src, line=line, field=f"{field_prefix}.op")
    cls = OPERATORS.get(op_name)
    if cls is None:
        known = ", ".join(sorted(OPERATORS))
        raise PolicyError(f"unknown operator {op_name!r} (known: {known})", source=src, line=line,
                          field=f"{field_prefix}.op")
    try:
        return cls.from_options(dict(options))
    except OptionError as exc:
        opt_line = (option_lines or {}).get(exc.option, line) if exc.option else line
        fld = f"{field_prefix}.{exc.option}" if exc.option else field_prefix
        raise PolicyError(str(exc), source=src, line=opt_line, field=fld) from None


def _build_rule(raw: Any, index: int, src: str, line: int | None) -> Rule:
    where = f"rules[{index}]"
    line = _line_of(raw) or line
    if not isinstance(raw, dict):
        raise PolicyError("each rule must be a mapping like {path: ..., op: ...}", source=src, line=line, field=where)
    if "path" not in raw:
        raise PolicyError("missing 'path'", source=src, line=line, field=f"{where}.path")
    if "op" not in raw:
        raise PolicyError("missing 'op'", source=src, line=line, field=f"{where}.op")
    path = raw["path"]
    try:
        pattern = parse_pattern(path)
    except PathPatternError as exc:
        raise PolicyError(f"bad path pattern: {exc}", source=src, line=_key_line(raw, "path") or line,
                          field=f"{where}.path") from None
    options = {k: v for k, v in raw.items() if k not in ("path", "op")}
    key_lines = raw.key_lines if isinstance(raw, _LineDict) else {}
    operator = _build_operator(raw["op"], options, where, src, _key_line(raw, "op") or line, key_lines)
    return Rule(path=path, op=raw["op"], options=options, pattern=pattern, operator=operator, line=line)


def _build_default(spec: Any, vtype: str, src: str, line: int | None) -> Operator:
    where = f"default.{vtype}"
    if isinstance(spec, str):
        return _build_operator(spec, {}, where, src, line)
    if isinstance(spec, dict):
        if "op" not in spec:
            raise PolicyError("missing 'op'", source=src, line=_line_of(spec) or line, field=f"{where}.op")
        options = {k: v for k, v in spec.items() if k != "op"}
        key_lines = spec.key_lines if isinstance(spec, _LineDict) else {}
        return _build_operator(spec["op"], options, where, src, _key_line(spec, "op") or line, key_lines)
    raise PolicyError("must be an operator name or {op: ..., options}", source=src, line=line, field=where)


def policy_from_mapping(doc: Any, source: str = "<policy>") -> Policy:
    """Validate a parsed policy document (the YAML's top-level mapping)."""
    if not isinstance(doc, dict):
        raise PolicyError("the policy must be a YAML mapping with version, roles, rules, default", source=source,
                          line=_line_of(doc))
    for key in doc:
        if key not in _TOP_KEYS:
            raise PolicyError(f"unknown top-level key (expected: {', '.join(sorted(_TOP_KEYS))})", source=source,
                              line=_key_line(doc, key), field=str(key))
    version = doc.get("version", 1)
    if version != 1 or isinstance(version, bool):
        raise PolicyError("unsupported policy version (only 1 is known)", source=source,
                          line=_key_line(doc, "version"), field="version")
    roles = doc.get("roles") or {}
    if not isinstance(roles, dict):
        raise PolicyError("must be a mapping", source=source, line=_key_line(doc, "roles"), field="roles")
    for key in roles:
        if key not in _ROLE_KEYS:
            raise PolicyError(f"unknown role (expected: {', '.join(_ROLE_KEYS)})", source=source,
                              line=_key_line(roles, key), field=f"roles.{key}")
    role_values = {"user_key": "user_id", "event_time": "ts", "event_id": "event_id"}
    for key in _ROLE_KEYS:
        if key in roles:
            value = roles[key]
            ok = isinstance(value, str) and value.strip() == value and value != ""
            if key != "user_key" and value is None:
                ok = True
            if not ok:
                what = "a non-empty field name" + (" or null" if key != "user_key" else "")
                raise PolicyError(f"must be {what}", source=source, line=_key_line(roles, key), field=f"roles.{key}")
            role_values[key] = value
    rules_raw = doc.get("rules") or []
    if not isinstance(rules_raw, list):
        raise PolicyError("must be a list of rules", source=source, line=_key_line(doc, "rules"), field="rules")
    item_lines = getattr(rules_raw, "item_lines", None) or [None] * len(rules_raw)
    rules = tuple(_build_rule(raw, i, source, item_lines[i]) for i, raw in enumerate(rules_raw))
    default_raw = doc.get("default") or {}
    if not isinstance(default_raw, dict):
        raise PolicyError("must be a mapping of value type to operator", source=source,
                          line=_key_line(doc, "default"), field="default")
    defaults: dict[str, Operator] = {}
    for vtype, spec in default_raw.items():
        if vtype not in VALUE_TYPES:
            raise PolicyError(f"unknown value type (expected one of: {', '.join(VALUE_TYPES)})", source=source,
                              line=_key_line(default_raw, vtype), field=f"default.{vtype}")
        defaults[vtype] = _build_default(spec, vtype, source, _key_line(default_raw, vtype))
    return Policy(
        user_key=role_values["user_key"],
        event_time=role_values["event_time"],
        event_id=role_values["event_id"],
        rules=rules,
        default=defaults,
        source=source,
        version=1,
    )


def parse_policy(text: str, source: str = "<policy>") -> Policy:
    """Parse and validate policy YAML text."""
    from .policy_yaml import parse_document

    return policy_from_mapping(parse_document(text, source), source)


def _read_text(data: bytes, source: str) -> str:
    # what ``open(path, encoding="utf-8").read()`` gives: UTF-8, universal newlines
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise PolicyError("file is not UTF-8 text", source=source) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _load_bytes(data: bytes, source: str) -> Policy:
    """The policy in a file's bytes: from the policy cache's document when it has one (no
    YAML parsing), else parsed, and cached once it validated (``policy_cache``)."""
    doc = policy_cache.read(data)
    if doc is not None:
        return policy_from_mapping(doc, source)
    from .policy_yaml import parse_document

    doc = parse_document(_read_text(data, source), source)
    policy = policy_from_mapping(doc, source)
    policy_cache.write(data, doc)
    return policy


def load_policy(path: str | os.PathLike[str] | None = None) -> Policy:
    """Load and validate a policy file; ``None`` gives the built-in default policy.

    Raises ``PolicyError`` naming the file, the line and the field for bad policies.
    """
    if path is None:
        try:
            with open(DEFAULT_POLICY_PATH, "rb") as fh:
                data = fh.read()
        except OSError:
            data = DEFAULT_POLICY_YAML.encode()
        return _load_bytes(data, "<default>")
    source = str(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise PolicyError("file not found", source=source) from None
    except OSError as exc:
        raise PolicyError(f"cannot read file ({exc.strerror or type(exc).__name__})", source=source) from None
    return _load_bytes(data, source)
