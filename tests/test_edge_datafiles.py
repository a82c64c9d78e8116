"""veil_edge.datafiles (issue 14, cold start on a policy-cache miss): the packaged tables a
process reads are JSON twins of the human-edited TOML/YAML sources, and say exactly what
the sources say."""

from pathlib import Path

import pytest

import veil_edge
from veil_edge import datafiles


@pytest.mark.parametrize("name", sorted(datafiles.SOURCES))
def test_each_twin_is_its_source_as_written_by_main(name):
    source = datafiles.parse_source(name)
    assert datafiles.load(name) == source
    # byte for byte what `python -m veil_edge.datafiles` writes: the twin is regenerated, not hand-edited
    assert Path(datafiles.twin_path(name)).read_text(encoding="utf-8") == datafiles.render(source), \
        f"run `python -m veil_edge.datafiles` after editing {datafiles.SOURCES[name]}"


def test_every_toml_and_yaml_table_has_a_twin_and_is_packaged():
    data = Path(datafiles.DATA)
    tables = {str(p.relative_to(data)) for p in data.rglob("*") if p.suffix in (".toml", ".yaml")}
    assert tables == set(datafiles.SOURCES.values())
    pyproject = (Path(veil_edge.__file__).parent.parent / "pyproject.toml").read_text()
    assert '"data/*.json"' in pyproject and '"data/patterns/*.json"' in pyproject


def test_readers_use_the_twins():
    from veil_edge import geo, wordlists

    assert wordlists.table("fieldnames") == datafiles.parse_source("fieldnames")
    assert geo._spec("geo") == datafiles.parse_source("patterns/geo")

