"""``run_training``: one DP fine-tuning job, end to end.

snapshot → examples (capped per user) → user split → reserve budget → DP-SGD →
save (model, privacy.json, metrics.json, README.md) → settle → audit ``training_job``.

A reservation never leaks: if anything fails after it, the job settles what the
accountant says was spent (when at least one noisy step ran) or releases it.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from veil.core.logs import log_facts
from veil.core.settings import Home

from . import checkpoint as ckpt
from . import data as data_mod
from . import features
from .config import NEGATIVE, POSITIVE, BudgetRefused, TrainConfig, TrainingError, TrainResult
from .loop import evaluate, train
from .model import (add_lora, check_trainable_wiring, freeze_for_dp, has_lora, load_classifier, load_tokenizer,
                    merge_lora, resolve_model)
from .outputs import check_out_dir, model_card, model_hash, publish, staging_dir, write_json
from .privacy import fresh_generator, make_private
from . import privacy_audit

log = logging.getLogger("veil.trainer")

UNIT_STATEMENTS = {
    "user": (
        "user: each user's capped examples form one privacy unit; units are Poisson-sampled "
        "and each unit's gradient (of its mean loss) is clipped as a whole, so the guarantee "
        "covers everything one user contributed to this snapshot (at most max_examples_per_user events)"
    ),
    "event": (
        "event: each example (one store event) is one privacy unit. A user with up to "
        "max_examples_per_user (K) events is protected only by group privacy: roughly "
        "(K*epsilon, K*exp((K-1)*epsilon)*delta) for the whole user"
    ),
}


MODE_STATEMENTS = {
    "head": (
        "head: the base model is frozen and public; only the linear classifier (and, with cls pooling, the "
        "pooler) is trained under DP, on features the frozen model computes once per example"
    ),
    "lora": (
        "lora: the base model's weights are frozen; LoRA adapters (rank r on the attention query/value "
        "projections of every layer) and the classifier are trained under DP with per-sample gradients, "
        "then merged into the saved weights (W + B*A*alpha/r): the saved model differs from the public base "
        "model only through DP-trained parameters"
    ),
    "layers": (
        "layers: the top encoder layers, the pooler (cls pooling) and the classifier are trained under DP; "
        "embeddings and lower layers stay the public base model's"
    ),
}


def _build_model(cfg: TrainConfig, model_dir: Path, labels: list[str]):
    """Load, freeze (or add LoRA adapters), move to the device: everything that creates or
    replaces parameters happens here, before the optimizer and Opacus' hooks exist."""
    model = load_classifier(model_dir, labels, cfg.pooling)
    if cfg.mode == "lora":
        counts = add_lora(model, cfg.lora_rank, cfg.lora_alpha)
    else:
        counts = freeze_for_dp(model, cfg.train_layers, cfg.train_pooler)
    counts["pooling"] = cfg.pooling
    model.to(_device(cfg.device))
    model.train()  # Opacus validates the module in training mode
    return model, counts


def new_job_id() -> str:
    return time.strftime("train-%Y%m%dT%H%M%SZ-", time.gmtime()) + uuid.uuid4().hex[:8]


def _planned_noise(cfg: TrainConfig, sample_rate: float) -> float:
    import warnings

    from opacus.accountants.utils import get_noise_multiplier

    import numpy as np

    with warnings.catch_warnings(), np.errstate(divide="ignore"):
        warnings.filterwarnings("ignore", message=".*Optimal order is the (largest|smallest) alpha.*")
        sigma = get_noise_multiplier(
            target_epsilon=cfg.epsilon,
            target_delta=cfg.delta,
            sample_rate=sample_rate,
            epochs=cfg.epochs,
            accountant=cfg.accountant,
        )
    return float(sigma)


