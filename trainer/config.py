"""Job description (:class:`TrainConfig`) and job outcome (:class:`TrainResult`)."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from veil.core.errors import EXIT_REFUSED, VeilError
from veil.core.settings import DEFAULT_BASE_MODEL

from .accountants import DEFAULT_ACCOUNTANT, check_accountant

POOLINGS = ("mean", "cls")
PRIVACY_UNITS = ("user", "event")


class TrainingError(VeilError):
    """A job that cannot run as described (bad field, too little data, unknown model)."""


class BudgetRefused(TrainingError):
    """The ledger refused to reserve the job's (epsilon, delta); ``str(exc)`` is one line."""

    exit_code = EXIT_REFUSED


# Default AdamW learning rates of head-only training, by pooling (chosen on demo reviews,
# benchmarks/README.md "Training"; a unit-norm feature needs a larger step than the pooler's).
HEAD_LR = {"mean": 0.1, "cls": 0.02}
# LoRA adapters + head (one AdamW learning rate for both): 0.01 reached 1.000 at ε=3 on demo reviews.
LORA_LR = 0.01

THRESHOLD_OPS = (">=", "<=", "==", "!=", ">", "<")
POSITIVE, NEGATIVE = "positive", "negative"


def parse_threshold(text: str) -> tuple[str, float | str]:
    """``">=4"`` → ``(">=", 4.0)``; ``"==yes"`` → ``("==", "yes")`` (strings: == and != only)."""
    t = text.strip()
    for op in THRESHOLD_OPS:
        if t.startswith(op):
            raw = t[len(op):].strip()
            if not raw:
                break
            try:
                return op, float(raw)
            except ValueError:
                if op in ("==", "!="):
                    return op, raw
                raise TrainingError(f"--positive-if {text!r}: {op} needs a number") from None
    raise TrainingError(f"--positive-if {text!r}: expected an operator ({', '.join(THRESHOLD_OPS)}) and a value, e.g. '>=4'")


