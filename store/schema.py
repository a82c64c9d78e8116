"""The one Parquet schema of the store, and the row type writers hand in."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

SCHEMA = pa.schema(
    [
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("user", pa.string(), nullable=False),  # HMAC pseudonym, never the raw key
        pa.field("ts", pa.string()),  # event time, ISO-8601 UTC
        pa.field("topic", pa.string(), nullable=False),
        pa.field("partition", pa.int32(), nullable=False),
        pa.field("offset", pa.int64(), nullable=False),
        pa.field("data", pa.string(), nullable=False),  # sanitised fields as a JSON object
    ]
)


@dataclass
class StoreRow:
    event_id: str
    user: str
    ts: str | None
    topic: str
    partition: int
    offset: int
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def date(self) -> str | None:
        return self.ts[:10] if self.ts else None


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
# The C encoder ``json.dumps`` builds on every call, built once.  No circular-reference
# marks: rows hold decoded JSON, which has no cycles.
_C_ENCODE = (
    json.encoder.c_make_encoder(None, _ENCODER.default, json.encoder.encode_basestring, None,
                                _ENCODER.key_separator, _ENCODER.item_separator, True, False, True)
    if json.encoder.c_make_encoder is not None else None
)


def encode_data(data: dict[str, Any]) -> str:
    """``json.dumps(data, ensure_ascii=False, sort_keys=True)``: the same text, ~2x faster."""
    if _C_ENCODE is not None and type(data) is dict:
        return "".join(_C_ENCODE(data, 0))
    return _ENCODER.encode(data)


def rows_to_table(rows: list[StoreRow]) -> pa.Table:
    return pa.table(
        {
            "event_id": [r.event_id for r in rows],
            "user": [r.user for r in rows],
            "ts": [r.ts for r in rows],
            "topic": [r.topic for r in rows],
            "partition": [r.partition for r in rows],
            "offset": [r.offset for r in rows],
            "data": [encode_data(r.data) for r in rows],
        },
        schema=SCHEMA,
    )
