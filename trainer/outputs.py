"""What a job leaves behind in ``out``: the model (``save_pretrained``), ``privacy.json``,
``metrics.json`` and a ``README.md`` model card.  Files are written into a temporary
sibling directory and renamed into place, so ``out`` never holds half a model."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def model_hash(model_dir: Path) -> str:
    """sha256 of the weights file (all shards in name order, if sharded)."""
    files = sorted(p for p in model_dir.iterdir() if p.name in WEIGHT_FILES or (p.name.startswith("model-") and p.suffix == ".safetensors"))
    if not files:
        raise FileNotFoundError(f"no weights file in {model_dir}")
    if len(files) == 1:
        return sha256_file(files[0])
    h = hashlib.sha256()
    for f in files:
        h.update(sha256_file(f).encode())
    return h.hexdigest()


def check_out_dir(out: Path) -> None:
    """Refuse to overwrite anything but an empty directory (or a previous Veil model)."""
    if out.exists():
        if not out.is_dir():
            raise FileExistsError(f"{out} exists and is not a directory")
        entries = [e for e in out.iterdir() if e.name != ".checkpoint"]  # a job's own checkpoint
        if entries and not (out / "privacy.json").exists():
            raise FileExistsError(f"{out} is not empty and is not a Veil model directory")


def staging_dir(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    return tmp


def publish(tmp: Path, out: Path) -> None:
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        os.replace(out, old)
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, out)


def write_json(path: Path, obj: Any) -> None:
    path.write_text(json.dumps(obj, indent=2, sort_keys=False, default=str) + "\n")


def model_card(privacy: dict[str, Any], metrics: dict[str, Any]) -> str:
    unit = privacy["unit_of_privacy"]
    eps, delta = privacy["epsilon"], privacy["delta"]
    k = privacy["max_examples_per_user"]
    if unit == "user":
        who = (
            f"**one user**: everything a single user contributed to the training data "
            f"(at most {k} events per user are used)"
        )
    else:
        who = (
            f"**one event**. A user may have up to {k} events in the training data, so "
            f"the protection for a whole user is weaker (by group privacy, up to about "
            f"{k}x epsilon)"
        )
    tp = privacy.get("trained_parameters", {})
    acc = metrics.get("validation", {}).get("accuracy")
    acc_s = f"{acc:.3f}" if isinstance(acc, float) else "n/a"
    lines = [
        f"# Veil DP model: {privacy['topic']} / {privacy['label_field']}",
        "",
        f"Fine-tuned from `{privacy['base_model']}` with differentially private SGD (Opacus) on a "
        f"snapshot of the `{privacy['topic']}` topic (snapshot `{privacy['snapshot_hash'][:16]}…`, "
        f"{len(privacy['snapshot_files'])} files), job `{privacy['job_id']}`.",
        "",
        "## Privacy guarantee",
        "",
        f"This model is ({eps:.3g}, {delta:.3g})-differentially private with respect to {who}.",
        "In plain words: whether or not that unit's data was in the training set, the "
        f"probability of any outcome of training changes by at most a factor of e^{eps:.3g} "
        f"≈ {pow(2.718281828, eps):.3g}, except with probability {delta:.3g}.",
        "",
        f"- accountant: {privacy['accountant']} (target epsilon {privacy['target_epsilon']}, spent {eps:.4g})",
        f"- noise multiplier: {privacy['noise_multiplier']:.4g}, clipping norm: {privacy['max_grad_norm']}",
        f"- Poisson sampling rate: {privacy['sample_rate']:.4g}, steps: {privacy['steps']}, epochs: {privacy['epochs']}",
        f"- at most {k} examples per user",
        f"- trained under DP: {_trained_what(tp)} ({tp.get('trainable_params', 0):,} trained parameters, "
        f"base model {tp.get('total_params', 0):,}); everything else is the public base model, unchanged",
        f"- training mode: {privacy.get('mode_statement', privacy.get('training_mode', 'n/a'))}",
        "",
        *_pooling_lines(privacy.get("pooling", "cls")),
        "### Limits",
        "",
    ]
    lines += [f"- {x}" for x in privacy["limits"]]
    lines += [""]
    from .privacy_audit import card_lines  # the "Privacy audit" section, when the job ran one

    lines += card_lines(privacy.get("audit"))
    lines += [
        "## Metrics (not covered by the guarantee)",
        "",
        f"Validation accuracy on {metrics.get('n_val', 0)} examples from held-out users "
        f"(never trained on): {acc_s}. Trained on {metrics.get('n_train', 0)} examples "
        f"from {metrics.get('train_users', 0)} users.",
        "",
        "## Labels",
        "",
        ", ".join(f"`{l}`" for l in privacy["labels"]),
        "",
    ]
    return "\n".join(lines)


def _trained_what(tp: dict[str, Any]) -> str:
    if tp.get("lora_params"):
        return (f"LoRA adapters of rank {tp.get('lora_rank')} on {tp.get('lora_targets')} of every layer "
                f"({tp['lora_params']:,} parameters, merged into the saved weights), "
                f"{'the pooler and ' if tp.get('pooler_trained') else ''}the classifier")
    return (f"{tp.get('trained_layers', 0)} top encoder layer(s), "
            f"{'the pooler and ' if tp.get('pooler_trained') else ''}the classifier")


def _pooling_lines(pooling: str) -> list[str]:
    if pooling != "mean":
        return []
    return [
        "This model classifies the **mean-pooled, L2-normalised** last hidden states "
        "(`\"veil_pooling\": \"mean\"` in `config.json`), not the first token through the pooler. "
        "Load it with `veil predict` or `trainer.model.classify`; a plain "
        "`AutoModelForSequenceClassification(...)(...).logits` ignores that setting and gives wrong scores.",
        "",
    ]
