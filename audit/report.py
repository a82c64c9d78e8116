"""Compliance report: what the audit log and the ledger say, as HTML, JSON or Markdown.

:func:`build_report` streams the audit log once and returns plain, JSON-serialisable
facts (no raw values ever reach the log, so none reach the report):

* ``verification`` — the result of :func:`audit.verify_log` with the ledger's head
* ``processing``   — files and rows written per topic, partition offsets, per day
  (``files_written`` entries)
* ``pii``          — PII findings removed, by entity type, by field, by topic
* ``policies``     — each policy hash with when it was first/last in force
* ``dead_letters`` — bad events by reason and topic (``dead_letters`` entries)
* ``budgets``      — per-topic totals/spent/reserved/left now, and the ledger's
  history (for the plot); refusals
* ``training_jobs``— each job with its guarantee in plain words (``training_job``)
* ``privacy_audits``— one-run empirical audits: claimed ε vs the measured lower bound
  (``privacy_audit``; from ``veil train --audit`` and ``veil audit privacy`` dry runs)
* ``erasures``     — erasures served (``erasure``), with the models trained on
  snapshots that held the user and what their DP guarantee bounds
* ``retention``    — date partitions pruned by retention (``retention_pruned``)
* ``entry_kinds``  — how many entries of each kind were read

:func:`write_report` renders ``.html`` (self-contained: inline CSS and inline SVG
plots made with matplotlib's SVG backend, no scripts, no external URLs), ``.json``
or ``.md`` (by the output's suffix).  The HTML embeds the same plots; the Markdown
has tables only.
"""

from __future__ import annotations

import html
import io
import json
import re
from collections import Counter, defaultdict
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from veil.audit.ledger import Ledger, fmt
from veil.audit.log import read_entries, verify_log

from veil.audit import REPORT_FORMATS

SECTION_TITLES = {
    "verification": "Audit chain verification",
    "processing": "Data processed",
    "pii": "PII removed",
    "policies": "Policy versions in force",
    "dead_letters": "Dead letters",
    "budgets": "Privacy budget",
    "training_jobs": "Training jobs",
    "privacy_audits": "Privacy audits (measured, not claimed)",
    "erasures": "Erasures served",
    "retention": "Retention (data pruned)",
}


# -- facts ---------------------------------------------------------------------------


