"""Build the report's facts: verify the log, stream it once, hand each entry to the
sections that read its kind (see ``registry.py``), and put their facts together.

Invariant: building reads only — the home must exist and the ledger is opened
read-only (a home with none reports empty budgets); nothing is created.  Every fact is
plain JSON; no raw event value reaches the log, so none reaches the report.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timezone
from typing import Any

from veil.audit.attest import attest
from veil.audit.backend import ledger_location
from veil.audit.ledger import Ledger
from veil.audit.log import read_records, verify_log
from veil.audit.report import (  # noqa: F401 - importing a section module registers it
    budgets, dead_letters, edge, erasures, federated, jobs, models, pii, policies, processing, retention,
    verification)
from veil.audit.report.registry import Context, sections
from veil.audit.report.values import iso, parse_ts, utc
from veil.core.version import __version__


def build_report(home, since: datetime | date | None = None, ledger_url: str | None = None) -> dict[str, Any]:
    """Facts for the compliance report of ``home`` (a :class:`veil.core.settings.Home`),
    counting audit entries at or after ``since`` (UTC; naive means UTC).  The ledger is
    ``ledger_url``, else ``$VEIL_LEDGER_URL``, else ``HOME/ledger.sqlite``."""
    since_dt = utc(since)
    location = ledger_location(home, ledger_url)
    ledger = Ledger.existing(location)
    checked = _verification(home, ledger, location)
    broken_from = checked["first_bad_line"] if checked["ok"] is False else None
    ctx = Context(home=home, ledger=ledger, since=since_dt, verification=checked)
    built = [cls(ctx) for cls in sections()]
    readers: dict[str, list[Any]] = {}
    for s in built:
        for kind in s.kinds:
            readers.setdefault(kind, []).append(s)
    period = _Period()
    for record in read_records(home.audit_log_path, broken_from):
        ts = parse_ts(record.ts)
        if since_dt is not None and (ts is None or ts < since_dt):
            continue
        period.add(record.kind, ts, record.verified)
        for s in readers.get(record.kind, ()):
            s.feed(record, ts)
    report = _header(home, ledger, since_dt, period)
    for s in built:
        report[s.name] = s.facts()
    report["entry_kinds"] = dict(sorted(period.kinds.items()))
    if broken_from is not None:
        report["unverified"] = {"from_line": broken_from, "entries": period.unverified,
                                "sections": [s.name for s in built if s.unverified]}
    return report


class _Period:
    """Entries counted, by kind, and the first and last entry's time."""

    def __init__(self) -> None:
        self.kinds: Counter[str] = Counter()
        self.first: datetime | None = None
        self.last: datetime | None = None
        self.unverified = 0

    def add(self, kind: str, ts: datetime | None, verified: bool) -> None:
        self.kinds[kind] += 1
        self.unverified += 0 if verified else 1
        if ts is not None:
            self.first = ts if self.first is None or ts < self.first else self.first
            self.last = ts if self.last is None or ts > self.last else self.last


def _verification(home, ledger: Ledger | None, location: Any) -> dict[str, Any]:
    """The attestation (``ok`` True/False), or ``ok: None`` when the home has no audit log yet."""
    result = verify_log(home.audit_log_path, ledger)
    facts = attest(home, ledger, result, location).to_dict()
    if result.ok and result.entries == 0 and result.head is None and not result.breaks:
        facts.update(ok=None, status="empty",
                     summary="No audit log in this home yet: nothing has been recorded, so there is nothing to verify.")
    return facts


def _header(home, ledger: Ledger | None, since: datetime | None, period: _Period) -> dict[str, Any]:
    return {
        "title": "Veil compliance report",
        "generated_at": iso(datetime.now(timezone.utc)),
        "veil_version": __version__,
        "home": str(home.root),
        "ledger": {"backend": ledger.backend, "location": ledger.location} if ledger is not None
        else {"backend": "none", "location": "(no ledger)"},
        "since": iso(since),
        "period": {"first_entry": iso(period.first), "last_entry": iso(period.last)},
    }
