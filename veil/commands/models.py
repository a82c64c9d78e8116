"""``veil models list|show|compare``: the models ``veil train`` published (the registry
in the ledger's database, ``audit/registry.py``).  Read-only: creates nothing."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from veil.core import UsageError

COMPARED = (("epsilon", "ε"), ("delta", "δ"), ("unit", "unit of privacy"), ("accountant", "accountant"),
            ("topic", "topic"), ("snapshot_hash", "snapshot"), ("created", "created"), ("status", "status"))
METRICS = ("accuracy", "macro_f1", "roc_auc", "baseline_accuracy", "non_private_accuracy", "n")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("models", help="list, show and compare the models veil train published",
                              description="The model registry: every published model with its guarantee and "
                              "held-out metrics; models trained on data of a user later erased are marked.")
    sub = p.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    ls = sub.add_parser("list", help="every model (newest last)")
    ls.add_argument("--topic", help="only models of this topic")
    show = sub.add_parser("show", help="one model's record, guarantee and metrics")
    show.add_argument("id", help="model id (the job id)")
    cmp_ = sub.add_parser("compare", help="two models' guarantees and metrics side by side")
    cmp_.add_argument("a")
    cmp_.add_argument("b")
    for q in (ls, show, cmp_):
        q.add_argument("--json", action="store_true", help="JSON instead of a table")
        q.add_argument("--home", help="Veil home (default $VEIL_HOME or ./.veil)")
        q.add_argument("--ledger", help="ledger URL (default $VEIL_LEDGER_URL or HOME/ledger.sqlite)")
        q.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from veil.core.settings import Home

    home = Home.existing(args.home)
    if args.models_command == "list":
        return _list(home, args)
    if args.models_command == "show":
        entry = _get(home, args.id, args.ledger)
        print(json.dumps(entry.as_dict(), indent=2) if args.json else _show(entry))
        return 0
    a, b = _get(home, args.a, args.ledger), _get(home, args.b, args.ledger)
    print(json.dumps({"a": a.as_dict(), "b": b.as_dict()}, indent=2) if args.json else _compare(a, b))
    return 0


def _list(home: Any, args: argparse.Namespace) -> int:
    from veil.audit import registered_models

    models = registered_models(home, args.topic, args.ledger)
    if args.json:
        print(json.dumps([m.as_dict() for m in models], indent=2))
        return 0
    if not models:
        print("no models registered" + (f" for topic {args.topic}" if args.topic else "") + " (veil train publishes them)")
        return 0
    rows = [["id", "topic", "ε", "δ", "unit", "accuracy", "macro F1", "created", "status"]]
    rows += [[m.model_id, m.topic, _n(m.epsilon), _n(m.delta), m.unit or "", _n(m.metrics.get("accuracy")),
              _n(m.metrics.get("macro_f1")), m.created, m.status] for m in models]
    print(_table(rows))
    return 0


def _get(home: Any, model_id: str, ledger: str | None):
    from veil.audit import registered_model

    entry = registered_model(home, model_id, ledger)
    if entry is None:
        raise UsageError(f"no model {model_id!r} in the registry (see veil models list)")
    return entry


def find_model(model_id: str, home: str | None) -> Path:
    """The directory of a registered model (``veil serve --model ID``)."""
    from veil.core.settings import Home

    entry = _get(Home.existing(home), model_id, None)
    path = Path(entry.path)
    if not (path / "config.json").is_file():
        raise UsageError(f"model {model_id} was published to {path}, which no longer holds it")
    return path


def _show(m) -> str:
    lines = [f"model {m.model_id} ({m.status})", f"  path: {m.path}", f"  topic: {m.topic}",
             f"  guarantee: ({_n(m.epsilon)}, {_n(m.delta)})-DP, {m.unit}-level, {m.accountant} accountant",
             f"  snapshot: {m.snapshot_hash}", f"  model hash: {m.model_hash}", f"  created: {m.created}"]
    if m.superseded_by:
        lines.append(f"  superseded by: {m.superseded_by}")
    lines += [f"  {k}: {_n(m.metrics.get(k))}" for k in METRICS if m.metrics.get(k) is not None]
    for e in m.erasures:
        lines.append(f"  trained on data of a user erased at {e.get('time')} (request {e.get('request_id') or 'n/a'}); "
                     "not retrained: its DP guarantee bounds what it reveals about that user")
    return "\n".join(lines)


def _compare(a, b) -> str:
    rows = [["", a.model_id, b.model_id]]
    da, db = a.as_dict(), b.as_dict()
    rows += [[label, _n(da.get(key)), _n(db.get(key))] for key, label in COMPARED]
    rows += [[k, _n(a.metrics.get(k)), _n(b.metrics.get(k))] for k in METRICS]
    return _table(rows)


def _n(x: Any) -> str:
    if isinstance(x, float):
        return f"{x:.4g}"
    return "" if x is None else str(x)


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)