def _parse_ts(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _utc(value: datetime | date | None) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _num(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _guarantee(epsilon: Any, delta: Any, unit: Any) -> str:
    eps, dlt = _num(epsilon), _num(delta)
    eps_s = fmt(eps) if eps is not None else "?"
    dlt_s = fmt(dlt) if dlt is not None else "?"
    if unit == "event":
        who = "any one event"
        tail = " A user with several events is protected less than this (event-level privacy)."
    else:
        who = "any one user's data"
        tail = ""
    return (
        f"{who} changes the probability of any outcome of this model by at most a factor "
        f"e^ε = e^{eps_s}, except with probability δ = {dlt_s}.{tail}"
    )


def build_report(home, since: datetime | date | None = None, ledger_url: str | None = None) -> dict[str, Any]:
    """Facts for the compliance report of ``home`` (a :class:`veil.core.settings.Home`),
    counting audit entries at or after ``since`` (UTC; naive means UTC).  The ledger is
    ``ledger_url``, else ``$VEIL_LEDGER_URL``, else ``HOME/ledger.sqlite``."""
    from veil.audit.backend import ledger_location
    from veil.core.version import __version__

    since_dt = _utc(since)
    ledger = Ledger(ledger_location(home, ledger_url))
    verification = verify_log(home.audit_log_path, ledger)
    head = ledger.log_head()

    kinds: Counter[str] = Counter()
    first_ts: datetime | None = None
    last_ts: datetime | None = None

    topics: dict[str, dict[str, Any]] = {}
    by_day: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"files": 0, "rows": 0})
    pii_type: Counter[str] = Counter()
    pii_field: dict[str, Counter[str]] = defaultdict(Counter)
    pii_topic: dict[str, Counter[str]] = defaultdict(Counter)
    policies: dict[str, dict[str, Any]] = {}
    dl_reason: Counter[str] = Counter()
    dl_topic: dict[str, Counter[str]] = defaultdict(Counter)
    jobs: list[dict[str, Any]] = []
    privacy_audits: list[dict[str, Any]] = []
    erasures: list[dict[str, Any]] = []
    prunes: list[dict[str, Any]] = []
    refusals: list[dict[str, Any]] = []
    overspent: list[dict[str, Any]] = []
    scrub_runs: list[dict[str, Any]] = []
    sources_with_files: set[str] = set()

    def add_pii(topic: str, pii: Any) -> None:
        if not isinstance(pii, dict):
            return
        for field, types in pii.items():
            if not isinstance(types, dict):
                continue
            for entity, n in types.items():
                pii_type[str(entity)] += _int(n)
                pii_field[str(field)][str(entity)] += _int(n)
                pii_topic[topic][str(entity)] += _int(n)

    for entry in read_entries(home.audit_log_path):
        ts = _parse_ts(entry.get("ts"))
        if since_dt is not None and (ts is None or ts < since_dt):
            continue
        kind = str(entry.get("kind"))
        facts = entry.get("facts") if isinstance(entry.get("facts"), dict) else {}
        kinds[kind] += 1
        if ts is not None:
            first_ts = ts if first_ts is None or ts < first_ts else first_ts
            last_ts = ts if last_ts is None or ts > last_ts else last_ts
        ts_s = _iso(ts)

        if kind == "files_written":
            topic = str(facts.get("topic", "?"))
            files = [f for f in facts.get("files") or [] if isinstance(f, dict)]
            rows = sum(_int(f.get("rows")) for f in files) if files else _int(facts.get("rows"))
            t = topics.setdefault(
                topic, {"files": 0, "rows": 0, "first_seen": ts_s, "last_seen": ts_s, "partitions": {}}
            )
            t["files"] += len(files)
            t["rows"] += rows
            t["last_seen"] = ts_s
            part = str(facts["partition"]) if "partition" in facts else str(facts.get("source", "?"))
            if facts.get("source"):
                sources_with_files.add(str(facts["source"]))
            offsets = [
                (_int(f.get("first_offset")), _int(f.get("last_offset")))
                for f in files
                if "first_offset" in f and "last_offset" in f
            ]
            if not offsets and "first_offset" in facts and "last_offset" in facts:
                offsets = [(_int(facts["first_offset"]), _int(facts["last_offset"]))]
            p = t["partitions"].setdefault(part, {"files": 0, "rows": 0, "first_offset": None, "last_offset": None})
            p["files"] += len(files)
            p["rows"] += rows
            for lo, hi in offsets:
                p["first_offset"] = lo if p["first_offset"] is None else min(p["first_offset"], lo)
                p["last_offset"] = hi if p["last_offset"] is None else max(p["last_offset"], hi)
            day = ts.date().isoformat() if ts else "unknown"
            by_day[(day, topic)]["files"] += len(files)
            by_day[(day, topic)]["rows"] += rows
            add_pii(topic, facts.get("pii"))
            policy = facts.get("policy_hash")
            if policy:
                pol = policies.setdefault(
                    str(policy),
                    {"policy_hash": str(policy), "first_seen": ts_s, "last_seen": ts_s, "files": 0, "rows": 0,
                     "topics": []},
                )
                pol["last_seen"] = ts_s
                pol["files"] += len(files)
                pol["rows"] += rows
                if topic not in pol["topics"]:
                    pol["topics"].append(topic)
        elif kind == "scrub_run":
            scrub_runs.append({
                "time": ts_s, "topic": facts.get("topic"), "source": facts.get("source"),
                "policy_hash": facts.get("policy_hash"), "lines": _int(facts.get("lines")),
                "events_out": _int(facts.get("events_out")), "bad_lines": _int(facts.get("bad_lines")),
                "_pii": facts.get("pii"),
            })
        elif kind == "dead_letters":
            topic = str(facts.get("topic", "?"))
            reasons = facts.get("reasons") if isinstance(facts.get("reasons"), dict) else {}
            for reason, n in reasons.items():
                dl_reason[str(reason)] += _int(n)
                dl_topic[topic][str(reason)] += _int(n)
        elif kind == "training_job":
            job = {
                "time": ts_s,
                **{
                    key: facts.get(key)
                    for key in (
                        "job_id", "topic", "snapshot_hash", "model_hash", "epsilon", "delta", "unit",
                        "accountant", "noise_multiplier", "sample_rate", "steps", "out",
                    )
                },
            }
            if facts.get("target_epsilon") is not None:
                job["target_epsilon"] = facts.get("target_epsilon")
            job["guarantee"] = _guarantee(job["epsilon"], job["delta"], job["unit"])
            jobs.append(job)
        elif kind == "privacy_audit":
            privacy_audits.append({"time": ts_s, **{key: facts.get(key) for key in (
                "job_id", "topic", "dry_run", "passed", "claimed_epsilon", "epsilon_lower_bound", "ceiling",
                "confidence", "delta", "canaries", "canaries_included", "guesses", "correct", "unit",
                "canary_kind", "planted_bug", "statement")}})
        elif kind == "erasure":
            rewritten = facts.get("files_rewritten")
            erasures.append(
                {
                    "time": ts_s,
                    "user_pseudonym": facts.get("user_pseudonym"),
                    "files_rewritten": len(rewritten) if isinstance(rewritten, list) else _int(rewritten),
                    "rows_removed": _int(facts.get("rows_removed")),
                    "topics": [str(t) for t in facts.get("topics") or []] if isinstance(facts.get("topics"), list)
                    else [],
                    **({"dead_letters_removed": _int(facts["dead_letters_removed"])}
                       if "dead_letters_removed" in facts else {}),
                    "models": [
                        {key: m.get(key) for key in ("job_id", "topic", "out", "model_hash", "epsilon", "delta",
                                                     "unit", "verified", "user_rows_in_snapshot", "bound_epsilon",
                                                     "bound_delta", "statement")}
                        for m in facts.get("models_trained_on_user") or [] if isinstance(m, dict)
                    ],
                }
            )
        elif kind == "retention_pruned":
            prunes.append({
                "time": ts_s,
                "topic": facts.get("topic"),
                "older_than_days": facts.get("older_than_days"),
                "cutoff": facts.get("cutoff"),
                "dates": [str(d) for d in facts.get("dates") or []] if isinstance(facts.get("dates"), list) else [],
                "files": _int(facts.get("files")),
                "rows": _int(facts.get("rows")),
                "tombstones": _int(facts.get("tombstones")),
            })
        elif kind == "budget_refused":
            refusals.append({"time": ts_s, "dataset": facts.get("dataset"), "job_id": facts.get("job_id"),
                             "reason": facts.get("reason")})
        elif kind == "budget_settled" and facts.get("overspent"):
            overspent.append({"time": ts_s, "dataset": facts.get("dataset"), "job_id": facts.get("job_id"),
                              "epsilon": facts.get("epsilon"), "epsilon_reserved": facts.get("epsilon_reserved")})

    # A scrub run that wrote no store files (output to a file) logged its PII only in scrub_run;
    # one that wrote files logged the same findings in files_written already.
    for run in scrub_runs:
        pii_of_run = run.pop("_pii")
        if str(run["source"]) not in sources_with_files:
            add_pii(str(run["topic"] or "?"), pii_of_run)

    history = [e for e in ledger.history() if since_dt is None or e.time >= since_dt]
    ledger_jobs = {j["job_id"]: j for j in ledger.jobs()}
    for job in jobs:
        lj = ledger_jobs.get(job.get("job_id"))
        job["ledger_state"] = lj["state"] if lj else None

    for t in topics.values():
        t["partitions"] = dict(sorted(t["partitions"].items(), key=lambda kv: (len(kv[0]), kv[0])))

    return {
        "title": "Veil compliance report",
        "generated_at": _iso(datetime.now(timezone.utc)),
        "veil_version": __version__,
        "home": str(home.root),
        "ledger": {"backend": ledger.backend, "location": ledger.location},
        "since": _iso(since_dt),
        "period": {"first_entry": _iso(first_ts), "last_entry": _iso(last_ts)},
        "verification": {
            **verification.to_dict(),
            "log_path": str(home.audit_log_path),
            "head_checked": head is not None,
            # Keep this pair somewhere else too: with it, even a rewrite of log AND ledger shows.
            "head": {"entries": head[0], "hash": head[1]} if head is not None else None,
            "breaks_recorded": ledger.log_breaks(),
            "summary": str(verification),
        },
        "processing": {
            "files": sum(t["files"] for t in topics.values()),
            "rows": sum(t["rows"] for t in topics.values()),
            "by_topic": dict(sorted(topics.items())),
            "scrub_runs": scrub_runs,
            "by_day": [
                {"date": day, "topic": topic, **counts} for (day, topic), counts in sorted(by_day.items())
            ],
        },
        "pii": {
            "total": sum(pii_type.values()),
            "by_type": dict(pii_type.most_common()),
            "by_field": {f: dict(c.most_common()) for f, c in sorted(pii_field.items())},
            "by_topic": {t: dict(c.most_common()) for t, c in sorted(pii_topic.items())},
        },
        "policies": sorted(policies.values(), key=lambda p: (p["first_seen"] or "", p["policy_hash"])),
        "dead_letters": {
            "total": sum(dl_reason.values()),
            "by_reason": dict(dl_reason.most_common()),
            "by_topic": {t: dict(c.most_common()) for t, c in sorted(dl_topic.items())},
        },
        "budgets": {
            "composition": ledger.composition,
            "status": [s.to_dict() for s in ledger.status()],
            "history": [e.to_dict() for e in history],
            "refusals": refusals,
            "overspent": overspent,
            "reservations_open": [
                {"job_id": j["job_id"], "dataset": j["dataset"], "epsilon": j["epsilon_reserved"],
                 "delta": j["delta_reserved"], "since": j["reserved_at"]}
                for j in ledger_jobs.values()
                if j["state"] == "reserved"
            ],
        },
        "training_jobs": jobs,
        "privacy_audits": privacy_audits,
        "erasures": {
            "total": len(erasures),
            "rows_removed": sum(e["rows_removed"] for e in erasures),
            "items": erasures,
        },
        "retention": {
            "total": len(prunes),
            "files": sum(p["files"] for p in prunes),
            "rows": sum(p["rows"] for p in prunes),
            "items": prunes,
        },
        "entry_kinds": dict(sorted(kinds.items())),
    }


