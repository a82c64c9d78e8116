"""Section *Data processed*: files and rows written per topic, partition (or backfill
source) and day, from ``files_written``; the backfill runs of ``veil scrub`` from
``scrub_run``."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from veil.audit.kinds import Record
from veil.audit.report.blocks import Block, Paragraph, Plot, table
from veil.audit.report.registry import Section, mark, section
from veil.audit.report.values import as_int, files_and_rows, iso


@section("processing", "Data processed", order=20)
class Processing(Section):
    kinds = ("files_written", "scrub_run")

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.topics: dict[str, dict[str, Any]] = {}
        self.by_day: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"files": 0, "rows": 0})
        self.scrub_runs: list[dict[str, Any]] = []

    def add(self, record: Record, ts: datetime | None) -> None:
        f, ts_s = record.facts, iso(ts)
        if record.kind == "scrub_run":
            self.scrub_runs.append(mark({
                "time": ts_s, "topic": f.topic, "source": f.source, "policy_hash": f.policy_hash,
                "lines": as_int(f.lines), "events_out": as_int(f.events_out), "bad_lines": as_int(f.bad_lines),
            }, record))
            return
        files, rows = files_and_rows(f)
        topic = str(f.topic if f.topic is not None else "?")
        t = mark(self.topics.setdefault(
            topic, {"files": 0, "rows": 0, "first_seen": ts_s, "last_seen": ts_s, "partitions": {}}), record)
        t["files"] += len(files)
        t["rows"] += rows
        t["last_seen"] = ts_s
        p = mark(t["partitions"].setdefault(
            f.origin, {"files": 0, "rows": 0, "first_offset": None, "last_offset": None}), record)
        p["files"] += len(files)
        p["rows"] += rows
        for lo, hi in _offsets(f, files):
            p["first_offset"] = lo if p["first_offset"] is None else min(p["first_offset"], lo)
            p["last_offset"] = hi if p["last_offset"] is None else max(p["last_offset"], hi)
        day = mark(self.by_day[(ts.date().isoformat() if ts else "unknown", topic)], record)
        day["files"] += len(files)
        day["rows"] += rows

    def facts(self) -> dict[str, Any]:
        for t in self.topics.values():
            t["partitions"] = dict(sorted(t["partitions"].items(), key=lambda kv: (len(kv[0]), kv[0])))
        return {
            "files": sum(t["files"] for t in self.topics.values()),
            "rows": sum(t["rows"] for t in self.topics.values()),
            "by_topic": dict(sorted(self.topics.items())),
            "scrub_runs": self.scrub_runs,
            "by_day": [{"date": day, "topic": topic, **counts} for (day, topic), counts in sorted(self.by_day.items())],
        }

    @staticmethod
    def blocks(p: dict[str, Any], report: dict[str, Any]) -> list[Block]:
        blocks: list[Block] = []
        if not p["by_topic"]:
            blocks.append(Paragraph("No files were written in this period."))
        else:
            topics = list(p["by_topic"].items())
            parts = [(t, part, pd) for t, d in topics for part, pd in d["partitions"].items()]
            blocks += [
                Paragraph(f"{p['files']} files, {p['rows']} rows written to the store."),
                Plot("processing"),
                table(["topic", "files", "rows", "first seen", "last seen"],
                      [[t, d["files"], d["rows"], d["first_seen"], d["last_seen"]] for t, d in topics], {1, 2},
                      items=[d for _, d in topics]),
                table(["topic", "partition / source", "files", "rows", "first offset", "last offset"],
                      [[t, part, pd["files"], pd["rows"], pd["first_offset"], pd["last_offset"]]
                       for t, part, pd in parts], {2, 3, 4, 5}, items=[pd for _, _, pd in parts]),
                table(["date", "topic", "files", "rows"],
                      [[d["date"], d["topic"], d["files"], d["rows"]] for d in p["by_day"]], {2, 3}, items=p["by_day"]),
            ]
        if p["scrub_runs"]:
            runs = p["scrub_runs"]
            blocks.append(Paragraph("Backfill scrub runs (`veil scrub`):"))
            blocks.append(table(
                ["time", "topic", "source", "lines", "events out", "bad lines", "policy hash"],
                [[r["time"], r["topic"], r["source"], r["lines"], r["events_out"], r["bad_lines"], r["policy_hash"]]
                 for r in runs], {3, 4, 5}, items=runs))
        return blocks


def _offsets(f: Any, files: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """The offset ranges a flush covered: per file when listed, else the entry's own."""
    offsets = [(as_int(x.get("first_offset")), as_int(x.get("last_offset")))
               for x in files if "first_offset" in x and "last_offset" in x]
    if not offsets and f.first_offset is not None and f.last_offset is not None:
        offsets = [(as_int(f.first_offset), as_int(f.last_offset))]
    return offsets
