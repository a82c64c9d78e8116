"""How a dataset's jobs compose, by name: ``basic``, ``pld``, ``rdp`` (a registry, as
``opacus/accountants/registry.py`` is for accountants).

Each composition is a small class registered with :func:`register_composition`; the
ledger and the CLI's choices (``veil budget composition MODE``) take their names from
:func:`composition_names`, and nothing else spells them out.  ``basic`` adds ε and δ up
(the ledger always checks that sum, which is always sound); ``pld`` and ``rdp`` compose
the jobs' recorded mechanisms with that dp-accounting accountant and are used where they
are tighter.

Basic composition says jobs with guarantees (ε_i, δ_i) are together
``(Σ ε_i, Σ δ_i)``-DP.  When every job on a dataset recorded its *mechanism* — DP-SGD
with Poisson sampling is a Poisson-subsampled Gaussian mechanism run ``steps``
times::

    {"mechanism": "poisson_subsampled_gaussian",   # optional; this is the only kind understood
     "noise_multiplier": z, "sample_rate": q, "steps": T, "unit": "user" | "event", ...}

— the ledger can compose the mechanisms themselves and ask the accountant for the
ε of the whole composition at ``δ = Σ δ_i``.  That is also a valid guarantee for
the same δ, usually far smaller than ``Σ ε_i``; the ledger uses the smaller of the
two (both are sound, so their minimum is).  δ is still added up.

Tight composition is used only when every job on the dataset (settled and
reserved) has a usable mechanism and all share one unit of privacy; otherwise the
dataset falls back to basic composition.  Both accountants return upper bounds
(PLD with a pessimistic discretisation of 1e-3), so the result stays sound.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from functools import lru_cache
from typing import Any, Callable, Iterable

from veil.audit.errors import LedgerError


PLD_DISCRETIZATION = 1e-3
Mechanism = tuple[float, float, int]  # (noise multiplier, sample rate, steps)


def parse_mechanism(value: Any) -> tuple[Mechanism, str | None] | None:
    """``((z, q, T), unit)`` from a stored mechanism (dict or JSON text), or None if unusable."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if not isinstance(value, dict):
        return None
    kind = value.get("mechanism", "poisson_subsampled_gaussian")
    if kind != "poisson_subsampled_gaussian":
        return None
    try:
        z = float(value["noise_multiplier"])
        q = float(value["sample_rate"])
        steps = int(value["steps"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (math.isfinite(z) and z > 0 and 0 < q <= 1 and steps >= 0):
        return None
    unit = value.get("unit")
    return (z, q, steps), (str(unit) if unit is not None else None)


class Composition:
    """Basic composition: nothing tighter than the sum the ledger always checks."""

    name = "basic"
    tight = False  # True: the ledger asks usage() and fits() where the sum does not fit

    def usage(self, delta_total: float, rows: list[dict[str, Any]]) -> tuple[float, float, float, float] | None:
        """(ε spent, δ spent, ε reserved, δ reserved) when tighter than the sum, else None."""
        return None

    def fits(self, epsilon_total: float, delta_total: float, rows: list[dict[str, Any]]) -> bool:
        """Whether ``rows`` fit where the sum did not (never, for basic composition)."""
        return False


_COMPOSITIONS: dict[str, Composition] = {}


def register_composition(name: str) -> Callable[[type[Composition]], type[Composition]]:
    """Class decorator: make the composition available as ``name`` (ledger and CLI)."""

    def add(cls: type[Composition]) -> type[Composition]:
        cls.name = name
        _COMPOSITIONS[name] = cls()
        return cls

    return add


def composition_names() -> tuple[str, ...]:
    """Every registered composition, ``basic`` first."""
    return tuple(_COMPOSITIONS)


def get_composition(name: str) -> Composition:
    try:
        return _COMPOSITIONS[name]
    except (KeyError, TypeError):
        raise LedgerError(f"composition must be one of {', '.join(_COMPOSITIONS)}, got {name!r}") from None


register_composition("basic")(Composition)


class _AccountantComposition(Composition):
    """Compose the jobs' mechanisms with a dp-accounting accountant, where that is tighter."""

    tight = True

    def accountant(self) -> Any:  # pragma: no cover - each registered subclass says which
        raise NotImplementedError

    def usage(self, delta_total: float, rows: list[dict[str, Any]]) -> tuple[float, float, float, float] | None:
        return tight_usage(self.name, delta_total, rows)

    def fits(self, epsilon_total: float, delta_total: float, rows: list[dict[str, Any]]) -> bool:
        return tight_fits(self.name, epsilon_total, delta_total, rows)


@register_composition("pld")
class PldComposition(_AccountantComposition):
    """Privacy loss distributions, pessimistic discretisation (the tightest)."""

    def accountant(self) -> Any:
        from dp_accounting.pld import PLDAccountant

        return PLDAccountant(value_discretization_interval=PLD_DISCRETIZATION)


@register_composition("rdp")
class RdpComposition(_AccountantComposition):
    """Rényi differential privacy."""

    def accountant(self) -> Any:
        from dp_accounting.rdp import RdpAccountant

        return RdpAccountant()


@lru_cache(maxsize=256)
def _epsilon(accountant: str, mechanisms: tuple[tuple[Mechanism, int], ...], delta: float) -> float:
    import dp_accounting

    acc = _COMPOSITIONS[accountant].accountant()
    for (z, q, steps), count in mechanisms:
        if steps == 0:
            continue
        event = dp_accounting.SelfComposedDpEvent(
            dp_accounting.PoissonSampledDpEvent(q, dp_accounting.GaussianDpEvent(z)), steps
        )
        acc.compose(event, count)
    return float(acc.get_epsilon(delta))


def composed_epsilon(accountant: str, mechanisms: Iterable[Mechanism], delta: float) -> float:
    """ε of running all ``mechanisms`` on one dataset, at ``delta``, by the accountant."""
    counted = tuple(sorted(Counter(mechanisms).items()))
    if not counted or delta <= 0:
        return 0.0 if not counted else math.inf
    return _epsilon(accountant, counted, float(delta))


def _job_mechanisms(rows: list[dict[str, Any]]) -> list[Mechanism] | None:
    """Every row's mechanism, or None when one is missing or units are mixed."""
    out: list[Mechanism] = []
    units: set[str | None] = set()
    for row in rows:
        parsed = parse_mechanism(row.get("mechanism"))
        if parsed is None:
            return None
        out.append(parsed[0])
        units.add(parsed[1])
    if len(units) > 1:
        return None
    return out


def _amounts(row: dict[str, Any]) -> tuple[float, float]:
    if row["state"] == "settled":
        return float(row["epsilon_spent"]), float(row["delta_spent"])
    return float(row["epsilon_reserved"]), float(row["delta_reserved"])


def tight_usage(
    accountant: str, delta_total: float, rows: list[dict[str, Any]]
) -> tuple[float, float, float, float] | None:
    """(ε spent, δ spent, ε reserved, δ reserved) when the accountant beats basic composition.

    ``rows`` are the dataset's settled and reserved jobs.  "Reserved" is reported as
    the increase that the open reservations bring on top of what is spent.
    """
    if not rows or _job_mechanisms(rows) is None:
        return None
    settled = [r for r in rows if r["state"] == "settled"]
    reserved = [r for r in rows if r["state"] == "reserved"]
    basic_spent = sum(_amounts(r)[0] for r in settled)
    delta_spent = sum(_amounts(r)[1] for r in settled)
    basic_all = basic_spent + sum(_amounts(r)[0] for r in reserved)
    delta_all = delta_spent + sum(_amounts(r)[1] for r in reserved)
    eps_spent = min(basic_spent, composed_epsilon(accountant, _job_mechanisms(settled) or [], delta_spent))
    eps_all = min(basic_all, composed_epsilon(accountant, _job_mechanisms(rows) or [], delta_all))
    if eps_all >= basic_all and eps_spent >= basic_spent:
        return None
    eps_all = max(eps_all, eps_spent)
    return eps_spent, delta_spent, eps_all - eps_spent, delta_all - delta_spent


def tight_fits(accountant: str, epsilon_total: float, delta_total: float, rows: list[dict[str, Any]]) -> bool:
    """Whether all ``rows`` (settled, reserved and the candidate) fit under the accountant."""
    mechanisms = _job_mechanisms(rows)
    if mechanisms is None:
        return False
    delta_all = sum(_amounts(r)[1] for r in rows)
    if delta_all > delta_total * (1 + 1e-9):
        return False
    return composed_epsilon(accountant, mechanisms, delta_all) <= epsilon_total * (1 + 1e-9)
