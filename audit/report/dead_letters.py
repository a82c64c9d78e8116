"""Section *Dead letters*: bad events by reason and topic (``dead_letters`` entries);
the payloads themselves stay encrypted in the dead-letter store."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

from veil.audit.kinds import Record
from veil.audit.report.blocks import Block, Paragraph, table
from veil.audit.report.registry import Section, section
from veil.audit.report.values import as_int, by_count, nested_by_count


@section("dead_letters", "Dead letters", order=50)
class DeadLetters(Section):
    kinds = ("dead_letters",)

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.by_reason: Counter[str] = Counter()
        self.by_topic: dict[str, Counter[str]] = defaultdict(Counter)

    def add(self, record: Record, ts: datetime | None) -> None:
        f = record.facts
        topic = str(f.topic if f.topic is not None else "?")
        for reason, n in (f.reasons if isinstance(f.reasons, dict) else {}).items():
            self.by_reason[str(reason)] += as_int(n)
            self.by_topic[topic][str(reason)] += as_int(n)

    def facts(self) -> dict[str, Any]:
        return {"total": sum(self.by_reason.values()), "by_reason": by_count(self.by_reason),
                "by_topic": nested_by_count(self.by_topic)}

    @staticmethod
    def blocks(dl: dict[str, Any], report: dict[str, Any]) -> list[Block]:
        if not dl["total"]:
            return [Paragraph("No dead letters in this period.")]
        return [
            Paragraph(f"{dl['total']} bad events went to the dead-letter store (payloads encrypted)."),
            table(["reason", "count"], list(dl["by_reason"].items()), {1}),
            table(["topic", "reason", "count"], [[t, r, n] for t, rs in dl["by_topic"].items() for r, n in rs.items()],
                  {2}),
        ]
