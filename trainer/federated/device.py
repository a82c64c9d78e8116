"""What a device does with its own data: read raw events, scrub them under the job's
policy, embed them with the frozen public base model (head mode) or tokenise them (LoRA
mode, :mod:`.lora`), train locally, clip the update, and hand back only that.

Invariant: raw events, scrubbed text and features never leave this module's process
(the ClientApp's); what is returned is the clipped parameter update (norm ≤ C) or, for a
validation device, two counts (correct, examples).  Scrubbing uses the same
:class:`veil.anonymize.Sanitizer` as the ingest path, with a device-local pseudonym key
drawn once per process (user pseudonyms never leave the device either).  Features are
cached on the device (``cache_dir``), keyed by the data file, the policy, the model and the mode.
"""

from __future__ import annotations

import hashlib
import json
import math
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..config import TrainingError


@dataclass(frozen=True)
class LocalData:
    features: np.ndarray  # [n, hidden] float32: mean-pooled, normalised, from scrubbed text
    labels: np.ndarray  # [n] int64
    events: int  # raw events read
    rejected: int  # events the policy rejected (bad shape) or unreadable lines
    input_ids: np.ndarray | None = None  # LoRA mode: [n, longest] token ids of the scrubbed texts (no features)
    attention_mask: np.ndarray | None = None


def read_events(path: Path) -> tuple[list[dict], int]:
    """The device's raw events (one JSON object a line) and how many lines were unusable."""
    events, bad = [], 0
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise TrainingError(f"device data {path.name}: cannot read it ({type(exc).__name__})") from None
    for line in lines:
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            bad += 1
            continue
        if isinstance(obj, dict):
            events.append(obj)
        else:
            bad += 1
    return events, bad


def scrub_tier(name: str, policy: Any) -> Any:
    """The veil_edge tier ``name`` for ``policy``; PolicyError when the tier cannot honour
    the policy (lite: an entity it has no detector for) or is not on this host (full)."""
    from veil_edge import check_lite_policy, make_tier

    if name == "lite":
        check_lite_policy(policy)
    return make_tier(name, flag="--device-tier", host="the device")


def scrub(events: list[dict], policy_text: str, tier: str = "lite") -> tuple[list[dict], int]:
    """Rows (``event_id``, ``user``, ``data``) of the events the policy accepted, scrubbed."""
    from veil_edge import Rejected, Sanitizer, parse_policy

    policy = parse_policy(policy_text, source="<job policy>")
    sanitizer = Sanitizer(policy, secrets.token_bytes(32), tier=scrub_tier(tier, policy))
    rows, rejected = [], 0
    for i, out in enumerate(sanitizer.sanitize_batch(events)):
        if isinstance(out, Rejected):
            rejected += 1
            continue
        rows.append({"event_id": out.event_id or f"row-{i}", "user": out.user, "data": out.data})
    return rows, rejected


def load_local(data_file: Path, cache_dir: Path | None, model_dir: Path, spec: dict[str, Any],
               policy_text: str) -> LocalData:
    """Scrubbed, embedded examples of this device (from the cache when it is current: a
    cached round needs numpy only, no torch, no NLP model)."""
    key = _cache_key(data_file, model_dir, spec, policy_text)
    cached = cache_dir / f"features-{key}.npz" if cache_dir else None
    if cached is not None and cached.is_file():
        with np.load(cached) as d:
            tokens = (d["input_ids"], d["attention_mask"]) if "input_ids" in d.files else (None, None)
            return LocalData(d["features"], d["labels"], int(d["events"]), int(d["rejected"]), *tokens)
    events, bad = read_events(data_file)
    rows, rejected = scrub(events, policy_text, str(spec.get("tier") or "lite"))
    texts, labels = _examples(rows, spec)
    y, n_events = np.asarray(labels, dtype=np.int64), len(events) + bad
    if spec.get("mode") == "lora":  # the whole model runs every round: tokens, not features
        from .lora import tokenise

        data = LocalData(np.zeros((len(texts), 0), np.float32), y, n_events, rejected + bad,
                         *tokenise(model_dir, texts, int(spec["max_length"])))
    else:
        data = LocalData(embed(model_dir, texts, int(spec["max_length"])), y, n_events, rejected + bad)
    if cached is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(cached.stem + ".tmp.npz")
        tokens = {} if data.input_ids is None else {"input_ids": data.input_ids, "attention_mask": data.attention_mask}
        np.savez(tmp, features=data.features, labels=data.labels, events=data.events, rejected=data.rejected,
                 **tokens)
        tmp.replace(cached)
    return data


def _cache_key(data_file: Path, model_dir: Path, spec: dict[str, Any], policy_text: str) -> str:
    h = hashlib.sha256()
    h.update(hashlib.sha256(data_file.read_bytes()).digest())
    h.update(policy_text.encode())
    h.update(str(model_dir).encode())
    h.update(b"prep-v2")  # features cached before devices took the job's preparation settings are stale
    h.update(json.dumps({k: spec.get(k) for k in ("text_field", "label_field", "positive_if", "labels", "max_length",
                                                  "max_examples", "tier", "mode", *PREP_KEYS)}, sort_keys=True).encode())
    return h.hexdigest()[:32]


# The job's preparation settings a device receives (FederatedConfig.device_fields).
PREP_KEYS = ("min_chars", "drop_placeholder_only", "dedup", "near_duplicate_threshold", "dedup_shingles")


