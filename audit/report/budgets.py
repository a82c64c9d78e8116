"""Section *Privacy budget*: per-topic totals, spent, reserved and left now, and the
ledger's history (for the plot), read from the ledger; refusals, overspent jobs and
budget changes (with the previous value, the reason and who acted) from the log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from veil.audit.kinds import Record
from veil.audit.report.blocks import Block, Paragraph, Plot, table
from veil.audit.report.registry import Section, mark, section
from veil.audit.report.values import actor_label, iso


@section("budgets", "Privacy budget", order=60)
class Budgets(Section):
    kinds = ("budget_refused", "budget_settled", "budget_set")

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.refusals: list[dict[str, Any]] = []
        self.overspent: list[dict[str, Any]] = []
        self.changes: list[dict[str, Any]] = []

    def add(self, record: Record, ts: datetime | None) -> None:
        f, ts_s = record.facts, iso(ts)
        if record.kind == "budget_refused":
            self.refusals.append(mark({"time": ts_s, "dataset": f.dataset, "job_id": f.job_id, "reason": f.reason},
                                      record))
        elif record.kind == "budget_settled" and f.overspent:
            self.overspent.append(mark({"time": ts_s, "dataset": f.dataset, "job_id": f.job_id,
                                        "epsilon": f.epsilon, "epsilon_reserved": f.epsilon_reserved}, record))
        elif record.kind == "budget_set":
            self.changes.append(mark({
                "time": ts_s, "dataset": f.dataset, "epsilon": f.epsilon, "delta": f.delta,
                "previous_epsilon": f.previous_epsilon, "previous_delta": f.previous_delta, "reason": f.reason,
                "actor": actor_label(record.actor)}, record))

    def facts(self) -> dict[str, Any]:
        ledger, since = self.ctx.ledger, self.ctx.since
        history = [e for e in ledger.history() if since is None or e.time >= since] if ledger is not None else []
        jobs = ledger.jobs() if ledger is not None else []
        return {
            "composition": ledger.composition if ledger is not None else "basic",
            "status": [s.to_dict() for s in ledger.status()] if ledger is not None else [],
            "history": [e.to_dict() for e in history],
            "refusals": self.refusals,
            "overspent": self.overspent,
            "changes": self.changes,
            "reservations_open": [
                {"job_id": j["job_id"], "dataset": j["dataset"], "epsilon": j["epsilon_reserved"],
                 "delta": j["delta_reserved"], "since": j["reserved_at"]}
                for j in jobs if j["state"] == "reserved"
            ],
        }

    @staticmethod
    def blocks(b: dict[str, Any], report: dict[str, Any]) -> list[Block]:
        return _ledger_blocks(b) + _log_blocks(b)


def _ledger_blocks(b: dict[str, Any]) -> list[Block]:
    if not b["status"]:
        return [Paragraph("No privacy budgets are set.")]
    comp = b["composition"]
    blocks: list[Block] = [
        Paragraph("Jobs on the same topic compose: "
                  + ("their ε and δ add up (basic composition, always sound)." if comp == "basic" else
                     f"the ledger composes their mechanisms with the {comp.upper()} accountant where it is tighter "
                     "than adding up ε and δ.")),
        Plot("budget"),
        table(["topic", "ε total", "ε spent", "ε reserved", "ε left", "δ total", "δ spent", "δ reserved", "δ left",
               "jobs settled", "jobs open"],
              [[s["dataset"], s["epsilon_total"], s["epsilon_spent"], s["epsilon_reserved"], s["epsilon_left"],
                s["delta_total"], s["delta_spent"], s["delta_reserved"], s["delta_left"], s["jobs_settled"],
                s["jobs_reserved"]] for s in b["status"]], range(1, 11)),
    ]
    if b["history"]:
        blocks.append(table(["time", "topic", "change", "job", "ε", "δ", "ε spent after", "ε reserved after"],
                            [[e["time"], e["dataset"], e["kind"], e["job_id"], e["epsilon"], e["delta"],
                              e["epsilon_spent"], e["epsilon_reserved"]] for e in b["history"]], {4, 5, 6, 7}))
    if b["reservations_open"]:
        blocks.append(Paragraph("Open reservations (jobs running, or crashed before settling — release with "
                                "`veil budget release JOB_ID` once sure they never trained):"))
        blocks.append(table(["job", "topic", "ε", "δ", "since"],
                            [[r["job_id"], r["dataset"], r["epsilon"], r["delta"], r["since"]]
                             for r in b["reservations_open"]], {2, 3}))
    return blocks


def _log_blocks(b: dict[str, Any]) -> list[Block]:
    blocks: list[Block] = []
    if b.get("changes"):
        blocks.append(Paragraph("Budgets set or changed (from the audit log: the value replaced, why, and who):"))
        blocks.append(table(["time", "topic", "ε", "δ", "previous ε", "previous δ", "reason", "by"],
                            [[c["time"], c["dataset"], c["epsilon"], c["delta"], c["previous_epsilon"],
                              c["previous_delta"], c["reason"], c["actor"]] for c in b["changes"]],
                            {2, 3, 4, 5}, items=b["changes"]))
    if b["refusals"]:
        blocks.append(Paragraph(f"{len(b['refusals'])} reservation(s) were refused (nothing was spent):"))
        blocks.append(table(["time", "job", "reason"], [[r["time"], r["job_id"], r["reason"]] for r in b["refusals"]],
                            items=b["refusals"]))
    if b["overspent"]:
        blocks.append(Paragraph("Jobs that spent more than they reserved (recorded as spent):"))
        blocks.append(table(["time", "topic", "job", "ε spent", "ε reserved"],
                            [[r["time"], r["dataset"], r["job_id"], r["epsilon"], r["epsilon_reserved"]]
                             for r in b["overspent"]], {3, 4}, items=b["overspent"]))
    return blocks
