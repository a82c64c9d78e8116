"""``run_training``: one DP fine-tuning job, as phases with typed inputs and outputs::

    job       = open_job(config, home)                # where and which job; early refusals
    prepared  = prepare(job)                          # snapshot → units → model → mechanism
    reserved  = reserve(job, prepared.mechanism)      # the ledger's binding check
    fitted    = fit(job, prepared, reserved)          # DP-SGD (Opacus), the audit's verdict
    published = write_outputs(job, prepared, fitted)  # model + records, atomically into out
    result    = settle(job, reserved, published)      # spent ε into the ledger, audit entry

``prepare`` runs before ``reserve``: the reservation records the mechanism (noise
multiplier, sampling rate, steps), and those depend on how many units the snapshot holds.
Nothing before ``reserve`` spends or writes anything; after it, the reservation never
leaks (:mod:`.reservation`).  The records themselves are built in :mod:`.outputs`.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import torch

from veil.audit import AuditLog, Ledger, ModelRegistry, open_audit
from veil.core.errors import UnreachableError
from veil.core.logs import log_facts
from veil.core.settings import Home

from . import board as board_mod
from . import checkpoint as ckpt
from . import data as data_mod
from . import features, privacy_audit
from . import reservation as budget
from .board import Board
from .config import NEGATIVE, POSITIVE, TrainConfig, TrainingError, TrainResult
from .data import Encoded, Example, ExampleStats, UnitDataset
from .loop import Forward, LoopStats, evaluate, train
from .model import (add_lora, check_trainable_wiring, freeze_for_dp, has_lora, load_classifier, load_tokenizer,
                    merge_lora, resolve_model)
from .outputs import (Evaluation, ModelRef, RunRecord, existing_model, headline_metrics, ledger_mechanism,
                      metrics_record, model_card, model_hash, privacy_record, publish, snapshot_files, staging_dir, training_job_facts, write_json)
from .prepare import PrepSettings
from .privacy import Mechanism, PrivateTraining, fresh_generator, make_private
from .reservation import Reservation

if TYPE_CHECKING:  # pragma: no cover
    from veil.store import Snapshot

    from .canaries import GradientCanaries

log = logging.getLogger("veil.trainer")


# -- what each phase hands the next ------------------------------------------------------


@dataclass(frozen=True)
class Resume:
    """A checkpoint of this very job, to continue from (see :mod:`.checkpoint`)."""

    checkpoint: ckpt.Checkpoint
    state: dict[str, Any]  # trained parameters, optimizer state, losses


@dataclass(frozen=True)
class Job:
    """A job opened: its config, id, output and ledger; no data read, nothing spent."""

    cfg: TrainConfig
    job_id: str
    out: Path
    model_dir: Path
    ledger: Ledger
    audit_log: AuditLog
    resume: Resume | None
    supersedes: ModelRef | None  # the model in ``out`` this job replaces (``overwrite``)
    started: float  # time.monotonic()


@dataclass(frozen=True)
class TrainingData:
    """The fixed input: one snapshot, capped and split by user, tokenised, grouped in units."""

    snapshot: "Snapshot"
    labels: list[str]
    train_examples: list[Example]
    val_examples: list[Example]
    train_encoded: list[Encoded]
    val_encoded: list[Encoded]
    dataset: UnitDataset  # training units (plus the audit's canary slots)
    stats: ExampleStats
    tokenizer: Any  # a transformers tokenizer
    pad_id: int
    prep: PrepSettings  # how the examples were cleaned and deduplicated (recorded with the job)

    def preparation(self, max_length: int) -> dict[str, Any]:
        """The preparation record: settings, what each rule removed, what was truncated."""
        return {**self.prep.record(), "max_length": max_length, "removed": self.stats.removed(),
                "truncated": self.stats.truncated, "rows": self.stats.rows, "kept": self.stats.kept}


@dataclass(frozen=True)
class Prepared:
    """Everything fixed before the ledger is asked: data, model, loader and mechanism."""

    data: TrainingData
    model: torch.nn.Module
    trained_parameters: dict[str, Any]  # what trains under DP (counts, mode, pooling)
    loader: torch.utils.data.DataLoader
    mechanism: Mechanism
    canaries: "GradientCanaries | None"


@dataclass(frozen=True)
class Fitted:
    """What DP training did: the accountant's ε and steps, the loop's stats, the audit."""

    epsilon: float
    steps: int
    loop: LoopStats
    train_seconds: float
    frozen_layers_cached: bool
    expected_units: float
    resumes: list[dict[str, Any]]
    audit: dict[str, Any] | None
    board: Board | None = None  # TensorBoard writer, still open: write_outputs adds validation


@dataclass(frozen=True)
class Published:
    """The model in ``out`` and its records."""

    run: RunRecord
    metrics: dict[str, Any]


# -- the job ----------------------------------------------------------------------------


def run_training(config: TrainConfig, home: Home | str | Path | None = None) -> TrainResult:
    """Run one DP fine-tuning job; raises :class:`BudgetRefused` when the ledger says no
    (nothing spent, nothing written) and :class:`TrainingError` for jobs that cannot run."""
    job = open_job(config, home)
    prepared = prepare(job)
    with budget.sigterm_raises():
        reserved = reserve(job, prepared.mechanism)
        interrupted = False
        published = None
        try:
            fitted = fit(job, prepared, reserved)
            published = write_outputs(job, prepared, fitted, compare_non_private(job, prepared))
            return settle(job, reserved, published)
        except (SystemExit, KeyboardInterrupt):
            interrupted = True
            raise
        finally:
            if published is None:
                board_mod.discard(job.out, job.job_id)
            if not reserved.closed:
                budget.close_unfinished(job.ledger, reserved, job.cfg, job.out,
                                        job.resume.checkpoint if job.resume else None, interrupted)


def new_job_id() -> str:
    return time.strftime("train-%Y%m%dT%H%M%SZ-", time.gmtime()) + uuid.uuid4().hex[:8]


def open_job(config: TrainConfig, home: Home | str | Path | None = None) -> Job:
    """Validate, find the output and any checkpoint, open the ledger; refuse early (a model
    in ``out`` without ``overwrite``, a budget that plainly cannot cover the job) before
    reading any data or creating anything."""
    started = time.monotonic()
    cfg = config
    cfg.validate()
    out = Path(cfg.out).expanduser().resolve()
    supersedes = existing_model(out)
    if supersedes is not None and not cfg.overwrite:
        raise TrainingError(
            f"--out {out} already holds a model (job {supersedes.job_id}); pass --overwrite to replace it "
            f"(the ledger and audit log record which job superseded it), or choose another --out"
        )
    _check_input(cfg)
    model_dir = resolve_model(cfg.model)
    home = home if isinstance(home, Home) else Home.resolve(home)
    ledger, audit_log = open_audit(home)
    found = ckpt.find(cfg, out)
    resume = Resume(*found) if found else None
    job_id = resume.checkpoint.job_id if resume else (cfg.job_id or new_job_id())
    if resume is None:
        budget.precheck(ledger, cfg)
    return Job(cfg, job_id, out, model_dir, ledger, audit_log, resume, supersedes, started)


def prepare(job: Job) -> Prepared:
    """Read the snapshot, build the training units and the model, and plan the mechanism.
    Spends nothing; a job refused here leaves nothing behind."""
    cfg = job.cfg
    prep = PrepSettings.from_config(cfg)
    snap, rows = _read_input(job)
    examples, stats = data_mod.build_examples(
        rows, text_field=cfg.text_field, label_field=cfg.label_field,
        max_examples_per_user=cfg.max_examples_per_user, seed=cfg.seed, positive_if=cfg.positive_if, prep=prep,
    )
    del rows
    if not examples:
        raise TrainingError(f"no rows of topic {cfg.topic!r} have both {cfg.text_field!r} and {cfg.label_field!r} "
                            f"after cleaning and deduplication ({_removed_words(stats)})")
    data = _training_data(job, snap, examples, stats, _labels(job, examples), prep)
    torch.manual_seed(cfg.seed)  # classifier-head init only; DP noise and sampling use fresh entropy
    model, trained = _build_model(cfg, job.model_dir, data.labels)
    canaries = None
    if cfg.audit:  # canary units, before the rate is fixed; each needs a trained coordinate of its own
        canaries = privacy_audit.plant(data.dataset, cfg, sum(p.numel() for p in model.parameters() if p.requires_grad))
    loader = torch.utils.data.DataLoader(
        data.dataset, batch_size=cfg.batch_size, shuffle=False, collate_fn=data_mod.UnitCollator(data.pad_id),
        generator=fresh_generator(),  # Opacus' Poisson sampler draws from this one
    )
    return Prepared(data, model, trained, loader, _mechanism(job, loader), canaries)


def reserve(job: Job, mechanism: Mechanism) -> Reservation:
    """Reserve the job's (ε, δ) for ``mechanism`` before any training (or keep the
    reservation a resumed job's first run made)."""
    return budget.reserve(job.ledger, job.cfg, job.job_id, mechanism, job.out, resuming=job.resume is not None)