def run_training(config: TrainConfig, home: Home | str | Path | None = None) -> TrainResult:
    """Run one DP fine-tuning job; raises :class:`BudgetRefused` when the ledger says no
    (nothing spent, nothing written) and :class:`TrainingError` for jobs that cannot run."""
    import veil.store as store

    started = time.monotonic()
    cfg = config
    cfg.validate()
    home = home if isinstance(home, Home) else Home.resolve(home)
    out = Path(cfg.out).expanduser().resolve()
    check_out_dir(out)
    model_dir = resolve_model(cfg.model)

    ledger, audit_log = _open_audit(home)
    resumed = _find_checkpoint(cfg, out)
    job_id = resumed[0].job_id if resumed else (cfg.job_id or new_job_id())
    if not resumed:
        _precheck(ledger, cfg)

    # 1. Fix the input (a resumed job reads exactly the files its checkpoint names).
    if resumed:
        ck = resumed[0]
        snap = store.Snapshot(ck.snapshot_store, cfg.topic, tuple(store.SnapshotFile(**f) for f in ck.snapshot_files))
    else:
        snap = store.snapshot(cfg.store, cfg.topic)
    if not snap.files:
        raise TrainingError(f"topic {cfg.topic!r} has no files in store {cfg.store}")
    try:
        table = store.read_snapshot(snap, columns=["event_id", "user", "data"])
    except store.SnapshotChanged as exc:
        if not resumed:
            raise
        _abandon_checkpoint(ledger, out, resumed[0], cfg, f"snapshot changed: {exc}")
        raise TrainingError(
            f"cannot resume job {job_id}: {exc}; what its checkpoint spent was settled, start a new job"
        ) from None
    examples, ex_stats = data_mod.build_examples(
        table.to_pylist(),
        text_field=cfg.text_field,
        label_field=cfg.label_field,
        max_examples_per_user=cfg.max_examples_per_user,
        seed=cfg.seed,
        positive_if=cfg.positive_if,
    )
    del table
    if not examples:
        raise TrainingError(
            f"no rows of topic {cfg.topic!r} have both {cfg.text_field!r} and {cfg.label_field!r}"
        )

    # 2. Labels and the user split.
    if cfg.positive_if:
        labels = [NEGATIVE, POSITIVE]
    elif cfg.labels:
        labels = list(cfg.labels)
    else:
        labels = data_mod.sort_labels(e.label for e in examples)
    if resumed and labels != resumed[0].labels:
        raise TrainingError(f"cannot resume job {job_id}: labels {labels} differ from the checkpoint's {resumed[0].labels}")
    if len(labels) < 2:
        raise TrainingError(f"label field {cfg.label_field!r} needs at least 2 classes, found {len(labels)}")
    label2id = {label: i for i, label in enumerate(labels)}
    train_ex, val_ex = data_mod.split_users(examples, cfg.validation_fraction, cfg.seed)
    if not train_ex:
        raise TrainingError("no training users left after the validation split")

    torch.manual_seed(cfg.seed)  # classifier-head init only; DP noise and sampling use fresh entropy
    tokenizer = load_tokenizer(model_dir)
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    train_enc = data_mod.encode(train_ex, tokenizer, label2id, cfg.max_length)
    train_ex = [e for e in train_ex if e.label in label2id]
    val_enc = data_mod.encode(val_ex, tokenizer, label2id, cfg.max_length)
    if not train_enc:
        raise TrainingError("no training examples have a label in the label set")
    dataset = data_mod.UnitDataset.build(train_ex, train_enc, cfg.privacy_unit)
    model, counts = _build_model(cfg, model_dir, labels)
    if cfg.audit:  # canary units, before the rate is fixed; each needs a trained coordinate of its own
        privacy_audit.plant(dataset, cfg, sum(p.numel() for p in model.parameters() if p.requires_grad))
    loader = torch.utils.data.DataLoader(
        dataset,
        batch_size=cfg.batch_size,
        shuffle=False,
        collate_fn=data_mod.UnitCollator(pad_id),
        generator=fresh_generator(),  # Opacus' Poisson sampler draws from this one
    )
    sample_rate = 1.0 / len(loader)
    planned_steps = cfg.epochs * len(loader)
    if resumed:
        ck = resumed[0]
        if (ck.sample_rate, ck.planned_steps) != (sample_rate, planned_steps):
            raise TrainingError(
                f"cannot resume job {job_id}: sample rate/steps {sample_rate}/{planned_steps} differ from "
                f"the checkpoint's {ck.sample_rate}/{ck.planned_steps}"
            )
        noise_multiplier = ck.noise_multiplier  # the mechanism the reservation was made for
    else:
        noise_multiplier = _planned_noise(cfg, sample_rate)
    mechanism = {
        "mechanism": "poisson_subsampled_gaussian",
        "noise_multiplier": noise_multiplier,
        "sample_rate": sample_rate,
        "steps": planned_steps,
        "accountant": cfg.accountant,
        "unit": cfg.privacy_unit,
    }

    restore_sigterm = _sigterm_raises()
    try:
        return _train_reserved(_Prepared(
            cfg=cfg, job_id=job_id, out=out, ledger=ledger, audit_log=audit_log,
            snap=snap, labels=labels, tokenizer=tokenizer, pad_id=pad_id, model=model, counts=counts,
            train_ex=train_ex, val_ex=val_ex,
            train_enc=train_enc, val_enc=val_enc, dataset=dataset, loader=loader,
            noise_multiplier=noise_multiplier, sample_rate=sample_rate, planned_steps=planned_steps,
            mechanism=mechanism, ex_stats=ex_stats, started=started, resumed=resumed,
        ))
    finally:
        restore_sigterm()


