"""DP fine-tuning jobs (Opacus) on store snapshots.

Modules, in the order a job uses them: ``config`` (TrainConfig/TrainResult),
``data`` (examples, per-user caps, user split, privacy units), ``model`` (base model,
freezing), ``privacy`` (PrivacyEngine, per-unit gradients), ``loop`` (training and
evaluation), ``outputs`` (model dir, privacy.json, metrics.json, model card),
``job`` (``run_training``: the one entry point).
"""

from trainer.config import BudgetRefused, TrainConfig, TrainingError, TrainResult
from trainer.job import run_training

__all__ = ["BudgetRefused", "TrainConfig", "TrainResult", "TrainingError", "run_training"]
