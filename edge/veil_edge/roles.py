"""Where an event's role fields (user key, event id, event time) are: one lookup for all.

A role names a top-level key (``user_id``), or, when no such key exists, a dotted path
into nested objects (``user.id``).  The sanitiser pops roles out of the data with
:func:`pop_role`; erasure and dead-letter tooling read the user key with
:func:`user_value` — the same rule, so a user that was stored can always be found.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on a device's cold start
if TYPE_CHECKING:
    from typing import Any


MISSING: Any = object()  # a role the event does not have


def _parent(data: dict, name: str) -> tuple[dict, str] | None:
    """The object holding the role and the role's key in it, or None."""
    if name in data:
        return data, name
    parts = name.split(".")
    if len(parts) == 1:
        return None
    parent: Any = data
    for part in parts[:-1]:
        if not isinstance(parent, dict) or part not in parent:
            return None
        parent = parent[part]
    if not isinstance(parent, dict) or parts[-1] not in parent:
        return None
    return parent, parts[-1]


def read_role(data: dict, name: str | None) -> Any:
    """The role's value, or :data:`MISSING`."""
    found = _parent(data, name) if name else None
    return MISSING if found is None else found[0][found[1]]


def pop_role(data: dict, name: str | None) -> Any:
    """Remove and return the role's value (:data:`MISSING` if absent).  Callers copy the
    objects along a dotted path first (:func:`copy_role_path`)."""
    found = _parent(data, name) if name else None
    return MISSING if found is None else found[0].pop(found[1])


def copy_role_path(event: dict, name: str | None) -> dict:
    """A shallow copy of the event, and of the objects along a dotted role path, so that
    :func:`pop_role` never changes the caller's event."""
    data = dict(event)
    if name and name not in data and "." in name:
        parent = data
        for part in name.split(".")[:-1]:
            child = parent.get(part)
            if not isinstance(child, dict):
                break
            parent[part] = dict(child)
            parent = parent[part]
    return data


def user_value(event: Any, user_key: str) -> Any:
    """The raw user key of an event as the sanitiser reads it, or None when it has none."""
    if not isinstance(event, dict):
        return None
    value = read_role(event, user_key)
    return None if value is MISSING else value
