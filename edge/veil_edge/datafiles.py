"""Packaged data tables: the human-edited sources (``data/fieldnames.toml``,
``data/patterns/*.yaml``, ``data/signoffs.yaml``, with their comments) and, next to each, its
JSON twin (``fieldnames.json``, ``patterns/geo.json``...), which is what a process reads.

Why twins: a device's first structured event reads the field-name table and ``geo``; on a
first launch (policy-cache miss) reading them from TOML and YAML cost ~2 ms to import
``tomllib`` and ~2 ms for PyYAML's pure-Python parse, plus two cache entries to hash and
write.  ``json`` is imported anyway.

Invariants:

* the source is the truth; its twin is exactly what its parser (``tomllib``,
  ``yaml.safe_load``) reads from it (``tests/test_edge_datafiles.py`` checks every pair;
  after editing a source run ``python -m veil_edge.datafiles`` to rewrite the twins);
* ``load`` imports nothing but ``json`` and ``os``.
"""

from __future__ import annotations

import json
import os

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
# each source, relative to ``data/``, by the name ``load`` takes
SOURCES = {
    "fieldnames": "fieldnames.toml",
    "patterns/email_obfuscated": "patterns/email_obfuscated.yaml",
    "patterns/geo": "patterns/geo.yaml",
    "patterns/iban": "patterns/iban.yaml",
    "patterns/passport": "patterns/passport.yaml",
    "signoffs": "signoffs.yaml",
}


def twin_path(name: str) -> str:
    return os.path.join(DATA, name + ".json")


def load(name: str):
    """The table ``name`` (a key of ``SOURCES``) as its source's parser reads it, from its twin."""
    with open(twin_path(name), "rb") as fh:  # a plain file: importlib.resources costs ~10 ms more
        return json.loads(fh.read())


def parse_source(name: str):
    """The table parsed from its human-edited source (for the tests and ``main``)."""
    path = os.path.join(DATA, SOURCES[name])
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    if path.endswith(".toml"):
        import tomllib

        return tomllib.loads(text)
    import yaml

    return yaml.safe_load(text)


def render(value) -> str:
    """A twin's text: stable, so that a rewrite of an unchanged source changes no byte."""
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


def main() -> None:
    """Rewrite every twin from its source (refusing what JSON cannot carry exactly)."""
    for name in SOURCES:
        value = parse_source(name)
        if json.loads(render(value)) != value:
            raise SystemExit(f"{SOURCES[name]}: holds values JSON cannot carry exactly (dates, non-string keys)")
        with open(twin_path(name), "w", encoding="utf-8") as out:
            out.write(render(value))
        print("wrote", os.path.relpath(twin_path(name), DATA))


if __name__ == "__main__":
    main()
