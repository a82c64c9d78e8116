"""Section *Policy versions in force*: each policy hash with when it was first and last
seen in a ``files_written`` entry, and what it covered."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from veil.audit.kinds import Record
from veil.audit.report.blocks import Block, Paragraph, table
from veil.audit.report.registry import Section, mark, section
from veil.audit.report.values import files_and_rows, iso


@section("policies", "Policy versions in force", order=40)
class Policies(Section):
    kinds = ("files_written",)

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.policies: dict[str, dict[str, Any]] = {}

    def add(self, record: Record, ts: datetime | None) -> None:
        f, ts_s = record.facts, iso(ts)
        if not f.policy_hash:
            return
        files, rows = files_and_rows(f)
        topic = str(f.topic if f.topic is not None else "?")
        pol = mark(self.policies.setdefault(str(f.policy_hash), {
            "policy_hash": str(f.policy_hash), "first_seen": ts_s, "last_seen": ts_s, "files": 0, "rows": 0,
            "topics": []}), record)
        pol["last_seen"] = ts_s
        pol["files"] += len(files)
        pol["rows"] += rows
        if topic not in pol["topics"]:
            pol["topics"].append(topic)

    def facts(self) -> list[dict[str, Any]]:
        return sorted(self.policies.values(), key=lambda p: (p["first_seen"] or "", p["policy_hash"]))

    @staticmethod
    def blocks(policies: list[dict[str, Any]], report: dict[str, Any]) -> list[Block]:
        if not policies:
            return [Paragraph("No policy versions were recorded in this period.")]
        return [table(
            ["policy hash", "first seen", "last seen", "files", "rows", "topics"],
            [[q["policy_hash"], q["first_seen"], q["last_seen"], q["files"], q["rows"], ", ".join(q["topics"])]
             for q in policies], {3, 4}, items=policies)]
