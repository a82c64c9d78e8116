"""Compliance report: what the audit log and the ledger say, as HTML, JSON or Markdown.

:func:`build_report` streams the audit log once and returns plain, JSON-serialisable
facts (no raw values ever reach the log, so none reach the report), one key per
registered section (``registry.py``; one module per section):

* ``verification`` — the attestation of :func:`audit.verify_home` (``verification.py``)
* ``processing``   — files and rows written per topic, partition offsets, per day
* ``pii``          — PII findings removed, by entity type, by field, by topic
* ``policies``     — each policy hash with when it was first/last in force
* ``dead_letters`` — bad events by reason and topic
* ``budgets``      — per-topic totals/spent/reserved/left now and the ledger's history
  (for the plot); refusals, overspending, budget changes with reason and actor
* ``training_jobs``— each job with its guarantee in plain words
* ``federated``    — federated jobs (device-level guarantee) and each round's participation
* ``privacy_audits``— one-run empirical audits: claimed ε vs the measured lower bound
* ``erasures``     — erasures served, with the models trained on snapshots that held the
  user and what their DP guarantee bounds
* ``retention``    — date partitions pruned by retention
* ``entry_kinds``  — how many entries of each kind were read

Over a broken log the report still renders (an auditor needs to see it), but
``unverified`` names the first bad line and the sections fed from entries at or after
it, each such section opens with an UNVERIFIED warning, and each row drawn from such an
entry is marked (``"unverified": true`` in JSON); :func:`write_report` says so and
``veil audit report`` exits 1.

:func:`write_report` renders ``.html`` (``html.py``: self-contained, inline CSS and SVG
plots from ``plots.py``, no scripts, no external URLs), ``.json`` or ``.md``
(``markdown.py``: tables only), chosen by the output's suffix.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from veil.audit.report.collect import build_report
from veil.audit.report.html import render_html
from veil.audit.report.markdown import render_markdown
from veil.audit.report.registry import sections
from veil.core.errors import UsageError

REPORT_FORMATS = (".html", ".htm", ".json", ".md")
SECTION_TITLES = {cls.name: cls.title for cls in sections()}


@dataclass(frozen=True)
class ReportWritten:
    path: Path
    verified: bool | None  # False: the log is broken (figures marked); None: no audit log yet
    first_bad_line: int | None
    summary: str


def write_report(home, out: Path, since: datetime | date | None = None, ledger_url: str | None = None) -> ReportWritten:
    """Build the report and write it as HTML, JSON or Markdown, chosen by ``out``'s suffix
    (to a temporary file, fsynced, then renamed over ``out``; ``out``'s folder must exist)."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in REPORT_FORMATS:
        raise ValueError(f"report file must end in .html, .json or .md, got {out.name!r}")
    if not out.parent.is_dir():
        raise UsageError(f"cannot write the report to {out}: {out.parent} is not an existing folder")
    report = build_report(home, since, ledger_url)
    if suffix == ".json":
        text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    elif suffix == ".md":
        text = render_markdown(report)
    else:
        text = render_html(report)
    _write_atomically(out, text)
    v = report["verification"]
    return ReportWritten(out, v["ok"], v["first_bad_line"], v["summary"])


def _write_atomically(out: Path, text: str) -> None:
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(out)
    except OSError as exc:
        if tmp.parent.is_dir():
            tmp.unlink(missing_ok=True)  # never leave a half-written report behind
        raise UsageError(f"cannot write the report to {out}: {exc.strerror or exc}") from None


__all__ = ["REPORT_FORMATS", "SECTION_TITLES", "ReportWritten", "build_report", "render_html", "render_markdown",
           "write_report"]
