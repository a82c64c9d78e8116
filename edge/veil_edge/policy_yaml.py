"""Policy YAML to a document of ``LineDict``/``LineList`` (``policy_doc``), with every
YAML error as a ``PolicyError`` naming the file and the line.

Its own module so that PyYAML (~12 ms of a device's cold start) is imported only when a
policy is actually parsed, not when the policy cache already holds it.
Invariant: safe constructors only (no Python objects from YAML); duplicate keys refused.
"""

from __future__ import annotations

import yaml

from .errors import PolicyError
from .policy_doc import LineDict, LineList

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on a device's cold start
if TYPE_CHECKING:
    from typing import Any


# libyaml's parser when PyYAML has it (~10x faster: a device's cold start parses the policy
# once), with the same safe constructors and marks; the pure-Python one otherwise
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            raise PolicyError("mapping keys must be plain scalars", source=loader.name, line=line) from None
        if key in out:
            raise PolicyError(f"duplicate key {key!r}", source=loader.name, line=line)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = line
    return out


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    out = LineList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.item_lines = [child.start_mark.line + 1 for child in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)


def parse_document(text: str, source: str) -> Any:
    """The document in ``text``; ``PolicyError`` for bad or empty YAML."""
    try:
        loader = _Loader(text)
        loader.name = source
        try:
            doc = loader.get_single_data()
        finally:
            loader.dispose()
    except PolicyError:
        raise
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise PolicyError(f"bad YAML: {problem}", source=source, line=line) from None
    if doc is None:
        raise PolicyError("the policy file is empty", source=source)
    return doc
