"""``veil erase``: serve a right-to-erasure request for one user."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from veil.settings import Home


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "erase",
        help="remove one user's rows from the store and local dead letters",
        description="Rewrites every affected Parquet file atomically without the user's rows and logs "
        "the erasure by pseudonym only (the raw id is never written anywhere).",
    )
    p.add_argument("--user", required=True, metavar="ID", help="the user's raw key value (e.g. user_id)")
    p.add_argument("--store", required=True, type=Path, metavar="DIR")
    p.add_argument("--topic", dest="topics", action="append", metavar="T", help="only these topics (default: all)")
    p.add_argument("--policy", type=Path, metavar="FILE", help="policy that names the user key (default: built-in)")
    p.add_argument("--home", metavar="DIR", help="Veil home (default: $VEIL_HOME or ./.veil)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from anonymize import load_policy

    home = Home.resolve(args.home)
    summary = serve_erasure(home, Path(args.store), args.user, load_policy(args.policy), args.topics)
    print(json.dumps(summary))
    return 0


def serve_erasure(home: Home, store: Path, user: str, policy, topics: list[str] | None = None) -> dict:
    """Erase ``user`` from the store and the local dead letters, and log it by pseudonym."""
    from anonymize import pseudonymize
    from audit import open_audit
    from ingest.deadletter import erase_from_files
    from store import erase_user

    key = home.pseudonym_key()
    pseudonym = pseudonymize(key, user)
    result = erase_user(store, pseudonym, topics)

    def same_user(event: dict) -> bool:
        value = _user_of(event, policy.user_key)
        return value is not None and pseudonymize(key, value) == pseudonym

    letters_removed = erase_from_files(home.deadletter_dir, home.deadletter_key(), same_user)
    _ledger, audit_log = open_audit(home)
    audit_log.append(
        "erasure",
        user_pseudonym=pseudonym,
        rows_removed=result.rows_removed,
        topics=result.topics,
        files_rewritten=[{"path": os.path.relpath(w.path, store), "sha256": w.sha256, "rows": w.rows}
                         for w in result.files_rewritten],
        dead_letters_removed=letters_removed,
    )
    return {"user_pseudonym": pseudonym, "rows_removed": result.rows_removed,
            "files_rewritten": len(result.files_rewritten), "dead_letters_removed": letters_removed}


def _user_of(event: object, user_key: str) -> object:
    node = event
    for part in user_key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node if isinstance(node, (str, int)) and not isinstance(node, bool) else None
