"""The server's state after each released round, so a SIGKILLed server resumes from its
last completed round with identical accounting.

Invariant: the state of round r (the global head after r noisy aggregates, the tallies,
z, the registry salt, the job id) is on disk — parameters first, then the JSON that names
them, each written to a temporary file and renamed — *before* round r's audit entry and
before round r+1 starts; so every round whose aggregate could have reached anyone is
counted in ``rounds_done``, and a resumed job continues the same ledger reservation
(same job id) with the same (z, q) for the rounds left.  A config that differs from the
one the state was written for is not resumed (a new job starts).  SIGTERM and failures
settle the reservation (:func:`reservation.close_unfinished`) and remove the state.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from .config import FederatedConfig
from .strategy import RoundTally

STATE = "server-state.json"


@dataclass
class ServerState:
    job_id: str
    fingerprint: str
    noise_multiplier: float
    salt: str
    rounds_done: int
    tallies: list[dict]
    params_file: str


def fingerprint(cfg: FederatedConfig) -> str:
    fields = {k: v for k, v in cfg.to_dict().items() if k not in ("job_id", "overwrite", "connect_timeout",
                                                                   "round_timeout")}
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


def load(folder: Path | None, cfg: FederatedConfig) -> tuple[ServerState, dict[str, np.ndarray]] | None:
    if folder is None or not (folder / STATE).is_file():
        return None
    try:
        state = ServerState(**json.loads((folder / STATE).read_text()))
        with np.load(folder / state.params_file) as d:
            params = {k: d[k] for k in d.files}
    except (OSError, ValueError, TypeError):
        return None
    return (state, params) if state.fingerprint == fingerprint(cfg) else None


def save(folder: Path | None, state: ServerState, params: dict[str, np.ndarray]) -> None:
    if folder is None:
        return
    name = f"server-params-{state.rounds_done}.npz"
    tmp = folder / f".{name}.tmp.npz"
    np.savez(tmp, **params)
    os.replace(tmp, folder / name)
    state.params_file = name
    tmp_json = folder / f".{STATE}.tmp"
    tmp_json.write_text(json.dumps(asdict(state)))
    os.replace(tmp_json, folder / STATE)
    for old in folder.glob("server-params-*.npz"):
        if old.name != name:
            old.unlink(missing_ok=True)


def clear(folder: Path | None) -> None:
    if folder is None:
        return
    (folder / STATE).unlink(missing_ok=True)
    for old in folder.glob("server-params-*.npz"):
        old.unlink(missing_ok=True)


def tallies_of(state: ServerState) -> list[RoundTally]:
    return [RoundTally(**t) for t in state.tallies]
