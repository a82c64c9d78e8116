"""The gradient canaries of a one-run privacy audit (see :mod:`.privacy_audit`), wired into
Opacus the way Opacus extends itself: a :class:`CanaryOptimizer` subclass of ``DPOptimizer``
overrides its documented hooks (``clip_and_accumulate``: the canary rows join the per-unit
rows before clipping; ``add_noise``: each canary's coordinate of the noisy sum is read right
after the noise), and a :class:`CanaryCollator` keeps canary slots out of the real batch.

Invariant: the canaries change nothing the accountant analyses.  All ``m`` slots are in
the dataset before the sampling rate is fixed; an "out" canary adds nothing when sampled;
an "in" canary adds one row that is clipped and noised like every unit's row; the noise,
the clipping norm and the step hook are the job's own.

A test subclass of :class:`CanaryOptimizer` may deviate on purpose (``planted_bug``, e.g.
too little noise) to show the audit catches it; production code never sets one.
"""

from __future__ import annotations

import math
import secrets
from typing import Any, ClassVar

import numpy as np
import torch
from opacus.optimizers import DPOptimizer

from .config import TrainingError
from .privacy_audit import AuditConfig, AuditResult, epsilon_lower_bound, guess_ceiling, statement


class CanaryUnit(list):
    """A canary's slot in the UnitDataset (an empty list of examples, plus its index)."""

    def __init__(self, index: int):
        super().__init__()
        self.index = index


class CanaryOptimizer(DPOptimizer):
    """DP-SGD with the audit's canary rows added before clipping and scored after the noise."""

    # A test subclass that breaks the mechanism on purpose says by how much (the fraction of the
    # nominal noise it adds); the audit result records it.  None: the mechanism as analysed.
    planted_bug: ClassVar[float | None] = None

    def __init__(self, optimizer: torch.optim.Optimizer, *, canaries: "GradientCanaries", **kwargs: Any):
        super().__init__(optimizer, **kwargs)
        self.canaries = canaries

    def clip_and_accumulate(self) -> None:
        self.canaries.inject_pending(self.params)
        super().clip_and_accumulate()

    def add_noise(self) -> None:
        super().add_noise()
        self.canaries.observe(self.params)


class CanaryCollator:
    """The loader's collate: canary slots are taken out (an "in" canary is remembered for the
    optimizer; an "out" one is absent), the real units go to the job's own collate."""

    def __init__(self, inner, canaries: "GradientCanaries"):
        self.inner = inner
        self.canaries = canaries

    def __call__(self, items: list) -> Any:
        real, present = [], []
        for item in items:
            ex = item.get("examples") if isinstance(item, dict) else None
            if isinstance(ex, CanaryUnit):
                if self.canaries.included[ex.index]:
                    present.append(ex.index)
            else:
                real.append(item)
        self.canaries.pending = present
        # No real unit: an empty batch (the loop runs a noise-only step; the canary rows are
        # still added before clipping).  Opacus' own empty batch cannot be built for dict items.
        return self.inner(real) if real else []


