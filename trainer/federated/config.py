"""A federated job's description (:class:`FederatedConfig`) and its outcome.

Invariant: everything the server and the devices must agree on is in the config, which
travels to the ServerApp as one JSON file (``job.json``); the devices receive only the
fields they need for local training (:meth:`FederatedConfig.device_fields`), never the
home, the ledger or another device's data location.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from veil.core.settings import DEFAULT_BASE_MODEL

from ..accountants import DEFAULT_ACCOUNTANT, check_accountant
from ..config import LORA_LR, POOLINGS, TrainConfig, TrainingError, parse_threshold

UNIT = "device"
HEAD_LOCAL_LR = 0.5  # device-side SGD of the linear head (numpy, cached features)
DEVICE_TIERS = ("lite", "full")  # veil_edge's tiers (trainer/federated/device.py)
_TRAIN = {f.name: f.default for f in fields(TrainConfig)}  # `veil train`'s preparation defaults


@dataclass
class FederatedConfig:
    dataset: str  # the ledger's dataset (topic) name the budget is drawn from
    text_field: str
    label_field: str
    epsilon: float
    delta: float
    rounds: int  # T: rounds planned (each one noisy aggregate)
    devices_per_round: float  # K: expected devices per round (q = K / population)
    out: str
    population: int = 0  # N: registered devices sampled from (set from the device registry)
    labels: list[str] | None = None  # fixed in advance: the server never reads device data
    positive_if: str | None = None
    policy: str | None = None  # anonymisation policy each device scrubs with (None: the default)
    model: str = DEFAULT_BASE_MODEL
    pooling: str = "mean"
    max_length: int = 64
    max_examples_per_device: int = 64
    clipping_norm: float = 0.5  # C: per-device update clipping norm (L2, over the trained parameters)
    noise_multiplier: float | None = None  # z: None plans it from (ε, δ, q, T)
    server_lr: float = 1.0  # the server applies server_lr x the noisy mean update
    local_epochs: int = 5
    local_lr: float | None = None  # device-side learning rate; None: HEAD_LOCAL_LR (SGD) or LORA_LR (AdamW)
    local_batch: int = 16
    accountant: str = DEFAULT_ACCOUNTANT
    round_timeout: float = 120.0  # seconds a round waits for sampled devices; later answers are dropouts
    connect_timeout: float = 120.0  # seconds to wait for the registered devices to connect
    max_update_bytes: int = 4_000_000  # larger updates are rejected (counted), the round goes on
    secure_aggregation: bool = False
    device_tier: str = "lite"  # veil_edge tier each device scrubs with: lite (no NLP) or full (Presidio + spaCy)
    # the device's data preparation, as `veil train`'s (trainer/prepare.py), applied on the device
    min_chars: int = _TRAIN["min_chars"]
    drop_placeholder_only: bool = _TRAIN["drop_placeholder_only"]
    dedup: str = _TRAIN["dedup"]
    near_duplicate_threshold: float = _TRAIN["near_duplicate_threshold"]
    dedup_shingles: str = _TRAIN["dedup_shingles"]
    # > 0: devices train LoRA adapters of this rank (query/value of every layer) + the head, as
    # `veil train --lora-rank`; 0: the linear head on cached frozen features
    lora_rank: int = 0
    lora_alpha: float | None = None  # None: 2 x rank
    job_id: str | None = None
    overwrite: bool = False
    validation_devices: list[str] = field(default_factory=list)  # pseudonyms evaluated at the end, never trained

    def __post_init__(self) -> None:
        if self.local_lr is None:
            self.local_lr = LORA_LR if self.lora_rank else HEAD_LOCAL_LR
        if self.lora_rank and self.lora_alpha is None:
            self.lora_alpha = 2.0 * self.lora_rank

    @property
    def mode(self) -> str:
        """What the devices train: "head" (cached features) or "lora" (adapters + head)."""
        return "lora" if self.lora_rank else "head"

    def validate(self) -> None:
        if not (self.epsilon > 0) or not (0 < self.delta < 1):
            raise TrainingError("epsilon must be > 0 and delta in (0, 1)")
        if self.rounds < 1:
            raise TrainingError("--rounds must be >= 1")
        if not (self.devices_per_round > 0):
            raise TrainingError("--devices-per-round must be > 0")
        if self.population and self.devices_per_round > self.population:
            raise TrainingError(f"--devices-per-round {self.devices_per_round:g} exceeds the {self.population} "
                                f"registered devices")
        if self.clipping_norm <= 0 or self.server_lr <= 0 or self.local_lr <= 0:
            raise TrainingError("clipping norm and learning rates must be > 0")
        if self.noise_multiplier is not None and self.noise_multiplier < 0:
            raise TrainingError("noise multiplier must be >= 0")
        if self.local_epochs < 1 or self.local_batch < 1 or self.max_examples_per_device < 1:
            raise TrainingError("local epochs, local batch and max examples per device must be >= 1")
        if self.pooling not in POOLINGS:
            raise TrainingError(f"pooling must be one of {', '.join(POOLINGS)}")
        check_accountant(self.accountant)
        if self.positive_if is not None:
            parse_threshold(self.positive_if)
        elif not self.labels or len(self.labels) < 2:
            raise TrainingError("a federated job needs its label set in advance (--labels a,b or --positive-if): "
                                "the server never sees device data")
        self._validate_preparation()
        if self.lora_rank < 0 or (self.lora_rank and not (self.lora_alpha and self.lora_alpha > 0)):
            raise TrainingError("--lora-rank must be >= 0 and --lora-alpha > 0")
        if self.secure_aggregation and self.devices_per_round < 3:
            raise TrainingError("--secure-aggregation (SecAgg+) needs at least 3 devices per round")

    def _validate_preparation(self) -> None:
        from ..dedup import SHINGLES
        from ..prepare import DEDUP_MODES

        if self.device_tier not in DEVICE_TIERS:
            raise TrainingError(f"--device-tier must be one of {', '.join(DEVICE_TIERS)}")
        if self.min_chars < 0:
            raise TrainingError("--min-chars must be >= 0")
        if self.dedup not in DEDUP_MODES:
            raise TrainingError(f"--dedup must be one of {', '.join(DEDUP_MODES)}")
        if not (0 < self.near_duplicate_threshold <= 1):
            raise TrainingError("--near-duplicate-threshold must be in (0, 1]")
        if self.dedup_shingles not in SHINGLES:
            raise TrainingError(f"--dedup-shingles must be one of {', '.join(SHINGLES)}")

    @property
    def sample_rate(self) -> float:
        return self.devices_per_round / self.population if self.population else 0.0

    @property
    def label_set(self) -> list[str]:
        from ..config import NEGATIVE, POSITIVE

        return [NEGATIVE, POSITIVE] if self.positive_if else list(self.labels or [])

    def device_fields(self) -> dict[str, Any]:
        """What a device needs for local training (sent in every round's message)."""
        return {"text_field": self.text_field, "label_field": self.label_field,
                "positive_if": self.positive_if or "", "labels": json.dumps(self.label_set),
                "pooling": self.pooling, "max_length": self.max_length,
                "max_examples": self.max_examples_per_device, "clipping_norm": self.clipping_norm,
                "model": self.model, "local_epochs": self.local_epochs, "local_lr": self.local_lr,
                "local_batch": self.local_batch, "tier": self.device_tier, "min_chars": self.min_chars,
                "drop_placeholder_only": self.drop_placeholder_only, "dedup": self.dedup,
                "near_duplicate_threshold": self.near_duplicate_threshold, "dedup_shingles": self.dedup_shingles,
                "mode": self.mode, "lora_rank": self.lora_rank, "lora_alpha": float(self.lora_alpha or 0.0)}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "FederatedConfig":
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise TrainingError(f"federated job file has unknown fields: {', '.join(unknown)}")
        return cls(**data)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), indent=2) + "\n")

    @classmethod
    def load(cls, path: Path) -> "FederatedConfig":
        return cls.from_dict(json.loads(Path(path).read_text()))
