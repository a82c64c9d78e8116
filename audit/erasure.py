"""Serve a right-to-erasure request: the use case behind ``veil erase``.

Invariants:

* Nothing is erased from a store or topic that does not exist, nor with a home that
  holds no pseudonym key (no data was ever pseudonymised with it): those are errors
  (exit 2) and nothing is logged.
* Every request served is logged as one ``erasure`` entry by pseudonym only: the store,
  the topics and files examined, the dead-letter files examined, what was removed, the
  request's ticket (``request_id``) and the models trained on the user's data with the
  bound their DP guarantee gives (:mod:`audit.trained_on`).  Finding nothing is logged
  too, and said in words (``outcome: nothing_found``), never as "erased 0 rows".
* A dry run changes nothing and logs nothing (it creates no ledger either): it lists
  what would be removed.

Dead letters are matched with :func:`veil.anonymize.user_value`, the same role lookup the
sanitiser uses (so nested user keys like ``user.id`` match too).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from veil.anonymize import pseudonymize, user_value
from veil.audit.log import read_entries
from veil.audit.trained_on import models_trained_on, store_key
from veil.audit.wiring import open_audit
from veil.core.errors import UsageError
from veil.core.settings import Home
from veil.ingest import erase_from_files
from veil.store import erase_user, resolve_location, topics as store_topics

MODEL_FACTS = ("job_id", "topic", "out", "epsilon", "delta", "unit", "verified", "user_rows_in_snapshot",
               "bound_epsilon", "bound_delta", "statement")


@dataclass(frozen=True)
class ErasureOutcome:
    outcome: str  # "erased" | "nothing_found" | "would_erase" (dry run)
    message: str  # what happened, in words
    user_pseudonym: str
    store: str
    topics_examined: list[str]
    files_examined: int
    rows_removed: int  # dry run: rows that would be removed
    files_rewritten: int  # dry run: files that would be rewritten
    topics: list[str]  # topics the user's rows were in
    dead_letters_removed: int  # dry run: dead letters that would be removed
    dead_letter_files_examined: int
    request_id: str | None
    dry_run: bool
    models: list[dict[str, Any]]
    would_rewrite: list[dict[str, Any]] = field(default_factory=list)  # dry run: [{path, user_rows}]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def serve(home: Home, store: str | Path, user: str, policy: Any, topics: list[str] | None = None, *,
          ledger_url: str | None = None, request_id: str | None = None, dry_run: bool = False,
          actor: str | None = None) -> ErasureOutcome:
    """Erase ``user`` (the raw user-key value) from ``store`` and the home's dead letters,
    name the models trained on snapshots that held the user, and log it by pseudonym."""
    loc, examined = _checked_store(store, topics)
    key = _pseudonym_key(home)
    letters, letter_key = _dead_letters(home)
    audit_log = None if dry_run else open_audit(home, ledger_url, actor=actor)[1]  # unreachable: fail before erasing
    pseudonym = pseudonymize(key, user)
    result = erase_user(loc, pseudonym, examined, dry_run=dry_run)

    def same_user(event: dict) -> bool:
        value = user_value(event, policy.user_key)
        try:
            return value is not None and pseudonymize(key, value) == pseudonym
        except (TypeError, ValueError):  # no identity (a boolean, an empty string): not this user
            return False

    removed = erase_from_files(home.deadletter_dir, letter_key, same_user, dry_run=dry_run) if letters else 0
    models = models_trained_on(
        read_entries(home.audit_log_path), pseudonym,
        held={store_key(path): rows for path, _before, rows in result.files_held},
        held_hashes={before for _path, before, _rows in result.files_held}, topics=result.topics)
    outcome = _outcome(result, removed, dry_run)
    facts = dict(
        user_pseudonym=pseudonym, rows_removed=result.rows_removed, topics=result.topics,
        files_rewritten=[{"path": w.relpath, "sha256": w.sha256, "rows": w.rows, "sha256_before": before,
                          "user_rows": held}
                         for w, (_path, before, held) in zip(result.files_rewritten, result.files_held)],
        dead_letters_removed=removed, models_trained_on_user=models, store=str(loc), topics_examined=examined,
        files_examined=result.files_examined, dead_letter_files_examined=[p.name for p in letters],
        request_id=request_id, outcome=outcome)
    if audit_log is not None:
        audit_log.append("erasure", **facts)
    return _summary(facts, result, removed, dry_run, models)


def _checked_store(store: str | Path, topics: list[str] | None) -> tuple[Any, list[str]]:
    """The store's location and the topics to examine; a store or topic that does not exist
    is a UsageError (nothing has been touched yet)."""
    try:
        loc = resolve_location(store)
    except ValueError as exc:
        raise UsageError(f"--store {store}: {exc}") from None
    if not loc.is_dir():
        raise UsageError(f"no store at {store} (check --store); nothing was erased")
    available = store_topics(loc)
    missing = sorted({t for t in topics or [] if t not in available})
    if missing:
        raise UsageError(f"store {store} has no topic {', '.join(missing)} (it has: {', '.join(available) or 'none'});"
                         " nothing was erased")
    return loc, list(dict.fromkeys(topics)) if topics else available


def _pseudonym_key(home: Home) -> bytes:
    """The home's pseudonym key; a home without one never pseudonymised anything, so
    erasing with a fresh key would find nothing and say so falsely."""
    if not os.environ.get("VEIL_PSEUDONYM_KEY") and not (home.keys_dir / "pseudonym.key").is_file():
        raise UsageError(f"{home.root} has no pseudonym key (keys/pseudonym.key or $VEIL_PSEUDONYM_KEY), so no "
                         "data was pseudonymised with it: check --home; nothing was erased")
    return home.pseudonym_key()


def _dead_letters(home: Home) -> tuple[list[Path], bytes | None]:
    """The home's dead-letter files and the key to read them (None when there are none)."""
    letters = sorted(home.deadletter_dir.glob("*.jsonl")) if home.deadletter_dir.is_dir() else []
    if not letters:
        return [], None
    if not os.environ.get("VEIL_DEADLETTER_KEY") and not (home.keys_dir / "deadletter.key").is_file():
        raise UsageError(f"{home.deadletter_dir} holds {len(letters)} dead-letter file(s) but there is no dead-letter "
                         "key to read them (keys/deadletter.key or $VEIL_DEADLETTER_KEY); nothing was erased")
    return letters, home.deadletter_key()


