"""``veil federate`` on one machine: a whole federation over one JSONL of raw events per
device in a directory, on Flower's Deployment Runtime (SuperLink + one SuperNode per
device, all on loopback).

Invariant: the submitting process never reads a device's events — it only lists the
files and hands each SuperNode the path of its own (node config); the ledger's binding
reservation, the rounds and the records happen in the ServerApp (:mod:`.server`).  The
early budget check here only spares starting processes for a job the ledger would
refuse anyway.  Every process started is stopped before returning.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from veil.core.errors import VeilError

from ..config import TrainingError
from ..model import resolve_model
from . import resume
from .config import FederatedConfig
from .deployment import CLIENT_APP, Deployment, clean, wait_result, write_app


# Each device is a SuperNode process (~150 MiB) that starts a ClientApp process per message:
# past this many, one machine spends its time starting processes.  More virtual devices are a
# simulation (benchmarks/federated_dp.py drives the same strategy and device code in-process).
MAX_LOCAL_DEVICES = 32


class FederationFailed(VeilError):
    """The ServerApp's job failed; carries the exit code it reported."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Device:
    name: str  # the file's stem: stays on this machine (node config), never in a record
    path: Path
    role: str  # "train" or "validation"


def list_devices(devices_dir: Path, validation_fraction: float, seed: int = 0) -> list[Device]:
    """One device per ``*.jsonl``; whole devices go to validation by a keyed hash of the name."""
    if not devices_dir.is_dir():
        raise TrainingError(f"--devices {devices_dir} is not a directory (one JSONL of raw events per device)")
    files = sorted(p for p in devices_dir.glob("*.jsonl") if p.is_file())
    if not files:
        raise TrainingError(f"--devices {devices_dir} holds no *.jsonl (one file of raw events per device)")
    out = []
    for p in files:
        r = int(hashlib.sha256(f"{seed}\x00val\x00{p.stem}".encode()).hexdigest()[:15], 16) / float(16**15)
        out.append(Device(p.stem, p.resolve(), "validation" if r < validation_fraction else "train"))
    if len(out) > MAX_LOCAL_DEVICES:
        raise TrainingError(f"--devices holds {len(out)} devices; a local federation runs one SuperNode process per "
                            f"device and stops at {MAX_LOCAL_DEVICES}: run `veil federate server` with devices on "
                            f"their own machines (`veil federate device`)")
    if not any(d.role == "train" for d in out):
        raise TrainingError("no training devices left after the validation split; lower --validation-fraction")
    return out


def run_local(cfg: FederatedConfig, devices_dir: Path, home: "Path | str | None", *, validation_fraction: float = 0.2,
              workdir: Path | None = None, keep_workdir: bool = False,
              on_started: Callable[[Deployment], None] | None = None, clientapp: str = CLIENT_APP,
              cache_dir: Path | None = None) -> dict[str, Any]:
    """Run the whole federation; the ServerApp's result facts, or its error (exit code kept).
    ``cache_dir``: where each device keeps its scrubbed features between jobs (one folder per
    device, keyed by data, policy, tier, model and preparation), as a real device does
    (``veil federate device --cache-dir``); default: the job's work directory (removed after)."""
    from .server import check_device_tier, open_job

    devices = list_devices(devices_dir, validation_fraction)
    cfg.population = sum(1 for d in devices if d.role == "train")
    cfg.validation_devices = [d.name for d in devices if d.role == "validation"]  # count only reaches the server
    from veil.core.settings import Home

    cfg.validate()
    check_device_tier(cfg, devices_here=True)
    home = Home.resolve(home)  # created only once the config and the devices are known good
    workdir = Path(workdir or tempfile.mkdtemp(prefix="veil-federation-")).resolve()
    server_cfg = FederatedConfig.from_dict(cfg.to_dict())
    server_cfg.validation_devices = [f"v{i}" for i in range(len(cfg.validation_devices))]
    saved = resume.load(workdir, server_cfg)  # a killed server's state: its job continues
    # early refusals (out, budget) before any process starts; binding in the server
    open_job(cfg, home, resume_id=saved[0].job_id if saved else None)
    model_dir = str(resolve_model(cfg.model))
    deployment = Deployment(workdir)
    try:
        job_file = workdir / "job.json"
        workdir.mkdir(parents=True, exist_ok=True)
        (workdir / "result.json").unlink(missing_ok=True)
        server_cfg.save(job_file)
        app = write_app(workdir, clientapp)
        caches = {d.name: Path(cache_dir or workdir / "cache").resolve() / d.name for d in devices}
        deployment.start_node_host(node_preload(cfg, caches.values()))
        deployment.start_superlink(fork=True)
        for d in devices:
            deployment.start_node(d.name, {"data-file": str(d.path), "device-id": d.name, "role": d.role,
                                           "cache-dir": str(caches[d.name]), "model": model_dir})
        deployment.submit(app, job_file, home.root)
        if on_started is not None:
            on_started(deployment)
        timeout = cfg.connect_timeout + cfg.rounds * (cfg.round_timeout + 30) + 300
        outcome = wait_result(workdir / "result.json", deployment, timeout)
    finally:
        deployment.close()
        if not keep_workdir:
            clean(workdir)
    if not outcome.get("ok"):
        raise FederationFailed(str(outcome.get("error")), int(outcome.get("exit_code") or 70))
    return outcome


def node_preload(cfg: FederatedConfig, caches: "Iterable[Path]") -> tuple[str, ...]:
    """What the SuperNodes' host imports for them (:mod:`.nodehost`): the model code when a
    device will embed (a cache folder with no features yet; the key itself needs the device's
    data, which this process does not read) or train LoRA (torch every round), nothing more
    for a federation on cached features (numpy only)."""
    from .nodehost import EMBED_PRELOAD, LORA_PRELOAD

    if cfg.mode == "lora":
        return EMBED_PRELOAD + LORA_PRELOAD
    cold = any(not any(c.glob("features-*.npz")) for c in caches)
    return EMBED_PRELOAD if cold else ()


def device_count(devices_dir: Path) -> int:
    return len([p for p in devices_dir.glob("*.jsonl") if p.is_file()]) if devices_dir.is_dir() else 0


__all__ = ["Device", "FederationFailed", "device_count", "list_devices", "run_local"]
