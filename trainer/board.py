"""TensorBoard event files of a job (``torch.utils.tensorboard``, the ``tensorboard`` package).

Scalars, by DP step: ``train/loss`` (the step's mean loss; noise-only steps have none),
``train/learning_rate``, ``privacy/epsilon_spent`` (the accountant's ε so far, at most
~20 times a job plus every epoch's end: the PRV accountant costs a fraction of a second),
``validation/accuracy`` and ``validation/loss`` at the end of every epoch but the last
(the curve), and at the last step the whole ``validation/*`` set (accuracy, loss, macro
precision/recall/F1, ROC-AUC, the majority baseline, and the non-private run's when compared).

Invariant: nothing written here is about one example or one user — every scalar is an
aggregate already in the job's records, so the files may be published with the model.
With the default (``tensorboard="auto"``) the files are written beside ``out`` while the
job runs and move into ``OUT/tensorboard/`` with the model, in the same rename.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

EPSILON_POINTS = 20
FLUSH_SECONDS = 2


def staging(out: Path, job_id: str) -> Path:
    return out.parent / f".{out.name}.tensorboard-{job_id}"


class Board:
    """One job's writer; every method is a no-op when TensorBoard is off."""

    def __init__(self, logdir: Path | None, total_steps: int, steps_per_epoch: int):
        self.logdir = logdir
        self.every = max(1, total_steps // EPSILON_POINTS)
        self.steps_per_epoch = max(1, steps_per_epoch)
        self.total = total_steps
        self.writer = None
        if logdir is not None:
            from torch.utils.tensorboard import SummaryWriter

            logdir.mkdir(parents=True, exist_ok=True)
            # flush_secs: the writer thread wakes at least this often, so a live TensorBoard
            # is at most seconds behind and no lost queue wake-up can stall a flush for long.
            self.writer = SummaryWriter(log_dir=str(logdir), flush_secs=FLUSH_SECONDS)

    @classmethod
    def for_job(cls, setting: str | None, out: Path, job_id: str, total_steps: int, steps_per_epoch: int) -> "Board":
        if setting is None:
            return cls(None, total_steps, steps_per_epoch)
        logdir = staging(out, job_id) if setting == "auto" else Path(setting).expanduser().resolve()
        return cls(logdir, total_steps, steps_per_epoch)

    def wants_epsilon(self, step: int) -> bool:
        return self.writer is not None and (step % self.every == 0 or step % self.steps_per_epoch == 0
                                            or step == self.total)

    def wants_validation(self, step: int) -> bool:
        """At each epoch's end before the last step (the last is written with the full report)."""
        return self.writer is not None and step % self.steps_per_epoch == 0 and step < self.total

    def step(self, step: int, loss: float, lr: float, epsilon: float | None = None) -> None:
        if self.writer is None:
            return
        if loss == loss:  # not NaN (a noise-only step has no loss)
            self.writer.add_scalar("train/loss", loss, step)
        self.writer.add_scalar("train/learning_rate", lr, step)
        if epsilon is not None:
            self.writer.add_scalar("privacy/epsilon_spent", epsilon, step)

    def validation(self, step: int, metrics: dict[str, Any], prefix: str = "validation") -> None:
        if self.writer is None:
            return
        flat = {"accuracy": metrics.get("accuracy"), "loss": metrics.get("loss"), "roc_auc": metrics.get("roc_auc"),
                **{f"macro_{k}": v for k, v in (metrics.get("macro") or {}).items()},
                "baseline_accuracy": (metrics.get("baseline") or {}).get("accuracy")}
        for name, value in flat.items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                self.writer.add_scalar(f"{prefix}/{name}", value, step)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.flush()
            self.writer.close()
            self.writer = None

    def publish_into(self, model_tmp: Path, out: Path, job_id: str) -> None:
        """Move a default (staged) log into the model directory about to be published."""
        self.close()
        if self.logdir is not None and self.logdir == staging(out, job_id) and self.logdir.exists():
            shutil.move(str(self.logdir), str(model_tmp / "tensorboard"))


def discard(out: Path, job_id: str) -> None:
    """A job that did not publish leaves no staged log behind."""
    shutil.rmtree(staging(out, job_id), ignore_errors=True)
