"""A job's reservation in the ledger: asked for once, kept across resumes, never leaked.

Invariant: once :func:`reserve` returns, the reservation ends settled or released whatever
happens (:func:`close_unfinished`): settled with what the accountant says was spent when
at least one noisy step ran, released when none did — except a job interrupted (SIGTERM,
Ctrl-C) right after writing a checkpoint that holds every accounted step, whose
reservation stays open for ``--resume`` (``veil budget release`` abandons it).  SIGKILL
cannot be caught: such a reservation stays open for the same two ways out.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from veil.audit import LedgerError
from veil.core.logs import log_facts

from . import accountants
from . import checkpoint as ckpt
from .config import BudgetRefused, TrainConfig, TrainingError
from .outputs import ledger_mechanism
from .privacy import Mechanism, PrivateTraining

if TYPE_CHECKING:  # pragma: no cover
    from veil.audit import Ledger

log = logging.getLogger("veil.trainer")


@dataclass
class Reservation:
    """An open reservation and what has run against it so far."""

    job_id: str
    topic: str
    mechanism: Mechanism
    kept: bool  # a resumed job's reservation, made by its first run
    training: PrivateTraining | None = None  # set once DP-SGD exists: its accounted steps are spent
    closed: bool = False  # settled or released


def precheck(ledger: "Ledger", cfg: TrainConfig) -> None:
    """Refuse early, before reading any data, when the topic's budget plainly cannot cover
    the job.  Not binding: :meth:`Ledger.reserve` decides, atomically, later."""
    if getattr(ledger, "composition", "basic") != "basic":
        return  # a tighter composition may admit what the plain sums do not
    try:
        [status] = ledger.status(cfg.topic)
    except LedgerError as exc:  # e.g. no budget set for the topic
        raise BudgetRefused(_first_line(exc)) from None
    eps_left = getattr(status, "epsilon_left", None)
    if eps_left is not None and cfg.epsilon > eps_left + 1e-9 * max(1.0, status.epsilon_total):
        raise BudgetRefused(
            f"job asks ε={cfg.epsilon:g} but topic {cfg.topic} has ε={max(eps_left, 0.0):.6g} left "
            f"of {status.epsilon_total:g} (spent {status.epsilon_spent:.6g}, reserved {status.epsilon_reserved:.6g})"
        )


def reserve(ledger: "Ledger", cfg: TrainConfig, job_id: str, mechanism: Mechanism, out: Path,
            resuming: bool) -> Reservation:
    """The binding, transactional check.  A resumed job keeps the reservation its first run
    made (same job id) while it is still open."""
    row = ledger_row(ledger, cfg.topic, job_id) if resuming else None
    if row is not None and row["state"] != "reserved":
        raise TrainingError(
            f"cannot resume job {job_id}: its reservation is already {row['state']}; "
            f"remove {ckpt.checkpoint_dir(out)} and start a new job"
        )
    if row is not None:
        log_facts(log, "resuming", job_id=job_id, steps=mechanism.steps, reservation="kept")
        return Reservation(job_id, cfg.topic, mechanism, kept=True)
    try:
        ledger.reserve(cfg.topic, job_id, cfg.epsilon, cfg.delta, mechanism=ledger_mechanism(mechanism))
    except LedgerError as exc:
        raise BudgetRefused(_first_line(exc)) from None
    log_facts(log, "budget reserved", job_id=job_id, topic=cfg.topic, epsilon=cfg.epsilon, delta=cfg.delta)
    return Reservation(job_id, cfg.topic, mechanism, kept=False)


def ledger_row(ledger: "Ledger", topic: str, job_id: str) -> dict[str, Any] | None:
    return next((j for j in ledger.jobs(topic) if j["job_id"] == job_id), None)


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def abandon_checkpoint(ledger: "Ledger", out: Path, ck: ckpt.Checkpoint, cfg: TrainConfig, reason: str) -> None:
    """Close the reservation of a checkpoint that cannot be resumed with what it spent."""
    row = ledger_row(ledger, cfg.topic, ck.job_id)
    if row is not None and row["state"] == "reserved":
        spent = accountants.epsilon_of(ck.accountant, ck.history, cfg.delta)
        planned = Mechanism(ck.noise_multiplier, ck.sample_rate, ck.planned_steps, ck.accountant, cfg.privacy_unit)
        ledger.settle(ck.job_id, spent, cfg.delta,
                      mechanism=ledger_mechanism(planned, steps=ck.step, failed=True, reason=reason))
        log_facts(log, "abandoned checkpoint settled", logging.WARNING, job_id=ck.job_id, epsilon=spent, steps=ck.step)
    ckpt.remove(out)


def close_unfinished(ledger: "Ledger", reservation: Reservation, cfg: TrainConfig, out: Path,
                     resumed_from: ckpt.Checkpoint | None, interrupted: bool) -> None:
    """A job that did not finish.  Interrupted with a checkpoint that holds every step the
    accountant counted: the reservation stays open for ``--resume``.  Otherwise: settle what
    was spent (or release when nothing was) and drop the checkpoint."""
    job_id, pt = reservation.job_id, reservation.training
    try:
        on_disk = ckpt.load(out)
    except Exception:  # an unreadable checkpoint cannot be resumed: close as if there were none
        on_disk = None
    on_disk = on_disk[0] if on_disk and on_disk[0].job_id == job_id else None
    steps = pt.steps if pt is not None else (resumed_from.step if resumed_from is not None else 0)
    if interrupted and on_disk is not None and on_disk.step == steps:
        log_facts(log, "interrupted; reservation kept for resume", logging.WARNING, job_id=job_id, step=steps,
                  resume="rerun the same veil train command (or add --resume)",
                  abandon=f"veil budget release {job_id} and delete {ckpt.checkpoint_dir(out)}")
        return
    if pt is None and resumed_from is not None:
        try:
            abandon_checkpoint(ledger, out, resumed_from, cfg, "resumed job failed before training")
        except Exception:  # the original error matters more; the ledger keeps the reservation
            log.exception("could not close the reservation", extra={"facts": {"job_id": job_id}})
        return
    _close_failed(ledger, reservation, cfg)
    ckpt.remove(out)


def _close_failed(ledger: "Ledger", reservation: Reservation, cfg: TrainConfig) -> None:
    """Never leak a reservation: settle what noisy steps already spent, else release."""
    job_id, pt = reservation.job_id, reservation.training
    try:
        steps = pt.steps if pt is not None else 0
        if steps > 0:
            spent = pt.epsilon(cfg.delta)
            ledger.settle(job_id, spent, cfg.delta,
                          mechanism=ledger_mechanism(reservation.mechanism, steps=steps, failed=True))
            log_facts(log, "failed job settled", logging.WARNING, job_id=job_id, epsilon=spent, steps=steps)
        else:
            ledger.release(job_id)
            log_facts(log, "failed job released", logging.WARNING, job_id=job_id)
    except Exception:  # the original error matters more; the ledger keeps the reservation
        log.exception("could not close the reservation", extra={"facts": {"job_id": job_id}})


# -- SIGTERM -------------------------------------------------------------------------------


class Stop:
    """SIGTERM during the training loop (``graceful``): finish the step, write a checkpoint
    if the job keeps them, then exit 143.  Elsewhere, or on a second SIGTERM: at once."""

    graceful = False
    requested = False
    code = 143


STOP = Stop()


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """While a reservation is open, SIGTERM (``kill``, Kubernetes stopping a pod) raises
    SystemExit(143) so the job settles or releases it, or, in the training loop
    (``STOP.graceful``), asks the loop to stop after the current step (a checkpointing job
    writes a checkpoint first, and its reservation stays open for ``--resume``).  Only the main thread can
    set handlers; elsewhere this does nothing."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    STOP.requested = False

    def handler(signum, frame):
        if STOP.graceful and not STOP.requested:
            STOP.requested, STOP.code = True, 128 + signum
            return
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
