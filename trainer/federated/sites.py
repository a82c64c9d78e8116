"""Real sites: ``veil federate server`` (the SuperLink and Veil's ServerApp, on the host
that holds the ledger) and ``veil federate device`` (one SuperNode beside one device's
data).  ``deploy/`` shows them as compose services and Kubernetes objects.

Invariant: the server never reads device data (it has none); a device never reads the
ledger or another device's data; both run Flower with runtime dependency installation
disabled.  Without TLS files both refuse unless told ``--insecure`` (loopback and tests).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from . import resume
from .config import FederatedConfig
from .deployment import TLS, Deployment, supernode_argv, wait_result, write_app
from .local import FederationFailed


def server_command(cfg: FederatedConfig, home: "Path | str | None", workdir: Path, *, host: str, port: int,
                   tls_files: tuple[str, str, str] | None) -> dict[str, Any]:
    """Start the SuperLink on ``host:port``, submit the job, wait for devices and rounds.
    ``tls_files``: (certificate, key, CA certificate) of the SuperLink, or None (insecure)."""
    from .server import open_job

    tls = TLS(*(Path(f) for f in tls_files)) if tls_files else None

    if cfg.population < 1:
        raise FederationFailed("--population must be >= 1 (the number of registered devices)", 2)
    from veil.core.settings import Home

    cfg.validate()
    home = Home.resolve(home)  # created only once the config and the devices are known good
    saved = resume.load(workdir.resolve(), cfg)  # a killed server's state: its job continues
    open_job(cfg, home, resume_id=saved[0].job_id if saved else None)  # early refusals
    deployment = Deployment(workdir.resolve())
    try:
        workdir.mkdir(parents=True, exist_ok=True)
        job_file = deployment.workdir / "job.json"
        result = job_file.with_name("result.json")
        result.unlink(missing_ok=True)
        cfg.save(job_file)
        app = write_app(deployment.workdir)
        deployment.start_superlink(host=host, port=port, tls=tls)
        deployment.submit(app, job_file, home.root)
        timeout = cfg.connect_timeout + cfg.rounds * (cfg.round_timeout + 30) + 300
        outcome = wait_result(result, deployment, timeout)
    finally:
        deployment.close()
    if not outcome.get("ok"):
        raise FederationFailed(str(outcome.get("error")), int(outcome.get("exit_code") or 70))
    return outcome


def device_command(superlink: str, data: Path, device_id: str, *, role: str, model: str, cache_dir: Path | None,
                   root_certificates: Path | None, api_port: int) -> int:
    """Run one SuperNode in the foreground for this device until it is stopped."""
    import os
    from functools import partial

    from ..model import resolve_model
    from .deployment import _die_with_parent, _stop

    config = {"data-file": str(data.resolve()), "device-id": device_id, "role": role,
              "model": str(resolve_model(model))}
    if cache_dir is not None:
        config["cache-dir"] = str(cache_dir.resolve())
    # its own session (a terminal's Ctrl-C reaches this process, which stops it); SIGTERM when
    # this process dies however it dies (a SIGTERM'd `veil federate device` runs no finally)
    proc = subprocess.Popen(supernode_argv(superlink, config, api_port, root_certificates), start_new_session=True,
                            preexec_fn=partial(_die_with_parent, os.getpid()))
    try:
        return proc.wait()
    finally:
        if proc.poll() is None:
            _stop(proc)
