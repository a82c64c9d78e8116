"""Compiled leaves: what the policy walker does to one scalar field, resolved once per field.

For a field (its path, the operator that reaches it, the PII entity its name implies, its
key) and a value type, everything ``Sanitizer._scalar`` decides without looking at the
value (structural drop, keep, the policy default by type, field-name context, deferral to
free-text analysis, seal or operator, the finding to count, the display path) depends only
on the policy and that field.  ``compile_leaf`` makes those decisions once and returns a
small function ``leaf(value, index, work, tasks)`` that does only the per-value work.

Invariant: a compiled leaf returns exactly what ``Sanitizer._scalar`` (behind the walker's
keep/drop shortcut) returns for the same value, and counts the same findings
(``tests/test_edge_compiled.py`` checks this on the demo's events and on generated ones).
Types other than the plain JSON scalars take the general path (``generic_leaf``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .errors import OperatorValueError
from .operators import REDACTED, Keep, Operator, Pseudonymize, RedactText
from .paths import format_path
from .records import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on a device's cold start
if TYPE_CHECKING:
    from typing import Any, Callable

DROP = object()  # a field the walker leaves out

# The policy ``default`` key of the plain JSON scalar types.
SCALAR_KIND = {str: "string", int: "number", float: "number", bool: "boolean", type(None): "null"}
_NONE_OR_BOOL = (type(None), bool)
_SAFE_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$")

if TYPE_CHECKING:
    Leaf = Callable[[Any, int, Any, list], Any]


class Slot:
    """Placeholder for a value whose redaction waits for the batched NLP pass."""

    __slots__ = ("task",)

    def __init__(self, task: int):
        self.task = task


class Task(Record):
    """A text that waits for the batched NLP pass."""

    _fields = ("event", "path", "text", "original", "group")

    def __init__(self, event: int, path: str, text: str, original: Any, group: tuple):
        self.event = event
        self.path = path
        self.text = text
        self.original = original  # the original value (a number stays a number when nothing is found)
        self.group = group  # (entities, score_threshold, use NER, keep terms or None)


def count(findings: dict[str, dict[str, int]], path: str, entity: str, n: int = 1) -> None:
    per = findings.setdefault(path, {})
    per[entity] = per.get(entity, 0) + n


@lru_cache(maxsize=16384)
def display_path(path: tuple) -> str:
    """A path for findings and messages: keys that are not plain identifiers show as <key>."""
    safe = tuple(seg if not isinstance(seg, str) or _SAFE_KEY.match(seg) else "<key>" for seg in path)
    return format_path(safe)


def _keep(value: Any, index: int, work: Any, tasks: list) -> Any:
    return value


def _drop(value: Any, index: int, work: Any, tasks: list) -> Any:
    return DROP


def generic_leaf(walker: Any, path: tuple, op: Operator | None, entity: str | None, key: str | None) -> Leaf:
    """The walker's general path for a scalar (the reference the compiled leaves follow)."""
    kept = walker._kept_by_default
    scalar = walker._scalar

    def leaf(value: Any, index: int, work: Any, tasks: list) -> Any:
        if op is not None and op.structural:
            return DROP
        if entity is None and (type(value) in kept if op is None else type(op) is Keep):
            return value
        return scalar(value, path, op, entity, key, index, work, tasks)

    return leaf


def compile_leaf(walker: Any, vtype: type, path: tuple, op: Operator | None, entity: str | None,
                 key: str | None) -> Leaf:
    """The leaf for values of exactly ``vtype`` in this field (see the module docstring)."""
    if vtype not in SCALAR_KIND:
        return generic_leaf(walker, path, op, entity, key)
    defaults = walker.policy.default
    if op is None:
        op, string_op = defaults[SCALAR_KIND[vtype]], defaults["string"]
    else:
        string_op = op
    if op.structural:
        return _drop
    if entity is None and type(op) is Keep:
        return _keep
    if vtype in _NONE_OR_BOOL:
        return _keep if op.deferred else _applied_leaf(walker, op, path, key, entity, bare=True)
    if (entity is not None and isinstance(string_op, RedactText) and string_op.field_context
            and (op is string_op or vtype is not str)):
        return _named_leaf(walker, vtype, path, entity)
    if op.deferred:
        return _deferred_leaf(walker, vtype, path, op, key)
    if walker.sealer is not None and type(op) is Pseudonymize:
        return _sealed_leaf(walker, op, path, key, entity)
    return _applied_leaf(walker, op, path, key, entity)


def _named_leaf(walker: Any, vtype: type, path: tuple, entity: str) -> Leaf:
    """Field-name context: the whole value is ``<ENTITY>`` (or coarsened)."""
    placeholder, display = f"<{entity}>", display_path(path)
    coarsen = walker.coarsen.get(entity)
    is_str = vtype is str

    def leaf(value: Any, index: int, work: Any, tasks: list) -> Any:
        if is_str and (not value.strip() or value == placeholder):
            return value  # empty, or replaced already (at the edge): nothing found here
        count(work.findings, display, entity)
        coarse = None if coarsen is None else coarsen(value)
        return placeholder if coarse is None else coarse

    return leaf


def _deferred_leaf(walker: Any, vtype: type, path: tuple, op: Operator, key: str | None) -> Leaf:
    """Free text: cleared at once when it cannot hold PII, else queued for the batched pass."""
    from .fieldnames import thing_field
    from .prefilter import cannot_hold_pii  # here: a device with structured events only never needs it

    display, no_pii, is_str = display_path(path), walker._no_pii, vtype is str
    parent = next((seg for seg in reversed(path[:-1]) if isinstance(seg, str)), None)
    # product names, SKU titles: the NER model's "names" there are brands (patterns still run)
    group = (op.entities, op.score_threshold, not thing_field(parent, key), op.keep_terms)

    def leaf(value: Any, index: int, work: Any, tasks: list) -> Any:
        text = value if is_str else str(value)
        if text in no_pii:
            return value
        if cannot_hold_pii(text):
            if len(no_pii) < 50_000:
                no_pii.add(text)
            return value
        tasks.append(Task(index, display, text, value, group))
        work.tasks.append(len(tasks) - 1)
        return Slot(len(tasks) - 1)

    return leaf


def _sealed_leaf(walker: Any, op: Operator, path: tuple, key: str | None, entity: str | None) -> Leaf:
    ctx = walker._ctx(path, key, entity)
    sealed = walker._sealed

    def leaf(value: Any, index: int, work: Any, tasks: list) -> Any:
        return sealed(value, op, ctx, work)

    return leaf


def _applied_leaf(walker: Any, op: Operator, path: tuple, key: str | None, entity: str | None,
                  bare: bool = False) -> Leaf:
    """``op.apply`` with the field's context; ``bare``: as is (null/boolean), else counting
    what it changed and redacting what it cannot parse (``Sanitizer._applied``)."""
    ctx = walker._ctx(path, key, entity)
    apply, finding, display = op.apply, op.finding, ctx.path
    if bare:
        return lambda value, index, work, tasks: apply(value, ctx)

    def leaf(value: Any, index: int, work: Any, tasks: list) -> Any:
        try:
            new = apply(value, ctx)
        except OperatorValueError:
            count(work.findings, display, entity or "UNPARSEABLE")
            return REDACTED
        if new is not value and new != value:
            found = finding(value, ctx)
            if found:
                count(work.findings, display, found)
        return new

    return leaf
