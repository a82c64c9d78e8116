"""``veil budget``: set and show per-topic privacy budgets (ε, δ).

    veil budget set TOPIC --epsilon E --delta D [--reason TEXT]   # a change needs --reason
    veil budget show [TOPIC] [--json]
    veil budget release JOB_ID      # give back a reservation a crashed job left behind
    veil budget composition [MODE]  # how jobs on one topic add up (show or set; audit.composition's registry)

Every action takes ``--ledger URL`` (or env ``VEIL_LEDGER_URL``): ``postgresql://…`` for a
ledger shared by several machines; by default ``HOME/ledger.sqlite``.  Actions that change
the ledger take ``--actor NAME`` (or env ``VEIL_ACTOR``), recorded in the audit entry.
``show`` and ``composition`` without a mode only read: they create nothing (a home that
does not exist is an error; one without a ledger has no budgets and composes ``basic``).
"""

from __future__ import annotations

import argparse
import json
import math
from datetime import datetime, timezone

from veil.commands import add_home_arguments
from veil.core.settings import Home


def _float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a finite number: {text!r}")
    return value


def _epsilon(text: str) -> float:
    value = _float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"epsilon must be > 0, got {text!r}")
    return value


def _delta(text: str) -> float:
    value = _float(text)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"delta must be >= 0 and < 1, got {text!r}")
    return value


def _add_actor(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--actor", metavar="NAME",
                        help="who is acting, recorded in the audit entry (default: $VEIL_ACTOR; the OS user "
                        "and host are always recorded)")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "budget",
        help="set and show per-topic privacy budgets",
        description="Per-topic privacy budgets (ε, δ) in the ledger. Training jobs reserve from them.",
    )
    add_home_arguments(parser, leaf=False)
    sub = parser.add_subparsers(dest="budget_command", metavar="ACTION", required=True)

    p_set = sub.add_parser("set", help="set (or change) a topic's total budget")
    p_set.add_argument("topic", metavar="TOPIC")
    p_set.add_argument("--epsilon", type=_epsilon, required=True, metavar="E", help="total ε (> 0)")
    p_set.add_argument("--delta", type=_delta, required=True, metavar="D", help="total δ (0 ≤ δ < 1)")
    p_set.add_argument("--reason", metavar="TEXT",
                       help="why the budget is set or changed (required to change an existing budget)")
    _add_actor(p_set)
    add_home_arguments(p_set, leaf=True)
    p_set.set_defaults(func=cmd_set)

    p_show = sub.add_parser("show", help="budget total, spent, reserved and left per topic")
    p_show.add_argument("topic", metavar="TOPIC", nargs="?")
    p_show.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_home_arguments(p_show, leaf=True)
    p_show.set_defaults(func=cmd_show)

    p_rel = sub.add_parser("release", help="release a job's reservation (a job that never trained)")
    p_rel.add_argument("job_id", metavar="JOB_ID")
    _add_actor(p_rel)
    add_home_arguments(p_rel, leaf=True)
    p_rel.set_defaults(func=cmd_release)

    _register_composition(sub)


def _register_composition(sub) -> None:
    from veil.audit import composition_names

    modes = composition_names()
    p_comp = sub.add_parser(
        "composition",
        help=f"show or set how jobs on one topic compose ({' | '.join(modes)})",
        description="basic: ε and δ add up. pld / rdp: the jobs' recorded mechanisms (noise multiplier, "
        "sample rate, steps) are composed with that dp-accounting accountant, and the smaller ε is used. "
        "Both are sound; pld is the tightest.",
    )
    p_comp.add_argument("mode", nargs="?", choices=modes, metavar="MODE",
                        help=f"{', '.join(modes)} (omit to show the current mode)")
    p_comp.add_argument("--reason", metavar="TEXT", help="why the mode changes (recorded in the audit entry)")
    _add_actor(p_comp)
    add_home_arguments(p_comp, leaf=True)
    p_comp.set_defaults(func=cmd_composition)


def _location(args: argparse.Namespace, home: Home):
    from veil.audit import ledger_location

    return ledger_location(home, getattr(args, "ledger", None))


