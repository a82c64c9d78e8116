"""The privacy accountants a job may name, in one registry (as ``opacus/accountants/registry.py``).

Invariant: every place that accepts or lists an accountant name — :class:`TrainConfig`,
``veil train --accountant``, ``veil audit privacy --accountant``, the dry run — reads it
from :data:`ACCOUNTANTS`; nothing else types the names out.  An entry is an Opacus
accountant (``opacus.accountants.create_accountant(name)``) that Veil has vetted as an
upper bound on epsilon: ``gdp`` is deliberately absent (its central-limit approximation
can under-state epsilon).

Importing this module is cheap: Opacus loads when an accountant is used.
"""

from __future__ import annotations

import contextlib
import warnings
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

DEFAULT_ACCOUNTANT = "prv"


@dataclass(frozen=True)
class AccountantInfo:
    """One registered accountant: its Opacus name and what a reader should know about it."""

    name: str
    summary: str


ACCOUNTANTS: dict[str, AccountantInfo] = {}


def register_accountant(name: str, summary: str) -> AccountantInfo:
    """Add an Opacus accountant by its ``create_accountant`` name (once per name)."""
    if name in ACCOUNTANTS:
        raise ValueError(f"accountant {name!r} is already registered")
    ACCOUNTANTS[name] = info = AccountantInfo(name, summary)
    return info


register_accountant("prv", "privacy random variables (Gopi et al. 2021): numerically tight, the default")
register_accountant("rdp", "Rényi DP (Mironov 2017): a looser, classic upper bound")


def accountant_names() -> tuple[str, ...]:
    """The names a user may choose (CLI ``choices``), default first."""
    return (DEFAULT_ACCOUNTANT, *sorted(n for n in ACCOUNTANTS if n != DEFAULT_ACCOUNTANT))


def check_accountant(name: str) -> str:
    """``name`` if registered, else :class:`~veil.trainer.config.TrainingError` naming the choices."""
    if name not in ACCOUNTANTS:
        from .config import TrainingError

        raise TrainingError(f"accountant must be one of {', '.join(accountant_names())}")
    return name


@contextlib.contextmanager
def quiet_accounting() -> Iterator[None]:
    """Opacus warns when the optimal RDP order is at the edge of its grid, and numpy when a
    log of 0 appears in the PRV grid: both are expected for small or large epsilon."""
    import numpy as np

    with warnings.catch_warnings(), np.errstate(divide="ignore"):
        warnings.filterwarnings("ignore", message=".*Optimal order is the (largest|smallest) alpha.*")
        yield


def create(name: str) -> Any:
    """A fresh Opacus accountant of a registered kind."""
    from opacus.accountants import create_accountant

    return create_accountant(mechanism=check_accountant(name))


def noise_multiplier(name: str, *, target_epsilon: float, delta: float, sample_rate: float, epochs: int) -> float:
    """The smallest noise multiplier whose ``epochs`` at ``sample_rate`` stay within the target
    (what ``make_private_with_epsilon`` computes), before any budget is reserved."""
    from opacus.accountants.utils import get_noise_multiplier

    with quiet_accounting():
        return float(get_noise_multiplier(target_epsilon=target_epsilon, target_delta=delta,
                                          sample_rate=sample_rate, epochs=epochs,
                                          accountant=check_accountant(name)))


def epsilon_of(name: str, history: Sequence[tuple[float, float, int]], delta: float) -> float:
    """Epsilon of an accountant history ``[(noise_multiplier, sample_rate, steps)]`` (0 when empty)."""
    acc = create(name)
    acc.history = [tuple(h) for h in history]
    if not acc.history:
        return 0.0
    with quiet_accounting():
        return float(acc.get_epsilon(delta))
