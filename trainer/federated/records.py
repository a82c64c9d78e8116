"""What a federated job records: ``privacy.json``, ``metrics.json``, the model card and
the facts of its audit entries — the same files a central job writes (so ``veil
predict``, erasure and the report read them unchanged), with device-level wording.

Invariant: every statement about the federated guarantee comes from here; the figures
(ε, z, q, rounds released, dropouts per round) are the ones the server's accounting used,
so anyone can recompute ε from (z, q, rounds, δ) in ``privacy.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .config import UNIT, FederatedConfig
from .strategy import RoundTally

UNIT_STATEMENT = (
    "device: each registered device (one person's phone, one site's store) is one privacy unit; devices are "
    "Poisson-sampled each round and each device's whole model update (over all its local examples and local "
    "epochs) is clipped to the clipping norm before the noisy sum, so the guarantee covers everything one "
    "device contributed"
)

SECAGG_HIDES = (
    "secure aggregation (SecAgg+) hides each device's individual update from the server: the server learns "
    "only the sum of the updates of the devices that completed the protocol"
)
SECAGG_DOES_NOT = (
    "it does NOT hide the sum: the server sees the aggregate before it adds the DP noise, so the DP guarantee, "
    "not SecAgg+, is what protects devices against the server; it does not hide which devices took part, "
    "and it does not protect against a server that colludes with enough devices or lies about the protocol"
)


def limits(cfg: FederatedConfig) -> list[str]:
    out = [
        "the server is trusted to add the noise: it sees each accepted (clipped) update in the clear before adding "
        "it; devices are protected against everyone who sees the model (and the per-round aggregates), not against "
        "the server operator. Secure aggregation (SecAgg+), which would hide individual updates but still not the "
        "sum before noise, is not offered in this version",
        "noise and sampling are drawn from the OS CSPRNG (secrets) through numpy's generator; floating-point "
        "attacks on the Gaussian sampler are not mitigated",
        "the number of registered devices N, the expected devices per round K and the number of rounds are "
        "treated as public; participation counts per round (sampled, answered, dropped) are released in the "
        "audit log outside the guarantee",
        "validation accuracy comes from held-out validation devices that were never trained on; it is NOT "
        "covered by the guarantee",
        "the label set was fixed in advance; the base model and tokenizer are public and not covered (nor at risk)",
        "devices scrub their own events with the job's policy before training; a device that skips the policy "
        "only harms itself, but the guarantee holds for what it sends either way",
    ]
    if cfg.secure_aggregation:
        out += [SECAGG_HIDES, SECAGG_DOES_NOT]
    return out


@dataclass(frozen=True)
class Federation:
    """What the rounds did: the facts privacy.json, metrics.json and the audit share."""

    job_id: str
    noise_multiplier: float
    epsilon: float
    epsilon_rdp: float
    rounds: list[RoundTally]
    validation: dict[str, Any]
    model_hash: str
    policy_hash: str
    trained_parameters: dict[str, Any]
    runtime: str  # "deployment" (SuperLink + SuperNodes)
    seconds: float

    @property
    def released(self) -> int:
        return sum(1 for r in self.rounds if r.released)

    @property
    def dropouts(self) -> int:
        return sum(r.dropped for r in self.rounds)


def _g(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.4g}"


def flower_figures(cfg: FederatedConfig, fed: Federation) -> dict[str, Any]:
    """Flower's RdpAccountant on the same rounds, beside Veil's (comparison only, never charged)."""
    from .accounting import flower_epsilon

    return {**flower_epsilon(fed.noise_multiplier, cfg.devices_per_round, cfg.population, fed.released, cfg.delta),
            "note": "flwr.serverapp.RdpAccountant, for comparison; Veil's epsilon (its own Poisson sampling over "
                    "the registered devices, PRV) is the one charged to the ledger"}


def privacy_record(cfg: FederatedConfig, fed: Federation) -> dict[str, Any]:
    return {
        "job_id": fed.job_id, "topic": cfg.dataset, "unit": UNIT, "unit_of_privacy": UNIT,
        "unit_statement": UNIT_STATEMENT, "epsilon": fed.epsilon, "target_epsilon": cfg.epsilon,
        "delta": cfg.delta, "accountant": cfg.accountant, "epsilon_rdp_check": fed.epsilon_rdp,
        "epsilon_flower": flower_figures(cfg, fed),
        "mechanism": "poisson_subsampled_gaussian (DP-FedAvg, fixed denominator)",
        "noise_multiplier": fed.noise_multiplier, "clipping_norm": cfg.clipping_norm,
        "max_grad_norm": cfg.clipping_norm, "sample_rate": cfg.sample_rate, "population": cfg.population,
        "expected_devices_per_round": cfg.devices_per_round, "rounds": fed.released,
        "rounds_planned": cfg.rounds, "steps": fed.released, "server_learning_rate": cfg.server_lr,
        "dropouts_per_round": [r.dropped for r in fed.rounds],
        "rejected_per_round": [r.rejected for r in fed.rounds],
        "participants_per_round": [r.answered for r in fed.rounds],
        "sampling": "poisson over the registered devices (secrets.SystemRandom), never re-sampled within a round",
        "clipping": "flat, per device update (device and server both clip)",
        "secure_aggregation": cfg.secure_aggregation, "runtime": fed.runtime,
        "local_training": {"epochs": cfg.local_epochs, "learning_rate": cfg.local_lr, "batch": cfg.local_batch,
                           "max_examples_per_device": cfg.max_examples_per_device,
                           "optimizer": "adamw" if cfg.mode == "lora" else "sgd"},
        "device_scrubbing": {"library": "veil_edge", "tier": cfg.device_tier},
        "preparation": {"where": "on each device, within its user(s)", "min_chars": cfg.min_chars,
                        "drop_placeholder_only": cfg.drop_placeholder_only, "dedup": cfg.dedup,
                        "near_duplicate_threshold": cfg.near_duplicate_threshold if cfg.dedup == "user" else None,
                        "shingles": cfg.dedup_shingles if cfg.dedup == "user" else None},
        "training_mode": cfg.mode, "mode": cfg.mode, "lora_rank": cfg.lora_rank,
        "lora_alpha": cfg.lora_alpha if cfg.lora_rank else None, "pooling": cfg.pooling, "base_model": cfg.model,
        "trained_parameters": fed.trained_parameters, "text_field": cfg.text_field,
        "label_field": cfg.label_field, "labels": cfg.label_set, "policy_hash": fed.policy_hash,
        # the same key a central job writes, so `veil serve` checks its policy against it
        "policy_hashes": [fed.policy_hash],
        "model_hash": fed.model_hash, "snapshot_files": [], "limits": limits(cfg),
    }


def metrics_record(cfg: FederatedConfig, fed: Federation) -> dict[str, Any]:
    return {
        "job_id": fed.job_id, "accuracy": fed.validation.get("accuracy"), "validation": fed.validation,
        "rounds": [r.as_dict() for r in fed.rounds], "seconds": round(fed.seconds, 2),
        "seconds_per_round": round(sum(r.seconds for r in fed.rounds) / max(1, len(fed.rounds)), 3),
        "bytes_per_update": fed.trained_parameters.get("update_bytes"),
        # the global model down, the update up: the same arrays, float32
        "bytes_per_device_per_round": 2 * int(fed.trained_parameters.get("update_bytes") or 0),
        "training_mode": cfg.mode, "mode": cfg.mode, "lora_rank": cfg.lora_rank,
        "note": "metrics describe held-out validation devices and are not covered by the DP guarantee",
    }


def round_facts(job_id: str, tally: RoundTally, epsilon: float) -> dict[str, Any]:
    """The ``federated_round`` audit entry: counts only, never which device."""
    return {"job_id": job_id, "round": tally.round, "sampled": tally.sampled, "answered": tally.answered,
            "dropped": tally.dropped, "rejected": tally.rejected, "clipped_by_server": tally.clipped_by_server,
            "released": tally.released, "epsilon": epsilon, "seconds": round(tally.seconds, 3)}


def job_facts(cfg: FederatedConfig, fed: Federation, out: str) -> dict[str, Any]:
    """The ``federated_job`` audit entry: the final guarantee and how it was reached."""
    return {"job_id": fed.job_id, "topic": cfg.dataset, "unit": UNIT, "epsilon": fed.epsilon,
            "epsilon_rdp_check": fed.epsilon_rdp, "target_epsilon": cfg.epsilon, "delta": cfg.delta,
            "accountant": cfg.accountant, "noise_multiplier": fed.noise_multiplier,
            "clipping_norm": cfg.clipping_norm, "sample_rate": cfg.sample_rate, "population": cfg.population,
            "devices_per_round": cfg.devices_per_round, "rounds_planned": cfg.rounds,
            "rounds_released": fed.released, "dropouts": fed.dropouts,
            "rejected": sum(r.rejected for r in fed.rounds), "secure_aggregation": cfg.secure_aggregation,
            "runtime": fed.runtime, "policy_hash": fed.policy_hash, "model_hash": fed.model_hash, "out": out}


def _trained_what(privacy: dict[str, Any]) -> str:
    tp = privacy.get("trained_parameters") or {}
    if privacy.get("mode") == "lora":
        return (f"LoRA adapters of rank {privacy['lora_rank']} on {tp.get('lora_targets', 'query,value')} of every "
                f"layer plus the linear head ({tp.get('trainable_params', 0):,} parameters; the adapters are merged "
                f"into the saved weights, an ordinary checkpoint)")
    return f"the linear classifier head ({tp.get('trainable_params', 0):,} parameters, on frozen features)"


def _bytes(n: Any) -> str:
    return "n/a" if not n else f"{int(n):,} bytes ({int(n) / 1024:.1f} KiB)"


def model_card(privacy: dict[str, Any], metrics: dict[str, Any]) -> str:
    eps, delta = privacy["epsilon"], privacy["delta"]
    acc = metrics.get("accuracy")
    acc_s = f"{acc:.3f}" if isinstance(acc, float) else "n/a"
    drops = privacy["dropouts_per_round"]
    lines = [
        f"# Veil federated DP model: {privacy['topic']} / {privacy['label_field']}",
        "",
        f"Trained with DP-FedAvg on Flower ({privacy['runtime']} runtime) from `{privacy['base_model']}`: the raw "
        f"events stayed on the devices, each device scrubbed them with the job's policy "
        f"(`{privacy['policy_hash'][:16]}…`, veil_edge {privacy['device_scrubbing']['tier']} tier), prepared them as "
        f"`veil train` does (dedup `{privacy['preparation']['dedup']}`, min {privacy['preparation']['min_chars']} "
        f"characters) and sent only a clipped update of {_trained_what(privacy)}. Job `{privacy['job_id']}`.",
        "",
        f"Traffic per sampled device per round: {_bytes(metrics.get('bytes_per_update'))} down (the global "
        f"parameters) and the same up (its update).",
        "",
        "## Privacy guarantee",
        "",
        f"This model is ({eps:.3g}, {delta:.3g})-differentially private with respect to **one device**: "
        f"everything one device contributed. Whether or not a device took part, the probability of any outcome "
        f"changes by at most a factor e^{eps:.3g}, except with probability {delta:.3g}.",
        "",
        f"- accountant: {privacy['accountant']} (target ε {privacy['target_epsilon']}, spent {eps:.4g}); "
        f"dp-accounting RDP cross-check: {privacy['epsilon_rdp_check']:.4g}; Flower's RdpAccountant, for "
        f"comparison: {_g(privacy['epsilon_flower']['poisson'])} with Poisson sampling, "
        f"{_g(privacy['epsilon_flower']['no_amplification'])} without sampling amplification",
        f"- noise multiplier z = {privacy['noise_multiplier']:.4g}, clipping norm C = {privacy['clipping_norm']}",
        f"- Poisson sampling rate q = {privacy['sample_rate']:.4g} ({privacy['expected_devices_per_round']:g} "
        f"expected of {privacy['population']} registered devices), rounds released: {privacy['rounds']} "
        f"of {privacy['rounds_planned']}",
        f"- dropouts per round: {drops} (never re-sampled; the fixed denominator keeps ε unchanged)",
        f"- secure aggregation: {'SecAgg+ (see Limits for what it does and does not hide)' if privacy['secure_aggregation'] else 'off: the server sees each clipped update before adding noise'}",
        "",
        "### Limits",
        "",
        *[f"- {x}" for x in privacy["limits"]],
        "",
        "## Metrics (not covered by the guarantee)",
        "",
        f"Validation accuracy on {metrics.get('validation', {}).get('n', 0)} examples of held-out validation "
        f"devices (never trained on): {acc_s}.",
        "",
        "## Labels",
        "",
        ", ".join(f"`{label}`" for label in privacy["labels"]),
        "",
    ]
    return "\n".join(lines)
