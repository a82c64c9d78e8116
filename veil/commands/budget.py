"""``veil budget``: set and show per-topic privacy budgets (ε, δ).

    veil budget set TOPIC --epsilon E --delta D
    veil budget show [TOPIC] [--json]
    veil budget release JOB_ID      # give back a reservation a crashed job left behind
    veil budget composition [MODE]  # how jobs on one topic add up (show or set; audit.composition's registry)

Every action takes ``--ledger URL`` (or env ``VEIL_LEDGER_URL``): ``postgresql://…`` for a
ledger shared by several machines; by default ``HOME/ledger.sqlite``.
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
    p_set.add_argument("--epsilon", type=_float, required=True, metavar="E", help="total ε (> 0)")
    p_set.add_argument("--delta", type=_float, required=True, metavar="D", help="total δ (0 ≤ δ < 1)")
    add_home_arguments(p_set, leaf=True)
    p_set.set_defaults(func=cmd_set)

    p_show = sub.add_parser("show", help="budget total, spent, reserved and left per topic")
    p_show.add_argument("topic", metavar="TOPIC", nargs="?")
    p_show.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_home_arguments(p_show, leaf=True)
    p_show.set_defaults(func=cmd_show)

    p_rel = sub.add_parser("release", help="release a job's reservation (a job that never trained)")
    p_rel.add_argument("job_id", metavar="JOB_ID")
    add_home_arguments(p_rel, leaf=True)
    p_rel.set_defaults(func=cmd_release)

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
    add_home_arguments(p_comp, leaf=True)
    p_comp.set_defaults(func=cmd_composition)


def _open(args: argparse.Namespace):
    from veil.audit import open_audit

    return open_audit(Home.resolve(getattr(args, "home", None)), getattr(args, "ledger", None))


def cmd_set(args: argparse.Namespace) -> int:
    from veil.audit import LedgerError
    from veil.audit import fmt
    from veil.core import UsageError

    ledger, _ = _open(args)
    try:
        status = ledger.set_budget(args.topic, args.epsilon, args.delta)
    except LedgerError as exc:
        raise UsageError(str(exc)) from None
    print(
        f"topic {status.dataset}: budget ε={fmt(status.epsilon_total)}, δ={fmt(status.delta_total)} "
        f"(left ε={fmt(status.epsilon_left)}, δ={fmt(status.delta_left)})"
    )
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    from veil.audit import LedgerError
    from veil.audit import fmt
    from veil.core import UsageError

    ledger, _ = _open(args)
    try:
        status = ledger.release(args.job_id)
    except LedgerError as exc:
        raise UsageError(str(exc)) from None
    print(f"released job {args.job_id}; topic {status.dataset} has ε={fmt(status.epsilon_left)} left")
    return 0


def cmd_composition(args: argparse.Namespace) -> int:
    ledger, _ = _open(args)
    if args.mode is not None and args.mode != ledger.composition:
        ledger.set_composition(args.mode)
    print(f"composition: {ledger.composition}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from veil.audit import LedgerError
    from veil.core import UsageError

    ledger, _ = _open(args)
    try:
        statuses = ledger.status(args.topic)
    except LedgerError as exc:
        raise UsageError(str(exc)) from None
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
