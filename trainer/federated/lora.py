"""LoRA mode of a federated job (``--lora-rank R``): devices train LoRA adapters on
query/value of every encoder layer plus the linear head, as ``veil train --lora-rank``
does (:func:`veil.trainer.model.add_lora`), on their own tokenised, scrubbed examples.

Invariant: the global parameters are the model's *trainable* parameters by name — every
adapter's ``lora_A``/``lora_B`` and the classifier — and nothing else travels: the frozen
base weights are the public base model's on every party.  The server draws the initial
A once (PEFT's initialisation under the job's torch seed; B = 0, so the first global
model is the base model) and sends it; a device sets *all* trainable parameters from the
global ones before training (nothing of an earlier round survives in its cached model),
trains with AdamW (weight decay 0, as the central job) and returns local − global over
all of them, clipped to C together (:func:`.device.clip`), so the device-level bound
covers the whole update.  At the end the server folds the adapters into the weights
(:func:`veil.trainer.model.merge_lora`): the saved model is an ordinary checkpoint.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

import numpy as np

Params = dict[str, np.ndarray]


def build(model_dir: Path, labels: list[str], pooling: str, rank: int, alpha: float | None) -> tuple[Any, dict]:
    """The base classifier with adapters injected (and the parameter counts of add_lora)."""
    from ..model import add_lora, load_classifier

    model = load_classifier(model_dir, labels, pooling)
    counts = add_lora(model, rank, alpha)
    counts["pooling"] = pooling
    return model, counts


def trainable(model: Any) -> Params:
    """The trainable parameters (adapters + head) as float32 arrays, by parameter name."""
    return {n: p.detach().cpu().numpy().astype(np.float32).copy()
            for n, p in model.named_parameters() if p.requires_grad}


def set_trainable(model: Any, params: Params) -> None:
    """Every trainable parameter from ``params`` (same names, same shapes; KeyError otherwise)."""
    import torch

    named = dict(model.named_parameters())
    with torch.no_grad():
        for name, p in named.items():
            if p.requires_grad:
                p.copy_(torch.from_numpy(np.asarray(params[name], dtype=np.float32)).to(p.dtype))


_MODELS: dict[tuple, Any] = {}


def device_model(model_dir: Path, spec: dict[str, Any]) -> Any:
    """This device's model with adapters (built once per process; reset from the global
    parameters every round)."""
    key = (str(model_dir), spec["labels"], spec.get("pooling", "mean"), int(spec["lora_rank"]),
           float(spec["lora_alpha"]))
    if key not in _MODELS:
        _MODELS[key] = build(model_dir, json.loads(spec["labels"]), str(spec.get("pooling") or "mean"),
                             int(spec["lora_rank"]), float(spec["lora_alpha"]))[0]
    return _MODELS[key]


def tokenise(model_dir: Path, texts: list[str], max_length: int) -> tuple[np.ndarray, np.ndarray]:
    """Token ids and attention masks ([n, longest] int64) of the device's texts."""
    from ..model import load_tokenizer

    if not texts:
        return np.zeros((0, 1), np.int64), np.zeros((0, 1), np.int64)
    enc = load_tokenizer(model_dir)(texts, truncation=True, max_length=max_length, padding=True, return_tensors="np")
    return enc["input_ids"].astype(np.int64), enc["attention_mask"].astype(np.int64)


def local_update(data: Any, params: Params, spec: dict[str, Any], model_dir: Path) -> Params:
    """AdamW on this device's examples from the global ``params``; the update (local −
    global) clipped to C over all trained parameters."""
    import torch

    from ..model import classify
    from .device import clip

    model = device_model(model_dir, spec)
    set_trainable(model, params)
    n = int(data.labels.shape[0])
    if n and data.input_ids is not None:
        torch.manual_seed(secrets.randbits(63))  # batch order and dropout: fresh on every device and round
        model.train()
        optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad],
                                      lr=float(spec["local_lr"]), weight_decay=0.0)
        ids, mask = torch.from_numpy(data.input_ids), torch.from_numpy(data.attention_mask)
        y, batch = torch.from_numpy(data.labels), max(1, int(spec["local_batch"]))
        for _ in range(int(spec["local_epochs"])):
            order = torch.randperm(n)
            for i in range(0, n, batch):
                idx = order[i:i + batch]
                loss = torch.nn.functional.cross_entropy(classify(model, ids[idx], mask[idx]), y[idx])
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
    local = trainable(model)
    update = {k: local[k].astype(np.float64) - np.asarray(params[k], dtype=np.float64) for k in params}
    return clip(update, float(spec["clipping_norm"]))


def local_accuracy(data: Any, params: Params, spec: dict[str, Any], model_dir: Path) -> tuple[int, int]:
    """(correct, examples) of the global adapters + head on this device's examples."""
    import torch

    from ..model import classify

    n = int(data.labels.shape[0])
    if not n or data.input_ids is None:
        return 0, n
    model = device_model(model_dir, spec)
    set_trainable(model, params)
    model.eval()
    with torch.no_grad():
        logits = classify(model, torch.from_numpy(data.input_ids), torch.from_numpy(data.attention_mask))
    return int((logits.argmax(-1).numpy() == data.labels).sum()), n


def update_bytes(params: Params) -> int:
    """Bytes of one honest update (float32, what a device sends; the global model sent to
    it each round is the same size)."""
    return int(sum(np.asarray(v).size * 4 for v in params.values()))
