"""The Flower apps: ``server_app`` (Veil's DP-FedAvg job, :mod:`.server`) and
``client_app`` (one device, :mod:`.device`).  The Flower App's ``pyproject.toml``
(written by :mod:`.deployment`, never by ``flwr new``) names them as
``veil.trainer.federated.apps:server_app`` / ``:client_app``.

Invariant: the ServerApp reads its job from the file named by the run config key
``job`` and writes its outcome (``result.json``: the result facts, or the error's one
line and exit code) next to it, so the process that submitted the run can report it;
the ClientApp reads its own data location from the SuperNode's node config
(``data-file``, ``device-id``, ``role``, ``cache-dir``, ``model``) and answers registration,
train and evaluate messages.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

from flwr.app import Context, Message
from flwr.clientapp import ClientApp
from flwr.serverapp import Grid, ServerApp

from . import wire

server_app = ServerApp()
client_app = ClientApp()
log = logging.getLogger("veil.trainer.federated")


@server_app.main()
def serve(grid: Grid, context: Context) -> None:
    from veil.core.errors import EXIT_INTERNAL, VeilError

    from .config import FederatedConfig
    from .server import run_server_job

    job_file = Path(str(context.run_config["job"]))
    outcome: dict = {}
    try:
        cfg = FederatedConfig.load(job_file)
        outcome = {"ok": True, **run_server_job(grid, cfg, str(context.run_config.get("home") or "") or None,
                                                  state_dir=job_file.parent)}
    except VeilError as exc:
        outcome = {"ok": False, "error": str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                   "exit_code": exc.exit_code}
    except Exception as exc:  # noqa: BLE001 - reported as one line by the submitting process
        import traceback

        # the traceback stays in the job's work directory (the submitting process prints one line)
        job_file.with_name("serverapp-error.log").write_text(traceback.format_exc())
        outcome = {"ok": False, "error": f"internal error ({type(exc).__name__})", "exit_code": EXIT_INTERNAL}
    finally:
        tmp = job_file.with_name("result.json.tmp")
        tmp.write_text(json.dumps(outcome, default=str))
        os.replace(tmp, job_file.with_name("result.json"))


def _node(context: Context) -> dict:
    nc = context.node_config
    return {"data_file": Path(str(nc["data-file"])), "device_id": str(nc.get("device-id") or nc["data-file"]),
            "role": str(nc.get("role") or "train"),
            "cache_dir": Path(str(nc["cache-dir"])) if nc.get("cache-dir") else None,
            "model": str(nc.get("model") or "")}


def _local(msg: Message, context: Context):
    from .device import load_local

    node, spec = _node(context), wire.job_of(msg)
    if node["model"]:
        model_dir = Path(node["model"])  # resolved when the SuperNode was started
    else:
        from ..model import resolve_model  # imports torch: only for nodes started without a model path

        model_dir = resolve_model(str(spec.get("model") or ""))
    return load_local(node["data_file"], node["cache_dir"], model_dir, spec, str(spec["policy"])), spec, model_dir


@client_app.query()
def register(msg: Message, context: Context) -> Message:
    """The device's pseudonym for this job (keyed hash of its id with the job's salt) and
    role; the device scrubs and embeds its events now (cached), so rounds only train."""
    node = _node(context)
    salt = str(wire.job_of(msg).get("salt", ""))
    if "policy" in wire.job_of(msg):
        _local(msg, context)
    pseudonym = hashlib.sha256(f"{salt}\x00{node['device_id']}".encode()).hexdigest()[:24]
    return wire.device_reply(msg, pseudonym, node["role"])


@client_app.train()
def train(msg: Message, context: Context) -> Message:
    from .device import local_update

    data, spec, model_dir = _local(msg, context)
    return wire.update_reply(msg, local_update(data, wire.params_of(msg), spec, model_dir))


@client_app.evaluate()
def evaluate(msg: Message, context: Context) -> Message:
    from .device import local_accuracy

    data, spec, model_dir = _local(msg, context)
    correct, n = local_accuracy(data, wire.params_of(msg), spec, model_dir)
    return wire.eval_reply(msg, correct, n)
