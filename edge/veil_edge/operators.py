"""Operators: what a policy rule does to a value.

Each operator is a small class registered by name (like Presidio's anonymizer operators),
so a policy is data, not code.  An operator instance is built once per rule from the
rule's options (validated at policy load time) and applied to scalar values.

Register your own::

    @register_operator
    class Uppercase(Operator):
        name = "uppercase"
        def apply(self, value, ctx):
            return value.upper() if isinstance(value, str) else value
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from datetime import date, datetime

from .errors import OperatorValueError
from .pseudonym import pseudonymize
from .records import FrozenRecord

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on a device's cold start
if TYPE_CHECKING:
    from typing import Any, ClassVar

REDACTED = "<REDACTED>"


class OptionError(ValueError):
    """A rule's option is invalid; ``option`` names it (``None`` for the rule as a whole)."""

    def __init__(self, option: str | None, message: str):
        self.option = option
        super().__init__(message)


class OpContext(FrozenRecord):
    """What an operator may know about the value it handles (never logged): the pseudonym
    key, the field's own ``key`` (``None`` for an array element), its ``path`` (array
    positions written ``[*]``) and the PII ``entity`` its name implies (field-name context)."""

    _fields = ("pseudonym_key", "key", "path", "entity")

    def __init__(self, pseudonym_key: bytes, key: str | None, path: str, entity: str | None):
        self.__dict__.update(pseudonym_key=pseudonym_key, key=key, path=path, entity=entity)


class Operator:
    """Base class.  ``options`` lists allowed option names and their expected type(s)."""

    name: ClassVar[str] = ""
    options: ClassVar[dict[str, tuple[type, ...]]] = {}
    #: drop/keep-like operators decide whole subtrees; others act on scalar leaves.
    structural: ClassVar[bool] = False
    #: values handled later in one batch (redact_text) instead of by ``apply``.
    deferred: ClassVar[bool] = False

    def __init__(self, **options: Any):
        self.opts = options

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> "Operator":
        for opt, value in options.items():
            if opt not in cls.options:
                allowed = ", ".join(sorted(cls.options)) or "none"
                raise OptionError(opt, f"unknown option for operator {cls.name!r} (allowed: {allowed})")
            types = cls.options[opt]
            if isinstance(value, bool) and bool not in types:
                raise OptionError(opt, f"must be {_type_names(types)}, not a boolean")
            if not isinstance(value, types):
                raise OptionError(opt, f"must be {_type_names(types)}, not {type(value).__name__}")
        op = cls(**options)
        op.validate()
        return op

    def validate(self) -> None:
        """Check option values (ranges, combinations); raise ``OptionError``."""

    def apply(self, value: Any, ctx: OpContext) -> Any:
        raise NotImplementedError

    def finding(self, value: Any, ctx: OpContext) -> str | None:
        """The entity type to count in ``findings`` when this operator transformed a value."""
        return ctx.entity or self.name.upper()

    def canonical(self) -> dict[str, Any]:
        return {"op": self.name, **{k: self.opts[k] for k in sorted(self.opts)}}


def _type_names(types: tuple[type, ...]) -> str:
    names = {int: "an integer", float: "a number", str: "a string", bool: "true/false", list: "a list"}
    return " or ".join(dict.fromkeys(names.get(t, t.__name__) for t in types))


OPERATORS: dict[str, type[Operator]] = {}


def register_operator(cls: type[Operator]) -> type[Operator]:
    if not cls.name:
        raise ValueError("operator class needs a name")
    OPERATORS[cls.name] = cls
    return cls


def get_operator(name: str) -> type[Operator]:
    try:
        return OPERATORS[name]
    except KeyError:
        raise KeyError(name) from None


@register_operator
class Keep(Operator):
    """Keep the value (and, on an object/array, everything inside that no rule names)."""

    name = "keep"

    def apply(self, value: Any, ctx: OpContext) -> Any:
        return value

    def finding(self, value: Any, ctx: OpContext) -> str | None:
        return None


@register_operator
class Drop(Operator):
    """Remove the field (or array element) and everything inside it."""

    name = "drop"
    structural = True

    def apply(self, value: Any, ctx: OpContext) -> Any:  # pragma: no cover - handled by the walker
        raise AssertionError("drop is structural")


