"""The report as one self-contained HTML page: inline CSS and inline SVG plots, no
scripts, no external URLs; every value HTML-escaped."""

from __future__ import annotations

import html
import re
from typing import Any, Callable

from veil.audit.report.blocks import JobCard, Paragraph, Plot, Status, Table, Unverified, fmt_value
from veil.audit.report.plots import PLOTS
from veil.audit.report.registry import layout

_CSS = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.8em}
table{border-collapse:collapse;margin:.6em 0 1em}th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code{font-family:Menlo,Consolas,monospace;font-size:.9em;word-break:break-all}
.ok{color:#155724;background:#d4edda;padding:.5em 1em;border-radius:4px}
.bad{color:#721c24;background:#f8d7da;padding:.5em 1em;border-radius:4px}
tr.unverified td{background:#f8d7da}
.muted{color:#777}.plot svg{max-width:100%;height:auto}
"""
e = html.escape


def _table(block: Table, plots: dict[str, Any]) -> str:
    head = "".join(f"<th>{e(h)}</th>" for h in block.headers)
    body = []
    for r, row in enumerate(block.rows):
        cells = []
        for i, value in enumerate(row):
            cls = ' class="n"' if i in block.numeric else ""
            text = e(fmt_value(value))
            if isinstance(value, str) and re.fullmatch(r"[0-9a-f]{16,}", value):
                text = f"<code>{text}</code>"
            if i == 0 and r in block.flagged:
                text = f"<strong>⚠ UNVERIFIED</strong> {text}"
            cells.append(f"<td{cls}>{text}</td>")
        flag = ' class="unverified"' if r in block.flagged else ""
        body.append(f"<tr{flag}>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _job(block: JobCard, plots: dict[str, Any]) -> str:
    flag = "<strong>⚠ UNVERIFIED</strong> " if block.unverified else ""
    return "\n".join([f"<h3>{flag}{e(block.title)}</h3>",
                      f"<p><strong>Guarantee:</strong> {e(block.guarantee)}</p>", _table(block.facts, plots)])


def _plot(block: Plot, plots: dict[str, Any]) -> str:
    svg = plots.get(block.name)
    return f'<div class="plot">{svg}</div>' if svg else ""


_RENDER: dict[type, Callable[[Any, dict[str, Any]], str]] = {
    Paragraph: lambda b, _: f"<p>{e(b.text)}</p>",
    Status: lambda b, _: f'<p class="{"ok" if b.ok else "bad"}">{e(b.text)}</p>',
    Unverified: lambda b, _: f'<p class="bad"><strong>⚠ UNVERIFIED</strong> — {e(b.text)}</p>',
    Table: _table,
    JobCard: _job,
    Plot: _plot,
}


def _intro(report: dict[str, Any]) -> str:
    ledger = report.get("ledger")
    unverified = report.get("unverified")
    return (
        f'<p class="muted">Generated {e(str(report["generated_at"]))} by Veil {e(str(report["veil_version"]))} '
        f"for home <code>{e(report['home'])}</code>"
        + (f" (ledger: {e(ledger['backend'])} <code>{e(ledger['location'])}</code>)" if ledger else "")
        + ". "
        + (f"Period: entries since {e(report['since'])}. " if report["since"] else "Period: the whole log. ")
        + f"Entries in period: {sum(report['entry_kinds'].values())} "
        f"({e(', '.join(f'{k}: {n}' for k, n in report['entry_kinds'].items()) or 'none')})"
        + (f"; {unverified['entries']} of them at or after line {unverified['from_line']} are UNVERIFIED"
           if unverified else "")
        + ".</p>"
    )


def render_html(report: dict[str, Any]) -> str:
    plots = {name: draw(report) for name, draw in PLOTS.items()}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(report['title'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(report['title'])}</h1>",
        _intro(report),
    ]
    for title, blocks in layout(report):
        parts.append(f"<section><h2>{e(title)}</h2>")
        parts += [_RENDER[type(block)](block, plots) for block in blocks]
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
