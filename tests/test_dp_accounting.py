"""The ε a job reports equals an independent recomputation from (noise multiplier, sampling
rate, steps) with a second accountant implementation (Google's dp-accounting), within 5%."""

from __future__ import annotations

import warnings

import pytest

pytest.importorskip("opacus")
pytest.importorskip("dp_accounting")

from tests.helpers import pld_epsilon  # noqa: E402


def opacus_epsilon(accountant: str, sigma: float, q: float, steps: int, delta: float) -> float:
    """What a Veil job reports: Opacus' accountant (from Veil's registry) over the job's history."""
    from veil.trainer.accountants import epsilon_of

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return epsilon_of(accountant, [(sigma, q, steps)], delta)


def rdp_epsilon(sigma: float, q: float, steps: int, delta: float) -> float:
    import dp_accounting
    from dp_accounting.rdp import rdp_privacy_accountant as rdp

    acc = rdp.RdpAccountant()
    acc.compose(dp_accounting.PoissonSampledDpEvent(q, dp_accounting.GaussianDpEvent(sigma)), steps)
    return float(acc.get_epsilon(delta))


# (sigma, sampling rate, steps, delta): the demo job at ε≈1/3/4/8 (user level, 40 steps at
# q=0.25) and an event-level job (300 steps at q=1/30), as privacy.json would hold them.
# The fast loop keeps one user-level and one event-level job; CI runs them all.
MECHANISMS = [
    (6.2109, 0.25, 40, 1e-5),
    pytest.param(2.4707, 0.25, 40, 1e-5, marks=pytest.mark.slow),
    pytest.param(2.1875, 0.25, 40, 1e-6, marks=pytest.mark.slow),
    pytest.param(1.236, 0.25, 40, 1e-5, marks=pytest.mark.slow),
    (0.9729, 1 / 30, 300, 1e-5),
]


@pytest.mark.parametrize("sigma,q,steps,delta", MECHANISMS)
def test_prv_epsilon_matches_dp_accounting_pld(sigma, q, steps, delta):
    ours = opacus_epsilon("prv", sigma, q, steps, delta)
    theirs = pld_epsilon(sigma, q, steps, delta)
    assert ours == pytest.approx(theirs, rel=0.05), (ours, theirs)


@pytest.mark.parametrize("sigma,q,steps,delta", MECHANISMS)
def test_rdp_epsilon_matches_dp_accounting_rdp(sigma, q, steps, delta):
    ours = opacus_epsilon("rdp", sigma, q, steps, delta)
    theirs = rdp_epsilon(sigma, q, steps, delta)
    assert ours == pytest.approx(theirs, rel=0.05), (ours, theirs)
    assert ours >= pld_epsilon(sigma, q, steps, delta) * 0.99  # RDP is the looser bound