def _open(args: argparse.Namespace):
    """The ledger and log to change (the home and ledger are created on first use)."""
    from veil.audit import open_audit

    home = Home.resolve(getattr(args, "home", None))
    return open_audit(home, getattr(args, "ledger", None), actor=getattr(args, "actor", None))


def _read_only(args: argparse.Namespace):
    """The ledger opened read-only, or None when the home has none; a home that does not
    exist is an error (a typo in --home must not read as "no budgets").  Creates nothing."""
    from veil.audit import Ledger

    return Ledger.existing(_location(args, Home.existing(getattr(args, "home", None))))


def cmd_set(args: argparse.Namespace) -> int:
    from veil.audit import fmt

    ledger, _ = _open(args)  # bad numbers were refused by argparse, before anything was created
    status = ledger.set_budget(args.topic, args.epsilon, args.delta, args.reason, require_reason=True)
    print(
        f"topic {status.dataset}: budget ε={fmt(status.epsilon_total)}, δ={fmt(status.delta_total)} "
        f"(left ε={fmt(status.epsilon_left)}, δ={fmt(status.delta_left)})"
    )
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    from veil.audit import fmt
    from veil.core import UsageError

    if _read_only(args) is None:
        where = _location(args, Home.existing(getattr(args, "home", None)))
        raise UsageError(f"no ledger at {where}, so no reservation of job {args.job_id} to release "
                         "(check --home / --ledger)")
    ledger, _ = _open(args)
    status = ledger.release(args.job_id)
    print(f"released job {args.job_id}; topic {status.dataset} has ε={fmt(status.epsilon_left)} left")
    return 0


def cmd_composition(args: argparse.Namespace) -> int:
    if args.mode is None:
        ledger = _read_only(args)
        print(f"composition: {ledger.composition if ledger is not None else 'basic'}")
        return 0
    ledger, _ = _open(args)
    if args.mode != ledger.composition:
        ledger.set_composition(args.mode, args.reason)
    print(f"composition: {ledger.composition}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from veil.audit import NoBudget

    ledger = _read_only(args)
    if ledger is None and args.topic:
        raise NoBudget.for_topic(args.topic)
    statuses = ledger.status(args.topic) if ledger is not None else []
    if args.json:
        print(json.dumps([s.to_dict() for s in statuses], indent=2))
        return 0
    if not statuses:
        print("no budgets set; run `veil budget set TOPIC --epsilon E --delta D`")
        return 0
    print(format_table(statuses))
    open_jobs = [j for j in ledger.jobs(args.topic) if j["state"] == "reserved"]
    if open_jobs:
        print("\nopen reservations (a job killed before it settled keeps its budget reserved):")
        now = datetime.now(timezone.utc)
        for job in open_jobs:
            since = datetime.fromisoformat(str(job["reserved_at"]).replace("Z", "+00:00"))
            hours = (now - since).total_seconds() / 3600
            print(f"  {job['job_id']}  {job['dataset']}  ε={_num(job['epsilon_reserved'])}  reserved {hours:.1f} h ago")
        print("a job that is known dead: `veil budget release JOB_ID` (and delete its OUT/.checkpoint/); "
              "a job to finish: rerun it with --resume")
    return 0


def _num(value: float) -> str:
    return f"{value:.4g}"


def format_table(statuses) -> str:
    headers = ["topic", "ε total", "ε spent", "ε reserved", "ε left", "δ total", "δ spent", "δ reserved", "δ left", "jobs"]
    rows = [
        [
            s.dataset,
            _num(s.epsilon_total),
            _num(s.epsilon_spent),
            _num(s.epsilon_reserved),
            _num(s.epsilon_left),
            _num(s.delta_total),
            _num(s.delta_spent),
            _num(s.delta_reserved),
            _num(s.delta_left),
            f"{s.jobs_settled}+{s.jobs_reserved}" if s.jobs_reserved else str(s.jobs_settled),
        ]
        for s in statuses
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(headers, widths)))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
    note = {s.composition for s in statuses} - {"basic"}
    lines.append(
        "composition: " + (", ".join(sorted(note)) if note else "basic (sum of ε and δ over jobs)")
        + "; jobs = settled(+reserved)"
    )
    return "\n".join(lines)
