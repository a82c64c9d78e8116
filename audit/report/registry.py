"""Report sections, registered by name: each collects its facts from the audit entries
of the kinds it reads, and lays them out as typed blocks.

Invariant: the report is exactly the registered sections, in ``order``; the builder
(``collect.py``) streams the log once and hands each entry to the sections that read
its kind; a section never reads another's facts.  A section fed an entry from at or
after the first bad line of a broken log is marked unverified as a whole, and so is
each item (row) it draws from such an entry (``"unverified": true``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, ClassVar

from veil.audit.kinds import Record
from veil.audit.report.blocks import Block

_SECTIONS: dict[str, type["Section"]] = {}


@dataclass
class Context:
    """What every section may read besides the entries."""

    home: Any  # veil.core.settings.Home
    ledger: Any | None  # a read-only audit.Ledger, or None when the home has none
    since: datetime | None
    verification: dict[str, Any]


class Section:
    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    order: ClassVar[int] = 0
    kinds: ClassVar[tuple[str, ...]] = ()  # the entry kinds this section reads

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.unverified = 0  # entries fed from at or after the first bad line

    def feed(self, record: Record, ts: datetime | None) -> None:
        if record.facts is None:
            return  # not a valid entry of its kind (counted in entry_kinds all the same)
        if not record.verified:
            self.unverified += 1
        self.add(record, ts)

    def add(self, record: Record, ts: datetime | None) -> None:
        """Take one entry of one of ``kinds`` (in the report's period)."""

    def facts(self) -> Any:  # pragma: no cover - every section says
        raise NotImplementedError

    @staticmethod
    def blocks(facts: Any, report: dict[str, Any]) -> list[Block]:  # pragma: no cover
        raise NotImplementedError


class ItemsSection(Section):
    """A section whose facts are one item (row) per entry: :meth:`item` makes it, and the
    item is marked unverified when its entry is."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.items: list[dict[str, Any]] = []

    def add(self, record: Record, ts: datetime | None) -> None:
        self.items.append(mark(self.item(record.facts, record, ts), record))

    def item(self, facts: Any, record: Record, ts: datetime | None) -> dict[str, Any]:  # pragma: no cover
        raise NotImplementedError

    def facts(self) -> Any:
        return self.items


def mark(item: dict[str, Any], record: Record) -> dict[str, Any]:
    """``item`` flagged ``"unverified": true`` when it comes from an unverified entry."""
    if not record.verified:
        item["unverified"] = True
    return item


def section(name: str, title: str, order: int) -> Callable[[type[Section]], type[Section]]:
    """Class decorator: register a report section."""

    def add(cls: type[Section]) -> type[Section]:
        cls.name, cls.title, cls.order = name, title, order
        _SECTIONS[name] = cls
        return cls

    return add


def sections() -> list[type[Section]]:
    """Every registered section, in report order."""
    return sorted(_SECTIONS.values(), key=lambda cls: cls.order)


def layout(report: dict[str, Any]) -> list[tuple[str, list[Block]]]:
    """Each section as (title, blocks), in order; a section with figures from unverified
    entries opens with an :class:`Unverified` block saying so."""
    from veil.audit.report.blocks import Unverified

    unverified = report.get("unverified") or {}
    out = []
    for cls in sections():
        blocks = cls.blocks(report[cls.name], report)
        if cls.name in unverified.get("sections", []):
            blocks.insert(0, Unverified(
                f"Figures in this section are drawn from audit entries at or after line {unverified['from_line']}, "
                "where the chain is broken: they are UNVERIFIED (rows marked so come from those entries)."))
        out.append((cls.title, blocks))
    return out
