"""The DP training loop and held-out evaluation."""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import torch
import torch.nn.functional as F
from torch import nn

from .data import Encoded, pad_batch
from .privacy import PrivateTraining, aggregate_per_unit, empty_step, trainable_params


Forward = Callable[[dict], torch.Tensor]  # batch (input_ids, attention_mask[, hidden]) -> logits


@dataclass
class LoopStats:
    steps: int = 0
    empty_steps: int = 0
    examples_seen: int = 0
    losses: list[float] = field(default_factory=list)

    @property
    def train_loss(self) -> float | None:
        tail = [x for x in self.losses[-50:] if not math.isnan(x)]
        return sum(tail) / len(tail) if tail else None


def train(
    pt: PrivateTraining,
    *,
    epochs: int,
    delta: float,
    progress: bool = True,
    micro_batch: int = 64,
    forward: Forward | None = None,
    desc: str = "dp-train",
    start_step: int = 0,
    losses: list[float] | None = None,
    on_step: Callable[[LoopStats], None] | None = None,
) -> LoopStats:
    """Runs ``epochs`` passes of the Poisson-sampled loader.  Every loader batch is one
    DP step (empty batches included: noise only), so the accountant's step count is exact.

    A resumed job passes ``start_step`` (steps already run and accounted) and runs only the
    rest: every step samples independently, so where an "epoch" starts does not matter.
    ``on_step(stats)`` runs after every step (checkpoints)."""
    from tqdm.auto import tqdm

    model, optimizer = pt.model, pt.optimizer
    params = trainable_params(model)
    stats = LoopStats(steps=start_step, losses=list(losses or []))
    total = epochs * len(pt.loader)
    bar = tqdm(total=total, initial=start_step, desc=desc, disable=not progress, unit="step",
               dynamic_ncols=True, leave=False)
    model.train()
    last_shown = time.monotonic()
    try:
        while stats.steps < total:
            for batch in pt.loader:
                if stats.steps >= total:
                    break
                optimizer.zero_grad(set_to_none=True)
                if not isinstance(batch, dict) or batch["input_ids"].shape[0] == 0:
                    empty_step(params)
                    optimizer.step()
                    stats.empty_steps += 1
                    loss_value = float("nan")
                else:
                    device = params[0].device
                    batch = {k: v.to(device) for k, v in batch.items()}
                    loss_value = _unit_step(model, params, batch, micro_batch, forward)
                    optimizer.step()
                    stats.examples_seen += int(batch["input_ids"].shape[0])
                stats.steps += 1
                stats.losses.append(loss_value)
                now = time.monotonic()
                if progress and (now - last_shown >= 3.0 or stats.steps == total):
                    # The accountant's epsilon costs ~0.1-0.5 s (PRV): at most every 3 seconds.
                    bar.set_postfix(loss=f"{stats.train_loss or float('nan'):.3f}", eps=f"{pt.epsilon(delta):.2f}")
                    last_shown = time.monotonic()
                bar.update(1)
                if on_step is not None:
                    on_step(stats)
    finally:
        bar.close()
        optimizer.zero_grad(set_to_none=True)
    return stats


def _chunks(unit_index: torch.Tensor, micro_batch: int) -> list[tuple[int, int, int, int]]:
    """Split a flattened batch into runs of whole units of at most ``micro_batch`` examples
    (a larger unit gets a run of its own): [(ex_start, ex_end, unit_start, unit_end)]."""
    bounds = [0] + [i for i in range(1, len(unit_index)) if unit_index[i] != unit_index[i - 1]] + [len(unit_index)]
    out: list[tuple[int, int, int, int]] = []
    start, u0 = 0, 0
    for b in range(1, len(bounds)):
        end = bounds[b]
        if end - start > micro_batch and bounds[b - 1] > start:
            cut = bounds[b - 1]
            u1 = int(unit_index[cut - 1]) + 1
            out.append((start, cut, u0, u1))
            start, u0 = cut, u1
    out.append((start, len(unit_index), u0, int(unit_index[-1]) + 1))
    return out