def fit(job: Job, prepared: Prepared, reserved: Reservation) -> Fitted:
    """DP-SGD over the Poisson-sampled units; checkpoints every ``checkpoint_every`` steps.
    ``reserved.training`` is set as soon as noisy steps can run (what a failure settles).
    Raises :class:`PrivacyAuditFailed` when ``--audit`` catches a broken guarantee."""
    cfg, model, resume = job.cfg, prepared.model, job.resume
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=cfg.lr, weight_decay=0.0)
    check_trainable_wiring(model, optimizer)
    if resume is not None:
        ckpt.restore_params(model, resume.state["params"])
        optimizer.load_state_dict(resume.state["optimizer"])
    forward = _frozen_prefix_forward(job, prepared)
    canaries = prepared.canaries
    pt = make_private(
        model=model, optimizer=optimizer, loader=prepared.loader,
        noise_multiplier=prepared.mechanism.noise_multiplier, max_grad_norm=cfg.max_grad_norm,
        accountant=cfg.accountant, optimizer_class=canaries.optimizer_class if canaries else None,
        optimizer_options={"canaries": canaries} if canaries else None,
    )
    reserved.training = pt
    if canaries is not None:
        canaries.attach(pt, cfg.max_grad_norm)
    if resume is not None:  # continue the accounting where the checkpoint left it
        pt.history = resume.checkpoint.history
        if pt.steps != resume.checkpoint.step:
            raise TrainingError(f"checkpoint history counts {pt.steps} steps, its step counter {resume.checkpoint.step}")
    ck = resume.checkpoint if resume else None
    resumes = list(ck.resumes) + [{"step": ck.step, "at": _now_iso()}] if ck else []
    log_facts(log, "training", job_id=job.job_id, units=len(prepared.data.dataset),
              examples=len(prepared.data.train_encoded), noise_multiplier=round(pt.noise_multiplier, 4),
              sample_rate=round(pt.sample_rate, 6), steps=prepared.mechanism.steps, **prepared.trained_parameters)
    board = Board.for_job(cfg.tensorboard, job.out, job.job_id, prepared.mechanism.steps, len(prepared.loader))
    t0 = time.monotonic()
    try:
        loop = _train_loop(job, prepared, pt, forward, resumes, board)
        train_seconds = time.monotonic() - t0
        spent, steps = pt.epsilon(cfg.delta), pt.steps
        pt.cleanup()
        # --audit: raises PrivacyAuditFailed (nothing written; the budget is settled) on a broken guarantee
        audit = privacy_audit.conclude(canaries, spent, cfg, job.audit_log, job.job_id)
    except BaseException:
        board.close()
        raise
    return Fitted(spent, steps, loop, train_seconds, forward is not None, pt.expected_units, resumes, audit, board)


