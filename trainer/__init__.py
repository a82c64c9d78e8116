"""DP fine-tuning jobs (Opacus) on store snapshots.

Modules, in the order a job uses them: ``config`` (TrainConfig/TrainResult),
``data`` (examples, per-user caps, user split, privacy units), ``model`` (base model,
freezing), ``features`` (cache of the frozen layers' output), ``privacy``
(PrivacyEngine, per-unit gradients), ``loop`` (training and evaluation), ``outputs``
(model dir, privacy.json, metrics.json, model card), ``job`` (``run_training``: the
one entry point).  Importing ``trainer`` is cheap: torch loads when a job runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from trainer.config import BudgetRefused, TrainConfig, TrainingError, TrainResult

if TYPE_CHECKING:  # pragma: no cover
    from veil.settings import Home

__all__ = ["BudgetRefused", "TrainConfig", "TrainResult", "TrainingError", "run_training"]


def run_training(config: TrainConfig, home: "Home | str | Path | None" = None) -> TrainResult:
    """Run one DP fine-tuning job (see :func:`trainer.job.run_training`)."""
    from trainer.job import run_training as _run

    return _run(config, home)