def full_forward(model: nn.Module) -> Forward:
    from .model import classify

    return lambda b: classify(model, b["input_ids"], b["attention_mask"])


def _unit_step(model: nn.Module, params: list, batch: dict, micro_batch: int, forward: Forward | None = None) -> float:
    """Forward/backward in micro-batches of whole units; leaves one gradient row per unit
    in ``p.grad_sample`` (each row: the gradient of that unit's mean loss)."""
    forward = forward or full_forward(model)
    n_units = int(batch["n_units"][0])
    unit_index = batch["unit_index"].cpu()
    stash: dict[int, list[torch.Tensor]] = {id(p): [] for p in params}
    loss_sum = 0.0
    for ex0, ex1, u0, u1 in _chunks(unit_index, micro_batch):
        part = {k: batch[k][ex0:ex1] for k in ("input_ids", "attention_mask", "hidden") if k in batch}
        per_example = F.cross_entropy(forward(part), batch["labels"][ex0:ex1], reduction="none")
        # Sum over units of each unit's mean loss: a unit's gradient is the average over
        # its examples, whatever its size.
        loss = (per_example / batch["unit_size"][ex0:ex1]).sum()
        with warnings.catch_warnings():
            # Frozen lower layers: no input needs a gradient, which is what we want.
            warnings.filterwarnings("ignore", message=".*Full backward hook is firing.*")
            loss.backward()
        aggregate_per_unit(params, batch["unit_index"][ex0:ex1] - u0, u1 - u0)
        for p in params:
            stash[id(p)].append(p.grad_sample)
            p.grad_sample = None
        loss_sum += float(per_example.detach().sum())
    for p in params:
        rows = stash[id(p)]
        p.grad_sample = rows[0] if len(rows) == 1 else torch.cat(rows, 0)
        assert p.grad_sample.shape[0] == n_units
    return loss_sum / max(1, int(batch["input_ids"].shape[0]))


@torch.no_grad()
def predict_encoded(model: nn.Module, encoded: list[Encoded], pad_id: int,
                    batch_size: int = 64) -> tuple[list[list[float]], float]:
    """Class probabilities of each example, and the summed cross-entropy loss."""
    from .model import classify

    model.eval()
    probs: list[list[float]] = []
    loss_sum = 0.0
    device = next(model.parameters()).device
    for start in range(0, len(encoded), batch_size):
        batch = pad_batch(encoded[start : start + batch_size], pad_id)
        batch = {k: v.to(device) for k, v in batch.items()}
        logits = classify(model, batch["input_ids"], batch["attention_mask"])
        loss_sum += float(F.cross_entropy(logits, batch["labels"], reduction="sum"))
        probs.extend(torch.softmax(logits.float(), -1).cpu().tolist())
    return probs, loss_sum


def evaluate(model: nn.Module, encoded: list[Encoded], pad_id: int, batch_size: int = 64,
             train_labels: list[int] | None = None, labels: list[str] | None = None) -> dict[str, Any]:
    """Held-out accuracy and loss; with ``labels`` also the full classification report
    (:func:`.metrics.classification_report`: per class, macro, confusion, ROC-AUC, baseline)."""
    from .metrics import classification_report

    if not encoded:
        return {"accuracy": None, "loss": None, "n": 0}
    probs, loss_sum = predict_encoded(model, encoded, pad_id, batch_size)
    y_true = [e.label for e in encoded]
    correct = sum(max(range(len(p)), key=lambda j: p[j]) == t for p, t in zip(probs, y_true))
    out: dict[str, Any] = {"accuracy": correct / len(encoded), "loss": loss_sum / len(encoded), "n": len(encoded)}
    if labels is not None:
        report = classification_report(y_true, probs, labels, train_labels or [])
        out.update({k: v for k, v in report.items() if k not in out})
    return out