def compare_non_private(job: Job, prepared: Prepared) -> dict[str, Any] | None:
    """``--compare-non-private``: the same model trained without DP on the same training
    users and evaluated on the same held-out users (:mod:`.nonprivate`; never published).
    None when not asked for."""
    if not job.cfg.compare_non_private:
        return None
    from . import nonprivate

    torch.manual_seed(job.cfg.seed)
    model, _ = _build_model(job.cfg, job.model_dir, prepared.data.labels)
    t0 = time.monotonic()
    result = nonprivate.train_and_evaluate(job.cfg, model, prepared.data, prepared.mechanism)
    log_facts(log, "non-private comparison", job_id=job.job_id, seconds=round(time.monotonic() - t0, 1),
              accuracy=result["validation"].get("accuracy"))
    return result


def write_outputs(job: Job, prepared: Prepared, fitted: Fitted, comparison: dict[str, Any] | None = None) -> Published:
    """Evaluate on held-out users (outside the guarantee), save the model and its records
    into a staging directory, and publish it as ``out`` in one rename.  ``comparison``: the
    non-private run's figures (:func:`compare_non_private`), recorded beside the model's."""
    cfg, model, data = job.cfg, prepared.model, prepared.data
    if has_lora(model):
        merge_lora(model)  # adapters folded into the weights: an ordinary checkpoint
    validation = evaluate(model, data.val_encoded, data.pad_id, train_labels=[e.label for e in data.train_encoded],
                          labels=data.labels)
    board = fitted.board or Board(None, 0, 1)
    board.validation(fitted.steps, validation)
    if comparison is not None:
        board.validation(fitted.steps, comparison["validation"], prefix="non_private")
    tmp = staging_dir(job.out)
    try:
        model.to("cpu").save_pretrained(str(tmp))
        data.tokenizer.save_pretrained(str(tmp))
        run = RunRecord(
            job_id=job.job_id, mechanism=prepared.mechanism, epsilon=fitted.epsilon, steps=fitted.steps,
            empty_steps=fitted.loop.empty_steps, expected_units=fitted.expected_units, snapshot=data.snapshot,
            labels=data.labels, trained_parameters=prepared.trained_parameters, model_hash=model_hash(tmp),
            resumes=fitted.resumes, audit=fitted.audit, supersedes=job.supersedes,
            preparation=data.preparation(cfg.max_length),
        )
        privacy = privacy_record(cfg, run)
        metrics = metrics_record(cfg, job.job_id, Evaluation(
            validation=validation, val_users=len({e.user for e in data.val_examples}),
            n_train=len(data.train_encoded), n_val=len(data.val_encoded),
            train_users=len({e.user for e in data.train_examples}), train_units=len(data.dataset),
            steps=fitted.steps, loop=fitted.loop, train_seconds=fitted.train_seconds,
            frozen_layers_cached=fitted.frozen_layers_cached, examples=data.stats, non_private=comparison,
        ))
        write_json(tmp / "privacy.json", privacy)
        write_json(tmp / "metrics.json", metrics)
        (tmp / "README.md").write_text(model_card(privacy, metrics))
        board.publish_into(tmp, job.out, job.job_id)
        publish(tmp, job.out)
    except BaseException:
        import shutil

        board.close()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Published(run, metrics)


