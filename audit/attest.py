"""What ``veil audit verify`` attests, in a form an auditor can attach to a file.

Invariant: verifying reads and never writes — the home must exist (:meth:`Home.existing`),
the ledger is opened read-only (:meth:`audit.Ledger.existing`), and nothing is created.
The attestation names exactly what was checked: the log file, the lines that verified
(count, bytes, SHA-256 of those bytes, the last line's hash), the ledger and the head it
recorded, the breaks appends recorded, when, by which Veil and as whom.

Three outcomes, never confused: *intact* (exit 0), *broken* (exit 1: the first bad line
and why), and *no audit log here* — neither a log with entries nor a ledger that
remembers one (:class:`NoAuditLog`, exit 2): nothing was verified, so nothing is OK.
A ledger that remembers a head while the log is gone is *broken*, not empty.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any

from veil.audit.backend import ledger_location
from veil.audit.ledger import Ledger
from veil.audit.log import VerifyResult, current_actor, verify_log
from veil.core.errors import UsageError
from veil.core.settings import Home
from veil.core.version import __version__


class NoAuditLog(UsageError):
    """The home holds no audit log and no ledger that remembers one: nothing to verify."""


@dataclass(frozen=True)
class Attestation:
    ok: bool
    status: str  # "intact" | "broken"
    summary: str
    entries: int
    first_bad_line: int | None
    reason: str | None
    log_path: str
    verified_bytes: int
    verified_sha256: str | None
    last_hash: str | None
    ledger: dict[str, str]  # backend, location (no password)
    head_checked: bool
    head: dict[str, Any] | None  # {"entries", "hash"} as the ledger recorded it
    head_matches: bool | None
    breaks_recorded: list[dict[str, Any]] = field(default_factory=list)
    verified_at: str = ""
    veil_version: str = __version__
    verified_by: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        """The attestation as text, one fact a line (``veil audit verify``)."""
        out = [f"{self.summary} ({self.log_path})"]
        if self.entries:
            out.append(f"verified: lines 1..{self.entries} of {self.log_path} "
                       f"({self.verified_bytes} bytes, sha256 {self.verified_sha256})")
            out.append(f"last verified entry: line {self.entries}, hash {self.last_hash}")
        else:
            out.append(f"verified: no line of {self.log_path} (missing or empty)")
        where = f"{self.ledger['backend']} {self.ledger['location']}"
        if self.head is None:
            out.append(f"ledger head: none recorded in {where}; a cut-off tail cannot be detected")
        else:
            match = {True: "matches the log", False: "does NOT match the log", None: "not reached"}[self.head_matches]
            out.append(f"ledger head: {self.head['entries']} entries, hash {self.head['hash']} ({where}): {match}")
        out.append("recorded breaks: " + ("none" if not self.breaks_recorded else "; ".join(
            f"line {b['line']}: {b['reason']} (detected {b['detected_at']})" for b in self.breaks_recorded)))
        who = self.verified_by
        out.append(f"verified at {self.verified_at} by veil {self.veil_version} "
                   f"as {who.get('name') or who.get('os_user')}@{who.get('host')}")
        return out


def verify_home(home: Home, ledger_url: str | None = None) -> Attestation:
    """Verify ``home``'s audit log against its ledger's head, creating nothing.
    Raises :class:`NoAuditLog` when there is nothing to verify."""
    location = ledger_location(home, ledger_url)
    ledger = Ledger.existing(location)
    result = verify_log(home.audit_log_path, ledger)
    if result.ok and result.entries == 0 and result.head is None and not result.breaks:
        what = "no ledger" if ledger is None else "a ledger that records no audit head"
        raise NoAuditLog(f"no audit log here: {home.root} has no audit entries ({home.audit_log_path.name} "
                         f"missing or empty) and {what}; nothing was verified (check --home / --ledger)")
    return attest(home, ledger, result, location)


def attest(home: Home, ledger: Ledger | None, result: VerifyResult, location: Any) -> Attestation:
    head = {"entries": result.head[0], "hash": result.head[1]} if result.head is not None else None
    return Attestation(
        ok=result.ok, status="intact" if result.ok else "broken", summary=str(result), entries=result.entries,
        first_bad_line=result.first_bad_line, reason=result.reason, log_path=str(home.audit_log_path),
        verified_bytes=result.verified_bytes, verified_sha256=result.verified_sha256, last_hash=result.last_hash,
        ledger={"backend": ledger.backend, "location": ledger.location} if ledger is not None
        else {"backend": "none", "location": f"{location} (absent)"},
        head_checked=result.head is not None, head=head, head_matches=result.head_matches,
        breaks_recorded=list(result.breaks),
        verified_at=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), verified_by=current_actor(),
    )
