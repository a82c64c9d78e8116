"""From a store snapshot to privacy units of tokenised examples.

* :func:`build_examples` reads ``text_field``/``label_field`` out of each row's ``data``
  JSON, drops rows missing either, and caps every user to ``max_examples_per_user``
  (a deterministic choice: the K events with the smallest keyed hash of their id).
* :func:`split_users` puts whole users (never rows) into train or validation.
* :class:`UnitDataset` groups examples into privacy units: one unit per user
  (user-level DP) or one per example (event-level DP).  The DP data loader samples
  units; :func:`collate_units` flattens them into one padded batch with a
  ``unit_index`` column so per-example gradients can be summed per unit before clipping.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Sequence

import torch
from torch.utils.data import Dataset

from .prepare import prepare_user

if TYPE_CHECKING:  # pragma: no cover
    from .prepare import PrepSettings

_MISSING = object()


@dataclass(frozen=True)
class Example:
    event_id: str
    user: str
    text: str
    label: str  # canonical string form; ids come from the label list


@dataclass
class ExampleStats:
    """What preparing the snapshot did, counted per rule (``removed()``)."""

    rows: int = 0
    missing_text: int = 0
    missing_label: int = 0
    bad_data: int = 0
    # cleaning rules (trainer/cleaning.py), then deduplication within each user
    empty: int = 0
    placeholder_only: int = 0
    too_short: int = 0
    label_not_declared: int = 0
    exact_duplicate: int = 0
    near_duplicate: int = 0
    reference_duplicate: int = 0
    dropped_by_cap: int = 0
    users: int = 0
    users_capped: int = 0
    kept: int = 0
    truncated: int = 0  # over the token limit: kept, truncated at tokenisation

    REMOVED = ("bad_data", "missing_text", "missing_label", "empty", "placeholder_only", "too_short",
               "label_not_declared", "exact_duplicate", "near_duplicate", "reference_duplicate", "dropped_by_cap")

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)

    def removed(self) -> dict[str, int]:
        """Examples removed, by rule, in the order the rules run."""
        return {name: getattr(self, name) for name in self.REMOVED}


def get_path(obj: Any, dotted: str) -> Any:
    """``get_path({"review": {"body": "x"}}, "review.body") == "x"``; digits index lists."""
    cur = obj
    for part in dotted.split("."):
        if isinstance(cur, dict):
            if part not in cur:
                return _MISSING
            cur = cur[part]
        elif isinstance(cur, list) and part.isdigit() and int(part) < len(cur):
            cur = cur[int(part)]
        else:
            return _MISSING
    return cur


def label_key(value: Any) -> str | None:
    """Canonical string for a label value; None when it cannot be a class."""
    if value is _MISSING or value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


def threshold_label(value: Any, rule: tuple[str, float | str]) -> str | None:
    """"positive"/"negative" by ``rule`` (from :func:`trainer.config.parse_threshold`);
    None when the value is missing or not comparable (a number rule needs a number)."""
    from .config import NEGATIVE, POSITIVE

    op, ref = rule
    if value is _MISSING or value is None or isinstance(value, bool):
        return None
    if isinstance(ref, float):
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                return None
        if not isinstance(value, (int, float)) or value != value:
            return None
        hit = {">=": value >= ref, "<=": value <= ref, ">": value > ref, "<": value < ref,
               "==": value == ref, "!=": value != ref}[op]
    else:
        key = label_key(value)
        if key is None:
            return None
        hit = (key == ref) if op == "==" else (key != ref)
    return POSITIVE if hit else NEGATIVE


def sort_labels(labels: Iterable[str]) -> list[str]:
    labels = set(labels)
    try:
        return sorted(labels, key=lambda s: (0, int(s), ""))
    except ValueError:
        return sorted(labels)


def _rank(seed: int, *parts: str) -> str:
    return hashlib.sha256("\x1f".join([str(seed), *parts]).encode()).hexdigest()


def build_examples(
    rows: Iterable[dict[str, Any]],
    *,
    text_field: str,
    label_field: str,
    max_examples_per_user: int,
    seed: int = 0,
    positive_if: str | None = None,
    prep: "PrepSettings | None" = None,
) -> tuple[list[Example], ExampleStats]:
    """Rows with ``event_id``, ``user`` and ``data`` (JSON string) → cleaned, deduplicated
    (``prep``; None: neither) and capped examples, every decision within one user.

    With ``positive_if`` (e.g. ``">=4"``) the label is "positive"/"negative" by that
    threshold on ``label_field``; otherwise the field's value is the class."""
    from .config import parse_threshold

    rule = parse_threshold(positive_if) if positive_if else None
    stats = ExampleStats()
    per_user: dict[str, list[Example]] = defaultdict(list)
    for i, row in enumerate(rows):
        stats.rows += 1
        raw = row.get("data")
        try:
            data = json.loads(raw) if isinstance(raw, (str, bytes)) else raw
        except ValueError:
            data = None
        if not isinstance(data, dict):
            stats.bad_data += 1
            continue
        text = get_path(data, text_field)
        if not isinstance(text, str):
            stats.missing_text += 1
            continue
        raw_label = get_path(data, label_field)
        label = threshold_label(raw_label, rule) if rule else label_key(raw_label)
        if label is None:
            stats.missing_label += 1
            continue
        user = row.get("user")
        if not user:
            stats.bad_data += 1
            continue
        event_id = row.get("event_id") or f"row-{i}"
        per_user[user].append(Example(str(event_id), str(user), text, label))
    examples: list[Example] = []
    for user in sorted(per_user):
        items = sorted(per_user[user], key=lambda e: _rank(seed, "cap", e.event_id))
        items = prepare_user(items, prep, stats) if prep is not None else [e for e in items if e.text.strip()]
        if prep is None:
            stats.empty += len(per_user[user]) - len(items)
        if len(items) > max_examples_per_user:
            stats.users_capped += 1
            stats.dropped_by_cap += len(items) - max_examples_per_user
            items = items[:max_examples_per_user]
        examples.extend(items)
    stats.users = len(per_user)
    stats.kept = len(examples)
    return examples, stats


