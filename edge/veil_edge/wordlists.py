"""Word lists and field-name tables as data: ``data/*.txt`` (one entry a line, ``#`` opens a
comment line) and ``data/fieldnames.toml`` (read from its JSON twin), shipped as package data.

Invariant: source code holds no word lists; every list is read from here, once per process,
in file order (regex alternations built from a list try its entries in that order).
"""

from __future__ import annotations

import os
import re
from array import array
from bisect import bisect_left
from functools import lru_cache

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on a device's cold start
if TYPE_CHECKING:
    from typing import Iterable

__all__ = ["HashedWords", "alternation", "table", "word_set", "words"]


class HashedWords:
    """A read-only set of strings kept as the sorted 64-bit ``hash()`` of each entry (8 bytes
    an entry instead of ~70 for a string in a frozenset): the large name and word lists.

    Invariant: ``w in s`` is what it would be for the frozenset of the entries, except with
    probability ~len(s) / 2**64 per lookup (a hash collision; 2**32 where ``hash`` is 32-bit,
    on 32-bit builds; hashes are per process, so the array is built in the process that uses it).  It cannot be iterated: the words are gone."""

    __slots__ = ("_hashes",)

    def __init__(self, entries: Iterable[str]):
        # Sorted without a list of all the hashes (a Python int each, ~10 MB for 236,000):
        # 256 small arrays by the top byte (in signed order), each sorted on its own.
        buckets = [array("q") for _ in range(256)]
        append = [bucket.append for bucket in buckets]
        for h in map(hash, entries):
            append[(h >> 56) + 128](h)
        hashes = array("q")
        for bucket in buckets:
            hashes.extend(sorted(set(bucket)))
        self._hashes = hashes

    def __contains__(self, word: object) -> bool:
        h = hash(word)
        hashes = self._hashes
        i = bisect_left(hashes, h)
        return i < len(hashes) and hashes[i] == h

    def __len__(self) -> int:
        return len(self._hashes)

    def __bool__(self) -> bool:
        return bool(self._hashes)

    def __ge__(self, other: object) -> bool:  # ``{"jemma", ...} <= first_names()``
        if not isinstance(other, (set, frozenset)):
            return NotImplemented
        return all(w in self for w in other)

    def issuperset(self, other: Iterable[str]) -> bool:
        return all(w in self for w in other)


_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def _read(name: str) -> str:
    # a plain file next to the module (importlib.resources would cost a cold start ~10 ms)
    with open(os.path.join(_DATA, name), encoding="utf-8") as fh:
        return fh.read()


@lru_cache(maxsize=None)
def words(name: str) -> tuple[str, ...]:
    """The entries of ``data/<name>.txt``, in file order, without duplicates."""
    out: dict[str, None] = {}
    for line in _read(f"{name}.txt").splitlines():
        entry = line.strip()
        if entry and not entry.startswith("#"):
            out[entry] = None
    return tuple(out)


@lru_cache(maxsize=None)
def word_set(name: str, lower: bool = False) -> frozenset[str]:
    """``words(name)`` as a set (lower-cased with ``lower``)."""
    return frozenset(w.lower() for w in words(name)) if lower else frozenset(words(name))


def alternation(name: str) -> str:
    """``a|b|c`` for a regex, each entry escaped, in file order."""
    return "|".join(re.escape(w) for w in words(name))


@lru_cache(maxsize=None)
def table(name: str) -> dict:
    """``data/<name>.toml`` as a dict (read from its JSON twin: ``datafiles``, no tomllib)."""
    from . import datafiles

    return datafiles.load(name)
