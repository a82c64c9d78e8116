"""Word lists and field-name tables as data: ``anonymize/data/*.txt`` (one entry a line,
``#`` opens a comment line) and ``anonymize/data/fieldnames.toml``, shipped as package data.

Invariant: source code holds no word lists; every list is read from here, once per process,
in file order (regex alternations built from a list try its entries in that order).
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

__all__ = ["alternation", "table", "word_set", "words"]


def _data(name: str):
    return resources.files(__package__).joinpath("data", name)


@lru_cache(maxsize=None)
def words(name: str) -> tuple[str, ...]:
    """The entries of ``data/<name>.txt``, in file order, without duplicates."""
    out: dict[str, None] = {}
    for line in _data(f"{name}.txt").read_text(encoding="utf-8").splitlines():
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
    """``data/<name>.toml`` as a dict."""
    return tomllib.loads(_data(f"{name}.toml").read_text(encoding="utf-8"))