def settle(job: Job, reserved: Reservation, published: Published) -> TrainResult:
    """Settle the reservation with what the accountant says was spent, then log the job."""
    cfg, run = job.cfg, published.run
    job.ledger.settle(job.job_id, run.epsilon, cfg.delta,
                      mechanism=ledger_mechanism(run.mechanism, steps=run.steps, supersedes=run.supersedes,
                                                 dedup_reference=_reference_sha(run)))
    reserved.closed = True
    job.audit_log.append("training_job", **training_job_facts(cfg, run, job.out, published.metrics))
    ModelRegistry.of_ledger(job.ledger).record(
        job_id=job.job_id, topic=cfg.topic, path=str(job.out), snapshot_hash=run.snapshot.hash,
        model_hash=run.model_hash, epsilon=run.epsilon, delta=cfg.delta, unit=cfg.privacy_unit,
        accountant=cfg.accountant, metrics=headline_metrics(published.metrics),
        supersedes=run.supersedes.job_id if run.supersedes else None)
    log_facts(log, "training done", job_id=job.job_id, epsilon=round(run.epsilon, 4), steps=run.steps,
              accuracy=published.metrics.get("accuracy"), seconds=round(time.monotonic() - job.started, 1))
    return TrainResult(
        job_id=job.job_id, out=job.out, epsilon=run.epsilon, delta=cfg.delta, target_epsilon=cfg.epsilon,
        noise_multiplier=run.mechanism.noise_multiplier, sample_rate=run.mechanism.sample_rate, steps=run.steps,
        privacy_unit=cfg.privacy_unit, accountant=cfg.accountant, snapshot_hash=run.snapshot.hash,
        model_hash=run.model_hash, metrics=published.metrics, seconds=time.monotonic() - job.started,
    )