def split_users(
    examples: Sequence[Example], validation_fraction: float, seed: int = 0
) -> tuple[list[Example], list[Example]]:
    """Whole users go to validation with probability ``validation_fraction`` (keyed hash)."""
    train, val = [], []
    for ex in examples:
        r = int(_rank(seed, "split", ex.user)[:15], 16) / float(16**15)
        (val if r < validation_fraction else train).append(ex)
    return train, val


@dataclass
class Encoded:
    input_ids: list[int]
    label: int
    # Output of the frozen layers for this example ([len, hidden]), when cached.
    hidden: torch.Tensor | None = None


def encode(examples: Sequence[Example], tokenizer, label2id: dict[str, int], max_length: int,
           stats: ExampleStats | None = None) -> list[Encoded]:
    """Tokenise once (unpadded) and truncate to ``max_length`` tokens, counting the texts
    truncated in ``stats.truncated``; examples whose label is unknown are skipped."""
    kept = [ex for ex in examples if ex.label in label2id]
    if not kept:
        return []
    enc = tokenizer([ex.text for ex in kept], truncation=False, padding=False, verbose=False)
    special = set(getattr(tokenizer, "all_special_ids", ()) or ())
    out = []
    for ids, ex in zip(enc["input_ids"], kept):
        if len(ids) > max_length:
            # as the tokenizer's own truncation of one sequence: content cut, the closing special token kept
            ids = ids[: max_length - 1] + [ids[-1]] if ids[-1] in special else ids[:max_length]
            if stats is not None:
                stats.truncated += 1
        out.append(Encoded(ids, label2id[ex.label]))
    return out


class UnitDataset(Dataset):
    """Items are privacy units: lists of encoded examples (one user, or one event)."""

    def __init__(self, units: list[list[Encoded]]):
        self.units = units

    def __len__(self) -> int:
        return len(self.units)

    def __getitem__(self, i: int) -> dict[str, Any]:
        return {"examples": self.units[i]}

    @classmethod
    def build(cls, examples: Sequence[Example], encoded: Sequence[Encoded], unit: str) -> "UnitDataset":
        if unit == "event":
            return cls([[e] for e in encoded])
        groups: dict[str, list[Encoded]] = defaultdict(list)
        for ex, enc in zip(examples, encoded):
            groups[ex.user].append(enc)
        return cls([groups[u] for u in sorted(groups)])


def pad_batch(encoded: Sequence[Encoded], pad_id: int) -> dict[str, torch.Tensor]:
    width = max((len(e.input_ids) for e in encoded), default=1)
    ids = torch.full((len(encoded), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(encoded), width), dtype=torch.long)
    for i, e in enumerate(encoded):
        ids[i, : len(e.input_ids)] = torch.tensor(e.input_ids, dtype=torch.long)
        mask[i, : len(e.input_ids)] = 1
    labels = torch.tensor([e.label for e in encoded], dtype=torch.long)
    batch = {"input_ids": ids, "attention_mask": mask, "labels": labels}
    if encoded and encoded[0].hidden is not None:
        ref = encoded[0].hidden
        h_width = max(e.hidden.shape[0] for e in encoded)  # 1 when only the first token is cached
        hidden = torch.zeros((len(encoded), h_width, ref.shape[-1]), dtype=ref.dtype, device=ref.device)
        for i, e in enumerate(encoded):
            hidden[i, : e.hidden.shape[0]] = e.hidden
        batch["hidden"] = hidden
    return batch


class UnitCollator:
    """Flattens a list of units into one batch; ``unit_index[i]`` = unit of example i,
    ``unit_size[i]`` = number of examples in that unit (for per-unit averaging)."""

    def __init__(self, pad_id: int):
        self.pad_id = pad_id

    def __call__(self, items: list[dict[str, Any]]) -> dict[str, torch.Tensor]:
        flat: list[Encoded] = []
        unit_index: list[int] = []
        unit_size: list[int] = []
        for u, item in enumerate(items):
            exs = item["examples"]
            flat.extend(exs)
            unit_index.extend([u] * len(exs))
            unit_size.extend([len(exs)] * len(exs))
        batch = pad_batch(flat, self.pad_id)
        batch["unit_index"] = torch.tensor(unit_index, dtype=torch.long)
        batch["unit_size"] = torch.tensor(unit_size, dtype=torch.float32)
        batch["n_units"] = torch.tensor([len(items)], dtype=torch.long)
        return batch