@dataclass
class _Prepared:
    """Everything a job has fixed before it asks the ledger for budget."""

    cfg: TrainConfig
    job_id: str
    out: Path
    ledger: Any
    audit_log: Any
    snap: Any
    labels: list[str]
    tokenizer: Any
    pad_id: int
    model: Any
    counts: dict[str, Any]
    train_ex: list
    val_ex: list
    train_enc: list
    val_enc: list
    dataset: Any
    loader: Any
    noise_multiplier: float
    sample_rate: float
    planned_steps: int
    mechanism: dict[str, Any]
    ex_stats: Any
    started: float
    resumed: tuple | None = None  # (Checkpoint, state) when resuming


def _train_reserved(p: _Prepared) -> TrainResult:
    """Reserve, train, write, settle.  Whatever happens after the reservation, it is
    settled (steps ran) or released (none ran)."""
    cfg, job_id, out, ledger, audit_log = p.cfg, p.job_id, p.out, p.ledger, p.audit_log
    snap, labels, tokenizer, pad_id, model, counts = p.snap, p.labels, p.tokenizer, p.pad_id, p.model, p.counts
    train_ex, val_ex, train_enc, val_enc, dataset, loader = (
        p.train_ex, p.val_ex, p.train_enc, p.val_enc, p.dataset, p.loader)
    noise_multiplier, sample_rate, planned_steps, mechanism = (
        p.noise_multiplier, p.sample_rate, p.planned_steps, p.mechanism)
    ex_stats, started = p.ex_stats, p.started
    ck, ck_state = p.resumed if p.resumed else (None, None)
    # 3. Reserve the budget before any training (the binding, transactional check).  A
    # resumed job keeps the reservation its first run made (same job id), if still open.
    row = _ledger_row(ledger, cfg.topic, job_id) if ck else None
    if row is not None and row["state"] != "reserved":
        raise TrainingError(
            f"cannot resume job {job_id}: its reservation is already {row['state']}; "
            f"remove {ckpt.checkpoint_dir(out)} and start a new job"
        )
    if row is None:
        try:
            ledger.reserve(cfg.topic, job_id, cfg.epsilon, cfg.delta, mechanism=mechanism)
        except Exception as exc:
            if _is_ledger_error(exc):
                raise BudgetRefused(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
            raise
        log_facts(log, "budget reserved", job_id=job_id, topic=cfg.topic, epsilon=cfg.epsilon, delta=cfg.delta)
    else:
        log_facts(log, "resuming", job_id=job_id, step=ck.step, steps=planned_steps, reservation="kept")

    pt = None
    closed = False
    tmp: Path | None = None
    interrupted = False
    resumes = list(ck.resumes) + [{"step": ck.step, "at": _now_iso()}] if ck else []
    fingerprint = ckpt.fingerprint(cfg)
    try:
        optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=cfg.lr, weight_decay=0.0)
        check_trainable_wiring(model, optimizer)
        if ck is not None:
            ckpt.restore_params(model, ck_state["params"])
            optimizer.load_state_dict(ck_state["optimizer"])
        forward, cached = None, False
        if cfg.cache_frozen and cfg.mode != "lora" and features.supported(model):
            cache = features.FrozenPrefixCache(model, cfg.train_layers)
            t_cache = time.monotonic()
            cache.precompute(train_enc, pad_id)
            forward, cached = (lambda b: cache.head(b["hidden"], b["attention_mask"])), True
            log_facts(log, "frozen layers cached", job_id=job_id, examples=len(train_enc),
                      seconds=round(time.monotonic() - t_cache, 1))
        pt = make_private(
            model=model,
            optimizer=optimizer,
            loader=loader,
            noise_multiplier=noise_multiplier,
            max_grad_norm=cfg.max_grad_norm,
            accountant=cfg.accountant,
        )
        privacy_audit.attach(pt, dataset, cfg)
        if ck is not None:  # continue the accounting where the checkpoint left it
            pt.engine.accountant.history = [tuple(h) for h in ck.history]
            if pt.steps != ck.step:
                raise TrainingError(f"checkpoint history counts {pt.steps} steps, its step counter {ck.step}")

        def save_checkpoint(stats) -> None:
            history = [tuple(h) for h in pt.engine.accountant.history]
            if sum(n for _, _, n in history) != stats.steps:
                raise TrainingError("accountant history and step counter disagree; not checkpointing")
            meta = ckpt.Checkpoint(
                job_id=job_id, fingerprint=fingerprint, topic=cfg.topic, snapshot_store=snap.store,
                snapshot_files=[{"path": f.path, "sha256": f.sha256, "rows": f.rows} for f in snap.files],
                labels=labels, noise_multiplier=noise_multiplier, sample_rate=sample_rate,
                planned_steps=planned_steps, step=stats.steps, accountant=cfg.accountant, history=history,
                resumes=resumes, config=cfg.to_dict(),
            )
            ckpt.save(out, meta, model, pt.optimizer, stats.losses)

        # An audited job's canaries live in memory only: such a job is not checkpointed.
        every = 0 if cfg.audit else cfg.checkpoint_every

        def on_step(stats) -> None:
            stop = _STOP.requested
            if stop or (every and stats.steps % every == 0 and stats.steps < planned_steps):
                save_checkpoint(stats)
            if stop:
                raise SystemExit(_STOP.code)

        log_facts(
            log, "training", job_id=job_id, units=len(dataset), examples=len(train_enc),
            noise_multiplier=round(noise_multiplier, 4), sample_rate=round(sample_rate, 6),
            steps=planned_steps, **counts,
        )
        t0 = time.monotonic()
        _STOP.graceful = every > 0  # SIGTERM: checkpoint after this step, then exit
        try:
            loop_stats = train(pt, epochs=cfg.epochs, delta=cfg.delta, progress=cfg.progress, forward=forward,
                               micro_batch=cfg.micro, start_step=ck.step if ck else 0,
                               losses=ck_state["losses"] if ck else None, on_step=on_step)
        finally:
            _STOP.graceful = False
        train_seconds = time.monotonic() - t0
        spent = pt.epsilon(cfg.delta)
        steps = pt.steps
        pt.cleanup()
        # --audit: raises PrivacyAuditFailed (nothing written, budget settled) when it catches a broken guarantee
        audit = privacy_audit.conclude(dataset, spent, cfg, audit_log, job_id)

        # 4. Evaluate on held-out users (outside the guarantee) and write everything.
        if has_lora(model):
            merge_lora(model)  # adapters folded into the weights: an ordinary checkpoint
        val_metrics = evaluate(model, val_enc, pad_id)
        tmp = staging_dir(out)
        model.to("cpu").save_pretrained(str(tmp))
        tokenizer.save_pretrained(str(tmp))
        m_hash = model_hash(tmp)
        mechanism.update(steps=steps)
        privacy = {
            "job_id": job_id,
            "topic": cfg.topic,
            "epsilon": spent,
            "target_epsilon": cfg.epsilon,
            "delta": cfg.delta,
            "unit_of_privacy": cfg.privacy_unit,
            "unit_statement": UNIT_STATEMENTS[cfg.privacy_unit],
            "accountant": cfg.accountant,
            "noise_multiplier": noise_multiplier,
            "sample_rate": sample_rate,
            "expected_units_per_step": pt.expected_units,
            "steps": steps,
            "empty_steps": loop_stats.empty_steps,
            "epochs": cfg.epochs,
            "max_grad_norm": cfg.max_grad_norm,
            "learning_rate": cfg.lr,
            "batch_size": cfg.batch_size,
            "max_examples_per_user": cfg.max_examples_per_user,
            "training_mode": cfg.mode,
            "mode_statement": MODE_STATEMENTS[cfg.mode],
            "pooling": cfg.pooling,
            "sampling": "poisson",
            "clipping": "flat, per unit",
            "base_model": cfg.model,
            "trained_parameters": counts,
            "text_field": cfg.text_field,
            "label_field": cfg.label_field,
            "labels": labels,
            "snapshot_hash": snap.hash,
            "snapshot_files": [
                {"path": f.path, "sha256": f.sha256, "rows": f.rows} for f in snap.files
            ],
            "model_hash": m_hash,
            "resumed": resumes,
            "limits": _limits(cfg) + ([RESUME_LIMIT] if resumes else []),
        }
        metrics = {
            "job_id": job_id,
            "accuracy": val_metrics.get("accuracy"),  # validation accuracy, held-out users
            "validation": {"users": len({e.user for e in val_ex}), **val_metrics},
            "n_train": len(train_enc),
            "n_val": len(val_enc),
            "train_users": len({e.user for e in train_ex}),
            "train_units": len(dataset),
            "train_loss": loop_stats.train_loss,
            "steps": steps,
            "empty_steps": loop_stats.empty_steps,
            "examples_seen": loop_stats.examples_seen,
            "train_seconds": round(train_seconds, 2),
            "frozen_layers_cached": cached,
            "training_mode": cfg.mode,
            "seconds_per_step": round(train_seconds / max(1, steps), 4),
            "examples": ex_stats.as_dict(),
            "note": "metrics describe held-out users and are not covered by the DP guarantee",
        }
        if audit:
            privacy["audit"] = audit
        write_json(tmp / "privacy.json", privacy)
        write_json(tmp / "metrics.json", metrics)
        (tmp / "README.md").write_text(model_card(privacy, metrics))
        publish(tmp, out)
        tmp = None

        # 5. Settle with what was actually spent.
        ledger.settle(job_id, spent, cfg.delta, mechanism=mechanism)
        closed = True
        audit_log.append(
            "training_job",
            job_id=job_id,
            topic=cfg.topic,
            snapshot_hash=snap.hash,
            snapshot_files=len(snap.files),
            model_hash=m_hash,
            epsilon=spent,
            target_epsilon=cfg.epsilon,
            delta=cfg.delta,
            unit=cfg.privacy_unit,
            accountant=cfg.accountant,
            noise_multiplier=noise_multiplier,
            sample_rate=sample_rate,
            steps=steps,
            max_examples_per_user=cfg.max_examples_per_user,
            base_model=cfg.model,
            out=str(out),
            resumed=len(resumes),
        )
        log_facts(log, "training done", job_id=job_id, epsilon=round(spent, 4), steps=steps,
                  accuracy=val_metrics.get("accuracy"), seconds=round(time.monotonic() - started, 1))
        return TrainResult(
            job_id=job_id, out=out, epsilon=spent, delta=cfg.delta, target_epsilon=cfg.epsilon,
            noise_multiplier=noise_multiplier, sample_rate=sample_rate, steps=steps,
            privacy_unit=cfg.privacy_unit, accountant=cfg.accountant, snapshot_hash=snap.hash,
            model_hash=m_hash, metrics=metrics, seconds=time.monotonic() - started,
        )
    except (SystemExit, KeyboardInterrupt):
        interrupted = True
        raise
    finally:
        if tmp is not None:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
        if not closed:
            _close_unfinished(ledger, job_id, pt, cfg, mechanism, out, ck, interrupted)


