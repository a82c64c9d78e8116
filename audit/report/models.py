"""Section *Models*: every model in the registry (``audit/registry.py``) with its guarantee,
held-out metrics and state — current, superseded, or trained on data of a user since
erased (from the ``erasure`` entries this section reads)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from veil.audit.kinds import Record
from veil.audit.registry import ModelRegistry
from veil.audit.report.blocks import Block, Paragraph, table
from veil.audit.report.registry import Section, section
from veil.audit.report.values import iso


@section("models", "Models", order=72)
class Models(Section):
    kinds = ("erasure",)

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.erasures: list[dict[str, Any]] = []

    def add(self, record: Record, ts: datetime | None) -> None:
        f = record.facts
        self.erasures.append({"kind": "erasure", "ts": iso(ts),
                              "facts": {"request_id": f.request_id,
                                        "models_trained_on_user": f.models_trained_on_user or []}})

    def facts(self) -> list[dict[str, Any]]:
        ledger = self.ctx.ledger
        if ledger is None:
            return []
        return [m.as_dict() for m in ModelRegistry.of_ledger(ledger).models(erasures=self.erasures)]

    @staticmethod
    def blocks(models: list[dict[str, Any]], report: dict[str, Any]) -> list[Block]:
        if not models:
            return [Paragraph("No model is registered (veil train registers every model it publishes).")]
        marked = [m for m in models if m["erasures"]]
        blocks: list[Block] = [Paragraph(
            f"{len(models)} model(s) published; {sum(m['status'] == 'current' for m in models)} current. "
            + (f"{len(marked)} were trained on data of a user erased since: they were not retrained, their "
               "differential-privacy guarantee bounds what they reveal about that user." if marked else ""))]
        blocks.append(table(
            ["model", "topic", "ε", "δ", "unit", "accuracy", "macro F1", "created", "status", "superseded by"],
            [[m["model_id"], m["topic"], m["epsilon"], m["delta"], m["unit"], (m["metrics"] or {}).get("accuracy"),
              (m["metrics"] or {}).get("macro_f1"), m["created"], m["status"], m["superseded_by"] or "—"]
             for m in models], {2, 3, 5, 6}))
        return blocks