@dataclass
class TrainConfig:
    store: str
    topic: str
    text_field: str
    label_field: str
    epsilon: float
    delta: float
    out: str
    # Defaults suit the demo (a few hundred users, ~2,000 short texts, ε≈4): with user-level
    # units there are few units, so several epochs of large Poisson batches work best.
    epochs: int = 10
    batch_size: int = 64  # expected privacy units (users or events) per step
    max_examples_per_user: int = 8
    model: str = DEFAULT_BASE_MODEL
    max_length: int = 64
    learning_rate: float | None = None  # None: per mode (HEAD_LR, LORA_LR; 2e-3 for encoder layers), AdamW
    # Per-unit clipping norm C.  Small enough that nearly every unit's gradient is clipped
    # (DP-SGD then averages unit *directions*, and noise σC shrinks with C): 0.1 gave
    # 0.975 vs 1.0's 0.93 validation accuracy at ε=3 on demo reviews (benchmarks/README.md).
    max_grad_norm: float = 0.1
    accountant: str = DEFAULT_ACCOUNTANT  # a name in accountants.ACCOUNTANTS
    privacy_unit: str = "user"
    seed: int = 0
    validation_fraction: float = 0.2
    # How many of the top transformer layers are trained (embeddings and the rest stay frozen).
    train_layers: int = 0
    # With train_layers=0: also train the pooler (True) or only the classifier (False); cls pooling only.
    train_pooler: bool = True
    # "mean": masked mean of the last hidden states, L2-normalised, into a linear classifier
    # (how sentence-transformers models are trained: good features, few parameters, least
    # DP noise).  "cls": Hugging Face's first token → pooler → classifier.
    pooling: str = "mean"
    # > 0: freeze the whole backbone and train LoRA adapters of this rank (query/value of every
    # layer) plus the head, with per-sample gradients through the full forward (no cache).
    lora_rank: int = 0
    lora_alpha: float | None = None  # None: 2 x rank
    # Fixed label set; None derives it from the snapshot (a data-dependent release, see privacy.json).
    labels: list[str] | None = None
    # Examples per forward/backward pass inside one step (memory vs speed; None: auto,
    # 512 when only the head trains, else 64).  Never changes what is clipped or sampled.
    micro_batch: int | None = None
    # Run the frozen embeddings/lower layers once per example instead of at every step.
    cache_frozen: bool = True
    device: str = "auto"  # "cpu", "cuda", or "auto" (CUDA when available)
    progress: bool = True
    job_id: str | None = None
    # Empirical privacy audit in the same run (trainer/privacy_audit.py): None (off), True, a
    # number of canaries, or a privacy_audit.AuditConfig / dict of its fields.
    audit: Any = None
    # Binary labels from a threshold on the label field, e.g. ">=4" (rating >= 4 → "positive",
    # else "negative"); the label set is then fixed in advance (not derived from the data).
    positive_if: str | None = None
    # Write a checkpoint (OUT/.checkpoint/) every N DP steps; 0 disables checkpoints.
    checkpoint_every: int = 20
    # True: a checkpoint of this job must exist in OUT/.checkpoint and is resumed.  False:
    # resumed when one for the same config exists, else a fresh job starts.
    resume: bool = False
    # OUT already holds a model: False refuses the job before anything is read or reserved;
    # True replaces that model (atomically, when the new one is published) and records which.
    overwrite: bool = False
    # Preparing the data (trainer/prepare.py), within each user, before the per-user cap:
    # cleaning rules (trainer/cleaning.py) ...
    min_chars: int = 3  # texts with fewer non-space characters (placeholders aside) are removed
    drop_placeholder_only: bool = True  # texts that are only placeholders after scrubbing are removed
    # ... then duplicates: "user" (exact + near-duplicates within each user), "exact", "off"
    dedup: str = "user"
    near_duplicate_threshold: float = 0.7  # Jaccard similarity of character 5-gram sets (benchmarks/README.md)
    dedup_shingles: str = "char5"  # benchmarks/dedup_shingles.py: word shingles miss near-duplicates of short texts
    # A fixed reference file (one text per line): a user's text matching one is removed.  The
    # only cross-user deduplication; its SHA-256 is recorded with the job and in the ledger.
    dedup_reference: str | None = None
    # Also train the same model WITHOUT DP on the same split, for comparison (trainer/nonprivate.py):
    # its figures go into metrics.json, marked as using the data without a guarantee; never published.
    compare_non_private: bool = False
    # TensorBoard event files (loss, epsilon so far, learning rate, validation metrics): "auto"
    # writes them to OUT/tensorboard/ (published with the model), a path writes them there, None: off.
    tensorboard: str | None = "auto"

    def validate(self) -> None:
        _check_types(self)
        if not (self.epsilon > 0):
            raise TrainingError("epsilon must be > 0")
        if not (0 < self.delta < 1):
            raise TrainingError("delta must be in (0, 1)")
        check_accountant(self.accountant)
        if self.privacy_unit not in PRIVACY_UNITS:
            raise TrainingError(f"privacy unit must be one of {', '.join(PRIVACY_UNITS)}")
        if self.epochs < 1 or self.batch_size < 1 or self.max_examples_per_user < 1:
            raise TrainingError("epochs, batch size and max examples per user must be >= 1")
        if self.max_length < 8:
            raise TrainingError("max length must be >= 8")
        if not (0 <= self.validation_fraction < 1):
            raise TrainingError("validation fraction must be in [0, 1)")
        if self.max_grad_norm <= 0 or (self.learning_rate is not None and self.learning_rate <= 0):
            raise TrainingError("max grad norm and learning rate must be > 0")
        if self.train_layers < 0:
            raise TrainingError("train layers must be >= 0")
        if self.pooling not in POOLINGS:
            raise TrainingError(f"pooling must be one of {', '.join(POOLINGS)}")
        if self.lora_rank < 0:
            raise TrainingError("LoRA rank must be >= 0")
        if self.lora_rank and self.train_layers:
            raise TrainingError("LoRA trains adapters on a frozen backbone: use either --lora-rank or --train-layers")
        if self.checkpoint_every < 0:
            raise TrainingError("checkpoint every must be >= 0")
        if self.positive_if is not None:
            parse_threshold(self.positive_if)  # raises TrainingError
        self._validate_preparation()

    def _validate_preparation(self) -> None:
        from .dedup import SHINGLES
        from .prepare import DEDUP_MODES

        if self.dedup not in DEDUP_MODES:
            raise TrainingError(f"dedup must be one of {', '.join(DEDUP_MODES)}")
        if not (0 < self.near_duplicate_threshold <= 1):
            raise TrainingError("near-duplicate threshold must be in (0, 1]")
        if self.dedup_shingles not in SHINGLES:
            raise TrainingError(f"dedup shingles must be one of {', '.join(SHINGLES)}")
        if self.min_chars < 0:
            raise TrainingError("min chars must be >= 0")
        if self.dedup_reference is not None and not Path(self.dedup_reference).is_file():
            raise TrainingError(f"--dedup-reference {self.dedup_reference} is not a file: give a UTF-8 text file, "
                                f"one reference text per line")

    @property
    def mode(self) -> str:
        """What trains under DP: "head" (cached features), "lora" or "layers" (top layers)."""
        if self.lora_rank:
            return "lora"
        return "layers" if self.train_layers else "head"

    @property
    def lr(self) -> float:
        if self.learning_rate is not None:
            return self.learning_rate
        return {"head": HEAD_LR[self.pooling], "lora": LORA_LR, "layers": 2e-3}[self.mode]

    @property
    def micro(self) -> int:
        if self.micro_batch is not None:
            return max(1, self.micro_batch)
        return 512 if self.mode == "head" else 64

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_TYPES: dict[str, tuple[type, ...]] = {"str": (str, os.PathLike), "float": (int, float), "int": (int,),
                                       "bool": (bool,), "list[str]": (list, tuple)}
_TYPE_WORDS = {"str": "a string", "float": "a number", "int": "an integer", "bool": "true or false",
               "list[str]": "a list of strings"}


def _check_types(cfg: TrainConfig) -> None:
    """Config files and callers can pass any value: refuse a wrong type by the field's name
    (rather than a TypeError deep inside the job).  Types are read from the annotations."""
    for f in fields(cfg):
        kind = str(f.type).split("|")[0].strip()
        value = getattr(cfg, f.name)
        if kind not in _TYPES or (value is None and "None" in str(f.type)):
            continue
        ok = isinstance(value, _TYPES[kind]) and (kind == "bool" or not isinstance(value, bool))
        if ok and kind == "list[str]":
            ok = all(isinstance(v, str) for v in value)
        if not ok:
            raise TrainingError(f"{f.name} must be {_TYPE_WORDS[kind]}, got {type(value).__name__}")


@dataclass
class TrainResult:
    job_id: str
    out: Path
    epsilon: float  # spent, from the accountant
    delta: float
    target_epsilon: float
    noise_multiplier: float
    sample_rate: float
    steps: int
    privacy_unit: str
    accountant: str
    snapshot_hash: str
    model_hash: str
    metrics: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