RESUME_LIMIT = (
    "this job was interrupted and resumed from a checkpoint (see \"resumed\"): the accountant's "
    "history was restored, so epsilon counts every step of the final model exactly once; steps a "
    "killed process ran after its last checkpoint were never written anywhere and were run again"
)


class _Stop:
    """SIGTERM during the training loop of a checkpointing job: finish the step, write a
    checkpoint, then exit 143 (``graceful``).  Elsewhere, or on a second SIGTERM: at once."""

    graceful = False
    requested = False
    code = 143


_STOP = _Stop()


def _now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _find_checkpoint(cfg: TrainConfig, out: Path):
    """(Checkpoint, state) of this job in ``out``, or None.  A checkpoint for another
    config is an error (never silently resumed, never silently discarded)."""
    found = ckpt.load(out)
    if found is None:
        if cfg.resume:
            raise TrainingError(f"--resume: no checkpoint in {ckpt.checkpoint_dir(out)}")
        return None
    meta = found[0]
    if meta.fingerprint != ckpt.fingerprint(cfg):
        raise TrainingError(
            f"{ckpt.checkpoint_dir(out)} holds a checkpoint of job {meta.job_id} with other options; "
            f"rerun it with the same options to resume it, or abandon it: `veil budget release {meta.job_id}` "
            f"and delete that directory"
        )
    if cfg.job_id and cfg.job_id != meta.job_id:
        raise TrainingError(f"{ckpt.checkpoint_dir(out)} holds job {meta.job_id}, not {cfg.job_id}")
    return found


