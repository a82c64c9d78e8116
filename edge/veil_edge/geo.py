"""Coordinates in structured fields, without ``regex``: which field names hold one
(``geo_field``) and the grid a value is put on (``coarse_coordinate``), for the policy
walker, which needs both on its first event (the free-text finders stay in
``pii_patterns``).  Also the loader of the pattern data files (``data/patterns/*.yaml``,
read from their JSON twins: ``datafiles``).

Invariant: ``coarse_coordinate`` is idempotent (the edge puts a coordinate on the grid, the
server does it again and gets the same value).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from . import datafiles


@lru_cache(maxsize=None)
def _spec(name: str) -> dict:
    return datafiles.load("patterns/" + name)


def _coord(num: str) -> tuple[float, int]:
    s = num.replace("−", "-").replace(",", ".")
    return float(s), len(s.split(".")[1])


@lru_cache(maxsize=4096)
def geo_field(key: str) -> bool:
    """A field whose name says it holds a coordinate (``lat``, ``home_longitude``, ``geo``)."""
    spec = _spec("geo")
    tokens = [t for t in re.split(r"[^a-z0-9]+", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key).lower()) if t]
    return "_".join(tokens) in set(spec["keys"]) or any(t in set(spec["tokens"]) for t in tokens)


_IN_STRING = re.compile(r"[-+−]?\d{1,3}[.,]\d+")  # pii_patterns._NUM


def coarse_coordinate(value):
    """A coordinate on the default grid (``grid`` degrees, rounded down): numbers stay
    numbers; in a string ("52.5200, 13.4050") every decimal number is put on the grid; a
    string with none comes back as ``None`` (the caller replaces it whole)."""
    grid = float(_spec("geo")["grid"])
    places = max(0, -int(math.floor(math.log10(grid))))

    def snap(x: float) -> float:
        # x / grid rounded first: 13.4 / 0.1 is 133.99999999999997, which floor would put on
        # 13.3 (and a value on the grid must stay where it is)
        return round(math.floor(round(x / grid, 6)) * grid, places)

    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return snap(float(value)) if math.isfinite(value) else None
    if isinstance(value, str):
        if not _IN_STRING.search(value):
            return None
        return _IN_STRING.sub(lambda m: f"{snap(_coord(m.group())[0]):.{places}f}", value)
    return None