def device_prep(spec: dict[str, Any]):
    """The central job's preparation (trainer/prepare.py) with the job's settings (the
    defaults of ``veil train`` where the message has none): cleaning rules, then
    deduplication within the device's user(s); no reference corpus (it stays central)."""
    from ..cleaning import CleaningSettings
    from ..prepare import PrepSettings

    declared = None if spec.get("positive_if") else tuple(json.loads(spec["labels"]))
    base, clean = PrepSettings(CleaningSettings()), CleaningSettings()
    cleaning = CleaningSettings(int(spec.get("min_chars", clean.min_chars)),
                                bool(spec.get("drop_placeholder_only", clean.drop_placeholder_only)), declared)
    return PrepSettings(cleaning, str(spec.get("dedup", base.dedup)),
                        float(spec.get("near_duplicate_threshold", base.near_threshold)),
                        str(spec.get("dedup_shingles", base.shingles)))


def _examples(rows: list[dict], spec: dict[str, Any]) -> tuple[list[str], list[int]]:
    from .. import data as data_mod

    labels = json.loads(spec["labels"])
    label2id = {label: i for i, label in enumerate(labels)}
    examples, _ = data_mod.build_examples(
        rows, text_field=spec["text_field"], label_field=spec["label_field"],
        max_examples_per_user=int(spec["max_examples"]), positive_if=spec.get("positive_if") or None,
        prep=device_prep(spec))
    kept = [e for e in examples if e.label in label2id][: int(spec["max_examples"])]
    return [e.text for e in kept], [label2id[e.label] for e in kept]


_ENCODERS: dict[str, Any] = {}


def embed(model_dir: Path, texts: list[str], max_length: int):
    """Mean-pooled, L2-normalised last hidden states of the frozen base model."""
    import torch

    from ..model import load_tokenizer, mean_pool, quiet_transformers

    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    if str(model_dir) not in _ENCODERS:
        from transformers import AutoModel

        quiet_transformers()
        _ENCODERS[str(model_dir)] = (AutoModel.from_pretrained(str(model_dir)).eval(), load_tokenizer(model_dir))
    model, tokenizer = _ENCODERS[str(model_dir)]
    out = []
    with torch.no_grad():
        for i in range(0, len(texts), 64):
            enc = tokenizer(texts[i:i + 64], truncation=True, max_length=max_length, padding=True,
                            return_tensors="pt")
            hidden = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"]).last_hidden_state
            out.append(mean_pool(hidden, enc["attention_mask"]))
    return torch.cat(out).numpy().astype(np.float32)


def local_update(data: LocalData, params: dict[str, np.ndarray], spec: dict[str, Any],
                 model_dir: Path | None = None) -> dict[str, np.ndarray]:
    """Train on this device's examples from the global ``params`` and return the update
    clipped to C: LoRA mode (``spec["mode"]``) is :func:`.lora.local_update` (torch, the base
    model in ``model_dir``); head mode trains the linear head (``weight`` [labels, hidden],
    ``bias`` [labels]) with minibatch SGD on the softmax cross-entropy (numpy: no torch)."""
    if spec.get("mode") == "lora":
        from . import lora

        return lora.local_update(data, params, spec, model_dir)
    weight = params["weight"].astype(np.float64).copy()
    bias = params["bias"].astype(np.float64).copy()
    x, y = data.features.astype(np.float64), data.labels
    n = int(y.shape[0])
    if n and x.shape[1] == weight.shape[1]:
        lr, batch = float(spec["local_lr"]), max(1, int(spec["local_batch"]))
        rng = np.random.default_rng(secrets.randbits(64))
        onehot = np.eye(weight.shape[0])[y]
        for _ in range(int(spec["local_epochs"])):
            order = rng.permutation(n)
            for i in range(0, n, batch):
                idx = order[i:i + batch]
                grad = softmax(x[idx] @ weight.T + bias) - onehot[idx]  # d(mean CE)/d(logits) x batch
                weight -= lr * grad.T @ x[idx] / len(idx)
                bias -= lr * grad.sum(0) / len(idx)
    update = {"weight": weight - params["weight"], "bias": bias - params["bias"]}
    return clip(update, float(spec["clipping_norm"]))


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def clip(update: dict[str, np.ndarray], norm_bound: float) -> dict[str, np.ndarray]:
    norm = math.sqrt(sum(float(np.sum(v.astype(np.float64) ** 2)) for v in update.values()))
    factor = min(1.0, norm_bound / norm) if norm > 0 and math.isfinite(norm_bound) else 1.0
    return {k: (v * factor).astype(np.float32) for k, v in update.items()}


def local_accuracy(data: LocalData, params: dict[str, np.ndarray], spec: dict[str, Any] | None = None,
                   model_dir: Path | None = None) -> tuple[int, int]:
    """(correct, examples) of the global model on this device's examples."""
    if spec is not None and spec.get("mode") == "lora":
        from . import lora

        return lora.local_accuracy(data, params, spec, model_dir)
    n = int(data.labels.shape[0])
    if not n or data.features.shape[1] != params["weight"].shape[1]:
        return 0, n
    logits = data.features @ params["weight"].T + params["bias"]
    return int((logits.argmax(-1) == data.labels).sum()), n
