"""Checkpoints of a running job, so a killed job resumes with the same accounting.

``OUT/.checkpoint/`` holds two files, each written to a temporary name, fsynced and
renamed (a kill mid-write leaves the previous checkpoint intact):

* ``meta.json``: job id, the job's config fingerprint, the snapshot (files + hashes),
  the mechanism (noise multiplier, sample rate, planned steps), labels, the step
  counter and the accountant's history ``[(noise_multiplier, sample_rate, steps)]``.
* ``state.pt``: the trained parameters (only those with ``requires_grad``), the
  optimizer's state and the training losses so far.

What is deliberately *not* saved: the Poisson sampler's and the noise generator's RNG
states.  Whoever could read them could regenerate the noise of every later step and
subtract it.  A resumed job draws fresh OS entropy instead; every DP step samples and
adds noise independently, so the privacy analysis (and the accountant's result) is the
same as for an uninterrupted run: the accountant history is restored and continues.

Steps a killed process ran after its last checkpoint were never written anywhere;
they are run again (the final model is a function of the checkpoint and the new steps
only, and those are what the accountant counts).  The directory is removed when the
model is published (it lives inside ``OUT``, which publishing replaces).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from .config import TrainConfig, TrainingError

DIRNAME = ".checkpoint"
FORMAT = 1
# Fields that do not change what is trained or how it is accounted.  Every other field
# (including ones added later) must match for a checkpoint to be resumed.
NOT_FINGERPRINTED = frozenset(
    {"out", "progress", "job_id", "device", "micro_batch", "checkpoint_every", "resume", "store", "overwrite",
     "compare_non_private", "tensorboard"}
)


def checkpoint_dir(out: Path) -> Path:
    return Path(out) / DIRNAME


def fingerprint(cfg: TrainConfig) -> str:
    items = {k: v for k, v in sorted(cfg.to_dict().items()) if k not in NOT_FINGERPRINTED}
    return hashlib.sha256(json.dumps(items, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class Checkpoint:
    job_id: str
    fingerprint: str
    topic: str
    snapshot_store: str
    snapshot_files: list[dict[str, Any]]
    labels: list[str]
    noise_multiplier: float
    sample_rate: float
    planned_steps: int
    step: int
    accountant: str
    history: list[tuple[float, float, int]]
    resumes: list[dict[str, Any]] = field(default_factory=list)
    config: dict[str, Any] = field(default_factory=dict)  # for people reading it; the fingerprint decides
    format: int = FORMAT

    def to_json(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["history"] = [list(h) for h in self.history]
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Checkpoint":
        d = dict(d)
        d["history"] = [(float(a), float(b), int(c)) for a, b, c in d["history"]]
        return cls(**d)


def _atomic_write(path: Path, write) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        write(fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def save(out: Path, meta: Checkpoint, model: torch.nn.Module, optimizer, losses: list[float]) -> None:
    """Write state first, then meta (meta names the step the state belongs to)."""
    d = checkpoint_dir(out)
    d.mkdir(parents=True, exist_ok=True, mode=0o700)
    state = {
        "step": meta.step,
        "params": {n: p.detach().cpu().clone() for n, p in model.named_parameters() if p.requires_grad},
        "optimizer": optimizer.state_dict(),
        "losses": [float(x) for x in losses],
    }
    _atomic_write(d / f"state-{meta.step}.pt", lambda fh: torch.save(state, fh))
    _atomic_write(d / "meta.json", lambda fh: fh.write((json.dumps(meta.to_json(), indent=1) + "\n").encode()))
    for old in d.glob("state-*.pt"):  # keep only the state meta.json names
        if old.name != f"state-{meta.step}.pt":
            old.unlink(missing_ok=True)


def load(out: Path) -> tuple[Checkpoint, dict[str, Any]] | None:
    d = checkpoint_dir(out)
    meta_path = d / "meta.json"
    if not meta_path.is_file():
        return None
    try:
        meta = Checkpoint.from_json(json.loads(meta_path.read_text()))
    except (ValueError, TypeError, KeyError) as exc:
        raise TrainingError(f"unreadable checkpoint {meta_path}: {exc}") from None
    if meta.format != FORMAT:
        raise TrainingError(f"checkpoint {meta_path} has format {meta.format}, this Veil reads {FORMAT}")
    state_path = d / f"state-{meta.step}.pt"
    if not state_path.is_file():
        raise TrainingError(f"checkpoint {d} names step {meta.step} but {state_path.name} is missing")
    state = torch.load(state_path, map_location="cpu", weights_only=True)
    if int(state["step"]) != meta.step:
        raise TrainingError(f"checkpoint {d}: state is for step {state['step']}, meta for {meta.step}")
    return meta, state


def find(cfg: TrainConfig, out: Path) -> tuple[Checkpoint, dict[str, Any]] | None:
    """(Checkpoint, state) of this job in ``out``, or None.  A checkpoint for another
    config is an error (never silently resumed, never silently discarded)."""
    found = load(out)
    if found is None:
        if cfg.resume:
            raise TrainingError(f"--resume: no checkpoint in {checkpoint_dir(out)}")
        return None
    meta = found[0]
    if meta.fingerprint != fingerprint(cfg):
        raise TrainingError(
            f"{checkpoint_dir(out)} holds a checkpoint of job {meta.job_id} with other options; "
            f"rerun it with the same options to resume it, or abandon it: `veil budget release {meta.job_id}` "
            f"and delete that directory"
        )
    if cfg.job_id and cfg.job_id != meta.job_id:
        raise TrainingError(f"{checkpoint_dir(out)} holds job {meta.job_id}, not {cfg.job_id}")
    return found


def restore_params(model: torch.nn.Module, params: dict[str, torch.Tensor]) -> None:
    trainable = {n: p for n, p in model.named_parameters() if p.requires_grad}
    if set(trainable) != set(params):
        raise TrainingError("checkpoint does not hold the same trained parameters as this job")
    with torch.no_grad():
        for n, p in trainable.items():
            p.copy_(params[n].to(p.device))


def remove(out: Path) -> None:
    import shutil

    shutil.rmtree(checkpoint_dir(out), ignore_errors=True)
