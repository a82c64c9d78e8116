"""Section *PII removed*: findings replaced before storage, by entity type, field and
topic — counts only, the values were never logged.  A ``veil scrub`` run that wrote
store files logged its findings in ``files_written`` and repeats them in ``scrub_run``;
only a run that wrote no store files (output to a file) is counted from ``scrub_run``."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

from veil.audit.kinds import Record
from veil.audit.report.blocks import Block, Paragraph, table
from veil.audit.report.registry import Section, section
from veil.audit.report.values import as_int, by_count, nested_by_count


@section("pii", "PII removed", order=30)
class Pii(Section):
    kinds = ("files_written", "scrub_run")

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.by_type: Counter[str] = Counter()
        self.by_field: dict[str, Counter[str]] = defaultdict(Counter)
        self.by_topic: dict[str, Counter[str]] = defaultdict(Counter)
        self.sources_with_files: set[str] = set()
        self.scrub_runs: list[tuple[str, str, Any]] = []  # (source, topic, pii)

    def add(self, record: Record, ts: datetime | None) -> None:
        f = record.facts
        if record.kind == "scrub_run":
            self.scrub_runs.append((str(f.source), str(f.topic or "?"), f.pii))
            return
        if f.source:
            self.sources_with_files.add(str(f.source))
        self._count(str(f.topic if f.topic is not None else "?"), f.pii)

    def _count(self, topic: str, pii: Any) -> None:
        if not isinstance(pii, dict):
            return
        for field, types in pii.items():
            if not isinstance(types, dict):
                continue
            for entity, n in types.items():
                self.by_type[str(entity)] += as_int(n)
                self.by_field[str(field)][str(entity)] += as_int(n)
                self.by_topic[topic][str(entity)] += as_int(n)

    def facts(self) -> dict[str, Any]:
        for source, topic, pii in self.scrub_runs:
            if source not in self.sources_with_files:
                self._count(topic, pii)
        return {"total": sum(self.by_type.values()), "by_type": by_count(self.by_type),
                "by_field": nested_by_count(self.by_field), "by_topic": nested_by_count(self.by_topic)}

    @staticmethod
    def blocks(pii: dict[str, Any], report: dict[str, Any]) -> list[Block]:
        if not pii["total"]:
            return [Paragraph("No PII findings were recorded in this period.")]
        return [
            Paragraph(f"{pii['total']} PII findings were removed or replaced before storage (counts only; "
                      "the values were never logged)."),
            table(["entity type", "count"], list(pii["by_type"].items()), {1}),
            table(["field", "entity type", "count"],
                  [[f, e, n] for f, types in pii["by_field"].items() for e, n in types.items()], {2}),
        ]
