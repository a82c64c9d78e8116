"""Sections *Training jobs* (each job with its guarantee in plain words, from
``training_job``, and its state in the ledger) and *Privacy audits* (one-run empirical
audits: the claimed ε against the measured lower bound, from ``privacy_audit``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from veil.audit.kinds import Record
from veil.audit.ledger import fmt
from veil.audit.report.blocks import Block, JobCard, Paragraph, Status, table
from veil.audit.report.registry import ItemsSection, section
from veil.audit.report.values import as_float, iso

JOB_FACTS = ("job_id", "topic", "snapshot_hash", "model_hash", "epsilon", "delta", "unit", "accountant",
             "noise_multiplier", "sample_rate", "steps", "out", "preparation", "dedup_reference_sha256", "metrics", "non_private_comparison")
AUDIT_FACTS = ("job_id", "topic", "dry_run", "passed", "claimed_epsilon", "epsilon_lower_bound", "ceiling",
               "confidence", "delta", "canaries", "canaries_included", "guesses", "correct", "unit", "canary_kind",
               "planted_bug", "statement")


def guarantee(epsilon: Any, delta: Any, unit: Any) -> str:
    """A job's (ε, δ) guarantee in plain words."""
    eps, dlt = as_float(epsilon), as_float(delta)
    eps_s = fmt(eps) if eps is not None else "?"
    dlt_s = fmt(dlt) if dlt is not None else "?"
    if unit == "event":
        who = "any one event"
        tail = " A user with several events is protected less than this (event-level privacy)."
    else:
        who = "any one user's data"
        tail = ""
    return (
        f"{who} changes the probability of any outcome of this model by at most a factor "
        f"e^ε = e^{eps_s}, except with probability δ = {dlt_s}.{tail}"
    )


@section("training_jobs", "Training jobs", order=70)
class TrainingJobs(ItemsSection):
    kinds = ("training_job",)

    def item(self, f: Any, record: Record, ts: datetime | None) -> dict[str, Any]:
        job = {"time": iso(ts), **{key: getattr(f, key) for key in JOB_FACTS}}
        if f.target_epsilon is not None:
            job["target_epsilon"] = f.target_epsilon
        job["guarantee"] = guarantee(job["epsilon"], job["delta"], job["unit"])
        return job

    def facts(self) -> list[dict[str, Any]]:
        ledger = self.ctx.ledger
        states = {j["job_id"]: j["state"] for j in ledger.jobs()} if ledger is not None else {}
        for job in self.items:
            job["ledger_state"] = states.get(job.get("job_id"))
        return self.items

    @staticmethod
    def blocks(jobs: list[dict[str, Any]], report: dict[str, Any]) -> list[Block]:
        if not jobs:
            return [Paragraph("No training jobs in this period.")]
        return [JobCard(f"Job {job.get('job_id')}", job["guarantee"], table(["fact", "value"], _job_rows(job)),
                        bool(job.get("unverified"))) for job in jobs]


def _job_rows(job: dict[str, Any]) -> list[list[Any]]:
    keys = [("topic", "topic"), ("time", "finished"), ("epsilon", "ε spent"), ("target_epsilon", "ε target"),
            ("delta", "δ"), ("unit", "unit of privacy"), ("accountant", "accountant"),
            ("noise_multiplier", "noise multiplier"), ("sample_rate", "sample rate"), ("steps", "steps"),
            ("snapshot_hash", "snapshot hash"), ("model_hash", "model hash"), ("out", "output"),
            ("ledger_state", "ledger")]
    rows = [[label, job.get(key)] for key, label in keys if key in job]
    rows += _metric_rows(job.get("metrics"), job.get("non_private_comparison"))
    return rows + _preparation_rows(job.get("preparation"), job.get("dedup_reference_sha256"))


METRIC_ROWS = (("accuracy", "held-out accuracy"), ("macro_f1", "held-out macro F1"), ("roc_auc", "held-out ROC-AUC"),
               ("baseline_accuracy", "majority-class baseline accuracy"),
               ("baseline_macro_f1", "majority-class baseline macro F1"),
               ("non_private_accuracy", "non-private accuracy (no guarantee)"),
               ("non_private_macro_f1", "non-private macro F1 (no guarantee)"))


def _metric_rows(metrics: Any, non_private: Any) -> list[list[Any]]:
    """Held-out figures (not covered by the guarantee); jobs before they were recorded: none."""
    if not isinstance(metrics, dict):
        return []
    rows = [[label, round(metrics[key], 4) if isinstance(metrics.get(key), float) else metrics.get(key)]
            for key, label in METRIC_ROWS if metrics.get(key) is not None]
    if non_private:
        rows.append(["non-private comparison", "a model was trained on this data WITHOUT a guarantee to measure "
                     "what DP costs; it was discarded, never published"])
    return rows


def _preparation_rows(prep: Any, reference: Any) -> list[list[Any]]:
    """What preparing the data removed, per rule (jobs before preparation was recorded: none)."""
    if not isinstance(prep, dict):
        return []
    removed = prep.get("removed") if isinstance(prep.get("removed"), dict) else {}
    rows = [["deduplication", f"{prep.get('dedup')} (across users: {prep.get('across_users')})"]]
    rows += [[f"removed: {rule}", count] for rule, count in removed.items()]
    rows.append(["truncated (kept)", prep.get("truncated")])
    if reference:
        rows.append(["dedup reference sha256", reference])
    return rows


@section("privacy_audits", "Privacy audits (measured, not claimed)", order=80)
class PrivacyAudits(ItemsSection):
    kinds = ("privacy_audit",)

    def item(self, f: Any, record: Record, ts: datetime | None) -> dict[str, Any]:
        return {"time": iso(ts), **{key: getattr(f, key) for key in AUDIT_FACTS}}

    @staticmethod
    def blocks(audits: list[dict[str, Any]], report: dict[str, Any]) -> list[Block]:
        if not audits:
            return [Paragraph("No empirical privacy audit ran in this period (`veil train --audit`, "
                              "`veil audit privacy`).")]
        failed = [a for a in audits if a.get("passed") is False]
        blocks: list[Block] = [Paragraph(
            "Each audit plants canary units in one training run, each included with probability ½, and measures how "
            "well their membership can be guessed; the number of correct guesses gives a lower bound on ε that holds "
            "with the stated confidence (Steinke, Nasr & Jagielski 2023). A correct implementation keeps the bound "
            "below the claimed ε; a bound above the claim means the guarantee is broken and the model was not "
            "published. The bound cannot exceed the ceiling that the number of guesses allows.")]
        blocks.append(Status(not failed,
                             f"{len(audits) - len(failed)} of {len(audits)} audit(s) kept the lower bound below the claim"
                             + (f"; {len(failed)} FAILED: " + ", ".join(str(a.get("job_id") or "dry run") for a in failed)
                                if failed else ".")))
        blocks.append(table(
            ["time", "job", "kind", "unit", "claimed ε", "lower bound ε", "confidence", "canaries", "guesses",
             "correct", "ceiling ε", "result"],
            [[a["time"], a.get("job_id") or "—", "dry run (synthetic)" if a.get("dry_run") else "training run",
              a.get("unit"), a.get("claimed_epsilon"), a.get("epsilon_lower_bound"), a.get("confidence"),
              a.get("canaries"), a.get("guesses"), a.get("correct"), a.get("ceiling"),
              "passed" if a.get("passed") else "FAILED — not published"] for a in audits],
            {4, 5, 6, 7, 8, 9, 10}, items=audits))
        blocks += [Paragraph(str(a.get("statement"))) for a in failed]
        return blocks