@register_operator
class Pseudonymize(Operator):
    """Keyed HMAC-SHA256 token.  Without options the token equals the user pseudonym of the
    same value (so an ``email`` field joins with an ``email`` user key); ``domain`` makes an
    unlinkable token space, ``prefix`` changes the ``u_`` prefix."""

    name = "pseudonymize"
    options = {"domain": (str,), "prefix": (str,)}

    def apply(self, value: Any, ctx: OpContext) -> Any:
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str) and not value.strip():
            return value
        if isinstance(value, float) and not value.is_integer():
            value = repr(value)
        return pseudonymize(
            ctx.pseudonym_key, value, prefix=self.opts.get("prefix", "u_"), domain=self.opts.get("domain")
        )




@register_operator
class Mask(Operator):
    """Replace letters and digits by ``char`` (default ``*``), keeping ``keep_first`` /
    ``keep_last`` of them and all separators: ``4111-1111-1111-1234`` →
    ``****-****-****-1234``.  If the kept part would be the whole value, all is masked.
    Idempotent: ``mask(mask(x)) == mask(x)``."""

    name = "mask"
    options = {"keep_last": (int,), "keep_first": (int,), "char": (str,)}

    def validate(self) -> None:
        for opt in ("keep_last", "keep_first"):
            if self.opts.get(opt, 0) < 0:
                raise OptionError(opt, "must be >= 0")
        if len(self.opts.get("char", "*")) != 1:
            raise OptionError("char", "must be exactly one character")

    def apply(self, value: Any, ctx: OpContext) -> Any:
        if value is None or isinstance(value, bool):
            return value
        if not isinstance(value, (str, int, float)):
            raise OperatorValueError(f"mask cannot handle a {type(value).__name__}")
        text = str(value)
        char = self.opts.get("char", "*")
        first = self.opts.get("keep_first", 0)
        last = self.opts.get("keep_last", 0)
        # The mask character counts as a position too, so masking twice changes nothing (the
        # edge masks, the server masks again: "****-1234" stays "****-1234").  Positions are
        # ASCII letters and digits; the masked stretch is translated in one C call.
        to_char, positions = _mask_tables(char)
        n = len(text) - len(text.translate(positions))
        if first + last >= n:
            first = last = 0  # never reveal a whole (short) value
        start = _after_positions(text, first, char, range(len(text)))
        end = _after_positions(text, last, char, range(len(text) - 1, -1, -1), from_end=True)
        return text[:start] + text[start:end].translate(to_char) + text[end:]


_ASCII_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


@lru_cache(maxsize=64)
def _mask_tables(char: str) -> tuple[dict, dict]:
    """(letters and digits -> ``char``, mask positions -> deleted) for ``str.translate``."""
    return str.maketrans(_ASCII_ALNUM, char * len(_ASCII_ALNUM)), str.maketrans("", "", _ASCII_ALNUM + char)


def _after_positions(text: str, k: int, char: str, order: range, from_end: bool = False) -> int:
    """The index just past the ``k``-th mask position met in ``order`` (from the end: the
    index of the ``k``-th position from the right; ``len(text)`` for k = 0)."""
    if k == 0:
        return len(text) if from_end else 0
    seen = 0
    for i in order:
        c = text[i]
        if c == char or c.isascii() and c.isalnum():
            seen += 1
            if seen == k:
                return i if from_end else i + 1
    raise AssertionError("fewer mask positions than counted")  # pragma: no cover - k < n


@register_operator
class Replace(Operator):
    """Replace the value by a fixed string (default: the typed placeholder of the field
    name, e.g. ``<EMAIL_ADDRESS>``, else ``<REDACTED>``)."""

    name = "replace"
    options = {"value": (str,)}

    def apply(self, value: Any, ctx: OpContext) -> Any:
        if value is None:
            return None
        if "value" in self.opts:
            return self.opts["value"]
        return f"<{ctx.entity}>" if ctx.entity else REDACTED


_YEAR_RE = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")
_YEAR_MONTH = re.compile(r"^\d{4}-(?:0[1-9]|1[0-2])$")
_YEAR = re.compile(r"^\d{4}$")
# Dotted-quad IPv4, optionally with a /N prefix (N without leading zeros): the fast path.
# Octets as ``ipaddress`` accepts them: 0-255, no leading zeros.
_OCTET = r"(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4 = re.compile(rf"{_OCTET}\.{_OCTET}\.{_OCTET}\.{_OCTET}(?:/(3[0-2]|[12]?[0-9]))?")


_BUCKET = re.compile(r"^(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)-(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)$", re.I)


