"""The Sanitizer: a policy applied to batches of events, on the server and on the edge alike.

For each event: check the roles (user key → pseudonym, event id, event time), then walk
every other field.  Each field is handled by the first rule whose path matches, else by the
operator inherited from an enclosing object/array rule, else by the policy default for its
type.  Free text (``redact_text``) is collected over the *whole batch*, deduplicated, and
analysed in one spaCy ``nlp.pipe`` pass; the results are spliced back afterwards.

What finds PII in free text is the *tier* (``engine()`` returning an object with
``analyze_many``): the edge's lite tier (``veil_edge.lite``) or the server's Presidio + spaCy
engine (``veil.anonymize``).  Pseudonyms are keyed HMACs on the server; on the edge a
``sealer`` seals the user key and every pseudonymised value to the ingest service's public
key instead (the device holds no pseudonym key).

Declared behaviours of the walker, the same on every tier (so edge and server agree):

* ``keep_terms`` of a ``redact_text`` operator filter the spans any tier found in its texts
  (guessed names inside a listed term stay; see ``keep_terms.py``);
* field-name context: a field whose name says it holds one PII value is replaced whole by
  ``<ENTITY>``, except the entities in ``Sanitizer.coarsen``, whose value is coarsened
  instead: a coordinate field (``lat``, ``lon``, ``geo`` ..., ``pii_patterns.geo_field``)
  goes on the 0.1-degree grid (``pii_patterns.coarse_coordinate``: a town, not a house; a
  value that is no coordinate is replaced whole).  Both are idempotent, so the server may
  re-run them on what the edge sent.

Errors are contained per event: anything that goes wrong while scrubbing one event turns
that event into ``Rejected("scrub_error", ...)``; the detail names the exception type only.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .errors import OperatorValueError
from .fieldnames import field_entity_in, inherits, thing_field
from .operators import REDACTED, Keep, OpContext, Operator, RedactText
from .leaves import DROP as _DROP, SCALAR_KIND as _SCALAR_KIND, Slot as _Slot, Task as _Task
from .leaves import compile_leaf, count as _count, display_path as _display_path, generic_leaf
from .paths import ANY_INDEX
from .policy import Policy, Rule
from .records import Record
from .pseudonym import KeyedPseudonyms, normalize_value
from .roles import MISSING as _MISSING, copy_role_path as _shallow_copy_path, pop_role as _pop_role
from .entities import DEFAULT_ENTITIES
from .operators import Pseudonymize
from .geo import coarse_coordinate, geo_field
from .spans import splice
from .timeutil import normalize_event_time
from .types import Rejected, SanitizedEvent

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on a device's cold start
if TYPE_CHECKING:
    from typing import Any

# Keys of data objects can themselves be personal (maps keyed by e-mail or phone).
_EMAIL_KEY = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


# Keys and paths repeat across events: their per-name verdicts are cached (bounded).
@lru_cache(maxsize=16384)
def _scrub_key(key: str) -> str | None:
    """A replacement for a data key that looks personal, else None."""
    if _EMAIL_KEY.search(key):
        return "<EMAIL_ADDRESS>"
    if sum(ch.isdigit() for ch in key) >= 7:
        return "<REDACTED_KEY>"
    return None


# Fake values of every kind Veil looks for (see ``Sanitizer.warm_up``).
_WARM_UP_TEXT = (
    "Warm up: this is Jane Doe, born 12 May 1980, of 12 Main Street, Springfield, IL 62704. Call 415-555-0100 "
    "or +44 20 7946 0958, mail jane.doe@example.com, see https://www.example.org/a?b=1; card 4111 1111 1111 "
    "1111, IBAN DE89 3704 0044 0532 0130 00, SSN 078-05-1120, from 192.0.2.1 or 2001:db8::1, wallet "
    "1BoatSLRHtKNngkdXEeobR76b53LETtpyT, license D1234567, at 2024-01-31 10:00. Regards, Jane"
)


class _Work(Record):
    """One event while it is walked: its roles, the data so far, findings, waiting texts."""

    _fields = ("event_id", "user", "ts", "data", "findings", "tasks")

    def __init__(self, event_id: str | None, user: str, ts: str | None, data: dict):
        self.event_id = event_id
        self.user = user
        self.ts = ts
        self.data = data
        self.findings: dict[str, dict[str, int]] = {}
        self.tasks: list[int] = []


class Sanitizer:
    """Apply ``policy`` to events.  The tier's engine is loaded lazily, once per process, and
    only when some string actually needs free-text analysis.

    ``tier``: an object whose ``engine()`` returns the free-text engine.  ``sealer``: when
    given (the edge), user keys and pseudonymised values are sealed by ``sealer.seal(value)``
    instead of keyed with ``pseudonym_key`` (which the edge does not have).

    ``coarsen``: entity → function giving the coarse value of a field named for that entity
    (``None``: replace it whole), see the module docstring."""

    coarsen: dict[str, Any] = {"GEO_COORDINATES": coarse_coordinate}
    #: scalars through per-field compiled leaves (``leaves.py``); False: the general path
    compiled_leaves: bool = True

    def __init__(self, policy: Policy, pseudonym_key: bytes | None, *, tier: Any, sealer: Any = None):
        if sealer is None and (not isinstance(pseudonym_key, (bytes, bytearray)) or not pseudonym_key):
            raise ValueError("pseudonym_key must be non-empty bytes")
        self.policy = policy
        self.pseudonym_key = bytes(pseudonym_key or b"")
        self.tier = tier
        self.sealer = sealer
        self._rule_cache: dict[tuple, Rule | None] = {}
        self._user_pseudonyms = KeyedPseudonyms(self.pseudonym_key) if sealer is None else None
        # (path, inherited entity) -> key -> (child path, child entity, key replacement or None,
        # child rule); keys and paths repeat across events, and each of these is a pure
        # function of them (and the policy).  Bounded: keys can be data (maps keyed by id).
        self._key_cache: dict[tuple, dict[str, tuple[tuple, str | None, str | None, Rule | None, dict]]] = {}
        self._key_cache_size = 0
        self._ctx_cache: dict[tuple, OpContext] = {}
        # Plain scalar types whose policy default is exactly ``keep`` (nothing to do for them
        # outside PII-named fields).
        self._kept_by_default = frozenset(t for t, kind in _SCALAR_KIND.items() if type(policy.default[kind]) is Keep)
        # Strings ``cannot_hold_pii`` has cleared (SKUs, status codes, ids): only those, i.e.
        # values the policy stores unchanged anyway, never text that goes to analysis.  Bounded.
        self._no_pii: set[str] = set()

    # ------------------------------------------------------------------ public

    @property
    def engine(self):
        return self.tier.engine()

    def _text_operators(self) -> list[Operator]:
        """The policy's free-text operators (``redact_text``), in its rules and defaults."""
        ops = [rule.operator for rule in self.policy.rules] + list(self.policy.default.values())
        return [op for op in ops if op.deferred]

    @property
    def needs_nlp(self) -> bool:
        """Whether some field can reach free-text analysis under this policy (a rule or a
        default whose operator is ``redact_text``)."""
        return bool(self._text_operators())

    def warm_up(self) -> bool:
        """Load the NLP engine now (once per process) if the policy can need it, so the
        first batch does not pay for it (call before joining a consumer group).  Returns
        whether an engine was loaded.  Also runs one tiny analysis so lazy parts of spaCy
        and Presidio (tokenizer exceptions, regex compilation) are built too."""
        if not self.needs_nlp:
            return False
        engine = self.engine
        # Every recognizer compiles its patterns on first use (Presidio's URL and e-mail
        # patterns take ~0.2 s each): a sample that reaches all of them, under each entity list
        # the policy uses, compiles them here, before ``veil scrub --workers N`` forks.
        groups = {(op.entities or DEFAULT_ENTITIES, op.score_threshold) for op in self._text_operators()}
        for entities, threshold in sorted(groups, key=repr):
            for ner in (True, False):
                engine.analyze_many([_WARM_UP_TEXT], entities, threshold, ner=ner)
        return True

    def sanitize_one(self, event: Any) -> SanitizedEvent | Rejected:
        return self.sanitize_batch([event])[0]

    def sanitize_batch(self, events: list[dict]) -> list[SanitizedEvent | Rejected]:
        """Same length and order as ``events``; bad events come back as ``Rejected``."""
        results: list[Any] = [None] * len(events)
        tasks: list[_Task] = []
        for i, event in enumerate(events):
            try:
                results[i] = self._prepare(i, event, tasks)
            except Exception as exc:  # contain any bug to this one event
                results[i] = self._scrub_error(exc)
        redacted = self._run_text_tasks(tasks, results)
        for i, res in enumerate(results):
            if not isinstance(res, _Work):
                continue
            try:
                if not res.tasks:  # nothing was deferred: the event is done
                    results[i] = SanitizedEvent(res.event_id, res.user, res.ts, res.data, res.findings)
                    continue
                results[i] = self._finish(res, tasks, redacted)
            except Exception as exc:
                results[i] = self._scrub_error(exc)
        return results

    # ------------------------------------------------------------------ roles

    def _prepare(self, index: int, event: Any, tasks: list[_Task]) -> _Work | Rejected:
        if not isinstance(event, dict):
            return Rejected("not_object", f"event is {_a('JSON ' + _json_type(event))}, not an object")
        pol = self.policy
        data = _shallow_copy_path(event, pol.user_key)
        for role in (pol.event_id, pol.event_time):
            if role and role not in data and "." in role:
                data = _shallow_copy_path(data, role)
        user_value = _pop_role(data, pol.user_key)
        if user_value is _MISSING or user_value is None:
            return Rejected("missing_user_key", f"event has no user key field '{pol.user_key}'")
        try:
            normalized = normalize_value(user_value)
        except (TypeError, ValueError):
            what = "an empty string" if isinstance(user_value, str) else _a(_json_type(user_value))
            return Rejected("bad_user_key", f"user key field '{pol.user_key}' is {what}; expected a string or integer")
        user = self._user_pseudonym(normalized)

        event_id = None
        raw_id = _pop_role(data, pol.event_id)
        if raw_id is not _MISSING and raw_id is not None:
            if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
                return Rejected("bad_event_id", f"event id field '{pol.event_id}' is {_a(_json_type(raw_id))}")
            event_id = str(raw_id) if str(raw_id).strip() else None

        ts = None
        raw_ts = _pop_role(data, pol.event_time)
        if raw_ts is not _MISSING and raw_ts is not None:
            try:
                ts = normalize_event_time(raw_ts)
            except ValueError as exc:
                return Rejected("bad_event_time", f"event time field '{pol.event_time}': {exc}")

        work = _Work(event_id=event_id, user=user, ts=ts, data={})
        out = self._walk(data, (), None, None, None, index, work, tasks)
        work.data = out if isinstance(out, dict) else {}
        return work

    def _user_pseudonym(self, normalized: str) -> str:
        """``pseudonymize(self.pseudonym_key, value)`` for ``normalized = normalize_value(value)``;
        on the edge, the value sealed (the server opens it and pseudonymises it)."""
        if self.sealer is not None:
            return self.sealer.seal(normalized)
        return self._user_pseudonyms.of_normalized(normalized)

    # ------------------------------------------------------------------ traversal

    def _rule_for(self, path: tuple) -> Rule | None:
        try:
            return self._rule_cache[path]
        except KeyError:
            pass
        found = None
        for rule in self.policy.rules:
            if rule.pattern.matches(path):
                found = rule
                break
        if len(self._rule_cache) < 100_000:
            self._rule_cache[path] = found
        return found

    def _walk(self, value: Any, path: tuple, inherited: Operator | None, entity: str | None, key: str | None,
              index: int, work: _Work, tasks: list[_Task]) -> Any:
        rule = self._rule_for(path) if path else None
        op = rule.operator if rule is not None else inherited
        if op is not None and op.structural:
            return _DROP
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            plans = self._key_cache.get((path, entity))
            if plans is None:
                plans = {}
                if self._key_cache_size < 100_000:
                    self._key_cache_size += 1
                    self._key_cache[(path, entity)] = plans
            for k, v in value.items():
                if not isinstance(k, str):
                    k = str(k)
                plan = plans.get(k)
                if plan is None:
                    plan = self._plan_key(plans, path, k, entity)
                child_path, child_entity, new_key, child_rule, leaves = plan
                if isinstance(v, (dict, list)):
                    child = self._walk(v, child_path, op, child_entity, k, index, work, tasks)
                else:
                    # A scalar: this field's compiled leaf for the value's type (see ``leaves.py``).
                    leaf = leaves.get(type(v))
                    if leaf is None:
                        child_op = op if child_rule is None else child_rule.operator
                        leaf = self._leaf(leaves, type(v), child_path, child_op, child_entity, k)
                    child = leaf(v, index, work, tasks)
                if child is _DROP:
                    continue
                if new_key is not None:
                    _count(work.findings, _display_path(child_path), new_key.strip("<>"))
                    base, n = new_key, 1
                    while new_key in out:
                        n += 1
                        new_key = f"{base}_{n}"
                out[new_key or k] = child
            return out
        if isinstance(value, list):
            items = []
            for v in value:
                child = self._walk(v, path + (ANY_INDEX,), op, entity, key, index, work, tasks)
                if child is not _DROP:
                    items.append(child)
            return items
        return self._scalar(value, path, op, entity, key, index, work, tasks)

    def _plan_key(self, plans: dict, path: tuple, k: str, entity: str | None) -> tuple:
        """What a data key means in this place: its child path, the PII entity its value
        holds as a whole (field-name context), a replacement if the key looks personal, and
        the rule of the child path, and its compiled leaves by value type (filled lazily)."""
        parent = next((seg for seg in reversed(path) if isinstance(seg, str)), None)
        own = field_entity_in(parent, k)
        if own == "STREET_ADDRESS" and entity in ("EMAIL_ADDRESS", "IP_ADDRESS"):
            own = entity  # email.address, ip.address
        child_path = path + (k,)
        child_entity = own or (entity if inherits(k) else None) or ("GEO_COORDINATES" if geo_field(k) else None)
        plan = (child_path, child_entity, _scrub_key(k), self._rule_for(child_path), {})
        if self._key_cache_size < 100_000:
            self._key_cache_size += 1
            plans[k] = plan
        return plan

    def _leaf(self, leaves: dict, vtype: type, path: tuple, op: Operator | None, entity: str | None,
              key: str | None) -> Any:
        """The compiled leaf of this field for values of ``vtype`` (``leaves.py``), made once;
        ``compiled_leaves = False`` gives the general path instead (the reference)."""
        if self.compiled_leaves:
            leaf = compile_leaf(self, vtype, path, op, entity, key)
        else:
            leaf = generic_leaf(self, path, op, entity, key)
        if len(leaves) < 16:  # keyed by type: a handful per field
            leaves[vtype] = leaf
        return leaf

    def _scalar(self, value: Any, path: tuple, op: Operator | None, entity: str | None, key: str | None,
                index: int, work: _Work, tasks: list[_Task]) -> Any:
        defaults = self.policy.default
        if op is None:
            op = defaults[_SCALAR_KIND.get(type(value)) or _value_type(value)]
            string_op = defaults["string"]
        else:
            string_op = op
        if op.structural:
            return _DROP
        if entity is None and type(op) is Keep:
            return value  # what the general path below ends with for ``keep``, minus the context
        if value is None or isinstance(value, bool):
            return value if op.deferred else op.apply(value, self._ctx(path, key, entity))
        # Field-name context: a PII-named field is replaced whole where strings would be redacted.
        if (
            entity is not None
            and isinstance(string_op, RedactText)
            and string_op.field_context
            and (op is string_op or isinstance(value, (int, float)))
        ):
            if isinstance(value, str) and (not value.strip() or value == f"<{entity}>"):
                return value  # empty, or replaced already (at the edge): nothing found here
            _count(work.findings, _display_path(path), entity)
            coarsen = self.coarsen.get(entity)
            coarse = None if coarsen is None else coarsen(value)
            return f"<{entity}>" if coarse is None else coarse
        if op.deferred:
            text = value if isinstance(value, str) else str(value)
            no_pii = self._no_pii
            if text in no_pii:
                return value
            from .prefilter import cannot_hold_pii  # the general path only (see leaves.py)

            if cannot_hold_pii(text):
                if len(no_pii) < 50_000:
                    no_pii.add(text)
                return value
            display = _display_path(path)
            entities = op.entities
            parent = next((seg for seg in reversed(path[:-1]) if isinstance(seg, str)), None)
            if thing_field(parent, key):
                # product names, SKU titles, item descriptions: the NER model's "names" there are
                # brands and models; pattern-based PII (emails, phones, cards, names after cues)
                # is still found.
                ner = False
            else:
                ner = True
            tasks.append(_Task(index, display, text, value, (entities, op.score_threshold, ner, op.keep_terms)))
            work.tasks.append(len(tasks) - 1)
            return _Slot(len(tasks) - 1)
        ctx = self._ctx(path, key, entity)
        if self.sealer is not None and type(op) is Pseudonymize:
            return self._sealed(value, op, ctx, work)
        return self._applied(value, op, ctx, work)

    def _applied(self, value: Any, op: Operator, ctx: OpContext, work: _Work) -> Any:
        """``op.apply``, counting what it changed; an unparseable value is redacted."""
        try:
            new = op.apply(value, ctx)
        except OperatorValueError:
            _count(work.findings, ctx.path, ctx.entity or "UNPARSEABLE")
            return REDACTED
        if new is not value and new != value:
            finding = op.finding(value, ctx)
            if finding:
                _count(work.findings, ctx.path, finding)
        return new

    def _sealed(self, value: Any, op: Operator, ctx: OpContext, work: _Work) -> Any:
        """What ``pseudonymize`` leaves as it is stays; anything else leaves sealed."""
        if value is None or isinstance(value, bool) or isinstance(value, str) and not value.strip():
            return value
        _count(work.findings, ctx.path, op.finding(value, ctx) or "PSEUDONYMIZE")
        return self.sealer.seal(value)

    def _ctx(self, path: tuple, key: str | None, entity: str | None, display: str | None = None) -> OpContext:
        # the same few (path, key, entity) in every event: one frozen context each, reused
        ctx = self._ctx_cache.get((path, key, entity))
        if ctx is None:
            ctx = OpContext(self.pseudonym_key, key, display or _display_path(path), entity)
            if len(self._ctx_cache) < 100_000:
                self._ctx_cache[(path, key, entity)] = ctx
        return ctx

    # ------------------------------------------------------------------ batched NLP

    def _run_text_tasks(self, tasks: list[_Task], results: list[Any]) -> dict[int, tuple[str, dict[str, int]]]:
        """task index → (redacted text, entity counts).  Tasks whose text the engine fails on
        turn their event into a scrub_error."""
        done: dict[int, tuple[str, dict[str, int]]] = {}
        if not tasks:
            return done
        groups: dict[tuple, dict[str, list[int]]] = {}
        for t_index, task in enumerate(tasks):
            groups.setdefault(task.group, {}).setdefault(task.text, []).append(t_index)
        engine = self.engine  # loads on first need; a load failure is a configuration error
        for (entities, threshold, ner, keep), by_text in groups.items():
            texts = list(by_text)
            try:
                all_spans = engine.analyze_many(texts, entities or DEFAULT_ENTITIES, threshold, ner=ner)
            except Exception:
                all_spans = []
                for text in texts:  # isolate the text that breaks the engine
                    try:
                        all_spans.append(engine.analyze_many([text], entities or DEFAULT_ENTITIES, threshold,
                                                             ner=ner)[0])
                    except Exception as exc:
                        all_spans.append(exc)
            for text, spans in zip(texts, all_spans):
                if keep is not None and not isinstance(spans, Exception):
                    spans = keep.filter(text, spans)
                for t_index in by_text[text]:
                    if isinstance(spans, Exception):
                        ev = tasks[t_index].event
                        if isinstance(results[ev], _Work):
                            results[ev] = self._scrub_error(spans)
                        continue
                    counts: dict[str, int] = {}
                    for span in spans:
                        counts[span.entity] = counts.get(span.entity, 0) + 1
                    done[t_index] = (splice(text, spans) if spans else text, counts)
        return done

    def _finish(self, work: _Work, tasks: list[_Task], redacted: dict[int, tuple[str, dict[str, int]]]) -> SanitizedEvent:
        for t_index in work.tasks:
            task = tasks[t_index]
            _, counts = redacted[t_index]
            for entity, n in counts.items():
                _count(work.findings, task.path, entity, n)

        def resolve(obj: Any) -> Any:
            if isinstance(obj, _Slot):
                task = tasks[obj.task]
                text, counts = redacted[obj.task]
                if not counts:
                    return task.original
                return text
            if isinstance(obj, dict):
                for k, v in obj.items():
                    if isinstance(v, (_Slot, dict, list)):
                        obj[k] = resolve(v)
                return obj
            if isinstance(obj, list):
                for i, v in enumerate(obj):
                    if isinstance(v, (_Slot, dict, list)):
                        obj[i] = resolve(v)
                return obj
            return obj

        data = resolve(work.data) if work.tasks else work.data
        return SanitizedEvent(event_id=work.event_id, user=work.user, ts=work.ts, data=data, findings=work.findings)

    @staticmethod
    def _scrub_error(exc: BaseException) -> Rejected:
        import logging  # only on an error: a device's cold start need not load it

        logging.getLogger(__name__).warning("scrub_error", extra={"facts": {"exc_type": type(exc).__name__}})
        return Rejected("scrub_error", f"internal error while applying the policy ({type(exc).__name__}); "
                                       "the event was not stored")


def _value_type(value: Any) -> str:
    """The policy ``default`` key for a scalar: anything not null/boolean/number is a string."""
    kind = _json_type(value)
    return kind if kind in ("null", "boolean", "number") else "string"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _a(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun
