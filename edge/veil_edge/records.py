"""Value classes without ``dataclasses``, for the types a device's first event builds
(``Policy``, ``Rule``, ``PathPattern``, ``OpContext``, ``SanitizedEvent``, ``Rejected``,
``Span``, the walker's work items).

Why: ``import dataclasses`` imports ``inspect`` (and with it ``ast``, ``dis``,
``tokenize``): ~6 ms of a device's cold start, and each ``@dataclass`` costs ~0.2 ms more to
generate its methods.  These types need only what is below.

A subclass lists its fields in ``_fields`` and writes its own ``__init__`` (storing them
with ``self.__dict__.update``).  Invariant: it then behaves as the ``@dataclass`` it
replaces: ``==`` compares the fields, in order, of two objects of the very same class
(else ``NotImplemented``); ``repr`` is ``Name(field=value, ...)``; a ``Record`` is
unhashable, a ``FrozenRecord`` hashes its fields and refuses assignment and deletion
(``AttributeError``, as ``dataclasses.FrozenInstanceError`` is one); objects pickle and
copy through their ``__dict__`` as a dataclass's do.
"""

from __future__ import annotations


class Record:
    """Fields compared and shown like a ``@dataclass``'s (see the module docstring)."""

    _fields: tuple[str, ...] = ()

    def _values(self) -> tuple:
        d = self.__dict__
        return tuple(d[name] for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # as a dataclass with eq and not frozen

    def __repr__(self) -> str:
        d = self.__dict__
        return f"{type(self).__qualname__}({', '.join(f'{n}={d[n]!r}' for n in self._fields)})"


class FrozenRecord(Record):
    """A ``Record`` like ``@dataclass(frozen=True)``: hashable, never assigned to after ``__init__``."""

    def __hash__(self) -> int:
        return hash(self._values())

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")