@register_operator
class Generalize(Operator):
    """Coarsen a value.  Exactly one kind:

    * ``to: day|month|year`` — dates/datetimes → ``1985-03-12`` / ``1985-03`` / ``1985``;
    * ``prefix: N`` and/or ``prefix6: M`` — IP addresses → network (IPv4 /24, IPv6 /48 by default);
    * ``bucket: W`` — numbers → range ``"20-30"`` (lower bound inclusive).

    Idempotent: a value generalised already (``1985-03``, ``203.0.113.0/24``, ``20-30``) comes
    out as it went in (or coarser), so the edge and the server may both apply it.
    """

    name = "generalize"
    options = {"to": (str,), "prefix": (int,), "prefix6": (int,), "bucket": (int, float)}

    def validate(self) -> None:
        kinds = [k for k in ("date", "ip", "bucket") if self._has(k)]
        if not kinds:
            raise OptionError(None, "generalize needs one of: to (day|month|year), prefix/prefix6 (IP), bucket (number)")
        if len(kinds) > 1:
            raise OptionError(None, "generalize takes only one kind of option: to, prefix/prefix6, or bucket")
        if "to" in self.opts and self.opts["to"] not in ("day", "month", "year"):
            raise OptionError("to", "must be one of day, month, year")
        if "prefix" in self.opts and not 0 <= self.opts["prefix"] <= 32:
            raise OptionError("prefix", "must be between 0 and 32")
        if "prefix6" in self.opts and not 0 <= self.opts["prefix6"] <= 128:
            raise OptionError("prefix6", "must be between 0 and 128")
        if "bucket" in self.opts:
            width = self.opts["bucket"]
            if not (math.isfinite(width) and width > 0):
                raise OptionError("bucket", "must be a positive number")

    def _has(self, kind: str) -> bool:
        if kind == "date":
            return "to" in self.opts
        if kind == "ip":
            return "prefix" in self.opts or "prefix6" in self.opts
        return "bucket" in self.opts

    def apply(self, value: Any, ctx: OpContext) -> Any:
        if value is None or isinstance(value, bool):
            return value
        kind = self.__dict__.get("_kind")
        if kind is None:  # which of the three, decided once (the options never change)
            kind = self._kind = self._date if self._has("date") else self._ip if self._has("ip") else self._bucket
        return kind(value)

    def _date(self, value: Any) -> str:
        to = self.opts["to"]
        parsed: date | None = None
        if isinstance(value, str):
            text = value.strip()
            if text.endswith(("Z", "z")):
                text = text[:-1] + "+00:00"
            try:
                parsed = datetime.fromisoformat(text).date()
            except ValueError:
                for fmt in ("%Y/%m/%d", "%d.%m.%Y", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y"):
                    try:
                        parsed = datetime.strptime(text, fmt).date()
                        break
                    except ValueError:
                        continue
            if parsed is None and (to == "month" and _YEAR_MONTH.match(text) or to == "year" and _YEAR.match(text)):
                return text  # generalised already (at the edge)
            if parsed is None and to == "year":
                years = _YEAR_RE.findall(text)
                if len(years) == 1:
                    return years[0]
        elif isinstance(value, (int, float)) and math.isfinite(value):
            from .timeutil import normalize_event_time

            parsed = date.fromisoformat(normalize_event_time(value)[:10])
        if parsed is None:
            raise OperatorValueError("generalize: value is not a recognisable date")
        if to == "year":
            return f"{parsed.year:04d}"
        if to == "month":
            return f"{parsed.year:04d}-{parsed.month:02d}"
        return parsed.isoformat()

    def _ip(self, value: Any) -> str:
        if not isinstance(value, str):
            raise OperatorValueError("generalize: IP value is not a string")
        fast = _IPV4.fullmatch(value.strip())
        if fast is not None:
            # dotted IPv4 (optionally /N) as ``ipaddress`` would accept it: bit arithmetic
            # instead of address objects; anything else takes the general path below
            a, b, c, d, given = fast.groups()
            number = (int(a) << 24) | (int(b) << 16) | (int(c) << 8) | int(d)
            prefix = min(self.opts.get("prefix", 24), 32 if given is None else int(given))
            number &= (0xFFFFFFFF << (32 - prefix)) & 0xFFFFFFFF
            return f"{number >> 24}.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}/{prefix}"
        return self._ip_general(value)

    def _ip_general(self, value: str) -> str:
        import ipaddress  # IPv6 and unusual forms only: not on a device's hot path

        try:
            if "/" in value:  # generalised already (at the edge): never finer than it is
                net = ipaddress.ip_network(value.strip(), strict=False)
                addr, given = net.network_address, net.prefixlen
            else:
                addr = ipaddress.ip_address(value.strip())
                given = addr.max_prefixlen
        except ValueError:
            raise OperatorValueError("generalize: value is not an IP address") from None
        prefix = self.opts.get("prefix", 24) if addr.version == 4 else self.opts.get("prefix6", 48)
        prefix = min(prefix, given)
        return str(ipaddress.ip_network(f"{addr}/{prefix}", strict=False))

    def _bucket(self, value: Any) -> str:
        if isinstance(value, str):
            bucket = _BUCKET.match(value.strip())
            try:
                value = float(bucket.group(1) if bucket else value.strip())  # "20-30": generalised already
            except ValueError:
                raise OperatorValueError("generalize: value is not a number") from None
        if not isinstance(value, (int, float)) or not math.isfinite(value):
            raise OperatorValueError("generalize: value is not a finite number")
        width = self.opts["bucket"]
        low = math.floor(value / width) * width
        high = low + width

        def fmt(x: float) -> str:
            return str(int(x)) if float(x).is_integer() else f"{x:.15g}"  # not :g (6 digits: 160102.5 -> 160102)

        return f"{fmt(low)}-{fmt(high)}"

    def finding(self, value: Any, ctx: OpContext) -> str | None:
        return ctx.entity or "GENERALIZED"


@register_operator
class RedactText(Operator):
    """Find PII in free text (Presidio + Veil's recognizers) and replace each span by a
    typed placeholder (``<PERSON>``).  A field whose *name* says it is PII (``email``,
    ``phone``, ``full_name``...) is replaced whole (``field_context: false`` turns that off).

    Options: ``entities`` (list of entity types to look for; default: Veil's set),
    ``score_threshold`` (default 0.35), ``field_context`` (default true), ``keep_terms``
    (terms or ``{file: PATH}`` entries never personal in this text: a guessed name inside
    one stays, a pattern-found value is still removed; see ``keep_terms.py``).

    Veil's default set keeps dates, places and groups narrow: DATE_TIME only for full written
    dates (birth dates), LOCATION only from the NER model and the street recognizer, NRP only
    from the NER model.  A policy that names its own ``entities`` gets more for those three:
    with DATE_TIME every specific date or time ("2013", "1973-09-19 21:23:14.84"; not "last
    month"), with LOCATION a place list (countries, US states, cities), place cues ("based
    in ...") and multi-line postal addresses, with NRP a nationality, religion and party word
    list ("iraqis", "south koreans").
    """

    name = "redact_text"
    options = {"entities": (list,), "score_threshold": (int, float), "field_context": (bool,), "keep_terms": (list,)}
    deferred = True
    keep_terms = None  # a ``KeepTerms`` when the option is given

    def validate(self) -> None:
        from .entities import SUPPORTED_ENTITIES

        ents = self.opts.get("entities")
        if ents is not None:
            if not ents:
                raise OptionError("entities", "must not be empty")
            for ent in ents:
                if not isinstance(ent, str) or ent not in SUPPORTED_ENTITIES:
                    raise OptionError(
                        "entities", f"unknown entity {ent!r} (known: {', '.join(sorted(SUPPORTED_ENTITIES))})"
                    )
        thr = self.opts.get("score_threshold")
        if thr is not None and not 0 <= thr <= 1:
            raise OptionError("score_threshold", "must be between 0 and 1")
        if "keep_terms" in self.opts:
            from .keep_terms import parse_keep_terms

            self.keep_terms = parse_keep_terms(self.opts["keep_terms"])

    def canonical(self) -> dict[str, Any]:
        out = super().canonical()
        if self.keep_terms is not None:
            out["keep_terms"] = self.keep_terms.canonical()  # term files by content hash
        return out

    @property
    def entities(self) -> tuple[str, ...] | None:
        ents = self.opts.get("entities")
        return tuple(sorted(ents)) if ents else None

    @property
    def score_threshold(self) -> float | None:
        thr = self.opts.get("score_threshold")
        return float(thr) if thr is not None else None

    @property
    def field_context(self) -> bool:
        return self.opts.get("field_context", True)

    def apply(self, value: Any, ctx: OpContext) -> Any:  # pragma: no cover - batched by the sanitizer
        raise AssertionError("redact_text is applied in batches by the Sanitizer")
