"""Section *Retention (data pruned)*: date partitions removed by ``veil store prune``
(``retention_pruned`` entries)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from veil.audit.kinds import Record
from veil.audit.report.blocks import Block, Paragraph, table
from veil.audit.report.registry import ItemsSection, section
from veil.audit.report.values import as_int, iso, str_list


@section("retention", "Retention (data pruned)", order=100)
class Retention(ItemsSection):
    kinds = ("retention_pruned",)

    def item(self, f: Any, record: Record, ts: datetime | None) -> dict[str, Any]:
        return {
            "time": iso(ts), "topic": f.topic, "older_than_days": f.older_than_days, "cutoff": f.cutoff,
            "dates": str_list(f.dates), "files": as_int(f.files), "rows": as_int(f.rows),
            "tombstones": as_int(f.tombstones),
        }

    def facts(self) -> dict[str, Any]:
        return {"total": len(self.items), "files": sum(p["files"] for p in self.items),
                "rows": sum(p["rows"] for p in self.items), "items": self.items}

    @staticmethod
    def blocks(rt: dict[str, Any], report: dict[str, Any]) -> list[Block]:
        if not rt["total"]:
            return [Paragraph("No data was pruned by retention in this period.")]
        return [
            Paragraph(f"{rt['total']} retention run(s) (per topic) removed {rt['rows']} rows in {rt['files']} "
                      "files. The last flush of each partition is kept as an empty tombstone so ingestion "
                      "never reads pruned events again."),
            table(["time", "topic", "older than (days)", "cutoff", "dates pruned", "files", "rows", "tombstones"],
                  [[p["time"], p["topic"], p["older_than_days"], p["cutoff"], _dates(p["dates"]), p["files"],
                    p["rows"], p["tombstones"]] for p in rt["items"]], {2, 5, 6, 7}, items=rt["items"]),
        ]


def _dates(dates: list[str]) -> str:
    if len(dates) <= 4:
        return ", ".join(dates)
    return f"{dates[0]} … {dates[-1]} ({len(dates)} days)"
