"""Dry run of the privacy audit (``veil audit privacy``): one training job with the
configuration under test, through the real :func:`trainer.run_training` code path, on a
synthetic store with a throw-away home and ledger — so it spends no budget of any real
topic and reads no real data.  The result (and a ``privacy_audit`` entry with
``dry_run: true`` in the real home's audit log) says whether the configuration's claimed ε
survives the one-run audit of :mod:`trainer.privacy_audit`."""

from __future__ import annotations

import json
import random
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Any

from .config import TrainConfig, TrainingError
from .privacy_audit import AuditConfig, PrivacyAuditFailed

TOPIC = "audit-dry-run"
# Fields of a real job that the dry run replaces (its data) or that do not apply to it.
IGNORED = {"store", "topic", "text_field", "label_field", "out", "job_id", "labels", "positive_if",
           "checkpoint_every", "resume", "overwrite", "progress", "audit"}
WORDS = ["blender", "kettle", "toaster", "lamp", "chair", "phone", "battery", "screen", "delivery", "price"]
GOOD, BAD = ["great", "love", "perfect", "excellent"], ["awful", "broken", "hate", "useless"]


def load_config_file(path: str | Path) -> dict[str, Any]:
    """A JSON or YAML mapping of TrainConfig fields (plus ``audit``: its settings)."""
    import yaml

    path = Path(path)
    try:
        text = path.read_text()
    except OSError as exc:
        raise TrainingError(f"cannot read the training config {path}: {exc.strerror or exc}") from None
    try:
        data = yaml.safe_load(text) if path.suffix.lower() in (".yaml", ".yml") else json.loads(text)
    except (ValueError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else getattr(exc, "lineno", None)
        kind = "YAML" if path.suffix.lower() in (".yaml", ".yml") else "JSON"
        raise TrainingError(f"{path} is not valid {kind}" + (f" (line {line})" if line else "")) from None
    if not isinstance(data, dict):
        raise TrainingError(f"{path}: a training config must be a mapping")
    return data


def job_fields(settings: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """(TrainConfig keyword arguments, audit settings) from a config mapping; unknown keys
    are refused (``audit`` settings are checked by :meth:`AuditConfig.from_value`)."""
    names = {f.name for f in fields(TrainConfig)}
    bad = [k for k in settings if k not in names and k != "audit"]
    if bad:
        raise TrainingError(f"unknown training config key(s): {', '.join(sorted(map(str, bad)))}")
    audit = settings.get("audit")
    kwargs = {k: v for k, v in settings.items() if k not in IGNORED}
    for need in ("epsilon", "delta"):
        if need not in kwargs:
            raise TrainingError(f"the training config needs {need}")
    return kwargs, audit if isinstance(audit, dict) else None


def synthetic_rows(n_users: int, max_examples: int, seed: int = 0) -> list:
    from veil.store import StoreRow

    rng = random.Random(seed)
    rows: list = []
    for u in range(n_users):
        for j in range(rng.randint(1, max(1, max_examples))):
            pos = rng.random() < 0.5
            text = f"the {rng.choice(WORDS)} is {rng.choice(GOOD if pos else BAD)} {rng.choice(WORDS)}"
            rows.append(StoreRow(f"s{u}-{j}", f"synthetic{u:05d}", "2026-01-01T00:00:00Z", TOPIC, 0, len(rows),
                                 {"text": text, "label": 1 if pos else 0}))
    return rows


def dry_run(settings: dict[str, Any], *, home=None, synthetic_users: int = 400,
            audit: AuditConfig | None = None, workdir: str | Path | None = None) -> dict[str, Any]:
    """Run the audited job on synthetic data; returns the audit result (``passed`` says it).
    ``home`` (created if missing, after the run) receives a ``privacy_audit`` entry."""
    from veil.audit import open_audit
    from veil.store import StoreWriter
    from veil.core.settings import Home

    kwargs, audit_settings = job_fields(settings)
    audit = audit or AuditConfig.from_value(audit_settings or True)
    with tempfile.TemporaryDirectory(prefix="veil-audit-", dir=workdir) as tmp:
        root = Path(tmp)
        cfg = TrainConfig(store=str(root / "store"), topic=TOPIC, text_field="text", label_field="label",
                          out=str(root / "model"), labels=["0", "1"], progress=False, audit=audit, **kwargs)
        cfg.validate()  # before any data is made: a wrong type or value is one line
        rows = synthetic_rows(synthetic_users, cfg.max_examples_per_user)
        StoreWriter(root / "store").write_flush(TOPIC, 0, 0, len(rows) - 1, rows, "0" * 64, "2026-01-01")
        scratch = Home.resolve(root / "home")
        ledger, _ = open_audit(scratch)
        ledger.set_budget(TOPIC, 1e9, 0.5)  # throw-away ledger: no real budget is touched
        try:
            from veil.trainer import run_training

            result = run_training(cfg, scratch)
            out = json.loads((result.out / "privacy.json").read_text())["audit"]
        except PrivacyAuditFailed as exc:
            out = exc.result
    out = {**out, "dry_run": True, "synthetic_users": synthetic_users,
           "config": {k: kwargs.get(k, getattr(cfg, k)) for k in (
               "epsilon", "delta", "epochs", "batch_size", "max_examples_per_user", "privacy_unit",
               "accountant", "max_grad_norm", "train_layers", "model")}}
    if home is not None:
        from .privacy_audit import log_facts

        _, audit_log = open_audit(Home.resolve(home.root if isinstance(home, Home) else home))
        audit_log.append("privacy_audit", job_id=None, topic=None, dry_run=True, **log_facts(out),
                         config=out["config"], synthetic_users=synthetic_users)
    return out
