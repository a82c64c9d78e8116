"""``veil-edge scrub|produce``: the device-side scrubber on the command line, for backfills
and tests.

    veil-edge scrub IN.jsonl -o OUT.jsonl --policy P [--tier lite|full] --public-key FILE
    veil-edge produce IN.jsonl --bootstrap HOST:PORT --topic T --policy P [--tier ...]
        --public-key FILE [--spool FILE | --drop]

``scrub`` writes one line per input line, keeping its ``event_id``: the scrubbed event, or
``{"event_id": ..., "rejected": REASON}`` (never the raw event).  Errors are one line on
stderr with an exit code (2 usage, 5 a line was rejected, 6 broker unreachable).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from .errors import VeilError
from .policy import load_policy
from .producer import Producer
from .scrubber import TIERS, Scrubber
from .seal import load_public_key
from .types import Rejected

BATCH = 256


class _Usage(VeilError):
    exit_code = 2


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors, as ``veil``'s: ``veil-edge scrub: <problem> (see ... --help)``."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="veil-edge", description="Scrub events on the device, before they leave it.")
    sub = ap.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in ("scrub", "produce"):
        p = sub.add_parser(name)
        p.add_argument("input", type=Path, help="JSON Lines, one event a line")
        p.add_argument("--policy", required=True, type=Path)
        p.add_argument("--tier", choices=TIERS, default="lite")
        p.add_argument("--public-key", type=Path, required=True, help="the ingest service's key (veil keys export-public)")
        if name == "scrub":
            p.add_argument("-o", "--output", type=Path, required=True)
        else:
            p.add_argument("--bootstrap", required=True, help="HOST:PORT")
            p.add_argument("--topic", required=True)
            p.add_argument("--spool", type=Path, help="keep failed events here, sealed (default: drop them)")
            p.add_argument("--drop", action="store_true", help="drop failed events (the default without --spool)")
    return ap


def _lines(path: Path):
    try:
        with path.open("rb") as fh:
            yield from fh
    except FileNotFoundError:
        raise _Usage(f"{path}: input file not found") from None
    except IsADirectoryError:
        raise _Usage(f"{path}: is a directory, not a JSON Lines file") from None


def _scrubber(args) -> Scrubber:
    if not args.input.is_file():
        raise _Usage(f"{args.input}: input file not found")
    return Scrubber(load_policy(args.policy), tier=args.tier, public_key=load_public_key(args.public_key))


def _event_id(line: bytes, policy) -> object:
    try:
        event = json.loads(line)
        value = event.get(policy.event_id) if isinstance(event, dict) and policy.event_id else None
        return value if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    except ValueError:
        return None


def scrub(args) -> int:
    scrubber = _scrubber(args)
    out_dir = args.output.resolve().parent
    if not out_dir.is_dir():
        raise _Usage(f"{args.output}: its folder does not exist")
    rejected = total = 0
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=".veil-edge-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            batch: list[bytes] = []
            for line in [*_lines(args.input), None]:
                if line is not None and line.strip():
                    batch.append(line)
                if batch and (line is None or len(batch) >= BATCH):
                    rejected += _write_batch(scrubber, batch, out)
                    total += len(batch)
                    batch = []
        os.replace(tmp, args.output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    print(f"veil-edge scrub: {total - rejected} of {total} events scrubbed ({scrubber.tier} tier) -> {args.output}"
          + (f"; {rejected} rejected (their lines say why)" if rejected else ""))
    return 5 if rejected else 0


def _write_batch(scrubber: Scrubber, batch: list[bytes], out) -> int:
    events = []
    for line in batch:
        try:
            events.append(json.loads(line))
        except ValueError:
            events.append(Rejected("not_json"))
    results = scrubber.scrub_batch([e for e in events if not isinstance(e, Rejected)])
    it = iter(results)
    rejected = 0
    for line, event in zip(batch, events):
        res = event if isinstance(event, Rejected) else next(it)
        if isinstance(res, Rejected):
            rejected += 1
            res = {"event_id": _event_id(line, scrubber.policy), "rejected": res.reason}
        out.write(json.dumps(res, ensure_ascii=False, separators=(",", ":")) + "\n")
    return rejected


def produce(args) -> int:
    scrubber = _scrubber(args)
    producer = Producer(scrubber, spool=None if args.drop else args.spool, bootstrap_servers=args.bootstrap,
                        request_timeout_ms=15000, max_block_ms=15000)
    try:
        batch: list[bytes] = []
        for line in [*_lines(args.input), None]:
            if line is not None and line.strip():
                batch.append(line)
            if batch and (line is None or len(batch) >= BATCH):
                producer.send_batch(args.topic, batch)
                batch = []
        producer.flush(30)
    finally:
        producer.close(10)
    c = producer.counts
    failed = sum(v for k, v in c.items() if k.startswith("failed."))
    print(f"veil-edge produce: {c['sent']} events sent to {args.topic} ({scrubber.tier} tier); {failed} failed closed"
          + (f" ({c['spooled']} sealed in {args.spool})" if c["spooled"] else f" ({c['dropped']} dropped)" if failed else ""))
    return 5 if failed else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return (scrub if args.command == "scrub" else produce)(args)
    except VeilError as exc:
        print(f"veil-edge {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
