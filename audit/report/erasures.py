"""Section *Erasures served*: each erasure (``erasure`` entries) by pseudonym, with the
store and request it served, and the models trained on snapshots that held the user's
rows together with what their DP guarantee bounds."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from veil.audit.kinds import Record
from veil.audit.report.blocks import Block, Paragraph, table
from veil.audit.report.registry import ItemsSection, section
from veil.audit.report.values import actor_label, as_int, iso, str_list

MODEL_FACTS = ("job_id", "topic", "out", "model_hash", "epsilon", "delta", "unit", "verified",
               "user_rows_in_snapshot", "bound_epsilon", "bound_delta", "statement")


@section("erasures", "Erasures served", order=90)
class Erasures(ItemsSection):
    kinds = ("erasure",)

    def item(self, f: Any, record: Record, ts: datetime | None) -> dict[str, Any]:
        rewritten = f.files_rewritten
        item: dict[str, Any] = {
            "time": iso(ts),
            "user_pseudonym": f.user_pseudonym,
            "files_rewritten": len(rewritten) if isinstance(rewritten, list) else as_int(rewritten),
            "rows_removed": as_int(f.rows_removed),
            "topics": str_list(f.topics),
        }
        if f.dead_letters_removed is not None:
            item["dead_letters_removed"] = as_int(f.dead_letters_removed)
        for key in ("store", "request_id", "outcome"):
            if getattr(f, key) is not None:
                item[key] = getattr(f, key)
        if f.files_examined is not None:
            item["files_examined"] = len(f.files_examined) if isinstance(f.files_examined, list) else None
        item["actor"] = actor_label(record.actor)
        item["models"] = [{key: m.get(key) for key in MODEL_FACTS}
                          for m in f.models_trained_on_user or [] if isinstance(m, dict)]
        return item

    def facts(self) -> dict[str, Any]:
        return {"total": len(self.items), "rows_removed": sum(e["rows_removed"] for e in self.items),
                "items": self.items}

    @staticmethod
    def blocks(er: dict[str, Any], report: dict[str, Any]) -> list[Block]:
        if not er["total"]:
            return [Paragraph("No erasures were served in this period.")]
        items = er["items"]
        blocks: list[Block] = [
            Paragraph(f"{er['total']} erasure request(s) served; {er['rows_removed']} rows removed. Users are "
                      "named by pseudonym only."),
            table(["time", "user pseudonym", "request", "store", "topics", "files examined", "files rewritten",
                   "rows removed", "dead letters removed", "models trained on the user's data", "by"],
                  [[e["time"], e["user_pseudonym"], e.get("request_id"), e.get("store"), ", ".join(e["topics"]),
                    e.get("files_examined"), e["files_rewritten"], e["rows_removed"], e.get("dead_letters_removed"),
                    ", ".join(str(m["job_id"]) for m in e.get("models") or []) or "none", e.get("actor")]
                   for e in items], {5, 6, 7, 8}, items=items),
        ]
        return blocks + _model_blocks(items)


def _model_blocks(items: list[dict[str, Any]]) -> list[Block]:
    affected = [(e, m) for e in items for m in e.get("models") or []]
    if not affected:
        return []
    blocks: list[Block] = [
        Paragraph("Erasure removes the user's rows from the store and dead letters; models already trained on "
                  "snapshots that held them are not retrained. Their differential-privacy guarantee bounds what "
                  "they can reveal about the user:"),
        table(["user pseudonym", "model (job)", "unit", "ε", "δ", "user's rows in snapshot", "bound ε", "bound δ",
               "checked against snapshot"],
              [[e["user_pseudonym"][:16] + "…" if e["user_pseudonym"] else None, m["job_id"], m["unit"],
                m["epsilon"], m["delta"], m["user_rows_in_snapshot"], m["bound_epsilon"], m["bound_delta"],
                "yes" if m["verified"] else "no (privacy.json missing; assumed)"] for e, m in affected],
              {3, 4, 5, 6, 7}, items=[e for e, _ in affected]),
    ]
    blocks += [Paragraph(f"Model {m['job_id']} and user {str(e['user_pseudonym'])[:16]}…: {m['statement']}")
               for e, m in affected]
    return blocks
