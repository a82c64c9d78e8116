"""Section *Audit chain verification*: the attestation of :func:`audit.verify_home`
(what was verified, from which files, up to which line and head hash), so the report
can be attached as it is."""

from __future__ import annotations

from typing import Any

from veil.audit.report.blocks import Block, Paragraph, Status, table
from veil.audit.report.registry import Section, section

ATTESTED = [("log_path", "log file"), ("entries", "lines verified"), ("verified_bytes", "bytes verified"),
            ("verified_sha256", "SHA-256 of the lines verified"), ("last_hash", "hash of the last line verified"),
            ("ledger", "ledger"), ("head", "head recorded in the ledger"), ("head_matches", "head matches the log"),
            ("breaks_recorded", "breaks recorded by appends"), ("verified_at", "verified at"),
            ("veil_version", "Veil version"), ("verified_by", "verified by")]


@section("verification", "Audit chain verification", order=10)
class Verification(Section):
    def facts(self) -> dict[str, Any]:
        return self.ctx.verification

    @staticmethod
    def blocks(v: dict[str, Any], report: dict[str, Any]) -> list[Block]:
        if v["ok"] is None:  # no audit log in this home (yet)
            return [Paragraph(v["summary"])]
        blocks: list[Block] = [Status(v["ok"], v["summary"])]
        blocks.append(Paragraph(
            f"Log: {v['log_path']}. Entries verified: {v['entries']}. "
            + ("The ledger's record of the log head (entry count and last hash) was checked too, so lines cut off "
               "the end are detected." if v["head_checked"] else
               "No head recorded in the ledger yet: a cut-off tail could not be checked.")
        ))
        if v.get("head"):
            blocks.append(Paragraph(
                f"Head recorded in the ledger: {v['head']['entries']} entries, last hash {v['head']['hash']}. "
                "Keeping a copy of this line elsewhere lets a later check detect even a rewrite of both "
                "the log and the ledger."))
        if not v["ok"]:
            blocks.append(Paragraph(
                f"The chain is broken at line {v['first_bad_line']}: every figure below drawn from entries at or "
                "after that line is marked UNVERIFIED. It is shown so that it can be examined, not relied on."))
        blocks.append(table(["fact", "value"], [[label, _shown(key, v.get(key))] for key, label in ATTESTED]))
        return blocks


def _shown(key: str, value: Any) -> Any:
    """An attested value as a reader wants it in a table cell."""
    if key == "ledger" and isinstance(value, dict):
        return f"{value.get('backend')} {value.get('location')}"
    if key == "head":
        return "none recorded" if not value else f"{value['entries']} entries, last hash {value['hash']}"
    if key == "head_matches":
        return {True: "yes", False: "NO", None: "not checked"}[value]
    if key == "breaks_recorded":
        return "; ".join(f"line {b['line']}: {b['reason']}" for b in value) if value else "none"
    if key == "verified_by" and isinstance(value, dict):
        return value.get("name") or f"{value.get('os_user')}@{value.get('host')}"
    return value