def _reference_sha(run: RunRecord) -> str | None:
    return ((run.preparation or {}).get("reference") or {}).get("sha256")


# -- prepare's steps -----------------------------------------------------------------------


def _read_input(job: Job) -> tuple["Snapshot", list[dict[str, Any]]]:
    """Fix the input: a new snapshot, or exactly the files a resumed job's checkpoint names."""
    import veil.store as store

    cfg, ck = job.cfg, job.resume.checkpoint if job.resume else None
    try:
        if ck is not None:
            snap = store.Snapshot(ck.snapshot_store, cfg.topic,
                                  tuple(store.SnapshotFile(**f) for f in ck.snapshot_files))
        else:
            snap = _new_snapshot(cfg)
        table = store.read_snapshot(snap, columns=["event_id", "user", "data"])
    except store.SnapshotChanged as exc:
        if ck is None:
            raise
        budget.abandon_checkpoint(job.ledger, job.out, ck, cfg, f"snapshot changed: {exc}")
        raise TrainingError(
            f"cannot resume job {job.job_id}: {exc}; what its checkpoint spent was settled, start a new job"
        ) from None
    except OSError as exc:  # pyarrow's file systems: unreachable object storage, unreadable files
        raise _store_error(cfg.store, exc) from None
    return snap, table.to_pylist()


def _check_input(cfg: TrainConfig) -> None:
    """A bad topic name or a local store that does not exist is a typo, refused before
    anything else (an object store is only reached when the snapshot is taken)."""
    import veil.store as store

    try:
        store.check_topic(cfg.topic)
        location = store.normalize_location(cfg.store)
    except ValueError as exc:
        raise TrainingError(str(exc)) from None
    if isinstance(location, Path) and not location.is_dir():
        raise TrainingError(f"store {location} does not exist: give the --store directory `veil ingest` writes to")


def _new_snapshot(cfg: TrainConfig) -> "Snapshot":
    import veil.store as store

    snap = store.snapshot(cfg.store, cfg.topic)
    if not snap.files:
        have = store.topics(cfg.store)
        raise TrainingError(
            f"topic {cfg.topic!r} has no files in store {cfg.store}"
            + (f"; its topics: {', '.join(have)}" if have else "; the store holds no topic yet (run veil ingest)")
        )
    return snap


UNREACHABLE_SIGNS = ("NETWORK_CONNECTION", "curlCode", "Could not resolve", "Connection refused", "timed out",
                     "Timeout")


def _store_error(store_arg: str, exc: OSError) -> Exception:
    """One line that says what to do: unreachable object storage (exit 6) or a store that
    cannot be read as given (exit 2)."""
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    unreachable = any(sign in detail for sign in UNREACHABLE_SIGNS)
    detail = detail.rsplit("Details:", 1)[-1].strip()[:160]  # pyarrow's AWS errors end with the cause
    if unreachable:
        return UnreachableError(f"cannot reach the store {store_arg}: {detail}; check the network and the "
                                f"endpoint (VEIL_S3_ENDPOINT, AWS_*), then rerun")
    return TrainingError(f"cannot read the store {store_arg}: {detail}")


def _labels(job: Job, examples: list[Example]) -> list[str]:
    cfg = job.cfg
    if cfg.positive_if:
        labels = [NEGATIVE, POSITIVE]
    elif cfg.labels:
        labels = list(cfg.labels)
    else:
        labels = data_mod.sort_labels(e.label for e in examples)
    if job.resume is not None and labels != job.resume.checkpoint.labels:
        raise TrainingError(f"cannot resume job {job.job_id}: labels {labels} differ from the "
                            f"checkpoint's {job.resume.checkpoint.labels}")
    if len(labels) < 2:
        raise TrainingError(f"label field {cfg.label_field!r} needs at least 2 classes, found {len(labels)}")
    return labels


