"""What travels between the ServerApp and the ClientApps, as Flower records.

Invariant: a train/evaluate message carries the global head (``ArrayRecord``
"params") and the job's device fields (``ConfigRecord`` "job"); a train reply carries
only the clipped update (``ArrayRecord`` "update"); an evaluate reply two counts
(``MetricRecord`` "eval"); a registration reply the device's pseudonym and role.
Anything else in a reply is ignored; a reply without a readable update is malformed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from flwr.app import Array, ArrayRecord, ConfigRecord, Message, MetricRecord, RecordDict


def message(grid: Any, content: RecordDict, node_id: int, message_type: str, group: str) -> Message:
    return Message(content=content, dst_node_id=node_id, message_type=message_type, group_id=group)


def arrays(params: dict[str, np.ndarray]) -> ArrayRecord:
    return ArrayRecord({k: Array(np.ascontiguousarray(v)) for k, v in params.items()})


def train_content(params: dict[str, np.ndarray], spec: dict[str, Any]) -> RecordDict:
    return RecordDict({"params": arrays(params), "job": ConfigRecord(dict(spec))})


def config_content(values: dict[str, Any]) -> RecordDict:
    return RecordDict({"job": ConfigRecord(dict(values))})


def params_of(msg: Message) -> dict[str, np.ndarray]:
    rec = msg.content["params"]
    return {k: rec[k].numpy() for k in rec}


def job_of(msg: Message) -> dict[str, Any]:
    return dict(msg.content["job"])


def config_of(msg: Message) -> dict[str, Any]:
    rec = msg.content.config_records.get("device") if msg.has_content() else None
    return dict(rec) if rec is not None else {}


def update_of(msg: Message) -> dict[str, np.ndarray] | None:
    """The reply's update, or None when it has none that can be read."""
    try:
        rec = msg.content.array_records.get("update")
        return {k: rec[k].numpy() for k in rec} if rec is not None else None
    except Exception:  # noqa: BLE001 - a device's bytes: any decoding failure is a malformed update
        return None


def metrics_of(msg: Message) -> dict[str, Any]:
    rec = msg.content.metric_records.get("eval") if msg.has_content() else None
    return dict(rec) if rec is not None else {}


def update_reply(msg: Message, update: dict[str, np.ndarray]) -> Message:
    return Message(RecordDict({"update": arrays(update)}), reply_to=msg)


def eval_reply(msg: Message, correct: int, n: int) -> Message:
    return Message(RecordDict({"eval": MetricRecord({"correct": correct, "n": n})}), reply_to=msg)


def device_reply(msg: Message, pseudonym: str, role: str) -> Message:
    return Message(RecordDict({"device": ConfigRecord({"device": pseudonym, "role": role})}), reply_to=msg)