def _outcome(result: Any, letters_removed: int, dry_run: bool) -> str:
    if not result.rows_removed and not letters_removed:
        return "nothing_found"
    return "would_erase" if dry_run else "erased"


def _summary(facts: dict[str, Any], result: Any, removed: int, dry_run: bool,
             models: list[dict[str, Any]]) -> ErasureOutcome:
    where = (f"store {facts['store']} ({len(result.files_examined)} file(s) in topic(s) "
             f"{', '.join(facts['topics_examined']) or 'none'} examined)")
    user = f"user {facts['user_pseudonym'][:12]}…"
    rows, files = result.rows_removed, len(result.files_held)
    letters = f"{removed} dead letter(s)"
    if facts["outcome"] == "nothing_found":
        message = (f"no rows found for this user in {where} and no dead letters of theirs; nothing "
                   + ("would be removed (dry run: nothing was changed or logged)" if dry_run else "was removed"))
    elif dry_run:
        message = (f"dry run: would remove {rows} row(s) of {user} from {files} file(s) in {where}, and {letters}; "
                   "nothing was changed or logged")
    else:
        message = f"erased {rows} row(s) of {user} from {files} file(s) in {where}, and {letters}"
    return ErasureOutcome(
        outcome=facts["outcome"], message=message, user_pseudonym=facts["user_pseudonym"], store=facts["store"],
        topics_examined=facts["topics_examined"], files_examined=len(result.files_examined), rows_removed=rows,
        files_rewritten=files, topics=result.topics, dead_letters_removed=removed,
        dead_letter_files_examined=len(facts["dead_letter_files_examined"]), request_id=facts["request_id"],
        dry_run=dry_run, models=[{k: m[k] for k in MODEL_FACTS} for m in models],
        would_rewrite=[{"path": store_key(p), "user_rows": n} for p, _b, n in result.files_held] if dry_run else [])
