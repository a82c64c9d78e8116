"""DP fine-tuning jobs (Opacus) on store snapshots.

Modules, in the order a job uses them: ``config`` (TrainConfig/TrainResult),
``data`` (examples, per-user caps, user split, privacy units), ``model`` (base model,
freezing), ``features`` (cache of the frozen layers' output), ``privacy``
(PrivacyEngine, per-unit gradients), ``loop`` (training and evaluation), ``outputs``
(model dir, privacy.json, metrics.json, model card), ``job`` (``run_training``: the
one entry point).  Importing ``veil.trainer`` is cheap: torch loads when a job runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from veil.trainer.config import BudgetRefused, TrainConfig, TrainingError, TrainResult
from veil.trainer.privacy_audit import AuditConfig, PrivacyAuditFailed

if TYPE_CHECKING:  # pragma: no cover
    from veil.core.settings import Home

__all__ = [
    "AuditConfig",
    "BudgetRefused",
    "PrivacyAuditFailed",
    "TrainConfig",
    "TrainResult",
    "TrainingError",
    "dry_run_privacy_audit",
    "load_config_file",
    "load_classifier",
    "predict",
    "run_training",
]


def run_training(config: TrainConfig, home: "Home | str | Path | None" = None) -> TrainResult:
    """Run one DP fine-tuning job (see :func:`veil.trainer.job.run_training`)."""
    from veil.trainer.job import run_training as _run

    return _run(config, home)


def load_classifier(model_dir: str | Path) -> tuple[Any, Any]:
    """``(model, tokenizer)`` of a model directory written by a job."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from veil.trainer.model import quiet_transformers

    quiet_transformers()
    return (AutoModelForSequenceClassification.from_pretrained(str(model_dir)),
            AutoTokenizer.from_pretrained(str(model_dir)))


def predict(model: Any, tokenizer: Any, texts: list[str], max_length: int = 128) -> list[tuple[str, float]]:
    """``[(label, probability)]`` for each text (see :func:`veil.trainer.model.predict`)."""
    from veil.trainer.model import predict as _predict

    return _predict(model, tokenizer, texts, max_length=max_length)


def load_config_file(path: str | Path) -> dict[str, Any]:
    """A JSON or YAML training configuration (``veil audit privacy --config``)."""
    from veil.trainer.privacy_audit_run import load_config_file as _load

    return _load(path)


def dry_run_privacy_audit(settings: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """The one-run privacy audit of a configuration on synthetic data (no budget spent)."""
    from veil.trainer.privacy_audit_run import dry_run

    return dry_run(settings, **kwargs)