def _ledger_row(ledger, topic: str, job_id: str):
    return next((j for j in ledger.jobs(topic) if j["job_id"] == job_id), None)


def _history_epsilon(history, accountant: str, delta: float) -> float:
    import warnings

    import numpy as np
    from opacus.accountants import create_accountant

    acc = create_accountant(mechanism=accountant)
    acc.history = [tuple(h) for h in history]
    if not acc.history:
        return 0.0
    with warnings.catch_warnings(), np.errstate(divide="ignore"):
        warnings.filterwarnings("ignore", message=".*Optimal order is the (largest|smallest) alpha.*")
        return float(acc.get_epsilon(delta))


def _abandon_checkpoint(ledger, out: Path, ck, cfg: TrainConfig, reason: str) -> None:
    """Close the reservation of a checkpoint that cannot be resumed with what it spent."""
    row = _ledger_row(ledger, cfg.topic, ck.job_id)
    if row is not None and row["state"] == "reserved":
        spent = _history_epsilon(ck.history, ck.accountant, cfg.delta)
        ledger.settle(ck.job_id, spent, cfg.delta, mechanism={
            "mechanism": "poisson_subsampled_gaussian", "noise_multiplier": ck.noise_multiplier,
            "sample_rate": ck.sample_rate, "steps": ck.step, "accountant": ck.accountant,
            "unit": cfg.privacy_unit, "failed": True, "reason": reason[:200]})
        log_facts(log, "abandoned checkpoint settled", logging.WARNING, job_id=ck.job_id, epsilon=spent, steps=ck.step)
    ckpt.remove(out)


