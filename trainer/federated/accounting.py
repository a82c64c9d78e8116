"""Device-level accounting of DP-FedAvg: the Poisson-subsampled Gaussian, once per round.

Invariant: one released round is one step of the subsampled Gaussian mechanism with
noise multiplier z (noise std z·C on the sum of device updates clipped to C) and
sampling rate q = K / N (each registered device joins independently with probability
q).  Dropouts do not change this: the sum is divided by the fixed K whoever answered,
and a device that dropped out contributed nothing, which is a neighbouring dataset the
analysis already covers.  ε comes from Veil's accountant registry (PRV by default,
:mod:`veil.trainer.accountants`); :func:`rdp_epsilon` is an independent upper bound from
dp-accounting's RDP accountant, recorded beside it as a cross-check.
"""

from __future__ import annotations

import math

from .. import accountants


def plan_noise(accountant: str, *, target_epsilon: float, delta: float, sample_rate: float, rounds: int) -> float:
    """The smallest z whose ``rounds`` at ``sample_rate`` stay within the target."""
    from opacus.accountants.utils import get_noise_multiplier

    with accountants.quiet_accounting():
        return float(get_noise_multiplier(target_epsilon=target_epsilon, target_delta=delta,
                                          sample_rate=sample_rate, steps=rounds,
                                          accountant=accountants.check_accountant(accountant)))


def epsilon(accountant: str, noise_multiplier: float, sample_rate: float, rounds: int, delta: float) -> float:
    """ε after ``rounds`` released rounds (0 for none; inf without noise)."""
    if rounds <= 0:
        return 0.0
    if noise_multiplier <= 0:
        return math.inf
    return accountants.epsilon_of(accountant, [(noise_multiplier, sample_rate, rounds)], delta)


def rdp_epsilon(noise_multiplier: float, sample_rate: float, rounds: int, delta: float) -> float:
    """The same guarantee from dp-accounting's RDP accountant (an implementation
    independent of Opacus; an upper bound, looser than PRV)."""
    if rounds <= 0:
        return 0.0
    if noise_multiplier <= 0:
        return math.inf
    import dp_accounting

    acc = dp_accounting.rdp.RdpAccountant()
    event = dp_accounting.PoissonSampledDpEvent(sample_rate, dp_accounting.GaussianDpEvent(noise_multiplier))
    acc.compose(event, rounds)
    return float(acc.get_epsilon(delta))


def flower_epsilon(noise_multiplier: float, expected_devices: float, population: int, rounds: int,
                   delta: float) -> dict[str, float | None]:
    """Flower's own accountant (``flwr.serverapp.RdpAccountant``) on the same rounds, for
    comparison only (privacy.json ``epsilon_flower``): with Poisson sampling at q = K / N
    (K rounded: Flower counts whole devices), and with no sampling amplification — what
    Flower's DP strategies can claim for devices drawn from the connected nodes.  Veil's
    ``epsilon`` stays the one recorded and charged.  None where it cannot be computed."""
    if rounds <= 0 or noise_multiplier <= 0 or population < 1:
        return {"poisson": None, "no_amplification": None}
    from flwr.serverapp import GaussianPrivacyEvent, NeighboringRelation, PrivacyConfig, RdpAccountant, SamplingMethod

    out: dict[str, float | None] = {}
    for key, method in (("poisson", SamplingMethod.POISSON), ("no_amplification", SamplingMethod.NO_AMPLIFICATION)):
        try:
            acc = RdpAccountant(PrivacyConfig(target_delta=delta, population_size=population,
                                              neighboring_relation=NeighboringRelation.ADD_OR_REMOVE_ONE,
                                              sampling_method=method))
            k = min(population, max(1, round(expected_devices)))
            acc.compose(GaussianPrivacyEvent(noise_multiplier=noise_multiplier, sample_size=k,
                                             population_size=population), rounds)
            out[key] = acc.get_epsilon(delta)
        except (ValueError, ImportError):
            out[key] = None
    return out
