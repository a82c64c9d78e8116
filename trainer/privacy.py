"""DP-SGD plumbing on top of Opacus: engine, per-unit gradients, accounting.

One *privacy unit* (a user, or one event) is what Poisson sampling picks and what
one clipped gradient stands for.  Opacus computes per-*example* gradients; for
user-level DP :func:`aggregate_per_unit` sums each unit's per-example gradients
(of the unit's *mean* loss) into one row per unit before the optimizer clips rows
to ``max_grad_norm`` and adds Gaussian noise ``N(0, (sigma * C)^2)``.  Adding or
removing one unit therefore changes the summed clipped gradient by at most ``C``,
which is the sensitivity the accountant assumes.
"""

from __future__ import annotations

import secrets
import warnings
from dataclasses import dataclass
from typing import Any

from . import accountants

import torch
from torch import nn
from torch.utils.data import DataLoader


def fresh_generator(device: torch.device | str = "cpu") -> torch.Generator:
    """A generator seeded from the OS CSPRNG.  Sampling and noise must not come from the
    job's (recorded) seed: anyone who knows the seed could regenerate and subtract the noise."""
    g = torch.Generator(device=device)
    g.manual_seed(secrets.randbits(63))
    return g


@dataclass(frozen=True)
class Mechanism:
    """What the ledger reserves budget for and the accountant analyses: the Poisson-subsampled
    Gaussian mechanism with this noise multiplier, rate and (planned) number of steps."""

    noise_multiplier: float
    sample_rate: float
    steps: int
    accountant: str
    unit: str

    @classmethod
    def plan(cls, *, accountant: str, unit: str, target_epsilon: float, delta: float, sample_rate: float,
             epochs: int, steps: int) -> "Mechanism":
        """The smallest noise that keeps ``epochs`` at ``sample_rate`` within the target."""
        sigma = accountants.noise_multiplier(accountant, target_epsilon=target_epsilon, delta=delta,
                                             sample_rate=sample_rate, epochs=epochs)
        return cls(sigma, sample_rate, steps, accountant, unit)


@dataclass
class PrivateTraining:
    engine: object
    model: nn.Module  # the original model (hooks attached, not wrapped)
    hooks: object
    optimizer: object  # opacus DPOptimizer
    loader: DataLoader  # DPDataLoader (Poisson sampling over units)
    noise_multiplier: float
    sample_rate: float
    expected_units: float

    def epsilon(self, delta: float) -> float:
        if len(self.engine.accountant) == 0:
            return 0.0
        with accountants.quiet_accounting():
            return float(self.engine.get_epsilon(delta))

    @property
    def history(self) -> list[tuple[float, float, int]]:
        """The accountant's ``[(noise_multiplier, sample_rate, steps)]`` (checkpoints save it)."""
        return [tuple(h) for h in self.engine.accountant.history]

    @history.setter
    def history(self, value) -> None:
        self.engine.accountant.history = [tuple(h) for h in value]

    @property
    def steps(self) -> int:
        return sum(n for _, _, n in self.engine.accountant.history)

    def cleanup(self) -> None:
        cleanup = getattr(self.hooks, "cleanup", None)
        if cleanup is not None:
            cleanup()
        else:  # wrapped module
            remove = getattr(self.hooks, "_close", None)
            if remove is not None:
                remove()


def make_private(
    *,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    loader: DataLoader,
    noise_multiplier: float,
    max_grad_norm: float,
    accountant: str,
    optimizer_class: type | None = None,
    optimizer_options: dict[str, Any] | None = None,
) -> PrivateTraining:
    """``noise_multiplier`` comes from :func:`opacus.accountants.utils.get_noise_multiplier`
    for the target (ε, δ) — exactly what ``make_private_with_epsilon`` computes — but is
    computed by the job *before* it reserves budget, so the ledger records the mechanism.

    ``optimizer_class``: a ``DPOptimizer`` subclass that overrides its documented hooks
    (the privacy audit's :class:`~.canaries.CanaryOptimizer`), built with
    ``optimizer_options`` in place of the one Opacus picks."""
    engine, hooks, dp_optimizer, dp_loader = _opacus_make_private(model, optimizer, loader, noise_multiplier,
                                                                  max_grad_norm, accountant)
    sample_rate = 1.0 / len(loader)
    if optimizer_class is not None:
        # the rate Opacus gave the accountant's hook: 1 / len(its loader)
        dp_optimizer = _rebuilt_as(optimizer_class, dp_optimizer, engine, 1 / len(dp_loader), optimizer_options or {})
    expected_units = sample_rate * len(loader.dataset)
    # ... but the noisy sum is averaged over the expected number of units per batch
    # (a data-independent constant), as Opacus does for loss_reduction="mean".
    dp_optimizer.loss_reduction = "mean"
    dp_optimizer.expected_batch_size = expected_units
    return PrivateTraining(
        engine=engine,
        model=model,
        hooks=hooks,
        optimizer=dp_optimizer,
        loader=dp_loader,
        noise_multiplier=float(noise_multiplier),
        sample_rate=sample_rate,
        expected_units=expected_units,
    )