# -- plots -----------------------------------------------------------------------------


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buf.getvalue()
    text = re.sub(r"<\?xml[^>]*\?>", "", text)
    text = re.sub(r"<!DOCTYPE[^>]*>", "", text, flags=re.S)
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    return text.strip()


def _label(text: str) -> str:
    return str(text).replace("$", r"\$")  # no mathtext from topic names


def _figure(width: float = 8.0, height: float = 3.6):
    from matplotlib.figure import Figure  # no pyplot: no global backend state touched

    fig = Figure(figsize=(width, height), dpi=100)
    return fig, fig.add_subplot(1, 1, 1)


def _rc():
    import matplotlib

    return matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "veil-report", "font.size": 9})


MAX_PLOTTED_TOPICS = 12


def budget_plot_svg(report: dict[str, Any]) -> str | None:
    """One panel per topic: ε spent (filled), reserved on top (light), total (line), left annotated."""
    history = report["budgets"]["history"]
    if not history:
        return None
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure

    end = _parse_ts(report["generated_at"])
    series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in history:
        series[event["dataset"]].append(event)
    names = sorted(series)[:MAX_PLOTTED_TOPICS]
    with _rc():
        fig = Figure(figsize=(8.0, 1.2 + 1.9 * len(names)), dpi=100)
        axes = fig.subplots(len(names), 1, sharex=True, squeeze=False)[:, 0]
        for i, (ax, dataset) in enumerate(zip(axes, names)):
            events = series[dataset]
            times = [_parse_ts(e["time"]) for e in events]
            times.append(max(times[-1], end) if end else times[-1])
            spent = [e["epsilon_spent"] for e in events]
            used = [e["epsilon_spent"] + e["epsilon_reserved"] for e in events]
            total = [e["epsilon_total"] for e in events]
            spent.append(spent[-1])
            used.append(used[-1])
            total.append(total[-1])
            color = f"C{i % 10}"
            ax.fill_between(times, 0, spent, step="post", color=color, alpha=0.85, label="ε spent")
            ax.fill_between(times, spent, used, step="post", color=color, alpha=0.3, label="ε reserved")
            ax.step(times, total, where="post", color="#333", linewidth=1.2, label="ε total")
            left = max(total[-1] - used[-1], 0.0)
            ax.annotate(f"left ε={left:.3g} of {total[-1]:.3g}", xy=(1.0, 1.0), xycoords="axes fraction",
                        ha="right", va="bottom", fontsize=8)
            ax.set_ylim(0, max(max(total), max(used)) * 1.12 or 1.0)
            ax.set_ylabel("ε")
            ax.set_title(_label(f"topic {dataset}"), loc="left", fontsize=9)
            ax.grid(True, alpha=0.3)
            if i == 0:
                ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
        axes[-1].xaxis.set_major_formatter(mdates.ConciseDateFormatter(mdates.AutoDateLocator()))
        fig.suptitle("Privacy budget (ε) per topic over time", fontsize=10)
        fig.tight_layout()
        return _svg(fig)


