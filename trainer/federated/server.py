"""The server side of a federated job: registration, rounds, and the job's phases.

``run_server_job(grid, cfg, home, workdir)`` runs inside the ServerApp process.  It
reuses the central job's phases where they fit (:func:`veil.trainer.job.reserve`,
:func:`veil.trainer.job.settle`, :func:`veil.trainer.reservation.close_unfinished`), so
the ledger reserves (ε, δ) before round 1, refuses an over-budget job (nothing trained),
settles what the released rounds spent, and never leaks a reservation; the model and
its records are published into ``out`` atomically (:func:`veil.trainer.outputs.publish`).

Invariant: the population is N fixed slots (the registered devices); a connected
device fills its slot by a pseudonym (a keyed hash of its device id with this job's
salt), so neither the audit log nor the records ever name a device.  A round's noisy
aggregate is released (applied to the global model) once, after every answer arrived
or the round timed out; each released round is one accounted step.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from veil.core.logs import log_facts

from .. import job as central
from .. import reservation as budget
from ..config import TrainConfig, TrainingError
from ..outputs import existing_model, model_hash, publish, staging_dir, write_json
from ..privacy import Mechanism
from . import accounting, records, resume, wire
from .config import UNIT, FederatedConfig
from .strategy import DPFedAvg, RoundTally

log = logging.getLogger("veil.trainer.federated")

TRAIN, EVALUATE, REGISTER = "train", "evaluate", "query"
POLL = 0.2  # seconds between pulls for replies (Flower's send_and_receive sleeps 3 s)


def exchange(grid: Any, messages: list, timeout: float, enough: Callable[[list], bool] | None = None) -> list:
    """Send each message once and collect the replies until every message has one, ``timeout``
    passes, or ``enough(replies)`` says so.  A device that is gone (its SuperNode unregistered,
    or silent past Flower's heartbeat patience) gets an error reply from the SuperLink, so a
    round ends as soon as nothing more can arrive; a message is never re-sent (no re-sampling)."""
    if not messages:
        return []
    pending = {m for m in grid.push_messages(messages) if m}
    deadline = time.monotonic() + timeout
    replies: list = []
    while pending:
        got = list(grid.pull_messages(list(pending)))
        replies.extend(got)
        pending -= {m.metadata.reply_to_message_id for m in got}
        if not pending or time.monotonic() >= deadline or (enough is not None and enough(replies)):
            break
        time.sleep(POLL)
    return replies


@dataclass
class Spend:
    """What the reservation has spent so far (duck-types the central job's PrivateTraining
    for :func:`reservation.close_unfinished`: ``steps`` and ``epsilon(delta)``)."""

    cfg: FederatedConfig
    noise_multiplier: float
    steps: int = 0

    def epsilon(self, delta: float) -> float:
        return accounting.epsilon(self.cfg.accountant, self.noise_multiplier, self.cfg.sample_rate, self.steps, delta)


@dataclass(frozen=True)
class DeviceInputs:
    """Stands where a central job's store snapshot stands: what the job was trained on
    is the registered population (pseudonyms only), not files the server can read."""

    hash: str
    files: tuple = ()


def central_view(cfg: FederatedConfig) -> TrainConfig:
    """The central job's config the shared phases read (topic, ε, δ, accountant, unit)."""
    view = TrainConfig(store="", topic=cfg.dataset, text_field=cfg.text_field, label_field=cfg.label_field,
                       epsilon=cfg.epsilon, delta=cfg.delta, out=cfg.out, model=cfg.model,
                       accountant=cfg.accountant, labels=cfg.label_set, pooling=cfg.pooling,
                       max_examples_per_user=cfg.max_examples_per_device, job_id=cfg.job_id,
                       overwrite=cfg.overwrite, checkpoint_every=0, lora_rank=cfg.lora_rank,
                       lora_alpha=cfg.lora_alpha)
    view.privacy_unit = UNIT  # not one of the central units: the shared phases only record it
    return view


def plan(cfg: FederatedConfig) -> float:
    """z: as given, or the smallest that keeps T rounds at q within the target ε."""
    if cfg.noise_multiplier is not None:
        return cfg.noise_multiplier
    return accounting.plan_noise(cfg.accountant, target_epsilon=cfg.epsilon, delta=cfg.delta,
                                 sample_rate=cfg.sample_rate, rounds=cfg.rounds)


def open_job(cfg: FederatedConfig, home: Any, resume_id: str | None = None) -> central.Job:
    """A central ``Job`` for the shared phases; refuses early (model in out, plain overspend).
    ``resume_id``: the job a saved server state continues (its reservation is already made)."""
    from veil.audit import open_audit
    from veil.core.settings import Home

    cfg.validate()
    check_device_tier(cfg)
    view = central_view(cfg)
    out = Path(cfg.out).expanduser().resolve()
    supersedes = existing_model(out)
    if supersedes is not None and not cfg.overwrite:
        raise TrainingError(f"--out {out} already holds a model (job {supersedes.job_id}); pass --overwrite "
                            f"to replace it, or choose another --out")
    home = home if isinstance(home, Home) else Home.resolve(home)
    ledger, audit_log = open_audit(home)
    job_id = resume_id or cfg.job_id or time.strftime("fed-%Y%m%dT%H%M%SZ-", time.gmtime()) + secrets.token_hex(4)
    if resume_id is None:
        budget.precheck(ledger, view)
    from ..model import resolve_model

    return central.Job(view, job_id, out, resolve_model(cfg.model), ledger, audit_log, None, supersedes,
                       time.monotonic())


def run_server_job(grid: Any, cfg: FederatedConfig, home: Any, state_dir: Path | None = None) -> dict[str, Any]:
    """The whole job on the server; returns the result facts (what ``veil federate`` prints).
    With ``state_dir`` the state after each round is saved there and a saved one resumed."""
    saved = resume.load(state_dir, cfg)
    job = open_job(cfg, home, resume_id=saved[0].job_id if saved else None)
    z = saved[0].noise_multiplier if saved else plan(cfg)
    mechanism = Mechanism(z, cfg.sample_rate, cfg.rounds, cfg.accountant, UNIT)
    start = Start(None, [], secrets.token_hex(16)) if saved is None else Start(
        saved[1], resume.tallies_of(saved[0]), saved[0].salt)
    with budget.sigterm_raises():
        if saved is None:
            resume.clear(state_dir)
            reserved = central.reserve(job, mechanism)
        else:  # the same reservation, made by the first run (refused if it was closed since)
            reserved = budget.reserve(job.ledger, job.cfg, job.job_id, mechanism, job.out, resuming=True)
            log_facts(log, "resuming federated job", job_id=job.job_id, rounds_done=len(start.tallies))
        spend = Spend(cfg, z, steps=len(start.tallies))
        reserved.training = spend
        interrupted = False
        # torch and the base model load (seconds) while the devices register
        loading = ThreadPoolExecutor(1).submit(initial_model, job)
        start.model = loading.result
        try:
            fed = federate(grid, cfg, job, z, start, spend, state_dir)
            published = write_outputs(job, cfg, loading.result()[0], fed)
            result = central.settle(job, reserved, published)
            resume.clear(state_dir)
            job.audit_log.append("federated_job", **records.job_facts(cfg, published.federation, str(job.out)))
            return {"job_id": job.job_id, "out": str(job.out), "epsilon": result.epsilon, "delta": cfg.delta,
                    "rounds": published.federation.released, "dropouts": published.federation.dropouts,
                    "accuracy": published.metrics.get("accuracy"), "noise_multiplier": z,
                    "sample_rate": cfg.sample_rate}
        except (SystemExit, KeyboardInterrupt):
            interrupted = True
            raise
        finally:
            if not reserved.closed:
                budget.close_unfinished(job.ledger, reserved, job.cfg, job.out, None, interrupted)
                resume.clear(state_dir)  # settled: nothing left to resume


def initial_model(job: central.Job) -> tuple[Any, dict[str, np.ndarray]]:
    """The base classifier (public) and the starting global parameters: the head's
    (``weight``, ``bias``), or in LoRA mode every trainable parameter by name (adapters:
    A drawn once here under the job's seed, B = 0; the head)."""
    import torch

    from ..model import load_classifier

    torch.manual_seed(job.cfg.seed)  # head (and adapter) initialisation only
    if job.cfg.mode == "lora":
        from . import lora

        model, _ = lora.build(job.model_dir, job.cfg.labels, "mean", job.cfg.lora_rank, job.cfg.lora_alpha)
        return model, lora.trainable(model)
    model = load_classifier(job.model_dir, job.cfg.labels, "mean")
    head = model.classifier
    return model, {"weight": head.weight.detach().numpy().copy(), "bias": head.bias.detach().numpy().copy()}


def max_update_bytes(cfg: FederatedConfig, params: dict[str, np.ndarray]) -> int:
    """The byte limit above which an update is rejected: the job's, but never below twice an
    honest float32 update of this model (a float64 one passes; a LoRA job of a high rank
    is not refused whole)."""
    from .lora import update_bytes

    return max(cfg.max_update_bytes, 2 * update_bytes(params))


@dataclass
class Registry:
    """Population slots filled by connected devices: pseudonym → node id."""

    salt: str
    population: int
    training: dict[str, int]
    validation: dict[str, int]
    silent: set[int] = field(default_factory=set)  # asked, never answered (or failed): not asked again

    def add(self, replies: list) -> None:
        """Fill slots from registration replies (error replies fill nothing)."""
        for reply in replies:
            if reply.has_error():
                continue
            facts = wire.config_of(reply)
            target = self.validation if facts.get("role") == "validation" else self.training
            target[str(facts.get("device"))] = reply.metadata.src_node_id

    def slots(self) -> list[str]:
        """N slots: the registered training devices, then placeholders for those not connected."""
        known = sorted(self.training)
        return known + [f"absent-{i}" for i in range(self.population - len(known))]


def register(grid: Any, cfg: FederatedConfig, registry: Registry, wait: float, spec: dict[str, Any]) -> None:
    """Ask every connected node we do not know yet for its pseudonym and role (it prepares
    its local data on the way: scrub, embed)."""
    deadline = time.monotonic() + wait
    full = lambda: (len(registry.training) >= registry.population  # noqa: E731
                    and len(registry.validation) >= len(cfg.validation_devices))
    while True:
        known = set(registry.training.values()) | set(registry.validation.values()) | registry.silent
        new = [n for n in grid.get_node_ids() if n not in known]
        if new:
            content = wire.config_content({"salt": registry.salt, **spec})
            # stop waiting once every slot is filled: a node a restarted SuperLink still lists
            # from its database (a previous run's) may never answer
            replies = exchange(grid, [wire.message(grid, content, n, REGISTER, "register") for n in new],
                               timeout=max(30.0, cfg.round_timeout, wait), enough=lambda got: registry.add(got) or full())
            registry.add(replies)
            registry.silent |= set(new) - set(registry.training.values()) - set(registry.validation.values())
        if full() or time.monotonic() >= deadline:
            return
        time.sleep(0.5)


@dataclass
class Start:
    """Where the rounds start: a fresh head (``params`` None: the base model's, from
    ``model()``), or a saved server state's."""

    params: dict[str, np.ndarray] | None
    tallies: list[RoundTally]
    salt: str
    model: Callable[[], tuple[Any, dict[str, np.ndarray]]] | None = None


def federate(grid: Any, cfg: FederatedConfig, job: central.Job, z: float, start: Start, spend: Spend,
             state_dir: Path | None = None) -> "Rounds":
    """Register the devices, run the rounds (saving the state after each), evaluate on the
    validation devices."""
    t0 = time.monotonic()
    tallies = list(start.tallies)
    registry = Registry(start.salt, cfg.population, {}, {})
    spec = cfg.device_fields() | {"policy": policy_text(cfg)}
    register(grid, cfg, registry, cfg.connect_timeout, spec)
    params = start.params if start.params is not None else start.model()[1]
    log_facts(log, "devices registered", job_id=job.job_id, population=cfg.population,
              connected=len(registry.training), validation=len(registry.validation))
    strategy = DPFedAvg(cfg.clipping_norm, z, cfg.devices_per_round, cfg.server_lr, max_update_bytes(cfg, params))
    for r in range(len(tallies) + 1, cfg.rounds + 1):
        register(grid, cfg, registry, 0.0, spec)  # devices that (re)connected since
        tally, params = run_round(grid, strategy, r, registry, params, spec, cfg)
        spend.steps += 1  # the noisy aggregate is released: one accounted step
        resume.save(state_dir, resume.ServerState(job.job_id, resume.fingerprint(cfg), z, registry.salt, r,
                                                  [t.as_dict() for t in [*tallies, tally]], ""), params)
        eps = spend.epsilon(cfg.delta)
        job.audit_log.append("federated_round", **records.round_facts(job.job_id, tally, eps))
        log_facts(log, "round released", **records.round_facts(job.job_id, tally, eps))
        tallies.append(tally)
    validation = evaluate(grid, registry, params, spec, cfg)
    return Rounds(params, tallies, validation, z, time.monotonic() - t0, policy_hash(cfg))


@dataclass
class Rounds:
    params: dict[str, np.ndarray]
    tallies: list[RoundTally]
    validation: dict[str, Any]
    noise_multiplier: float
    seconds: float
    policy_hash: str


def run_round(grid: Any, strategy: DPFedAvg, r: int, registry: Registry, params: dict[str, np.ndarray],
              spec: dict[str, Any], cfg: FederatedConfig) -> tuple[RoundTally, dict[str, np.ndarray]]:
    """Sample, send, collect what arrives within the timeout, aggregate with noise."""
    t0 = time.monotonic()
    tally = RoundTally(r)
    sampled = strategy.sample(registry.slots())
    tally.sampled = len(sampled)
    targets = [registry.training[s] for s in sampled if s in registry.training]
    tally.dropped = len(sampled) - len(targets)  # sampled but not connected
    content = wire.train_content(params, spec)
    replies = exchange(grid, [wire.message(grid, content, n, TRAIN, str(r)) for n in targets], cfg.round_timeout)
    accepted = []
    answered = 0
    for reply in replies:
        if reply.has_error():
            continue
        answered += 1
        update = wire.update_of(reply)
        if update is None:
            tally.rejected += 1
            continue
        clipped = strategy.accept(update, params, tally)
        if clipped is not None:
            accepted.append(clipped)
    tally.dropped += len(targets) - answered  # no answer in time, or an error reply
    new = strategy.aggregate(params, accepted)
    tally.released = True
    tally.seconds = time.monotonic() - t0
    return tally, new


def evaluate(grid: Any, registry: Registry, params: dict[str, np.ndarray], spec: dict[str, Any],
             cfg: FederatedConfig) -> dict[str, Any]:
    """Accuracy of the final model on the validation devices (outside the guarantee)."""
    nodes = list(registry.validation.values())
    if not nodes:
        return {"accuracy": None, "n": 0, "devices": 0}
    content = wire.train_content(params, spec)
    replies = exchange(grid, [wire.message(grid, content, n, EVALUATE, "evaluate") for n in nodes],
                       cfg.round_timeout)
    correct = n = devices = 0
    for reply in replies:
        if reply.has_error():
            continue
        m = wire.metrics_of(reply)
        correct += int(m.get("correct", 0))
        n += int(m.get("n", 0))
        devices += 1
    return {"accuracy": correct / n if n else None, "n": n, "devices": devices}


def policy_text(cfg: FederatedConfig) -> str:
    """The job's policy as devices receive it: its canonical JSON (valid YAML; same hash)."""
    from veil.anonymize import PolicyError, load_policy

    try:
        return load_policy(cfg.policy).canonical_json()
    except (PolicyError, OSError) as exc:
        raise TrainingError(f"--policy: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None


def check_device_tier(cfg: FederatedConfig, devices_here: bool = False) -> None:
    """Refuse, before anything runs, a policy the devices' tier cannot honour (lite: an
    entity it has no detector for); with ``devices_here`` (``veil federate --devices``) also
    a full tier this host does not have."""
    from veil_edge import PolicyError, parse_policy

    from .device import scrub_tier

    try:
        policy = parse_policy(policy_text(cfg), source=cfg.policy or "<default policy>")
        if devices_here or cfg.device_tier == "lite":  # a site's full tier: its own device checks it
            scrub_tier(cfg.device_tier, policy)
    except PolicyError as exc:
        raise TrainingError(f"--device-tier {cfg.device_tier}: {str(exc).splitlines()[0]}") from None


def policy_hash(cfg: FederatedConfig) -> str:
    from veil.anonymize import parse_policy

    return parse_policy(policy_text(cfg)).hash


def final_model(model: Any, cfg: FederatedConfig, params: dict[str, np.ndarray]) -> dict[str, Any]:
    """Set the global parameters into the model — LoRA mode: adapters and head, then the
    adapters merged into the weights (:func:`veil.trainer.model.merge_lora`), as a central
    LoRA job saves — and return what was trained (``trained_parameters``)."""
    import torch

    from .lora import update_bytes

    trained: dict[str, Any] = {"trained_layers": 0, "pooling": "mean", "update_bytes": update_bytes(params)}
    if cfg.mode == "lora":
        from ..model import LORA_TARGETS, merge_lora
        from .lora import set_trainable

        set_trainable(model, params)
        trained.update(trainable_params=int(sum(v.size for v in params.values())), lora_rank=cfg.lora_rank,
                       lora_alpha=cfg.lora_alpha, lora_targets=",".join(LORA_TARGETS), pooler_trained=False,
                       lora_params=int(sum(v.size for k, v in params.items() if "lora_" in k)))
        merge_lora(model)
    else:
        head = model.classifier
        with torch.no_grad():
            head.weight.copy_(torch.tensor(params["weight"]))
            head.bias.copy_(torch.tensor(params["bias"]))
        trained["trainable_params"] = int(head.weight.numel() + head.bias.numel())
    trained["total_params"] = int(sum(p.numel() for p in model.parameters()))
    return trained


@dataclass(frozen=True)
class Published:
    """What :func:`veil.trainer.job.settle` reads (``run``, ``metrics``), plus the rounds."""

    run: Any  # outputs.RunRecord
    metrics: dict[str, Any]
    federation: records.Federation


def write_outputs(job: central.Job, cfg: FederatedConfig, model: Any, rounds: Rounds) -> Published:
    """The model with the federated head, its records, published into ``out`` in one rename."""
    import shutil

    from ..outputs import RunRecord

    trained = final_model(model, cfg, rounds.params)
    tmp = staging_dir(job.out)
    try:
        model.to("cpu").save_pretrained(str(tmp))
        from ..model import load_tokenizer

        load_tokenizer(job.model_dir).save_pretrained(str(tmp))
        digest = model_hash(tmp)
        released = sum(1 for t in rounds.tallies if t.released)
        z = rounds.noise_multiplier
        eps = accounting.epsilon(cfg.accountant, z, cfg.sample_rate, released, cfg.delta)
        fed = records.Federation(job.job_id, z, eps, accounting.rdp_epsilon(z, cfg.sample_rate, released, cfg.delta),
                                 rounds.tallies, rounds.validation, digest, rounds.policy_hash, trained,
                                 "deployment", rounds.seconds)
        privacy = records.privacy_record(cfg, fed)
        metrics = records.metrics_record(cfg, fed)
        write_json(tmp / "privacy.json", privacy)
        write_json(tmp / "metrics.json", metrics)
        (tmp / "README.md").write_text(records.model_card(privacy, metrics))
        publish(tmp, job.out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    inputs = DeviceInputs(hashlib.sha256(json.dumps([cfg.population, rounds.policy_hash]).encode()).hexdigest())
    mech = Mechanism(z, cfg.sample_rate, cfg.rounds, cfg.accountant, UNIT)
    run = RunRecord(job_id=job.job_id, mechanism=mech, epsilon=eps, steps=released,
                    empty_steps=sum(1 for t in rounds.tallies if t.answered == 0), expected_units=cfg.devices_per_round,
                    snapshot=inputs, labels=cfg.label_set, trained_parameters=trained, model_hash=digest, resumes=[],
                    supersedes=job.supersedes)
    return Published(run, metrics, fed)