def _close_unfinished(ledger, job_id, pt, cfg, mechanism, out: Path, ck, interrupted: bool) -> None:
    """A job that did not finish.  Interrupted (SIGTERM, Ctrl-C) with a checkpoint that holds
    every step the accountant counted: the reservation stays open for ``--resume``.
    Otherwise: settle what was spent (or release when nothing was) and drop the checkpoint."""
    try:
        on_disk = ckpt.load(out)
    except Exception:
        on_disk = None
    on_disk = on_disk[0] if on_disk and on_disk[0].job_id == job_id else None
    steps = pt.steps if pt is not None else (ck.step if ck is not None else 0)
    if interrupted and on_disk is not None and on_disk.step == steps:
        log_facts(log, "interrupted; reservation kept for resume", logging.WARNING, job_id=job_id, step=steps,
                  resume="rerun the same veil train command (or add --resume)",
                  abandon=f"veil budget release {job_id} and delete {ckpt.checkpoint_dir(out)}")
        return
    if pt is None and ck is not None:
        try:
            _abandon_checkpoint(ledger, out, ck, cfg, "resumed job failed before training")
        except Exception:
            log.exception("could not close the reservation", extra={"facts": {"job_id": job_id}})
        return
    _close_failed(ledger, job_id, pt, cfg, mechanism)
    ckpt.remove(out)