def _training_data(job: Job, snap: "Snapshot", examples: list[Example], stats: ExampleStats,
                   labels: list[str], prep: PrepSettings) -> TrainingData:
    """Split by user, tokenise once (truncations counted), group the training examples into
    privacy units."""
    cfg = job.cfg
    label2id = {label: i for i, label in enumerate(labels)}
    train_ex, val_ex = data_mod.split_users(examples, cfg.validation_fraction, cfg.seed)
    if not train_ex:
        raise TrainingError("no training users left after the validation split")
    tokenizer = _tokenizer(job.model_dir)
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    train_ex = [e for e in train_ex if e.label in label2id]
    val_ex = [e for e in val_ex if e.label in label2id]
    encoded = data_mod.encode(train_ex + val_ex, tokenizer, label2id, cfg.max_length, stats)
    train_enc, val_enc = encoded[:len(train_ex)], encoded[len(train_ex):]
    if not train_enc:
        raise TrainingError("no training examples have a label in the label set")
    dataset = UnitDataset.build(train_ex, train_enc, cfg.privacy_unit)
    return TrainingData(snap, labels, train_ex, val_ex, train_enc, val_enc, dataset, stats, tokenizer, pad_id, prep)


def _removed_words(stats: ExampleStats) -> str:
    removed = {k: v for k, v in stats.removed().items() if v}
    return ", ".join(f"{k}: {v}" for k, v in removed.items()) or f"{stats.rows} rows read"


def _tokenizer(model_dir: Path):
    try:
        return load_tokenizer(model_dir)
    except (OSError, ValueError) as exc:
        raise TrainingError(f"--model {model_dir}: no usable tokenizer ({type(exc).__name__}); give a "
                            f"model directory with a tokenizer, or a built-in model name") from None


def _build_model(cfg: TrainConfig, model_dir: Path, labels: list[str]) -> tuple[torch.nn.Module, dict[str, Any]]:
    """Load, freeze (or add LoRA adapters), move to the device: everything that creates or
    replaces parameters happens here, before the optimizer and Opacus' hooks exist."""
    try:
        model = load_classifier(model_dir, labels, cfg.pooling)
    except (OSError, ValueError) as exc:
        raise TrainingError(f"--model {model_dir}: cannot load it as a base model ({type(exc).__name__}); "
                            f"give a transformers model directory or a built-in model name") from None
    if cfg.mode == "lora":
        counts = add_lora(model, cfg.lora_rank, cfg.lora_alpha)
    else:
        counts = freeze_for_dp(model, cfg.train_layers, cfg.train_pooler)
    counts["pooling"] = cfg.pooling
    model.to(_device(cfg.device))
    model.train()  # Opacus validates the module in training mode
    return model, counts


def _mechanism(job: Job, loader: torch.utils.data.DataLoader) -> Mechanism:
    """The planned mechanism; a resumed job keeps the one its reservation was made for."""
    cfg = job.cfg
    sample_rate = 1.0 / len(loader)
    planned_steps = cfg.epochs * len(loader)
    if job.resume is None:
        return Mechanism.plan(accountant=cfg.accountant, unit=cfg.privacy_unit, target_epsilon=cfg.epsilon,
                              delta=cfg.delta, sample_rate=sample_rate, epochs=cfg.epochs, steps=planned_steps)
    ck = job.resume.checkpoint
    if (ck.sample_rate, ck.planned_steps) != (sample_rate, planned_steps):
        raise TrainingError(
            f"cannot resume job {job.job_id}: sample rate/steps {sample_rate}/{planned_steps} differ from "
            f"the checkpoint's {ck.sample_rate}/{ck.planned_steps}"
        )
    return Mechanism(ck.noise_multiplier, sample_rate, planned_steps, cfg.accountant, cfg.privacy_unit)


def _device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise TrainingError("device cuda requested but no CUDA device is available")
    return torch.device(name)


# -- fit's steps ---------------------------------------------------------------------------


