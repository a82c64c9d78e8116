"""Federated DP fine-tuning on Flower: raw data stays on the devices, each device is the
unit of privacy, the same ledger, audit log and report as a central job.

Modules, in the order a job uses them: ``config`` (FederatedConfig), ``accounting``
(device-level ε: PRV, cross-checked with dp-accounting RDP; Flower's RdpAccountant for
comparison), ``strategy`` (DP-FedAvg: Poisson sampling, clipping, noise, fixed
denominator), ``device`` (scrub with veil_edge's tier, prepare as ``veil train``, embed,
local update: the ClientApp's work), ``wire`` (Flower records), ``server`` (the job on the
server: the central job's reserve/settle phases around the rounds), ``resume`` (the
server's state per round, for a SIGKILLed server), ``records`` (privacy.json, metrics,
model card, audit facts), ``apps`` (the Flower ServerApp and ClientApp), ``deployment``
(SuperLink/SuperNode processes, the hand-written Flower App), ``supernode`` (Flower's
SuperNode with shorter idle sleeps, for loopback), ``local`` (``veil federate`` on one
machine).  Importing this package is cheap: Flower and torch load when a job runs.

May import: ``veil_edge``, ``veil.core``, ``veil.anonymize``, ``veil.audit``, ``veil.trainer``'s own
modules; nothing above it (never the CLI).
"""

from __future__ import annotations

from typing import Any

from .config import UNIT, FederatedConfig

__all__ = ["UNIT", "FederatedConfig", "FederationFailed", "run_local", "server_command", "device_command", "TLS"]


def __getattr__(name: str) -> Any:
    if name in ("run_local", "FederationFailed"):
        from . import local

        return getattr(local, name)
    if name == "TLS":
        from .deployment import TLS

        return TLS
    if name in ("server_command", "device_command"):
        from . import sites

        return getattr(sites, name)
    raise AttributeError(name)