def _sigterm_raises():
    """While a reservation is open, SIGTERM (``kill``, Kubernetes stopping a pod) raises
    SystemExit(143) so the ``finally`` above settles or releases it, or, in the training
    loop of a checkpointing job, asks for a checkpoint after the current step and then
    exits (the reservation then stays open for ``--resume``).  Only the main thread can
    set handlers; elsewhere this does nothing.  SIGKILL cannot be caught: a SIGKILLed job's
    reservation stays open; ``--resume`` reuses it, ``veil budget release`` abandons it."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = signal.getsignal(signal.SIGTERM)
    _STOP.requested = False

    def handler(signum, frame):
        if _STOP.graceful and not _STOP.requested:
            _STOP.requested, _STOP.code = True, 128 + signum
            return
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)
    return lambda: signal.signal(signal.SIGTERM, previous)


def _close_failed(ledger, job_id: str, pt, cfg: TrainConfig, mechanism: dict[str, Any]) -> None:
    """Never leak a reservation: settle what noisy steps already spent, else release."""
    try:
        steps = pt.steps if pt is not None else 0
        if steps > 0:
            spent = pt.epsilon(cfg.delta)
            ledger.settle(job_id, spent, cfg.delta, mechanism={**mechanism, "steps": steps, "failed": True})
            log_facts(log, "failed job settled", logging.WARNING, job_id=job_id, epsilon=spent, steps=steps)
        else:
            ledger.release(job_id)
            log_facts(log, "failed job released", logging.WARNING, job_id=job_id)
    except Exception:  # the original error matters more; the ledger keeps the reservation
        log.exception("could not close the reservation", extra={"facts": {"job_id": job_id}})


def _limits(cfg: TrainConfig) -> list[str]:
    limits = [
        "noise and Poisson sampling use PyTorch's ordinary generator (seeded from the OS CSPRNG), "
        "not Opacus secure_mode: torchcsprng has no Python 3.11 build; floating-point attacks on "
        "the Gaussian sampler are not mitigated",
        "validation metrics (accuracy, loss, counts) are computed on held-out users and are NOT covered "
        "by the guarantee; neither are the counts of examples and users in metrics.json",
        "the guarantee is relative to this snapshot; other jobs on the same topic compose with it "
        "(see the ledger)",
        "hyperparameter search is not covered for free: every trial run on this topic is a job that spends "
        "budget, and choosing among trials by their validation accuracy uses held-out users' data outside "
        "the guarantee; Veil's defaults (mean pooling, clipping norm 0.1, learning rates) were chosen on "
        "synthetic demo data, not on this topic",
        "the base model and tokenizer are public and not covered (nor at risk)",
        "the number of training units (hence the sampling rate and the number of steps) is treated "
        "as public, as Opacus does",
    ]
    if cfg.labels is None and not cfg.positive_if:
        limits.append(
            "the label set was derived from the data (not fixed in advance): the list of labels is "
            "released outside the guarantee"
        )
    if cfg.privacy_unit == "event":
        limits.append(UNIT_STATEMENTS["event"])
        limits.append(
            "event-level with a per-user cap: removing one kept event of a user with more than K "
            "events lets another of that user's events in, so such a neighbour differs by a "
            "substitution (two add/remove steps, about 2x epsilon); user-level has no such gap"
        )
    return limits


def _device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise TrainingError("device cuda requested but no CUDA device is available")
    return torch.device(name)


def _precheck(ledger, cfg: TrainConfig) -> None:
    """Refuse early, before reading any data, when the topic's budget plainly cannot cover
    the job.  Not binding: :meth:`Ledger.reserve` decides, atomically, later."""
    if getattr(ledger, "composition", "basic") != "basic":
        return  # a tighter composition may admit what the plain sums do not
    try:
        [status] = ledger.status(cfg.topic)
    except Exception as exc:
        if _is_ledger_error(exc):  # e.g. no budget set for the topic
            raise BudgetRefused(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
        raise
    eps_left = getattr(status, "epsilon_left", None)
    if eps_left is not None and cfg.epsilon > eps_left + 1e-9 * max(1.0, status.epsilon_total):
        raise BudgetRefused(
            f"job asks ε={cfg.epsilon:g} but topic {cfg.topic} has ε={max(eps_left, 0.0):.6g} left "
            f"of {status.epsilon_total:g} (spent {status.epsilon_spent:.6g}, reserved {status.epsilon_reserved:.6g})"
        )


def _open_audit(home: Home):
    try:
        from veil.audit import open_audit
    except ImportError as exc:  # pragma: no cover - audit is part of Veil
        raise TrainingError(f"the audit package is not available: {exc}") from None
    return open_audit(home)


def _is_ledger_error(exc: BaseException) -> bool:
    from veil.audit import LedgerError

    return isinstance(exc, LedgerError)
