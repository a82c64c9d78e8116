"""The report as Markdown: the same sections and tables as the HTML, no plots (the
budget plot's data is in the history table)."""

from __future__ import annotations

from typing import Any, Callable

from veil.audit.report.blocks import JobCard, Paragraph, Plot, Status, Table, Unverified, fmt_value
from veil.audit.report.registry import layout


def _cell(value: Any) -> str:
    return fmt_value(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _table(block: Table) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in block.headers) + " |"]
    lines.append("|" + "|".join("---:" if i in block.numeric else "---" for i in range(len(block.headers))) + "|")
    for r, row in enumerate(block.rows):
        cells = [_cell(v) for v in row]
        if r in block.flagged and cells:
            cells[0] = f"**UNVERIFIED** {cells[0]}"
        lines.append("| " + " | ".join(cells) + " |")
    return ["\n".join(lines), ""]


def _job(block: JobCard) -> list[str]:
    flag = "**UNVERIFIED** " if block.unverified else ""
    return [f"### {flag}{block.title}", "", f"**Guarantee:** {block.guarantee}", "", *_table(block.facts)]


def _plot(block: Plot) -> list[str]:
    if block.name != "budget":
        return []
    return ["(The HTML report plots ε spent and left per topic over time; the history table below has the same data.)",
            ""]


_RENDER: dict[type, Callable[[Any], list[str]]] = {
    Paragraph: lambda b: [b.text, ""],
    Status: lambda b: [f"**{'OK' if b.ok else 'BROKEN'}** — {b.text}", ""],
    Unverified: lambda b: [f"**UNVERIFIED** — {b.text}", ""],
    Table: _table,
    JobCard: _job,
    Plot: _plot,
}


def render_markdown(report: dict[str, Any]) -> str:
    unverified = report.get("unverified")
    lines = [f"# {report['title']}", ""]
    lines.append(
        f"Generated {report['generated_at']} by Veil {report['veil_version']} for home `{report['home']}`"
        + (f" (ledger: {report['ledger']['backend']} `{report['ledger']['location']}`)" if report.get("ledger") else "")
        + ". "
        + (f"Period: entries since {report['since']}." if report["since"] else "Period: the whole log.")
        + (f" **{unverified['entries']} entries at or after line {unverified['from_line']} are UNVERIFIED.**"
           if unverified else "")
    )
    lines.append("")
    for title, blocks in layout(report):
        lines += [f"## {title}", ""]
        for block in blocks:
            lines += _RENDER[type(block)](block)
    return "\n".join(lines).rstrip() + "\n"