def _opacus_make_private(model: nn.Module, optimizer: torch.optim.Optimizer, loader: DataLoader,
                         noise_multiplier: float, max_grad_norm: float, accountant: str) -> tuple:
    """``PrivacyEngine.make_private`` with Poisson sampling, hooks on the unwrapped model and
    a CSPRNG noise generator: ``(engine, hooks, dp_optimizer, dp_loader)``."""
    from opacus import PrivacyEngine

    with warnings.catch_warnings():
        # "Secure RNG turned off": we know; see privacy.json "limits".
        warnings.filterwarnings("ignore", message=".*[Ss]ecure.*")
        warnings.filterwarnings("ignore", message=".*Full backward hook.*")
        engine = PrivacyEngine(accountant=accountants.check_accountant(accountant))
        hooks, dp_optimizer, dp_loader = engine.make_private(
            module=model,
            optimizer=optimizer,
            data_loader=loader,
            noise_multiplier=noise_multiplier,
            max_grad_norm=max_grad_norm,
            poisson_sampling=True,
            # We build the loss as a sum over units of each unit's mean loss, so Opacus
            # must not rescale per-example gradients by the batch size ...
            loss_reduction="sum",
            noise_generator=fresh_generator(next(model.parameters()).device),
            wrap_model=False,
        )
    # Poisson sampling can pick nobody, even in the first step.  Opacus would then build an
    # empty batch from dataset[0]'s shapes, which fails for our dict items (TypeError); an
    # empty list instead tells the loop to run a noise-only step, which is still accounted.
    dp_loader.collate_fn = _EmptyBatchAsList(dp_loader.collate_fn)
    return engine, hooks, dp_optimizer, dp_loader


def _rebuilt_as(cls: type, dp_optimizer, engine, sample_rate: float, options: dict[str, Any]):
    """The same DP optimizer, as an instance of the ``DPOptimizer`` subclass ``cls``: built on
    the same wrapped optimizer with the same noise, clipping, reduction and noise generator,
    and given the accountant's step hook, as ``PrivacyEngine.make_private`` does for its own
    classes (it chooses among them by ``clipping=`` and offers no argument for a subclass)."""
    from opacus.optimizers import DPOptimizer

    if not (isinstance(cls, type) and issubclass(cls, DPOptimizer)):
        raise TypeError(f"optimizer_class must be a DPOptimizer subclass, got {cls!r}")
    new = cls(
        dp_optimizer.original_optimizer,
        noise_multiplier=dp_optimizer.noise_multiplier,
        max_grad_norm=dp_optimizer.max_grad_norm,
        expected_batch_size=dp_optimizer.expected_batch_size,
        loss_reduction=dp_optimizer.loss_reduction,
        generator=dp_optimizer.generator,
        secure_mode=dp_optimizer.secure_mode,
        **options,
    )
    new.attach_step_hook(engine.accountant.get_optimizer_hook_fn(sample_rate=sample_rate))
    return new


class _EmptyBatchAsList:
    def __init__(self, collate):
        self.collate = collate

    def __call__(self, items: list) -> Any:
        return self.collate(items) if items else []


def trainable_params(model: nn.Module) -> list[nn.Parameter]:
    return [p for p in model.parameters() if p.requires_grad]


def aggregate_per_unit(params: list[nn.Parameter], unit_index: torch.Tensor, n_units: int) -> None:
    """Replace each ``p.grad_sample`` (one row per example) by one row per unit (their sum)."""
    for p in params:
        gs = getattr(p, "grad_sample", None)
        if gs is None:
            continue
        if isinstance(gs, list):  # accumulated over micro-batches: not used here
            raise RuntimeError("gradient accumulation is not supported with per-unit aggregation")
        if gs.shape[0] == n_units and torch.equal(unit_index, torch.arange(n_units, device=unit_index.device)):
            continue  # one example per unit: nothing to do
        out = torch.zeros((n_units, *gs.shape[1:]), dtype=gs.dtype, device=gs.device)
        out.index_add_(0, unit_index.to(gs.device), gs)
        p.grad_sample = out


def empty_step(params: list[nn.Parameter]) -> None:
    """Poisson sampling can pick no unit: the step still happens (noise only) and is
    accounted, as the analysis assumes."""
    for p in params:
        p.grad_sample = torch.zeros((0, *p.shape), dtype=p.dtype, device=p.device)
