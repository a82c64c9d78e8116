"""``veil audit``: verify the hash-chained audit log and render the compliance report.

    veil audit verify [--json]                          # exit 1 when the chain is broken, 2 when there is no log
    veil audit report -o report.html|.json|.md [--since YYYY-MM-DD]   # exit 1 over a broken log (still written)
    veil audit privacy --config job.yaml | --epsilon E --delta D ...   # exit 4 when the audit fails

Both take ``--ledger URL`` (or env ``VEIL_LEDGER_URL``) when the ledger is on PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timezone

from veil.commands import add_home_arguments
from veil.core.settings import Home


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "audit",
        help="verify the audit log; write the compliance report",
        description="Verify the hash-chained audit log and render the compliance report.",
    )
    add_home_arguments(parser, leaf=False)
    sub = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)

    p_verify = sub.add_parser("verify", help="check the audit log's hash chain (exit 1 if broken)")
    p_verify.add_argument("--json", action="store_true", help="print the result as JSON")
    add_home_arguments(p_verify, leaf=True)
    p_verify.set_defaults(func=cmd_verify)

    p_report = sub.add_parser("report", help="write the compliance report (.html, .json or .md)")
    p_report.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.html, FILE.json or FILE.md")
    p_report.add_argument("--since", metavar="YYYY-MM-DD", help="only audit entries from this day (UTC) on")
    add_home_arguments(p_report, leaf=True)
    p_report.set_defaults(func=cmd_report)

    from veil.commands.audit_privacy import register as register_privacy

    register_privacy(sub, add_home_arguments)  # veil audit privacy: dry-run the one-run privacy audit


def cmd_verify(args: argparse.Namespace) -> int:
    """Print what was verified (``--json``: the same facts as JSON); exit 1 when broken.
    Reads only: a missing home is an error, and nothing is created."""
    from veil.audit import verify_home

    attestation = verify_home(Home.existing(getattr(args, "home", None)), getattr(args, "ledger", None))
    if args.json:
        print(json.dumps(attestation.to_dict(), indent=2))
    else:
        print("\n".join(attestation.lines()))
    return 0 if attestation.ok else 1


def _since(text: str | None) -> datetime | None:
    from veil.core import UsageError

    if not text:
        return None
    try:
        day = datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        raise UsageError(f"--since must be a date like 2026-01-31, got {text!r}") from None
    return day.replace(tzinfo=timezone.utc)


def cmd_report(args: argparse.Namespace) -> int:
    """Write the report; over a broken log it is written all the same, with every figure
    from the first bad line on marked unverified, and the command exits 1."""
    from pathlib import Path

    from veil.audit import REPORT_FORMATS, write_report
    from veil.core import IntegrityError, UsageError

    out = Path(args.output)
    if out.suffix.lower() not in REPORT_FORMATS:
        raise UsageError(f"-o must end in .html, .json or .md, got {args.output!r}")
    since = _since(args.since)
    if not out.parent.is_dir():
        raise UsageError(f"-o {args.output}: {out.parent} is not an existing folder; create it first")
    home = Home.existing(getattr(args, "home", None))
    written = write_report(home, out, since, getattr(args, "ledger", None))
    print(f"wrote {out}")
    if written.verified is False:
        raise IntegrityError(f"{written.summary}; the report was written with every figure from line "
                             f"{written.first_bad_line} on marked UNVERIFIED ({out})")
    return 0
