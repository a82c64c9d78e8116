"""Which trained models saw a user whose data is being erased, and what bounds them
(used by :mod:`audit.erasure`).

Erasure removes a user's rows from the store, but models already trained on
snapshots that held those rows are not retrained (Veil does not "unlearn").  What
limits them is their differential-privacy guarantee, and an erasure must say so:
:func:`models_trained_on` finds them and states the bound for each.

How a model is matched: every ``training_job`` audit entry names the job's output
directory, whose ``privacy.json`` lists the snapshot's files (absolute path, SHA-256,
rows).  A snapshot held the user when one of its files is

* a file this erasure rewrites — by its place in the store (``topic/date=…/name``,
  so a store mounted elsewhere still matches) or by its content hash before the
  rewrite — or
* a file an earlier erasure of the same pseudonym rewrote (an erasure repeated after
  more data arrived: models trained before the first one still saw the user).

File names are a pure function of (partition, offset range) and files only ever lose
rows after publication (erasure, retention), so a file that holds the user now held
the user in every earlier snapshot that listed it.  When ``privacy.json`` cannot be
read (model moved or deleted), a job on one of the user's topics is listed as
*unverified*: it may have seen the user, and is treated as if it did.
"""

from __future__ import annotations

import json
import math
from pathlib import Path, PurePath
from typing import Any, Iterable


def store_key(path: str | PurePath) -> str:
    """``topic/date=YYYY-MM-DD/file`` of a store file (the last three path parts)."""
    return "/".join(PurePath(path).parts[-3:])


def models_trained_on(
    entries: Iterable[dict[str, Any]],
    pseudonym: str,
    held: dict[str, int | None],
    held_hashes: set[str] | None = None,
    topics: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """The models whose training snapshot held ``pseudonym``'s rows.

    ``entries``: the audit log's entries; ``held``: ``{store_key: the user's rows in that
    file (None if unknown)}`` for the files this erasure rewrites; ``held_hashes``: those
    files' SHA-256 before the rewrite; ``topics``: the topics the user's rows were in.
    """
    held = dict(held)
    held_hashes = set(held_hashes or ())
    jobs: list[dict[str, Any]] = []
    topics = set(topics)
    for entry in entries:
        facts = entry.get("facts") if isinstance(entry.get("facts"), dict) else {}
        kind = entry.get("kind")
        if kind == "erasure" and facts.get("user_pseudonym") == pseudonym:
            for f in facts.get("files_rewritten") or []:
                if isinstance(f, dict) and f.get("path"):
                    held.setdefault(store_key(f["path"]), f.get("user_rows"))
            topics.update(str(t) for t in facts.get("topics") or [])
        elif kind == "training_job":
            jobs.append({"time": entry.get("ts"), **facts})

    found = []
    for job in jobs:
        files, why_unverified = _snapshot_files(job.get("out"))
        if files is None:
            if job.get("topic") in topics:
                found.append(_describe(job, None, verified=False, note=why_unverified))
            continue
        matched = [f for f in files if store_key(f.get("path", "")) in held or f.get("sha256") in held_hashes]
        if not matched:
            continue
        counts = [held.get(store_key(f.get("path", ""))) for f in matched]
        user_rows = None if any(c is None for c in counts) else sum(int(c) for c in counts)
        found.append(_describe(job, user_rows, verified=True, note=f"{len(matched)} of the snapshot's "
                               f"{len(files)} files held the user's rows"))
    return found


def _snapshot_files(out: Any) -> tuple[list[dict[str, Any]] | None, str]:
    if not out:
        return None, "the training_job entry names no output directory"
    path = Path(str(out)) / "privacy.json"
    try:
        privacy = json.loads(path.read_text(encoding="utf-8"))
        files = privacy["snapshot_files"]
        if not isinstance(files, list):
            raise TypeError
    except (OSError, ValueError, KeyError, TypeError):
        return None, f"{path} could not be read, so the snapshot's files are unknown; assume the model saw the user"
    return [f for f in files if isinstance(f, dict)], ""


def _describe(job: dict[str, Any], user_rows: int | None, *, verified: bool, note: str) -> dict[str, Any]:
    eps = _float(job.get("epsilon"))
    delta = _float(job.get("delta"))
    unit = job.get("unit") or "user"
    cap = job.get("max_examples_per_user")
    item: dict[str, Any] = {
        "job_id": job.get("job_id"),
        "topic": job.get("topic"),
        "trained_at": job.get("time"),
        "out": job.get("out"),
        "model_hash": job.get("model_hash"),
        "snapshot_hash": job.get("snapshot_hash"),
        "epsilon": eps,
        "delta": delta,
        "unit": unit,
        "verified": verified,
        "user_rows_in_snapshot": user_rows,
        "note": note,
    }
    item["bound_epsilon"], item["bound_delta"], item["statement"] = _bound(eps, delta, unit, user_rows, cap)
    return item


def _bound(eps: float | None, delta: float | None, unit: str, rows: int | None, cap: Any) -> tuple:
    if eps is None or delta is None:
        return None, None, "the job recorded no (ε, δ); its guarantee is unknown"
    plain = (f"The model was not retrained. It was trained with ({_f(eps)}, {_f(delta)})-differential privacy "
             f"({unit}-level)")
    if unit != "event":
        return eps, delta, (
            plain + ": whether or not this user's data was in its training set changes the probability of any "
            f"output of the model by at most a factor e^{_f(eps)}, except with probability {_f(delta)}. "
            "That bounds what the model can reveal about this user.")
    # Event-level: group privacy over the user's k events (k capped by max_examples_per_user).
    k = rows
    try:
        if cap is not None:
            k = int(cap) if k is None else min(k, int(cap))
    except (TypeError, ValueError):
        pass
    if k is None:
        return None, None, (
            plain + ": each of this user's events is protected at that level, but the number of the user's "
            "events in the training set is unknown, so no bound for the user as a whole can be stated.")
    k = max(int(k), 1)
    eps_k = k * eps
    try:
        delta_k = min(1.0, k * math.exp((k - 1) * eps) * delta)
    except OverflowError:
        delta_k = 1.0
    return eps_k, delta_k, (
        plain + f": each event is protected at that level; this user had at most {k} event(s) in the training set, "
        f"so by group privacy what the model can reveal about the user is bounded by ε = {k}·{_f(eps)} = "
        f"{_f(eps_k)}, δ = {_f(delta_k)}" + (" (a weak bound)." if eps_k > 10 or delta_k >= 1e-2 else "."))


def _float(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def _f(value: float) -> str:
    return f"{value:.4g}"
