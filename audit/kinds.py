"""Audit entry kinds: one frozen dataclass per kind, registered by name.

Invariant: every entry :meth:`audit.AuditLog.append` writes has a registered kind and
only that kind's fields, with every required one present — checked before anything is
written (an unknown kind is a ``ValueError``; an unknown or missing field a
``TypeError``, as a call with wrong keywords would be).  Writers do not import this
module: they keep calling ``audit_log.append("files_written", **facts)``.  Readers get
the same dataclasses back (:func:`parse_facts`, :class:`Record`).

What is written is the facts as given, not the dataclass with its defaults filled in:
the hash chain is over the bytes written, so logs written before this registry read
and verify unchanged.  Optional fields are the ones some writers (or older versions)
leave out; the reader is lenient where the writer is strict: an old entry missing a
required field reads with ``None`` there, and fields it does not know stay in
``Record.raw``.

A new kind (or field) is a few lines here; the ``ValueError``/``TypeError`` of a writer
that forgot says so.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

T = TypeVar("T")
_KINDS: dict[str, type] = {}


def kind(name: str) -> Callable[[type[T]], type[T]]:
    """Register a frozen dataclass as the shape of entries of kind ``name``."""

    def add(cls: type[T]) -> type[T]:
        if not dataclasses.is_dataclass(cls) or not cls.__dataclass_params__.frozen:  # type: ignore[attr-defined]
            raise TypeError(f"audit kind {name!r} must be a frozen dataclass")
        cls.KIND = name  # type: ignore[attr-defined]
        _KINDS[name] = cls
        return cls

    return add


def kind_names() -> tuple[str, ...]:
    return tuple(sorted(_KINDS))


def kind_class(name: str) -> type:
    try:
        return _KINDS[name]
    except KeyError:
        raise ValueError(
            f"unknown audit entry kind {name!r}; register it in audit/kinds.py (known: {', '.join(kind_names())})"
        ) from None


def _fields(cls: type) -> tuple[set[str], set[str]]:
    """(required field names, all field names) of a kind's dataclass."""
    every = dataclasses.fields(cls)
    required = {
        f.name for f in every if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    return required, {f.name for f in every}


def validate_facts(name: str, facts: dict[str, Any]) -> Any:
    """The facts as the kind's dataclass; raises before anything is written."""
    cls = kind_class(name)
    required, known = _fields(cls)
    unknown = sorted(set(facts) - known)
    if unknown:
        raise TypeError(
            f"audit entry {name!r} has no field {', '.join(unknown)} "
            f"(its fields: {', '.join(sorted(known))}; add new ones to audit/kinds.py)"
        )
    missing = sorted(required - set(facts))
    if missing:
        raise TypeError(f"audit entry {name!r} needs {', '.join(missing)}")
    return cls(**facts)


def parse_facts(name: str, facts: dict[str, Any]) -> Any | None:
    """The facts of a written entry as the kind's dataclass (None for a kind not
    registered); lenient: missing required fields read as None, unknown ones are dropped."""
    cls = _KINDS.get(name)
    if cls is None or not isinstance(facts, dict):
        return None
    required, known = _fields(cls)
    values = {key: facts.get(key) for key in required}
    values.update({key: value for key, value in facts.items() if key in known})
    try:
        return cls(**values)
    except (TypeError, ValueError):  # a __post_init__ that refuses what an old writer wrote
        return None


@dataclass(frozen=True)
class Record:
    """One entry as read back: where it is, whether it verified, and its typed facts."""

    line: int  # 1-based line in the log file
    seq: Any
    ts: str | None
    kind: str
    facts: Any | None  # the kind's dataclass, or None (a kind this version does not know)
    raw: dict[str, Any]  # the facts exactly as written
    actor: dict[str, Any] | None = None
    verified: bool = True  # False from the first line that failed verification on


# -- the kinds ------------------------------------------------------------------------------


@kind("files_written")
@dataclass(frozen=True)
class FilesWritten:
    """Store files published for one flush.  Every writer uses this one shape: the ingest
    worker names the Kafka ``partition`` (offsets are Kafka offsets); a backfill (``veil
    scrub``) or a dead-letter replay names its ``source`` (``backfill-<id>``,
    ``replay-<id>``; offsets are line numbers or replay positions).  Never both."""

    topic: str
    files: list | None = None  # [{path, sha256, rows}]
    rows: int | None = None
    policy_hash: str | None = None
    pii: dict | None = None  # field path -> entity type -> count
    first_offset: int | None = None
    last_offset: int | None = None
    partition: int | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        if self.partition is not None and self.source is not None:
            raise ValueError("a files_written entry names a partition or a source, not both")

    @property
    def origin(self) -> str:
        """The partition (ingest) or the source (backfill) the offsets belong to."""
        return str(self.partition) if self.partition is not None else str(self.source or "?")


@kind("dead_letters")
@dataclass(frozen=True)
class DeadLetters:
    topic: str
    reasons: dict  # reason -> count
    partition: int | None = None
    source: str | None = None
    first_offset: int | None = None
    last_offset: int | None = None


@kind("edge_arrivals")
@dataclass(frozen=True)
class EdgeArrivals:
    """Events of one partition's flush that were scrubbed at the edge (ingest/edge.py)."""

    topic: str
    arrivals: list  # [{policy_hash, tier, events, still_found: {entity: count}}]
    untrusted: dict  # reason (unknown_policy, broken_seal, no_ingest_key) -> events treated as raw
    raw: int  # events without edge headers
    partition: int | None = None
    first_offset: int | None = None
    last_offset: int | None = None


@kind("scrub_run")
@dataclass(frozen=True)
class ScrubRun:
    topic: str
    source: str | None = None
    policy_hash: str | None = None
    lines: int | None = None
    events_out: int | None = None
    bad_lines: int | None = None
    pii: dict | None = None


@kind("training_job")
@dataclass(frozen=True)
class TrainingJob:
    job_id: str
    topic: str
    epsilon: float
    delta: float
    snapshot_hash: str | None = None
    snapshot_files: int | None = None
    model_hash: str | None = None
    target_epsilon: float | None = None
    unit: str | None = None
    accountant: str | None = None
    noise_multiplier: float | None = None
    sample_rate: float | None = None
    steps: int | None = None
    max_examples_per_user: int | None = None
    base_model: str | None = None
    out: str | None = None
    resumed: int | None = None
    supersedes: str | None = None  # the job whose model this one replaced (veil train --overwrite)
    superseded_model_hash: str | None = None
    # data preparation: {dedup, across_users, removed: {rule: count}, truncated, settings}
    preparation: dict | None = None
    dedup_reference_sha256: str | None = None  # the fixed reference set of a cross-user dedup
    # held-out figures: {accuracy, macro_f1, roc_auc, n, baseline_*, non_private_*} (not covered by the guarantee)
    metrics: dict | None = None
    non_private_comparison: bool | None = None  # --compare-non-private: a model trained without DP was measured


@kind("federated_round")
@dataclass(frozen=True)
class FederatedRound:
    """One round of a federated job (trainer/federated/): participation counts only, never
    which device; ``epsilon`` is the device-level ε spent after this round."""

    job_id: str
    round: int
    sampled: int
    answered: int
    dropped: int
    rejected: int
    released: bool
    epsilon: float | None = None
    clipped_by_server: int | None = None
    seconds: float | None = None


@kind("federated_job")
@dataclass(frozen=True)
class FederatedJob:
    """A finished federated job: its device-level guarantee and how it was reached (the
    job's ``training_job`` entry, written by the same settle phase, precedes it)."""

    job_id: str
    topic: str
    epsilon: float
    delta: float
    unit: str | None = None
    epsilon_rdp_check: float | None = None
    target_epsilon: float | None = None
    accountant: str | None = None
    noise_multiplier: float | None = None
    clipping_norm: float | None = None
    sample_rate: float | None = None
    population: int | None = None
    devices_per_round: float | None = None
    rounds_planned: int | None = None
    rounds_released: int | None = None
    dropouts: int | None = None
    rejected: int | None = None
    secure_aggregation: bool | None = None
    runtime: str | None = None
    policy_hash: str | None = None
    model_hash: str | None = None
    out: str | None = None


@kind("privacy_audit")
@dataclass(frozen=True)
class PrivacyAudit:
    job_id: str | None
    topic: str | None
    dry_run: bool | None = None
    passed: bool | None = None
    claimed_epsilon: float | None = None
    epsilon_lower_bound: float | None = None
    ceiling: float | None = None
    confidence: float | None = None
    delta: float | None = None
    canaries: int | None = None
    canaries_included: int | None = None
    guesses: int | None = None
    correct: int | None = None
    unit: str | None = None
    canary_kind: str | None = None
    steps_observed: int | None = None
    noise_multiplier: float | None = None
    sample_rate: float | None = None
    planted_bug: str | None = None
    statement: str | None = None
    config: dict | None = None
    synthetic_users: int | None = None


@kind("erasure")
@dataclass(frozen=True)
class Erasure:
    user_pseudonym: str
    rows_removed: int | None = None
    topics: list | None = None  # topics the user's rows were in
    files_rewritten: Any = None  # [{path, sha256, rows, sha256_before, user_rows}] (older: paths or a count)
    dead_letters_removed: int | None = None
    models_trained_on_user: list | None = None
    store: str | None = None
    topics_examined: list | None = None
    files_examined: list | None = None  # store paths (topic/date=…/file) read for the user's rows
    dead_letter_files_examined: list | None = None
    request_id: str | None = None  # the data-subject request's ticket
    outcome: str | None = None  # "erased" | "nothing_found"


@kind("deadletter_decrypted")
@dataclass(frozen=True)
class DeadletterDecrypted:
    """``veil deadletter show --decrypt``: someone read a dead letter's raw payload."""

    letter: str
    reason: str | None = None


@kind("deadletter_replay")
@dataclass(frozen=True)
class DeadletterReplay:
    """``veil deadletter replay``: letters sent through the policy again (the rows it
    wrote are logged as ``files_written`` with source ``replay-…``)."""

    topic: str | None
    policy_hash: str | None = None
    letters: int | None = None
    replayed: int | None = None
    still_bad: int | None = None
    still_bad_by_reason: dict | None = None
    files_written: int | None = None


@kind("retention_pruned")
@dataclass(frozen=True)
class RetentionPruned:
    topic: str
    older_than_days: int | None = None
    cutoff: str | None = None
    dates: list | None = None
    files: int | None = None
    rows: int | None = None
    files_deleted: int | None = None
    tombstones: int | None = None
    high_water_offsets: dict | None = None
    paths: list | None = None


@kind("budget_set")
@dataclass(frozen=True)
class BudgetSet:
    dataset: str
    epsilon: float
    delta: float
    previous_epsilon: float | None = None  # None: the topic had no budget before
    previous_delta: float | None = None
    reason: str | None = None


@kind("budget_reserved")
@dataclass(frozen=True)
class BudgetReserved:
    dataset: str
    job_id: str
    epsilon: float
    delta: float
    mechanism: dict | None = None


@kind("budget_settled")
@dataclass(frozen=True)
class BudgetSettled:
    dataset: str
    job_id: str
    epsilon: float
    delta: float
    epsilon_reserved: float | None = None
    delta_reserved: float | None = None
    mechanism: dict | None = None
    overspent: bool | None = None  # written only when True


@kind("budget_released")
@dataclass(frozen=True)
class BudgetReleased:
    dataset: str
    job_id: str
    epsilon: float
    delta: float


@kind("budget_refused")
@dataclass(frozen=True)
class BudgetRefused:
    dataset: str
    job_id: str
    epsilon: float
    delta: float
    reason: str


@kind("budget_composition")
@dataclass(frozen=True)
class BudgetComposition:
    composition: str
    previous: str | None = None
    reason: str | None = None


@kind("log_repaired")
@dataclass(frozen=True)
class LogRepaired:
    """Written by the log itself: a torn last line (never acknowledged) was cut off."""

    torn_bytes_dropped: int
    torn_sha256: str


@kind("log_break_detected")
@dataclass(frozen=True)
class LogBreakDetected:
    """Written by the log itself: an append found the log cut or rewritten."""

    line: int
    expected_entries: int
    found_entries: int
    reason: str
