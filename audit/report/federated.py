"""Section *Federated jobs*: each federated DP job (``federated_job``) with its
device-level guarantee in plain words, and each round's participation
(``federated_round``: sampled, answered, dropped, rejected — counts only, never which
device).  The same job's ``training_job`` entry also lists it among the training jobs,
beside central ones, with ``unit = device``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from veil.audit.kinds import Record
from veil.audit.ledger import fmt
from veil.audit.report.blocks import Block, JobCard, Paragraph, table
from veil.audit.report.registry import Section, mark, section
from veil.audit.report.values import as_float, as_int, iso

JOB_FACTS = ("job_id", "topic", "epsilon", "epsilon_rdp_check", "target_epsilon", "delta", "accountant",
             "noise_multiplier", "clipping_norm", "sample_rate", "population", "devices_per_round",
             "rounds_planned", "rounds_released", "dropouts", "rejected", "secure_aggregation", "runtime",
             "policy_hash", "model_hash", "out")
ROUND_FACTS = ("round", "sampled", "answered", "dropped", "rejected", "released", "epsilon")


def device_guarantee(epsilon: Any, delta: Any) -> str:
    eps, dlt = as_float(epsilon), as_float(delta)
    return (f"whether or not any one device took part (everything that device contributed) changes the "
            f"probability of any outcome of this model by at most a factor e^ε = e^{fmt(eps) if eps is not None else '?'}, "
            f"except with probability δ = {fmt(dlt) if dlt is not None else '?'}. Raw events never left the devices; "
            f"the server saw clipped updates and added the noise.")


@section("federated", "Federated jobs", order=75)
class FederatedJobs(Section):
    kinds = ("federated_job", "federated_round")

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.jobs: list[dict[str, Any]] = []
        self.rounds: dict[str, list[dict[str, Any]]] = {}

    def add(self, record: Record, ts: datetime | None) -> None:
        f = record.facts
        if record.kind == "federated_round":
            row = mark({"time": iso(ts), **{k: getattr(f, k) for k in ROUND_FACTS}}, record)
            self.rounds.setdefault(str(f.job_id), []).append(row)
            return
        job = mark({"time": iso(ts), **{k: getattr(f, k) for k in JOB_FACTS}}, record)
        job["guarantee"] = device_guarantee(job["epsilon"], job["delta"])
        self.jobs.append(job)

    def facts(self) -> dict[str, Any]:
        states = {j["job_id"]: j["state"] for j in self.ctx.ledger.jobs()} if self.ctx.ledger is not None else {}
        for job in self.jobs:
            job["ledger_state"] = states.get(job["job_id"])
            job["rounds"] = self.rounds.get(str(job["job_id"]), [])
        finished = {j["job_id"] for j in self.jobs}
        unfinished = {k: v for k, v in self.rounds.items() if k not in finished}
        return {"jobs": self.jobs, "unfinished": [{"job_id": k, "rounds": v, "ledger_state": states.get(k)}
                                                  for k, v in unfinished.items()]}

    @staticmethod
    def blocks(facts: dict[str, Any], report: dict[str, Any]) -> list[Block]:
        jobs, unfinished = facts["jobs"], facts["unfinished"]
        if not jobs and not unfinished:
            return [Paragraph("No federated jobs in this period.")]
        blocks: list[Block] = [Paragraph(
            "Each federated job trained where the data lives (DP-FedAvg on Flower): devices were Poisson-sampled "
            "each round, each device's update was clipped, Gaussian noise was added to the sum and divided by the "
            "expected number of devices (so a dropout never changes ε). Participation counts are released here "
            "outside the guarantee; no device is named.")]
        for job in jobs:
            blocks.append(JobCard(f"Federated job {job['job_id']}", job["guarantee"],
                                  table(["fact", "value"], _job_rows(job)), bool(job.get("unverified"))))
            blocks.append(_rounds_table(job["rounds"]))
        for job in unfinished:
            blocks.append(Paragraph(f"Federated job {job['job_id']} did not finish (ledger: "
                                    f"{job['ledger_state'] or 'no entry'}); its released rounds:"))
            blocks.append(_rounds_table(job["rounds"]))
        return blocks


def _job_rows(job: dict[str, Any]) -> list[list[Any]]:
    keys = [("topic", "dataset"), ("time", "finished"), ("epsilon", "ε spent (per device)"),
            ("epsilon_rdp_check", "ε, RDP cross-check"), ("target_epsilon", "ε target"), ("delta", "δ"),
            ("accountant", "accountant"), ("noise_multiplier", "noise multiplier z"),
            ("clipping_norm", "clipping norm C"), ("sample_rate", "sampling rate q"),
            ("population", "registered devices N"), ("devices_per_round", "expected devices per round K"),
            ("rounds_released", "rounds released"), ("rounds_planned", "rounds planned"),
            ("dropouts", "dropouts"), ("rejected", "updates rejected"), ("secure_aggregation", "secure aggregation"),
            ("runtime", "runtime"), ("policy_hash", "device policy"), ("model_hash", "model hash"),
            ("out", "output"), ("ledger_state", "ledger")]
    return [[label, job.get(key)] for key, label in keys if key in job]


def _rounds_table(rounds: list[dict[str, Any]]):
    return table(["round", "sampled", "answered", "dropped", "rejected", "released", "ε after round"],
                 [[r["round"], as_int(r["sampled"]), as_int(r["answered"]), as_int(r["dropped"]),
                   as_int(r["rejected"]), "yes" if r["released"] else "no", r["epsilon"]] for r in rounds],
                 {0, 1, 2, 3, 4, 6}, items=rounds)