def processing_plot_svg(report: dict[str, Any]) -> str | None:
    """Rows written per day, stacked by topic."""
    by_day = report["processing"]["by_day"]
    if not by_day:
        return None
    days = sorted({d["date"] for d in by_day})
    topics = sorted({d["topic"] for d in by_day})
    rows = {(d["date"], d["topic"]): d["rows"] for d in by_day}
    with _rc():
        fig, ax = _figure(8.0, 3.0)
        bottom = [0] * len(days)
        x = list(range(len(days)))
        for i, topic in enumerate(topics):
            values = [rows.get((day, topic), 0) for day in days]
            ax.bar(x, values, bottom=bottom, color=f"C{i % 10}", label=_label(topic))
            bottom = [b + v for b, v in zip(bottom, values)]
        ax.set_xticks(x)
        ax.set_xticklabels(days, rotation=30 if len(days) > 6 else 0, ha="right" if len(days) > 6 else "center")
        ax.set_ylabel("rows written")
        ax.set_title("Rows written to the store per day")
        ax.grid(True, axis="y", alpha=0.3)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
        return _svg(fig)


# -- rendering ---------------------------------------------------------------------------

_CSS = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.8em}
table{border-collapse:collapse;margin:.6em 0 1em}th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code{font-family:Menlo,Consolas,monospace;font-size:.9em;word-break:break-all}
.ok{color:#155724;background:#d4edda;padding:.5em 1em;border-radius:4px}
.bad{color:#721c24;background:#f8d7da;padding:.5em 1em;border-radius:4px}
.muted{color:#777}.plot svg{max-width:100%;height:auto}
"""


def _fmt_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return str(value)


class _Table:
    def __init__(self, headers: list[str], rows: Iterable[list[Any]], numeric: set[int] | None = None) -> None:
        self.headers = headers
        self.rows = [list(r) for r in rows]
        self.numeric = numeric or set()

    def html(self) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.headers)
        body = []
        for row in self.rows:
            cells = []
            for i, value in enumerate(row):
                cls = ' class="n"' if i in self.numeric else ""
                text = html.escape(_fmt_value(value))
                if isinstance(value, str) and re.fullmatch(r"[0-9a-f]{16,}", value):
                    text = f"<code>{text}</code>"
                cells.append(f"<td{cls}>{text}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"

    def md(self) -> str:
        def cell(value: Any) -> str:
            return _fmt_value(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(cell(h) for h in self.headers) + " |"]
        lines.append("|" + "|".join("---:" if i in self.numeric else "---" for i in range(len(self.headers))) + "|")
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in self.rows]
        return "\n".join(lines)


def _sections(report: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    """Each section as (title, blocks); a block is a str paragraph, a _Table, or ("plot", name)."""
    out: list[tuple[str, list[Any]]] = []

    v = report["verification"]
    blocks: list[Any] = [("status", v["ok"], v["summary"])]
    blocks.append(
        f"Log: {v['log_path']}. Entries verified: {v['entries']}. "
        + ("The ledger's record of the log head (entry count and last hash) was checked too, so lines cut off "
           "the end are detected." if v["head_checked"] else
           "No head recorded in the ledger yet: a cut-off tail could not be checked.")
    )
    if v.get("head"):
        blocks.append(f"Head recorded in the ledger: {v['head']['entries']} entries, last hash {v['head']['hash']}. "
                      "Keeping a copy of this line elsewhere lets a later check detect even a rewrite of both "
                      "the log and the ledger.")
    out.append((SECTION_TITLES["verification"], blocks))

    p = report["processing"]
    blocks = []
    if not p["by_topic"]:
        blocks.append("No files were written in this period.")
    else:
        blocks.append(f"{p['files']} files, {p['rows']} rows written to the store.")
        blocks.append(("plot", "processing"))
        blocks.append(_Table(
            ["topic", "files", "rows", "first seen", "last seen"],
            [[t, d["files"], d["rows"], d["first_seen"], d["last_seen"]] for t, d in p["by_topic"].items()],
            {1, 2},
        ))
        blocks.append(_Table(
            ["topic", "partition / source", "files", "rows", "first offset", "last offset"],
            [[t, part, pd["files"], pd["rows"], pd["first_offset"], pd["last_offset"]]
             for t, d in p["by_topic"].items() for part, pd in d["partitions"].items()],
            {2, 3, 4, 5},
        ))
        blocks.append(_Table(["date", "topic", "files", "rows"],
                             [[d["date"], d["topic"], d["files"], d["rows"]] for d in p["by_day"]], {2, 3}))
    if p["scrub_runs"]:
        blocks.append("Backfill scrub runs (`veil scrub`):")
        blocks.append(_Table(
            ["time", "topic", "source", "lines", "events out", "bad lines", "policy hash"],
            [[r["time"], r["topic"], r["source"], r["lines"], r["events_out"], r["bad_lines"], r["policy_hash"]]
             for r in p["scrub_runs"]],
            {3, 4, 5},
        ))
    out.append((SECTION_TITLES["processing"], blocks))

    pii = report["pii"]
    blocks = []
    if not pii["total"]:
        blocks.append("No PII findings were recorded in this period.")
    else:
        blocks.append(f"{pii['total']} PII findings were removed or replaced before storage (counts only; "
                      "the values were never logged).")
        blocks.append(_Table(["entity type", "count"], list(pii["by_type"].items()), {1}))
        blocks.append(_Table(["field", "entity type", "count"],
                             [[f, e, n] for f, types in pii["by_field"].items() for e, n in types.items()], {2}))
    out.append((SECTION_TITLES["pii"], blocks))

    blocks = []
    if not report["policies"]:
        blocks.append("No policy versions were recorded in this period.")
    else:
        blocks.append(_Table(
            ["policy hash", "first seen", "last seen", "files", "rows", "topics"],
            [[q["policy_hash"], q["first_seen"], q["last_seen"], q["files"], q["rows"], ", ".join(q["topics"])]
             for q in report["policies"]],
            {3, 4},
        ))
    out.append((SECTION_TITLES["policies"], blocks))

    dl = report["dead_letters"]
    blocks = []
    if not dl["total"]:
        blocks.append("No dead letters in this period.")
    else:
        blocks.append(f"{dl['total']} bad events went to the dead-letter store (payloads encrypted).")
        blocks.append(_Table(["reason", "count"], list(dl["by_reason"].items()), {1}))
        blocks.append(_Table(["topic", "reason", "count"],
                             [[t, r, n] for t, rs in dl["by_topic"].items() for r, n in rs.items()], {2}))
    out.append((SECTION_TITLES["dead_letters"], blocks))

    b = report["budgets"]
    blocks = []
    if not b["status"]:
        blocks.append("No privacy budgets are set.")
    else:
        comp = b["composition"]
        blocks.append(
            "Jobs on the same topic compose: "
            + ("their ε and δ add up (basic composition, always sound)." if comp == "basic" else
               f"the ledger composes their mechanisms with the {comp.upper()} accountant where it is tighter "
               "than adding up ε and δ.")
        )
        blocks.append(("plot", "budget"))
        blocks.append(_Table(
            ["topic", "ε total", "ε spent", "ε reserved", "ε left", "δ total", "δ spent", "δ reserved", "δ left",
             "jobs settled", "jobs open"],
            [[s["dataset"], s["epsilon_total"], s["epsilon_spent"], s["epsilon_reserved"], s["epsilon_left"],
              s["delta_total"], s["delta_spent"], s["delta_reserved"], s["delta_left"], s["jobs_settled"],
              s["jobs_reserved"]] for s in b["status"]],
            set(range(1, 11)),
        ))
        if b["history"]:
            blocks.append(_Table(
                ["time", "topic", "change", "job", "ε", "δ", "ε spent after", "ε reserved after"],
                [[e["time"], e["dataset"], e["kind"], e["job_id"], e["epsilon"], e["delta"], e["epsilon_spent"],
                  e["epsilon_reserved"]] for e in b["history"]],
                {4, 5, 6, 7},
            ))
        if b["reservations_open"]:
            blocks.append("Open reservations (jobs running, or crashed before settling — release with "
                          "`veil budget release JOB_ID` once sure they never trained):")
            blocks.append(_Table(["job", "topic", "ε", "δ", "since"],
                                 [[r["job_id"], r["dataset"], r["epsilon"], r["delta"], r["since"]]
                                  for r in b["reservations_open"]], {2, 3}))
    if b["refusals"]:
        blocks.append(f"{len(b['refusals'])} reservation(s) were refused (nothing was spent):")
        blocks.append(_Table(["time", "job", "reason"],
                             [[r["time"], r["job_id"], r["reason"]] for r in b["refusals"]]))
    if b["overspent"]:
        blocks.append("Jobs that spent more than they reserved (recorded as spent):")
        blocks.append(_Table(["time", "topic", "job", "ε spent", "ε reserved"],
                             [[r["time"], r["dataset"], r["job_id"], r["epsilon"], r["epsilon_reserved"]]
                              for r in b["overspent"]], {3, 4}))
    out.append((SECTION_TITLES["budgets"], blocks))

    blocks = []
    if not report["training_jobs"]:
        blocks.append("No training jobs in this period.")
    for job in report["training_jobs"]:
        blocks.append(("job", job))
    out.append((SECTION_TITLES["training_jobs"], blocks))

    audits = report.get("privacy_audits") or []
    blocks = []
    if not audits:
        blocks.append("No empirical privacy audit ran in this period (`veil train --audit`, `veil audit privacy`).")
    else:
        failed = [a for a in audits if a.get("passed") is False]
        blocks.append(
            "Each audit plants canary units in one training run, each included with probability ½, and measures how "
            "well their membership can be guessed; the number of correct guesses gives a lower bound on ε that holds "
            "with the stated confidence (Steinke, Nasr & Jagielski 2023). A correct implementation keeps the bound "
            "below the claimed ε; a bound above the claim means the guarantee is broken and the model was not "
            "published. The bound cannot exceed the ceiling that the number of guesses allows.")
        blocks.append(("status", not failed,
                       f"{len(audits) - len(failed)} of {len(audits)} audit(s) kept the lower bound below the claim"
                       + (f"; {len(failed)} FAILED: " + ", ".join(str(a.get("job_id") or "dry run") for a in failed)
                          if failed else ".")))
        blocks.append(_Table(
            ["time", "job", "kind", "unit", "claimed ε", "lower bound ε", "confidence", "canaries", "guesses",
             "correct", "ceiling ε", "result"],
            [[a["time"], a.get("job_id") or "—", "dry run (synthetic)" if a.get("dry_run") else "training run",
              a.get("unit"), a.get("claimed_epsilon"), a.get("epsilon_lower_bound"), a.get("confidence"),
              a.get("canaries"), a.get("guesses"), a.get("correct"), a.get("ceiling"),
              "passed" if a.get("passed") else "FAILED — not published"] for a in audits],
            {4, 5, 6, 7, 8, 9, 10},
        ))
        for a in failed:
            blocks.append(str(a.get("statement")))
    out.append((SECTION_TITLES["privacy_audits"], blocks))

    er = report["erasures"]
    blocks = []
    if not er["total"]:
        blocks.append("No erasures were served in this period.")
    else:
        blocks.append(f"{er['total']} erasure request(s) served; {er['rows_removed']} rows removed. Users are "
                      "named by pseudonym only.")
        blocks.append(_Table(["time", "user pseudonym", "topics", "files rewritten", "rows removed",
                              "dead letters removed", "models trained on the user's data"],
                             [[e["time"], e["user_pseudonym"], ", ".join(e["topics"]), e["files_rewritten"],
                               e["rows_removed"], e.get("dead_letters_removed"),
                               ", ".join(str(m["job_id"]) for m in e.get("models") or []) or "none"]
                              for e in er["items"]], {3, 4, 5}))
        affected = [(e, m) for e in er["items"] for m in e.get("models") or []]
        if affected:
            blocks.append("Erasure removes the user's rows from the store and dead letters; models already "
                          "trained on snapshots that held them are not retrained. Their differential-privacy "
                          "guarantee bounds what they can reveal about the user:")
            blocks.append(_Table(
                ["user pseudonym", "model (job)", "unit", "ε", "δ", "user's rows in snapshot", "bound ε",
                 "bound δ", "checked against snapshot"],
                [[e["user_pseudonym"][:16] + "…" if e["user_pseudonym"] else None, m["job_id"], m["unit"],
                  m["epsilon"], m["delta"], m["user_rows_in_snapshot"], m["bound_epsilon"], m["bound_delta"],
                  "yes" if m["verified"] else "no (privacy.json missing; assumed)"] for e, m in affected],
                {3, 4, 5, 6, 7},
            ))
            for e, m in affected:
                blocks.append(f"Model {m['job_id']} and user {str(e['user_pseudonym'])[:16]}…: {m['statement']}")
    out.append((SECTION_TITLES["erasures"], blocks))

    rt = report.get("retention") or {"total": 0, "items": []}
    blocks = []
    if not rt["total"]:
        blocks.append("No data was pruned by retention in this period.")
    else:
        blocks.append(f"{rt['total']} retention run(s) (per topic) removed {rt['rows']} rows in {rt['files']} "
                      "files. The last flush of each partition is kept as an empty tombstone so ingestion "
                      "never reads pruned events again.")
        blocks.append(_Table(["time", "topic", "older than (days)", "cutoff", "dates pruned", "files", "rows",
                              "tombstones"],
                             [[p["time"], p["topic"], p["older_than_days"], p["cutoff"], _dates(p["dates"]),
                               p["files"], p["rows"], p["tombstones"]] for p in rt["items"]], {2, 5, 6, 7}))
    out.append((SECTION_TITLES["retention"], blocks))
    return out


def _dates(dates: list[str]) -> str:
    if len(dates) <= 4:
        return ", ".join(dates)
    return f"{dates[0]} … {dates[-1]} ({len(dates)} days)"


def _job_rows(job: dict[str, Any]) -> list[list[Any]]:
    keys = [("topic", "topic"), ("time", "finished"), ("epsilon", "ε spent"), ("target_epsilon", "ε target"),
            ("delta", "δ"), ("unit", "unit of privacy"), ("accountant", "accountant"),
            ("noise_multiplier", "noise multiplier"), ("sample_rate", "sample rate"), ("steps", "steps"),
            ("snapshot_hash", "snapshot hash"), ("model_hash", "model hash"), ("out", "output"),
            ("ledger_state", "ledger")]
    return [[label, job.get(key)] for key, label in keys if key in job]


def render_html(report: dict[str, Any]) -> str:
    plots = {"budget": budget_plot_svg(report), "processing": processing_plot_svg(report)}
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(report['title'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(report['title'])}</h1>",
        f'<p class="muted">Generated {e(str(report["generated_at"]))} by Veil {e(str(report["veil_version"]))} '
        f"for home <code>{e(report['home'])}</code>"
        + (f" (ledger: {e(report['ledger']['backend'])} <code>{e(report['ledger']['location'])}</code>)"
           if report.get("ledger") else "")
        + ". "
        + (f"Period: entries since {e(report['since'])}. " if report["since"] else "Period: the whole log. ")
        + f"Entries in period: {sum(report['entry_kinds'].values())} "
        f"({e(', '.join(f'{k}: {n}' for k, n in report['entry_kinds'].items()) or 'none')}).</p>",
    ]
    for title, blocks in _sections(report):
        parts.append(f"<section><h2>{e(title)}</h2>")
        for block in blocks:
            if isinstance(block, _Table):
                parts.append(block.html())
            elif isinstance(block, tuple) and block[0] == "status":
                parts.append(f'<p class="{"ok" if block[1] else "bad"}">{e(block[2])}</p>')
            elif isinstance(block, tuple) and block[0] == "plot":
                svg = plots.get(block[1])
                if svg:
                    parts.append(f'<div class="plot">{svg}</div>')
            elif isinstance(block, tuple) and block[0] == "job":
                job = block[1]
                parts.append(f"<h3>Job {e(str(job.get('job_id')))}</h3>")
                parts.append(f"<p><strong>Guarantee:</strong> {e(job['guarantee'])}</p>")
                parts.append(_Table(["fact", "value"], _job_rows(job)).html())
            else:
                parts.append(f"<p>{e(str(block))}</p>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def render_markdown(report: dict[str, Any]) -> str:
    lines = [f"# {report['title']}", ""]
    lines.append(
        f"Generated {report['generated_at']} by Veil {report['veil_version']} for home `{report['home']}`"
        + (f" (ledger: {report['ledger']['backend']} `{report['ledger']['location']}`)" if report.get("ledger") else "")
        + ". "
        + (f"Period: entries since {report['since']}." if report["since"] else "Period: the whole log.")
    )
    lines.append("")
    for title, blocks in _sections(report):
        lines += [f"## {title}", ""]
        for block in blocks:
            if isinstance(block, _Table):
                lines += [block.md(), ""]
            elif isinstance(block, tuple) and block[0] == "status":
                lines += [f"**{'OK' if block[1] else 'BROKEN'}** — {block[2]}", ""]
            elif isinstance(block, tuple) and block[0] == "plot":
                if block[1] == "budget":
                    lines += ["(The HTML report plots ε spent and left per topic over time; "
                              "the history table below has the same data.)", ""]
            elif isinstance(block, tuple) and block[0] == "job":
                job = block[1]
                lines += [f"### Job {job.get('job_id')}", "", f"**Guarantee:** {job['guarantee']}", "",
                          _Table(["fact", "value"], _job_rows(job)).md(), ""]
            else:
                lines += [str(block), ""]
    return "\n".join(lines).rstrip() + "\n"


def write_report(home, out: Path, since: datetime | date | None = None, ledger_url: str | None = None) -> Path:
    """Build the report and write it as HTML, JSON or Markdown, chosen by ``out``'s suffix."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in REPORT_FORMATS:
        raise ValueError(f"report file must end in .html, .json or .md, got {out.name!r}")
    report = build_report(home, since, ledger_url)
    if suffix == ".json":
        text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    elif suffix == ".md":
        text = render_markdown(report)
    else:
        text = render_html(report)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    return out
