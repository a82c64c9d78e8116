"""The typed blocks a report section is made of; the renderers (``html.py``,
``markdown.py``) know these types and nothing about the sections.

A section is a title and a list of blocks: :class:`Paragraph`, :class:`Status` (a verdict,
good or bad), :class:`Unverified` (figures drawn from entries at or after the first bad
line of a broken log), :class:`Table` (rows in ``flagged`` come from such entries),
:class:`Plot` (by name, drawn by ``plots.py``) and :class:`JobCard` (one training job).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Union


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Status:
    ok: bool
    text: str


@dataclass(frozen=True)
class Unverified:
    text: str


@dataclass(frozen=True)
class Plot:
    name: str  # "budget" | "processing"


@dataclass(frozen=True)
class JobCard:
    title: str
    guarantee: str
    facts: "Table"
    unverified: bool = False


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[Any]]
    numeric: frozenset[int] = field(default_factory=frozenset)  # right-aligned columns
    flagged: frozenset[int] = field(default_factory=frozenset)  # rows drawn from unverified entries


Block = Union[Paragraph, Status, Unverified, Plot, JobCard, Table]


def table(headers: list[str], rows: Iterable[Iterable[Any]], numeric: Iterable[int] = (),
          items: list[dict[str, Any]] | None = None) -> Table:
    """A table; with ``items`` (one per row), the rows whose item is unverified are flagged."""
    flagged = frozenset(i for i, item in enumerate(items or []) if item.get("unverified"))
    return Table(list(headers), [list(r) for r in rows], frozenset(numeric), flagged)


def fmt_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return str(value)
