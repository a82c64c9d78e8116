"""``--compare-non-private``: the same model trained on the same training users *without*
differential privacy, evaluated on the same held-out users — what the guarantee costs.

Invariant: this run is a measurement, never a release.  Its model is discarded, nothing
of it is published, and its figures are marked as using the data without a guarantee
(as held-out validation already is).  It runs as many optimizer steps, over batches of the
DP run's expected size, with the same optimizer and learning rate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import torch
import torch.nn.functional as F

from . import features
from .data import pad_batch
from .loop import evaluate, full_forward

if TYPE_CHECKING:  # pragma: no cover
    from .config import TrainConfig
    from .privacy import Mechanism

STATEMENT = ("trained on the same training users WITHOUT differential privacy, for comparison only, with the DP run's "
             "optimizer, learning rate and number of steps (not tuned for non-private training): it used the data "
             "without any guarantee, its model was discarded and never published")


def train_and_evaluate(cfg: "TrainConfig", model: torch.nn.Module, data: Any, mechanism: "Mechanism") -> dict[str, Any]:
    """Train ``model`` (fresh from the base model) non-privately and evaluate it."""
    encoded = data.train_encoded
    forward = full_forward(model)
    if cfg.mode != "lora" and features.supported(model) and encoded and all(e.hidden is not None for e in encoded):
        cache = features.FrozenPrefixCache(model, cfg.train_layers)  # the DP run's cache: same frozen layers
        forward = lambda b: cache.head(b["hidden"], b["attention_mask"])  # noqa: E731
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=0.0)
    batch = max(1, round(len(encoded) * mechanism.sample_rate))
    generator = torch.Generator().manual_seed(cfg.seed)
    device = params[0].device
    model.train()
    for _ in range(mechanism.steps):
        idx = torch.randint(len(encoded), (batch,), generator=generator).tolist()
        b = {k: v.to(device) for k, v in pad_batch([encoded[i] for i in idx], data.pad_id).items()}
        optimizer.zero_grad(set_to_none=True)
        F.cross_entropy(forward(b), b["labels"]).backward()
        optimizer.step()
    validation = evaluate(model, data.val_encoded, data.pad_id, train_labels=[e.label for e in encoded],
                          labels=data.labels)
    return {"guarantee": None, "statement": STATEMENT, "steps": mechanism.steps, "batch_size": batch,
            "validation": validation}
