"""Section *Scrubbed at the edge*: per topic, how many events arrived already scrubbed by
``veil_edge``, under which policy hashes and tiers, how many arrived raw or could not be
trusted (unknown policy, broken seal), and what the server still had to remove from the
pre-scrubbed ones, by entity type: the edge's measured miss rate (``edge_arrivals``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

from veil.audit.kinds import Record
from veil.audit.report.blocks import Block, Paragraph, table
from veil.audit.report.registry import Section, section
from veil.audit.report.values import as_int, by_count


@section("edge", "Scrubbed at the edge", order=35)
class Edge(Section):
    kinds = ("edge_arrivals",)

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.events: dict[tuple[str, str, str], int] = Counter()  # (topic, policy hash, tier)
        self.still: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
        self.untrusted: dict[str, Counter[str]] = defaultdict(Counter)
        self.raw: Counter[str] = Counter()

    def add(self, record: Record, ts: datetime | None) -> None:
        f = record.facts
        topic = str(f.topic if f.topic is not None else "?")
        for a in f.arrivals if isinstance(f.arrivals, list) else []:
            if not isinstance(a, dict):
                continue
            key = (topic, str(a.get("policy_hash", "?")), str(a.get("tier", "?")))
            self.events[key] += as_int(a.get("events"))
            for entity, n in (a.get("still_found") or {}).items():
                self.still[key][str(entity)] += as_int(n)
        for reason, n in (f.untrusted if isinstance(f.untrusted, dict) else {}).items():
            self.untrusted[topic][str(reason)] += as_int(n)
        self.raw[topic] += as_int(f.raw)

    def facts(self) -> dict[str, Any]:
        rows = [{"topic": t, "policy_hash": h, "tier": tier, "events": n, "still_found": by_count(self.still[(t, h, tier)]),
                 "still_found_per_1000": round(1000 * sum(self.still[(t, h, tier)].values()) / n, 2) if n else None}
                for (t, h, tier), n in sorted(self.events.items())]
        return {"pre_scrubbed": sum(self.events.values()), "by_policy": rows,
                "untrusted": {t: by_count(c) for t, c in sorted(self.untrusted.items())},
                "raw": by_count(self.raw)}

    @staticmethod
    def blocks(e: dict[str, Any], report: dict[str, Any]) -> list[Block]:
        if not e["pre_scrubbed"] and not e["untrusted"]:
            return [Paragraph("No events arrived scrubbed at the edge in this period.")]
        out: list[Block] = [Paragraph(
            f"{e['pre_scrubbed']} events arrived scrubbed at the edge (veil_edge) and were opened and scrubbed again "
            "by the server's full tier; 'still found' is what the server removed that the edge had let through.")]
        out.append(table(["topic", "policy", "tier", "events", "still found (by type)", "per 1000 events"],
                         [[r["topic"], r["policy_hash"][:12], r["tier"], r["events"],
                           ", ".join(f"{k} {v}" for k, v in r["still_found"].items()) or "none",
                           r["still_found_per_1000"]] for r in e["by_policy"]], {3, 5}))
        if e["untrusted"]:
            out.append(table(["topic", "not trusted (treated as raw or dead-lettered)", "events"],
                             [[t, r, n] for t, rs in e["untrusted"].items() for r, n in rs.items()], {2}))
        if e["raw"]:
            out.append(table(["topic", "arrived raw (no edge headers)"], list(e["raw"].items()), {1}))
        return out
