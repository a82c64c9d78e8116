"""DP fine-tuning jobs (Opacus) on store snapshots.

Modules, in the order a job uses them: ``config`` (TrainConfig/TrainResult),
``accountants`` (the registry of accountant names), ``data`` (examples, per-user caps,
user split, privacy units; before the cap ``prepare`` cleans (``cleaning``' registered
rules) and deduplicates (``dedup``, MinHash LSH) within each user), ``model`` (base model, freezing), ``features`` (cache of the
frozen layers' output), ``privacy`` (PrivacyEngine, per-unit gradients, the mechanism),
``reservation`` (the ledger reservation that never leaks, SIGTERM), ``checkpoint``,
``loop`` (training and evaluation), ``outputs`` (model dir and every record: privacy.json,
metrics.json, model card, ledger mechanism, audit facts; their wording in ``statements``),
``privacy_audit`` + ``canaries`` (the one-run audit), ``job`` (``run_training`` and its
phases: open_job → prepare → reserve → fit → write_outputs → settle).  Importing
``veil.trainer`` is cheap: torch loads when a job runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from veil.trainer.accountants import DEFAULT_ACCOUNTANT, accountant_names
from veil.trainer.config import POOLINGS, PRIVACY_UNITS, BudgetRefused, TrainConfig, TrainingError, TrainResult
from veil.trainer.dedup import SHINGLES
from veil.trainer.prepare import DEDUP_MODES
from veil.trainer.privacy_audit import AuditConfig, PrivacyAuditFailed

if TYPE_CHECKING:  # pragma: no cover
    from veil.core.settings import Home

__all__ = [
    "DEDUP_MODES",
    "DEFAULT_ACCOUNTANT",
    "SHINGLES",
    "POOLINGS",
    "PRIVACY_UNITS",
    "AuditConfig",
    "BudgetRefused",
    "PrivacyAuditFailed",
    "TrainConfig",
    "TrainResult",
    "TrainingError",
    "accountant_names",
    "dry_run_privacy_audit",
    "federate_device",
    "federate_local",
    "federate_server",
    "federated_config",
    "load_config_file",
    "load_classifier",
    "predict",
    "run_training",
    "serve_model",
]


def run_training(config: TrainConfig, home: "Home | str | Path | None" = None) -> TrainResult:
    """Run one DP fine-tuning job (see :func:`veil.trainer.job.run_training`)."""
    from veil.trainer.job import run_training as _run

    return _run(config, home)


def load_classifier(model_dir: str | Path) -> tuple[Any, Any]:
    """``(model, tokenizer)`` of a model directory written by a job; :class:`TrainingError`
    (one line) when the directory is missing or holds no loadable classifier."""
    model_dir = Path(model_dir)
    if not (model_dir / "config.json").is_file():
        raise TrainingError(f"{model_dir} is not a model directory (no config.json): give the --out of `veil train`")
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from veil.trainer.model import quiet_transformers

    quiet_transformers()
    try:
        return (AutoModelForSequenceClassification.from_pretrained(str(model_dir)),
                AutoTokenizer.from_pretrained(str(model_dir)))
    except (OSError, ValueError, KeyError) as exc:
        raise TrainingError(f"{model_dir} holds no loadable classifier ({type(exc).__name__}): give the --out "
                            f"of a finished `veil train`") from None


def predict(model: Any, tokenizer: Any, texts: list[str], max_length: int = 128) -> list[tuple[str, float]]:
    """``[(label, probability)]`` for each text (see :func:`veil.trainer.model.predict`)."""
    from veil.trainer.model import predict as _predict

    return _predict(model, tokenizer, texts, max_length=max_length)


def serve_model(model_dir: str | Path, *, host: str, port: int, policy: Any | None, max_body_bytes: int,
                max_batch: int, max_text_chars: int, max_length: int, threads: int | None = None,
                allow_policy_mismatch: bool = False) -> None:
    """Serve a model over HTTP until interrupted (see :mod:`veil.trainer.serving`)."""
    from veil.trainer.serving import Limits, serve

    serve(Path(model_dir), host=host, port=port, policy=policy,
          limits=Limits(max_body_bytes, max_batch, max_text_chars, max_length), threads=threads,
          allow_policy_mismatch=allow_policy_mismatch)


def load_config_file(path: str | Path) -> dict[str, Any]:
    """A JSON or YAML training configuration (``veil audit privacy --config``)."""
    from veil.trainer.privacy_audit_run import load_config_file as _load

    return _load(path)


def dry_run_privacy_audit(settings: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """The one-run privacy audit of a configuration on synthetic data (no budget spent)."""
    from veil.trainer.privacy_audit_run import dry_run

    return dry_run(settings, **kwargs)


# -- federated jobs (trainer/federated/): Flower loads when a federation runs ---------------


def federated_config(**fields: Any) -> Any:
    """A :class:`veil.trainer.federated.FederatedConfig`."""
    from veil.trainer.federated import FederatedConfig

    return FederatedConfig(**fields)


def federate_local(config: Any, devices_dir: str | Path, home: "str | Path | None", **kwargs: Any) -> dict[str, Any]:
    """A whole federation on this machine (see :func:`veil.trainer.federated.local.run_local`)."""
    from veil.trainer.federated.local import run_local

    return run_local(config, Path(devices_dir), home, **kwargs)


def federate_server(config: Any, home: "str | Path | None", workdir: str | Path, **kwargs: Any) -> dict[str, Any]:
    """SuperLink + Veil's ServerApp for real sites (see :mod:`veil.trainer.federated.sites`)."""
    from veil.trainer.federated.sites import server_command

    return server_command(config, home, Path(workdir), **kwargs)


def federate_device(superlink: str, data: str | Path, device_id: str, **kwargs: Any) -> int:
    """One device's SuperNode in the foreground (see :mod:`veil.trainer.federated.sites`)."""
    from veil.trainer.federated.sites import device_command

    return device_command(superlink, Path(data), device_id, **kwargs)
