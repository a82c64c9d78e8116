"""``veil erase``: serve a right-to-erasure request for one user.

Removes the user's rows from the store (each affected file rewritten atomically) and
their local dead letters, lists the models trained on snapshots that held the user
(they are not retrained; their DP guarantee bounds what they can reveal about the
user — see :mod:`audit.erasure`), and logs all of it by pseudonym only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from veil.core.settings import Home


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "erase",
        help="remove one user's rows from the store and local dead letters",
        description="Rewrites every affected Parquet file atomically without the user's rows and logs "
        "the erasure by pseudonym only (the raw id is never written anywhere).",
    )
    p.add_argument("--user", required=True, metavar="ID", help="the user's raw key value (e.g. user_id)")
    p.add_argument("--store", required=True, metavar="DIR|URL", help="the store: a directory or s3://bucket/prefix")
    p.add_argument("--topic", dest="topics", action="append", metavar="T", help="only these topics (default: all)")
    p.add_argument("--policy", type=Path, metavar="FILE", help="policy that names the user key (default: built-in)")
    p.add_argument("--home", metavar="DIR", help="Veil home (default: $VEIL_HOME or ./.veil)")
    p.add_argument("--ledger", metavar="URL", help="ledger URL (default: $VEIL_LEDGER_URL or HOME/ledger.sqlite)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from veil.anonymize import load_policy

    home = Home.resolve(args.home)
    summary = serve_erasure(home, args.store, args.user, load_policy(args.policy), args.topics,
                            ledger_url=getattr(args, "ledger", None))
    print(json.dumps(summary))
    for model in summary["models"]:
        print(f"model {model['job_id']} ({model['out']}): {model['statement']}", file=sys.stderr)
    return 0


def serve_erasure(home: Home, store: Path | str, user: str, policy, topics: list[str] | None = None,
                  ledger_url: str | None = None) -> dict:
    """Erase ``user`` from the store and the local dead letters, list the models trained on
    snapshots that held the user, and log it all by pseudonym."""
    from veil.anonymize import pseudonymize, user_value
    from veil.audit import open_audit
    from veil.audit import models_trained_on, store_key
    from veil.ingest import erase_from_files
    from veil.store import erase_user

    key = home.pseudonym_key()
    pseudonym = pseudonymize(key, user)
    result = erase_user(store, pseudonym, topics)

    def same_user(event: dict) -> bool:
        value = user_value(event, policy.user_key)
        try:
            return value is not None and pseudonymize(key, value) == pseudonym
        except (TypeError, ValueError):  # no identity (a boolean, an empty string): not this user
            return False

    letters_removed = erase_from_files(home.deadletter_dir, home.deadletter_key(), same_user)
    _ledger, audit_log = open_audit(home, ledger_url)
    models = models_trained_on(
        audit_log.entries(),
        pseudonym,
        held={store_key(path): rows for path, _before, rows in result.files_held},
        held_hashes={before for _path, before, _rows in result.files_held},
        topics=result.topics,
    )
    audit_log.append(
        "erasure",
        user_pseudonym=pseudonym,
        rows_removed=result.rows_removed,
        topics=result.topics,
        files_rewritten=[
            {"path": w.relpath, "sha256": w.sha256, "rows": w.rows,
             "sha256_before": before, "user_rows": held}
            for w, (_path, before, held) in zip(result.files_rewritten, result.files_held)
        ],
        dead_letters_removed=letters_removed,
        models_trained_on_user=models,
    )
    return {"user_pseudonym": pseudonym, "rows_removed": result.rows_removed,
            "files_rewritten": len(result.files_rewritten), "dead_letters_removed": letters_removed,
            "models": [{k: m[k] for k in ("job_id", "topic", "out", "epsilon", "delta", "unit", "verified",
                                          "user_rows_in_snapshot", "bound_epsilon", "bound_delta", "statement")}
                       for m in models]}