class GradientCanaries:
    """Plants, injects and scores the canaries of one job (see :mod:`.privacy_audit`)."""

    def __init__(self, settings: AuditConfig, unit: str):
        self.settings = settings
        self.unit = unit
        self.m = settings.canaries
        self._rng = np.random.default_rng(secrets.randbits(128))  # not the job's seed
        self.included = self._rng.random(self.m) < 0.5
        self.scores = np.zeros(self.m, dtype=np.float64)
        self.steps = 0
        self.canary_samples = 0
        self.pending: list[int] = []

    @property
    def optimizer_class(self) -> type[CanaryOptimizer]:
        return self.settings.optimizer_class or CanaryOptimizer

    # 1. before the job computes its sampling rate
    def plant_into(self, dataset) -> None:
        dataset.units.extend(CanaryUnit(i) for i in range(self.m))

    # 2. after make_private (with ``optimizer_class``)
    def attach(self, pt, max_grad_norm: float) -> None:
        """Pick each canary's coordinate and take over the loader's collate."""
        if not isinstance(pt.optimizer, CanaryOptimizer) or pt.optimizer.canaries is not self:
            raise TrainingError("the audited job's optimizer is not this audit's CanaryOptimizer")
        self.C = float(max_grad_norm)
        self.sigma = float(pt.noise_multiplier)
        self.q = float(pt.sample_rate)
        sizes = [p.numel() for p in pt.optimizer.params]
        total = sum(sizes)
        if total < self.m:
            raise TrainingError(
                f"the audit needs at least one trained parameter per canary ({self.m} canaries, "
                f"{total} trained parameters): use fewer canaries (--audit N), or a mode with more trained "
                f"parameters (--pooling cls, --lora-rank R); the default mean-pooled linear head has "
                f"hidden size x labels + labels"
            )
        coords = self._rng.choice(total, size=self.m, replace=False)
        offsets = np.cumsum([0] + sizes)
        which = np.searchsorted(offsets, coords, side="right") - 1
        self._param_of = which  # canary -> param index
        self._pos = coords - offsets[which]  # canary -> flat position in that param
        self._by_param = []  # (param index, canary ids, positions) for params holding canaries
        for j, p in enumerate(pt.optimizer.params):
            ids = np.nonzero(which == j)[0]
            if len(ids):
                self._by_param.append((j, ids, torch.as_tensor(self._pos[ids], device=p.device)))
        pt.loader.collate_fn = CanaryCollator(pt.loader.collate_fn, self)

    def inject_pending(self, params: list[torch.nn.Parameter]) -> None:
        """Append one row per sampled "in" canary to every ``grad_sample`` (before clipping)."""
        present, self.pending = self.pending, []
        if not present:
            return
        self.canary_samples += len(present)
        present_arr = np.asarray(present)
        value = self.settings.canary_norm * self.C
        for j, p in enumerate(params):
            gs = p.grad_sample
            if isinstance(gs, list):
                gs = torch.cat(gs, 0)
            rows = torch.zeros((len(present), *p.shape), dtype=gs.dtype, device=gs.device)
            mine = np.nonzero(self._param_of[present_arr] == j)[0]
            if len(mine):
                flat = rows.view(len(present), -1)
                flat[torch.as_tensor(mine, device=gs.device),
                     torch.as_tensor(self._pos[present_arr[mine]], device=gs.device)] = value
            p.grad_sample = torch.cat([gs, rows], 0)

    def observe(self, params: list[torch.nn.Parameter]) -> None:
        """Each canary's coordinate of the noisy sum (before averaging) → its LLR."""
        z = np.zeros(self.m, dtype=np.float64)
        for j, ids, pos_t in self._by_param:
            z[ids] = params[j].grad.detach().reshape(-1)[pos_t].double().cpu().numpy() / self.C
        log1mq, logq = math.log1p(-self.q), math.log(self.q)
        self.scores += np.logaddexp(log1mq, logq + (2 * z - 1) / (2 * self.sigma**2))
        self.steps += 1

    # 3. after training
    def result(self, claimed_epsilon: float, delta: float) -> AuditResult:
        s = self.settings
        k_in, k_out = s.guesses
        # Ties broken at random: shuffle, then a stable sort by score.
        perm = self._rng.permutation(self.m)
        order = perm[np.argsort(-self.scores[perm], kind="stable")]
        guess_in, guess_out = order[:k_in], order[self.m - k_out:] if k_out else order[:0]
        correct = int(self.included[guess_in].sum() + (~self.included[guess_out]).sum())
        r = k_in + k_out
        lower = epsilon_lower_bound(self.m, r, correct, delta, s.confidence)
        res = AuditResult(
            claimed_epsilon=float(claimed_epsilon), epsilon_lower_bound=lower,
            ceiling=guess_ceiling(self.m, r, delta, s.confidence), passed=not (lower > claimed_epsilon),
            canaries=self.m, canaries_included=int(self.included.sum()), guesses=r, guesses_in=k_in,
            guesses_out=k_out, correct=correct, confidence=s.confidence, delta=delta, unit=self.unit,
            steps_observed=self.steps, canary_samples=self.canary_samples, noise_multiplier=self.sigma,
            sample_rate=self.q, planted_bug=self.optimizer_class.planted_bug,
        )
        res.statement = statement(res.to_dict())
        return res
