"""The report's plots, as inline SVG (matplotlib's SVG backend, no pyplot, no global
state; text kept as text, a fixed hash salt so the same report renders the same bytes).

``budget``: ε spent, reserved and total per topic over time, from the ledger's history.
``processing``: rows written per day, stacked by topic — its title says so when some of
those rows come from unverified entries.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from typing import Any

from veil.audit.report.values import parse_ts


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

    end = parse_ts(report["generated_at"])
    series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in history:
        series[event["dataset"]].append(event)
    names = sorted(series)[:MAX_PLOTTED_TOPICS]
    with _rc():
        fig = Figure(figsize=(8.0, 1.2 + 1.9 * len(names)), dpi=100)
        axes = fig.subplots(len(names), 1, sharex=True, squeeze=False)[:, 0]
        for i, (ax, dataset) in enumerate(zip(axes, names)):
            events = series[dataset]
            times = [parse_ts(e["time"]) for e in events]
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
        unverified = "processing" in (report.get("unverified") or {}).get("sections", [])
        ax.set_title("Rows written to the store per day" + (" (includes UNVERIFIED entries)" if unverified else ""))
        ax.grid(True, axis="y", alpha=0.3)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
        return _svg(fig)


PLOTS = {"budget": budget_plot_svg, "processing": processing_plot_svg}
