"""What a job leaves behind, and every record it makes.

The model directory ``out``: the model (``save_pretrained``), ``privacy.json``,
``metrics.json`` and a ``README.md`` model card.  Files are written into a temporary
sibling directory, fsynced, and moved into place in one rename (replacing a model is one
atomic exchange), so ``out`` never holds half a model and a reader never finds none.

The records, built here and nowhere else: ``privacy.json`` (:func:`privacy_record`),
``metrics.json`` (:func:`metrics_record`), the model card (:func:`model_card`), the
mechanism the ledger reserves and settles (:func:`ledger_mechanism`) and the facts of the
``training_job`` audit entry (:func:`training_job_facts`).
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import TrainingError
from .statements import MODE_STATEMENTS, UNIT_STATEMENTS, limits

if TYPE_CHECKING:  # pragma: no cover
    from veil.store import Snapshot

    from .config import TrainConfig
    from .data import ExampleStats
    from .loop import LoopStats
    from .privacy import Mechanism

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


# -- the model directory -----------------------------------------------------------------


@dataclass(frozen=True)
class ModelRef:
    """A model a job published: which job, which weights (what a new model supersedes)."""

    job_id: str
    model_hash: str | None


def existing_model(out: Path) -> ModelRef | None:
    """The Veil model ``out`` holds, or None when it is absent or empty (a job's own
    ``.checkpoint`` aside).  Anything else there is refused: a job never writes over it."""
    if not out.exists():
        return None
    if not out.is_dir():
        raise TrainingError(f"--out {out} exists and is not a directory; choose another --out")
    entries = [e for e in out.iterdir() if e.name != ".checkpoint"]  # a job's own checkpoint
    if not entries:
        return None
    privacy = out / "privacy.json"
    if not privacy.is_file():
        raise TrainingError(f"--out {out} is not empty and is not a Veil model directory; choose another --out")
    try:
        record = json.loads(privacy.read_text())
    except (OSError, ValueError):
        record = {}
    if not isinstance(record, dict):
        record = {}
    return ModelRef(str(record.get("job_id") or "unknown"), record.get("model_hash"))


def staging_dir(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    return tmp


def publish(tmp: Path, out: Path) -> None:
    """Move the finished directory ``tmp`` to ``out``, its files fsynced first.  An existing
    ``out`` is swapped with it in one atomic exchange where the OS offers one (Linux
    ``renameat2(RENAME_EXCHANGE)``), else moved aside for the rename; then deleted."""
    _fsync([*tmp.rglob("*"), tmp])
    if not out.exists():
        os.replace(tmp, out)
    elif _exchange(tmp, out):  # tmp now holds the old model
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        os.replace(out, old)
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    _fsync([out.parent])


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the OS or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:  # glibc < 2.28, musl
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _fsync(paths) -> None:
    """fsync files and directories alike (a directory's fsync makes its entries durable)."""
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_json(path: Path, obj: Any) -> None:
    path.write_text(json.dumps(obj, indent=2, sort_keys=False, default=str) + "\n")


# -- the records -------------------------------------------------------------------------


def snapshot_files(snap: "Snapshot") -> list[dict[str, Any]]:
    return [{"path": f.path, "sha256": f.sha256, "rows": f.rows, "policy_hash": f.policy_hash} for f in snap.files]


def ledger_mechanism(mech: "Mechanism", *, steps: int | None = None, failed: bool = False,
                     reason: str | None = None, supersedes: ModelRef | None = None,
                     dedup_reference: str | None = None) -> dict[str, Any]:
    """The mechanism the ledger reserves for (planned steps) and settles (steps run);
    ``dedup_reference``: the SHA-256 of the fixed reference set the data was deduplicated
    against (the one cross-user step a job may take)."""
    out: dict[str, Any] = {
        "mechanism": "poisson_subsampled_gaussian",
        "noise_multiplier": mech.noise_multiplier,
        "sample_rate": mech.sample_rate,
        "steps": mech.steps if steps is None else steps,
        "accountant": mech.accountant,
        "unit": mech.unit,
    }
    if failed:
        out["failed"] = True
    if reason is not None:
        out["reason"] = reason[:200]
    if supersedes is not None:
        out["supersedes"] = supersedes.job_id
    if dedup_reference is not None:
        out["dedup_reference_sha256"] = dedup_reference
    return out


@dataclass(frozen=True)
class RunRecord:
    """What a finished DP run did: the facts privacy.json, the ledger and the audit entry share."""

    job_id: str
    mechanism: "Mechanism"  # as planned and reserved
    epsilon: float  # spent, from the accountant
    steps: int  # run
    empty_steps: int
    expected_units: float
    snapshot: "Snapshot"
    labels: list[str]
    trained_parameters: dict[str, Any]
    model_hash: str
    resumes: list[dict[str, Any]]
    audit: dict[str, Any] | None = None
    supersedes: ModelRef | None = None
    preparation: dict[str, Any] | None = None  # TrainingData.preparation(): settings and counts per rule


def privacy_record(cfg: "TrainConfig", run: RunRecord) -> dict[str, Any]:
    """``privacy.json``: the guarantee, the mechanism, the input and what is not covered."""
    privacy = {
        "job_id": run.job_id, "topic": cfg.topic,
        "epsilon": run.epsilon, "target_epsilon": cfg.epsilon, "delta": cfg.delta,
        "unit_of_privacy": cfg.privacy_unit, "unit_statement": UNIT_STATEMENTS[cfg.privacy_unit],
        "accountant": cfg.accountant, "noise_multiplier": run.mechanism.noise_multiplier,
        "sample_rate": run.mechanism.sample_rate, "expected_units_per_step": run.expected_units,
        "steps": run.steps, "empty_steps": run.empty_steps, "epochs": cfg.epochs,
        "max_grad_norm": cfg.max_grad_norm, "learning_rate": cfg.lr, "batch_size": cfg.batch_size,
        "max_examples_per_user": cfg.max_examples_per_user,
        "training_mode": cfg.mode, "mode_statement": MODE_STATEMENTS[cfg.mode], "pooling": cfg.pooling,
        "sampling": "poisson", "clipping": "flat, per unit",
        "base_model": cfg.model, "trained_parameters": run.trained_parameters,
        "text_field": cfg.text_field, "label_field": cfg.label_field, "labels": run.labels,
        "snapshot_hash": run.snapshot.hash, "snapshot_files": snapshot_files(run.snapshot),
        "policy_hashes": run.snapshot.policy_hashes,
        "model_hash": run.model_hash, "resumed": run.resumes,
        "preparation": run.preparation,
        "limits": limits(cfg, resumed=bool(run.resumes)),
    }
    if run.supersedes is not None:
        privacy["supersedes"] = {"job_id": run.supersedes.job_id, "model_hash": run.supersedes.model_hash}
    if run.audit:
        privacy["audit"] = run.audit
    return privacy


@dataclass(frozen=True)
class Evaluation:
    """What a job measured outside the guarantee (counts, losses, held-out accuracy)."""

    validation: dict[str, Any]  # evaluate(): accuracy, loss, n
    val_users: int
    n_train: int
    n_val: int
    train_users: int
    train_units: int
    steps: int  # the accountant's count
    loop: "LoopStats"
    train_seconds: float
    frozen_layers_cached: bool
    examples: "ExampleStats"
    non_private: dict[str, Any] | None = None  # --compare-non-private: the same split trained without DP


def metrics_record(cfg: "TrainConfig", job_id: str, ev: Evaluation) -> dict[str, Any]:
    """``metrics.json``: held-out metrics and counts (not covered by the guarantee)."""
    steps = ev.steps
    record = {
        "job_id": job_id,
        "accuracy": ev.validation.get("accuracy"),  # validation accuracy, held-out users
        "macro_f1": (ev.validation.get("macro") or {}).get("f1"),
        "roc_auc": ev.validation.get("roc_auc"),
        "validation": {"users": ev.val_users, **ev.validation},
        "n_train": ev.n_train, "n_val": ev.n_val,
        "train_users": ev.train_users, "train_units": ev.train_units,
        "train_loss": ev.loop.train_loss, "steps": steps, "empty_steps": ev.loop.empty_steps,
        "examples_seen": ev.loop.examples_seen, "train_seconds": round(ev.train_seconds, 2),
        "frozen_layers_cached": ev.frozen_layers_cached, "training_mode": cfg.mode,
        "seconds_per_step": round(ev.train_seconds / max(1, steps), 4),
        "examples": ev.examples.as_dict(),
        "note": "metrics describe held-out users and are not covered by the DP guarantee",
    }
    if ev.non_private is not None:
        record["non_private"] = ev.non_private
    return record


def training_job_facts(cfg: "TrainConfig", run: RunRecord, out: Path,
                       metrics: dict[str, Any] | None = None) -> dict[str, Any]:
    """The facts of the ``training_job`` audit entry (erasure finds models by ``out``)."""
    facts = {
        "job_id": run.job_id, "topic": cfg.topic,
        "snapshot_hash": run.snapshot.hash, "snapshot_files": len(run.snapshot.files),
        "model_hash": run.model_hash, "epsilon": run.epsilon, "target_epsilon": cfg.epsilon,
        "delta": cfg.delta, "unit": cfg.privacy_unit, "accountant": cfg.accountant,
        "noise_multiplier": run.mechanism.noise_multiplier, "sample_rate": run.mechanism.sample_rate,
        "steps": run.steps, "max_examples_per_user": cfg.max_examples_per_user, "base_model": cfg.model,
        "out": str(out), "resumed": len(run.resumes),
    }
    if run.preparation is not None:
        prep = run.preparation
        facts["preparation"] = {"dedup": prep.get("dedup"), "across_users": prep.get("across_users"),
                                "removed": prep.get("removed"), "truncated": prep.get("truncated"),
                                "settings": {"cleaning": prep.get("cleaning"), "max_length": prep.get("max_length"),
                                             "near_duplicate_threshold": prep.get("near_duplicate_threshold"),
                                             "shingles": prep.get("shingles")}}
        if prep.get("reference"):
            facts["dedup_reference_sha256"] = prep["reference"]["sha256"]
    if metrics is not None:
        facts["metrics"] = headline_metrics(metrics)
        facts["non_private_comparison"] = "non_private" in metrics
    if run.supersedes is not None:
        facts["supersedes"] = run.supersedes.job_id
        facts["superseded_model_hash"] = run.supersedes.model_hash
    return facts


def headline_metrics(metrics: dict[str, Any]) -> dict[str, Any]:
    """The few held-out figures the audit entry, the report and the registry show."""
    val = metrics.get("validation") or {}
    out = {"accuracy": val.get("accuracy"), "macro_f1": (val.get("macro") or {}).get("f1"),
           "roc_auc": val.get("roc_auc"), "n": val.get("n"),
           "baseline_accuracy": (val.get("baseline") or {}).get("accuracy"),
           "baseline_macro_f1": (val.get("baseline") or {}).get("macro_f1")}
    np_val = (metrics.get("non_private") or {}).get("validation")
    if np_val:
        out["non_private_accuracy"] = np_val.get("accuracy")
        out["non_private_macro_f1"] = (np_val.get("macro") or {}).get("f1")
    return out


def model_card(privacy: dict[str, Any], metrics: dict[str, Any]) -> str:
    """The ``README.md`` of a model, from its two records: its sections in reading order,
    each built by one step function from the records."""
    steps = (_card_header, _card_guarantee, _card_limits, _card_audit, _card_preparation, _card_metrics,
             _card_labels)
    return "\n".join(line for step in steps for line in step(privacy, metrics))


def _card_header(privacy: dict[str, Any], metrics: dict[str, Any]) -> list[str]:
    return [
        f"# Veil DP model: {privacy['topic']} / {privacy['label_field']}",
        "",
        f"Fine-tuned from `{privacy['base_model']}` with differentially private SGD (Opacus) on a "
        f"snapshot of the `{privacy['topic']}` topic (snapshot `{privacy['snapshot_hash'][:16]}…`, "
        f"{len(privacy['snapshot_files'])} files), job `{privacy['job_id']}`.{_policy_words(privacy)}",
        "",
    ]


def _policy_words(privacy: dict[str, Any]) -> str:
    hashes = privacy.get("policy_hashes") or []
    if not hashes:
        return ""
    named = ", ".join(f"`{h[:16]}…`" for h in hashes)
    return (f" Its rows were written under policy {named}; `veil serve` scrubs requests under the same "
            f"policy and refuses another.")


def _unit_words(privacy: dict[str, Any]) -> str:
    k = privacy["max_examples_per_user"]
    if privacy["unit_of_privacy"] == "user":
        return (f"**one user**: everything a single user contributed to the training data "
                f"(at most {k} events per user are used)")
    return (f"**one event**. A user may have up to {k} events in the training data, so "
            f"the protection for a whole user is weaker (by group privacy, up to about "
            f"{k}x epsilon)")


def _card_guarantee(privacy: dict[str, Any], metrics: dict[str, Any]) -> list[str]:
    eps, delta = privacy["epsilon"], privacy["delta"]
    tp = privacy.get("trained_parameters", {})
    return [
        "## Privacy guarantee",
        "",
        f"This model is ({eps:.3g}, {delta:.3g})-differentially private with respect to {_unit_words(privacy)}.",
        "In plain words: whether or not that unit's data was in the training set, the "
        f"probability of any outcome of training changes by at most a factor of e^{eps:.3g} "
        f"≈ {pow(2.718281828, eps):.3g}, except with probability {delta:.3g}.",
        "",
        f"- accountant: {privacy['accountant']} (target epsilon {privacy['target_epsilon']}, spent {eps:.4g})",
        f"- noise multiplier: {privacy['noise_multiplier']:.4g}, clipping norm: {privacy['max_grad_norm']}",
        f"- Poisson sampling rate: {privacy['sample_rate']:.4g}, steps: {privacy['steps']}, epochs: {privacy['epochs']}",
        f"- at most {privacy['max_examples_per_user']} examples per user",
        f"- trained under DP: {_trained_what(tp)} ({tp.get('trainable_params', 0):,} trained parameters, "
        f"base model {tp.get('total_params', 0):,}); everything else is the public base model, unchanged",
        f"- training mode: {privacy.get('mode_statement', privacy.get('training_mode', 'n/a'))}",
        "",
        *_pooling_lines(privacy.get("pooling", "cls")),
    ]


def _card_limits(privacy: dict[str, Any], metrics: dict[str, Any]) -> list[str]:
    return ["### Limits", "", *[f"- {x}" for x in privacy["limits"]], ""]


def _card_audit(privacy: dict[str, Any], metrics: dict[str, Any]) -> list[str]:
    from .privacy_audit import card_lines  # the "Privacy audit" section, when the job ran one

    return card_lines(privacy.get("audit"))


def _card_preparation(privacy: dict[str, Any], metrics: dict[str, Any]) -> list[str]:
    prep = privacy.get("preparation")
    if not prep:
        return []
    removed = prep.get("removed") or {}
    dedup = {"user": f"exact and near-duplicates (Jaccard ≥ {prep.get('near_duplicate_threshold')} of "
                     f"{prep.get('shingles')} shingles) within each user",
             "exact": "exact duplicates within each user", "off": "none"}.get(prep.get("dedup"), "?")
    lines = [
        "## Training data preparation",
        "",
        f"Before any gradient, {prep.get('rows', 0)} rows of the snapshot were cleaned and deduplicated; "
        f"{prep.get('kept', 0)} examples remained. Deduplication: {dedup}.",
        f"{prep.get('statement', '')}",
    ]
    if prep.get("reference"):
        ref = prep["reference"]
        lines.append(f"Texts matching a fixed reference set were also removed (`{ref['path']}`, "
                     f"{ref['texts']} texts, sha256 `{ref['sha256'][:16]}…`).")
    lines += ["", "| rule | examples removed |", "|---|---:|", *[f"| {k} | {v} |" for k, v in removed.items()],
              f"| truncated to {prep.get('max_length')} tokens (kept) | {prep.get('truncated', 0)} |",
              "", f"Cleaning settings: `{json.dumps(prep.get('cleaning'), sort_keys=True)}`.", ""]
    return lines


def _card_metrics(privacy: dict[str, Any], metrics: dict[str, Any]) -> list[str]:
    val = metrics.get("validation", {})
    lines = [
        "## Metrics (not covered by the guarantee)",
        "",
        f"On {metrics.get('n_val', 0)} examples from {val.get('users', 0)} held-out users (never trained on); "
        f"trained on {metrics.get('n_train', 0)} examples from {metrics.get('train_users', 0)} users.",
        "",
    ]
    np_val = (metrics.get("non_private") or {}).get("validation")
    lines += _metric_table(val, np_val)
    if np_val:
        lines += [f"The non-private column: {metrics['non_private']['statement']}.", ""]
    lines += _per_class_lines(val)
    return lines


def _f3(x: Any) -> str:
    return f"{x:.3f}" if isinstance(x, (int, float)) and not isinstance(x, bool) else "n/a"


def _metric_table(val: dict[str, Any], np_val: dict[str, Any] | None) -> list[str]:
    base = val.get("baseline") or {}
    head = "| metric | this model (DP) | majority-class baseline |" + (" non-private (no guarantee) |" if np_val else "")
    rows = [("accuracy", val.get("accuracy"), base.get("accuracy"), (np_val or {}).get("accuracy")),
            ("macro F1", (val.get("macro") or {}).get("f1"), base.get("macro_f1"),
             ((np_val or {}).get("macro") or {}).get("f1")),
            ("macro precision", (val.get("macro") or {}).get("precision"), None,
             ((np_val or {}).get("macro") or {}).get("precision")),
            ("macro recall", (val.get("macro") or {}).get("recall"), None,
             ((np_val or {}).get("macro") or {}).get("recall"))]
    if val.get("roc_auc") is not None:
        rows.append(("ROC-AUC", val.get("roc_auc"), 0.5, (np_val or {}).get("roc_auc")))
    lines = [head, "|---|---:|---:|" + ("---:|" if np_val else "")]
    for name, a, b, c in rows:
        lines.append(f"| {name} | {_f3(a)} | {_f3(b)} |" + (f" {_f3(c)} |" if np_val else ""))
    if base.get("label") is not None:
        lines += ["", f"The baseline always predicts `{base['label']}`, the training set's most frequent class."]
    return lines + [""]


def _per_class_lines(val: dict[str, Any]) -> list[str]:
    classes = val.get("per_class") or {}
    cm = val.get("confusion_matrix") or {}
    if not classes:
        return []
    lines = ["| class | precision | recall | F1 | support |", "|---|---:|---:|---:|---:|"]
    lines += [f"| `{k}` | {_f3(c['precision'])} | {_f3(c['recall'])} | {_f3(c['f1'])} | {c['support']} |"
              for k, c in classes.items()]
    labels = cm.get("labels") or []
    if labels:
        lines += ["", "Confusion matrix (rows: true label, columns: predicted):", "",
                  "| true \\ predicted | " + " | ".join(f"`{l}`" for l in labels) + " |",
                  "|---|" + "---:|" * len(labels)]
        lines += [f"| `{l}` | " + " | ".join(str(x) for x in row) + " |" for l, row in zip(labels, cm["matrix"])]
    return lines + [""]


def _card_labels(privacy: dict[str, Any], metrics: dict[str, Any]) -> list[str]:
    return ["## Labels", "", ", ".join(f"`{l}`" for l in privacy["labels"]), ""]


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
