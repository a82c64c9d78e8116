"""Empirical privacy audit in one training run (Steinke, Nasr & Jagielski, 2023).

"Privacy Auditing with One (1) Training Run" (NeurIPS 2023, arXiv:2305.08846): plant ``m``
canaries, include each independently with probability ½, train once, score every canary,
guess "in" for the ``k+`` highest scores and "out" for the ``k-`` lowest (abstain on the
rest), and turn the number ``v`` of correct guesses out of ``r = k+ + k-`` into a lower
bound on ε at a chosen confidence.  Under (ε, δ)-DP the number of correct guesses is
stochastically dominated by Binomial(r, e^ε/(1+e^ε)), up to a δ term (the paper's
Theorem 5.2 / Corollary 5.4; :func:`p_value` is its Appendix D algorithm): any ε whose
p-value is below 1 - confidence is refuted, and the largest refuted ε is the lower bound.

What Veil plants: **gradient canaries at the job's unit of privacy**.  The ``m`` canaries
are extra units (canary *users* under user-level DP) appended to the job's
:class:`~trainer.data.UnitDataset` *before* the job computes its sampling rate, noise
multiplier and step count, so they are Poisson-sampled by the job's own Opacus sampler,
and the mechanism the accountant analyses (rate, noise, steps) is the one that runs.  All
``m`` slots are always in the dataset (so the rate does not depend on the coin flips); an
"out" canary contributes nothing when sampled, exactly as if absent (add/remove
neighbours).  An "in" canary, when sampled, contributes one gradient row: ``canary_norm``
× C on one coordinate of the trained parameters chosen for it at random (a *Dirac*
canary), zero elsewhere.  The row goes through Opacus' clipping (it is larger than C, so
clipping must act) and noise like every other unit's row.

Scoring (white-box, all iterates, as in the paper's strongest setting): after the noise
is added at every step, the auditor reads each canary's coordinate of the noisy gradient
sum, ``z = value / C`` (1 + noise + other units' gradients when the canary was sampled),
and accumulates the log-likelihood ratio of the Poisson-subsampled Gaussian
``log(1 - q + q * exp((2z - 1) / (2 sigma^2)))`` over all steps.  Every score is
post-processing of what the DP mechanism releases, so the bound is valid whatever the
score; this one is the most powerful per-canary test for the nominal mechanism.

The guess counts are fixed before the run (``guess_fraction_in/out`` × m); choosing them
after looking at the scores would need a multiple-testing correction.

A lower bound *below* the claim is what a correct implementation produces (an audit can
refute a guarantee, never prove it; with r guesses no audit can show more than
:func:`guess_ceiling`).  A lower bound *above* the claimed ε means sampling, clipping,
noise or accounting is broken: the job raises :class:`PrivacyAuditFailed`, publishes no
model, and logs a ``privacy_audit`` entry with ``passed: false``.

Hooks (each a line or two in ``trainer/job.py``): :func:`plant` after the dataset is
built; ``make_private(optimizer_class=canaries.optimizer_class)`` then
:meth:`~.canaries.GradientCanaries.attach`; :func:`conclude` after training (before
anything is written).  The canaries themselves, and the ``DPOptimizer`` subclass that
injects and scores them, are in :mod:`.canaries` (which needs Opacus; this module does not).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from veil.core.errors import EXIT_AUDIT_FAILED

from .config import TrainingError

if TYPE_CHECKING:  # pragma: no cover
    from .canaries import GradientCanaries

METHOD = (
    "one-run privacy audit (Steinke, Nasr & Jagielski 2023, arXiv:2305.08846): gradient (Dirac) "
    "canaries at the job's unit of privacy, Poisson-sampled by the job's own sampler, clipped and "
    "noised by the job's own optimizer; score = log-likelihood ratio of each canary's coordinate of "
    "the noisy gradient sums over all steps"
)


class PrivacyAuditFailed(TrainingError):
    """The audited lower bound on ε exceeds the claimed ε: the implementation is broken.
    ``result`` holds the audit facts (also in the audit log)."""

    exit_code = EXIT_AUDIT_FAILED

    def __init__(self, message: str, result: dict[str, Any]):
        super().__init__(message)
        self.result = result


DEFAULT_CANARIES = 1000


@dataclass
class AuditConfig:
    # None: DEFAULT_CANARIES, or one per trained coordinate when the job trains fewer (the
    # default mean-pooled head has hidden size x labels + labels).  A number is taken as asked.
    canaries: int | None = None
    confidence: float = 0.95
    # Guesses fixed in advance, as fractions of the canaries: "in" for the highest scores,
    # "out" for the lowest.  0.1/0.1 did best across ε in {1, 3, 8} in simulation
    # (benchmarks/privacy_audit.py --simulate); fixed, never tuned on the run being audited.
    guess_fraction_in: float = 0.1
    guess_fraction_out: float = 0.1
    # Canary gradient norm in units of the clipping norm: > 1 so that clipping must act.
    canary_norm: float = 2.0
    # The DPOptimizer subclass that injects and scores the canaries; None: canaries.CanaryOptimizer.
    # A class attribute, not a field: no config file or flag can reach it (a test subclass of
    # this config plants a bug through it, tests/helpers.py).
    optimizer_class: ClassVar[type | None] = None

    def validate(self) -> None:
        if self.canaries is not None and self.canaries < 1:
            raise TrainingError("audit canaries must be >= 1")
        if not (0.5 <= self.confidence < 1):
            raise TrainingError("audit confidence must be in [0.5, 1)")
        fin, fout = self.guess_fraction_in, self.guess_fraction_out
        if fin < 0 or fout < 0 or fin + fout > 1 or fin + fout == 0:
            raise TrainingError("audit guess fractions must be >= 0 with 0 < in + out <= 1")
        if self.canary_norm <= 0:
            raise TrainingError("audit canary norm must be > 0")

    def for_job(self, trained_parameters: int) -> "AuditConfig":
        """These settings with the canary count fixed for a job training that many coordinates."""
        if self.canaries is not None:
            return self
        return replace(self, canaries=min(DEFAULT_CANARIES, trained_parameters))

    @property
    def guesses(self) -> tuple[int, int]:
        if self.canaries is None:
            raise TrainingError("audit canaries are not fixed yet: use AuditConfig.for_job()")
        k_in = int(round(self.guess_fraction_in * self.canaries))
        k_out = int(round(self.guess_fraction_out * self.canaries))
        return k_in, min(k_out, self.canaries - k_in)

    @classmethod
    def from_value(cls, value: Any) -> "AuditConfig | None":
        """None/False → no audit; True → defaults; an int → that many canaries; a dict of
        fields (config files, the CLI: an unknown key is an error); an AuditConfig."""
        if value is None or value is False:
            return None
        if isinstance(value, AuditConfig):
            out = value
        elif value is True:
            out = cls()
        elif isinstance(value, int):
            out = cls(canaries=value)
        elif isinstance(value, dict):
            names = {f.name for f in fields(cls)}
            bad = [k for k in value if k not in names]
            if bad:
                raise TrainingError(f"unknown audit setting(s): {', '.join(sorted(map(str, bad)))}")
            try:
                out = cls(**value)
                out.validate()
            except TypeError:  # e.g. canaries: "many"
                raise TrainingError("audit settings: canaries must be a whole number, the others numbers") from None
        else:
            raise TrainingError(f"audit must be true, a number of canaries or a mapping, got {value!r}")
        out.validate()
        return out


# -- the bound ---------------------------------------------------------------------------


def _binom_pmf(ks: np.ndarray, n: int, p: float) -> np.ndarray:
    from scipy import stats

    return stats.binom.pmf(ks, n, p)


def p_value(m: int, r: int, v: int, epsilon: float, delta: float) -> float:
    """P[at least ``v`` of ``r`` guesses correct] under (ε, δ)-DP with ``m`` canaries each
    included with probability ½ (Steinke et al. 2023, Corollary 5.4 / Appendix D)::

        beta  = P[Binomial(r, q) >= v],  q = e^ε / (1 + e^ε)
        alpha = max_{1<=i<=v} P[v - i <= Binomial(r, q) < v] / i
        p     = min(1, beta + alpha * 2 m δ)
    """
    if not (0 <= v <= r <= m):
        raise ValueError(f"need 0 <= v <= r <= m, got v={v}, r={r}, m={m}")
    if epsilon < 0 or not (0 <= delta <= 1):
        raise ValueError("need epsilon >= 0 and 0 <= delta <= 1")
    if v == 0:
        return 1.0
    from scipy import stats

    q = 1.0 / (1.0 + math.exp(-epsilon))
    beta = float(stats.binom.sf(v - 1, r, q))
    if delta == 0:
        return min(beta, 1.0)
    below = _binom_pmf(np.arange(v - 1, -1, -1), r, q)  # P[W = v-1], P[W = v-2], ..., P[W = 0]
    alpha = float(np.max(np.cumsum(below) / np.arange(1, v + 1)))
    return min(beta + alpha * delta * 2 * m, 1.0)


def epsilon_lower_bound(m: int, r: int, v: int, delta: float, confidence: float = 0.95) -> float:
    """The largest ε refuted at ``confidence`` by ``v`` correct guesses out of ``r``
    (0 when none is): the mechanism is not (ε, δ)-DP for any ε below it, except with
    probability 1 - confidence.  Bisection on :func:`p_value` (which grows with ε),
    returning the low end, i.e. never more than the exact value."""
    if not (0 < confidence < 1):
        raise ValueError("confidence must be in (0, 1)")
    level = 1.0 - confidence
    if r == 0 or v == 0 or p_value(m, r, v, 0.0, delta) >= level:
        return 0.0
    lo, hi = 0.0, 1.0
    while p_value(m, r, v, hi, delta) < level:
        lo, hi = hi, hi * 2
        if hi > 1e4:  # pragma: no cover - v = r with r astronomically large
            return lo
    for _ in range(60):
        mid = (lo + hi) / 2
        if p_value(m, r, v, mid, delta) < level:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-7:
            break
    return lo


def guess_ceiling(m: int, r: int, delta: float, confidence: float = 0.95) -> float:
    """The most any audit with ``r`` guesses can show (all of them right)."""
    return epsilon_lower_bound(m, r, r, delta, confidence)


# -- the result ------------------------------------------------------------------------


@dataclass
class AuditResult:
    claimed_epsilon: float
    epsilon_lower_bound: float
    ceiling: float
    passed: bool
    canaries: int
    canaries_included: int
    guesses: int
    guesses_in: int
    guesses_out: int
    correct: int
    confidence: float
    delta: float
    unit: str
    steps_observed: int
    canary_samples: int  # times an included canary's row entered a step
    noise_multiplier: float
    sample_rate: float
    canary_kind: str = "gradient (Dirac)"
    method: str = METHOD
    planted_bug: float | None = None
    statement: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        extra = d.pop("extra")
        if d["planted_bug"] is None:
            d.pop("planted_bug")
        return {**d, **extra}


def statement(r: dict[str, Any]) -> str:
    """The result in plain words (for privacy.json, the model card and the report)."""
    conf = f"{100 * r['confidence']:.0f}%"
    unit = "user" if r["unit"] == "user" else "event"
    core = (
        f"Veil planted {r['canaries']} canary {unit}s in this training run, each included with probability ½ "
        f"({r['canaries_included']} were), and an auditor who saw every noisy gradient step guessed the "
        f"membership of {r['guesses']} of them and got {r['correct']} right. At {conf} confidence this shows "
        f"the training is not (ε, δ={r['delta']:.3g})-differentially private for any ε below "
        f"{r['epsilon_lower_bound']:.3f}; the claim is ε = {r['claimed_epsilon']:.3f}."
    )
    if r["passed"]:
        return core + (
            " The measured lower bound stays below the claim, as it must when sampling, clipping, noise and "
            "accounting are implemented correctly. It is evidence, not proof: an audit can refute a guarantee but "
            f"never confirm it, and with {r['guesses']} guesses no audit could show more than "
            f"ε ≈ {r['ceiling']:.2f} even if every guess were right."
        )
    return "PRIVACY AUDIT FAILED. " + core + (
        " The lower bound EXCEEDS the claimed ε, which is impossible if the guarantee held: the implementation "
        "(sampling, clipping, noise or accounting) is broken. The model was not published."
    )


# -- job hooks ---------------------------------------------------------------------------


def plant(dataset, cfg, trained_parameters: int) -> "GradientCanaries | None":
    """Hook 1 (right after the UnitDataset is built, before the loader fixes the sampling
    rate): the canary slots when ``cfg.audit`` asks for an audit, else None.
    ``trained_parameters``: how many coordinates the job trains (each canary needs one)."""
    settings = AuditConfig.from_value(cfg.audit)
    if settings is None:
        return None
    from .canaries import GradientCanaries

    canaries = GradientCanaries(settings.for_job(trained_parameters), cfg.privacy_unit)
    canaries.plant_into(dataset)
    return canaries


def conclude(canaries: "GradientCanaries | None", spent: float, cfg, audit_log, job_id: str,
             **facts: Any) -> dict[str, Any] | None:
    """Hook 3 (after training, before anything is written): the audit's result as a dict
    for ``privacy.json``; logs a ``privacy_audit`` entry, and raises
    :class:`PrivacyAuditFailed` when the lower bound exceeds the claim."""
    if canaries is None:
        return None
    result = canaries.result(spent, cfg.delta).to_dict()
    if audit_log is not None:
        audit_log.append("privacy_audit", job_id=job_id, topic=cfg.topic, **log_facts(result), **facts)
    if not result["passed"]:
        raise PrivacyAuditFailed(result["statement"], result)
    return result


LOG_KEYS = (
    "passed", "claimed_epsilon", "epsilon_lower_bound", "ceiling", "confidence", "delta", "canaries",
    "canaries_included", "guesses", "correct", "unit", "canary_kind", "steps_observed", "noise_multiplier",
    "sample_rate", "planted_bug", "statement",
)


def log_facts(result: dict[str, Any]) -> dict[str, Any]:
    return {k: result[k] for k in LOG_KEYS if k in result}


def card_lines(audit: dict[str, Any] | None) -> list[str]:
    """The model card's "Privacy audit" section (empty when the job ran no audit)."""
    if not audit:
        return []
    conf = f"{100 * audit['confidence']:.0f}%"
    return [
        "## Privacy audit",
        "",
        audit["statement"],
        "",
        f"- claimed ε: {audit['claimed_epsilon']:.4g} (δ = {audit['delta']:.3g})",
        f"- audited lower bound on ε ({conf} confidence): {audit['epsilon_lower_bound']:.4g}",
        f"- canaries: {audit['canaries']} {audit['unit']}-level {audit['canary_kind']} canaries, "
        f"{audit['canaries_included']} included; guesses: {audit['guesses']}, correct: {audit['correct']}",
        f"- most any audit with {audit['guesses']} guesses could show: ε ≈ {audit['ceiling']:.3g}",
        f"- method: {audit['method']}",
        "",
    ]
