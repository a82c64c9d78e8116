"""The audit stage's errors: each a :class:`veil.core.VeilError` (one line, an exit code)."""

from __future__ import annotations

from veil.core.errors import EXIT_REFUSED, VeilError


class LedgerError(VeilError):
    """A ledger operation that cannot be done (unknown job, bad numbers, no budget…)."""


class BudgetExceeded(LedgerError):
    """A reservation that does not fit in what is left of the dataset's budget."""

    exit_code = EXIT_REFUSED


class NoBudget(LedgerError):
    """The dataset has no budget set."""

    @classmethod
    def for_topic(cls, dataset: str) -> "NoBudget":
        return cls(f"no privacy budget set for topic {dataset!r}; run `veil budget set {dataset} --epsilon E --delta D`")