def _frozen_prefix_forward(job: Job, prepared: Prepared) -> Forward | None:
    """Run the frozen layers once per example (head and top-layer modes) and train on the
    cached output; None: the full forward at every step (LoRA, unsupported models)."""
    cfg, model = job.cfg, prepared.model
    if not (cfg.cache_frozen and cfg.mode != "lora" and features.supported(model)):
        return None
    cache = features.FrozenPrefixCache(model, cfg.train_layers)
    t0 = time.monotonic()
    cache.precompute(prepared.data.train_encoded, prepared.data.pad_id)
    log_facts(log, "frozen layers cached", job_id=job.job_id, examples=len(prepared.data.train_encoded),
              seconds=round(time.monotonic() - t0, 1))
    return lambda b: cache.head(b["hidden"], b["attention_mask"])


def _epoch_validation(prepared: Prepared) -> dict[str, Any]:
    """Held-out accuracy and loss mid-training, for the TensorBoard curve; each module's
    train/eval mode is put back as it was (frozen layers stay in eval)."""
    model, data = prepared.model, prepared.data
    modes = [(m, m.training) for m in model.modules()]
    try:
        with torch.no_grad():
            return evaluate(model, data.val_encoded, data.pad_id)
    finally:
        for module, training in modes:
            module.training = training


def _train_loop(job: Job, prepared: Prepared, pt: PrivateTraining, forward: Forward | None,
                resumes: list[dict[str, Any]], board: Board) -> LoopStats:
    """The loop, with checkpoints every ``checkpoint_every`` steps, TensorBoard scalars after
    each step, and a graceful SIGTERM: the current step finishes (a checkpointing job then
    writes a checkpoint) and the job exits 143.  Graceful for every job, because an exception
    raised by a signal handler mid-library can break that library's locks (a TensorBoard
    writer's queue lost a wake-up and hung the exit).  An audited job's canaries live in
    memory only: such a job is not checkpointed."""
    cfg, resume = job.cfg, job.resume
    every = 0 if cfg.audit else cfg.checkpoint_every
    save = _checkpointer(job, prepared, pt, resumes)

    def on_step(stats: LoopStats) -> None:
        eps = pt.epsilon(cfg.delta) if board.wants_epsilon(stats.steps) else None
        board.step(stats.steps, stats.losses[-1], pt.optimizer.param_groups[0]["lr"], eps)
        stop = budget.STOP.requested
        if board.wants_validation(stats.steps) and not stop:
            board.validation(stats.steps, _epoch_validation(prepared))
        if every and (stop or (stats.steps % every == 0 and stats.steps < prepared.mechanism.steps)):
            save(stats)
        if stop:
            raise SystemExit(budget.STOP.code)

    budget.STOP.graceful = True
    try:
        stats = train(pt, epochs=cfg.epochs, delta=cfg.delta, progress=cfg.progress, forward=forward,
                      micro_batch=cfg.micro, start_step=resume.checkpoint.step if resume else 0,
                      losses=resume.state["losses"] if resume else None, on_step=on_step)
    finally:
        budget.STOP.graceful = False
    if budget.STOP.requested:  # a SIGTERM after the last step's check still stops the job
        raise SystemExit(budget.STOP.code)
    return stats


def _checkpointer(job: Job, prepared: Prepared, pt: PrivateTraining,
                  resumes: list[dict[str, Any]]) -> Callable[[LoopStats], None]:
    cfg, mech, snap = job.cfg, prepared.mechanism, prepared.data.snapshot
    fingerprint = ckpt.fingerprint(cfg)

    def save(stats: LoopStats) -> None:
        history = pt.history
        if sum(n for _, _, n in history) != stats.steps:
            raise TrainingError("accountant history and step counter disagree; not checkpointing")
        meta = ckpt.Checkpoint(
            job_id=job.job_id, fingerprint=fingerprint, topic=cfg.topic, snapshot_store=snap.store,
            snapshot_files=snapshot_files(snap), labels=prepared.data.labels,
            noise_multiplier=mech.noise_multiplier, sample_rate=mech.sample_rate, planned_steps=mech.steps,
            step=stats.steps, accountant=cfg.accountant, history=history, resumes=resumes, config=cfg.to_dict(),
        )
        ckpt.save(job.out, meta, prepared.model, pt.optimizer, stats.losses)

    return save


def _now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
