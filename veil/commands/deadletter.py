"""``veil deadletter``: list, show and replay dead letters.

    veil deadletter list [--bootstrap HOST:PORT --dlq TOPIC.dlq] [--json]
    veil deadletter show ID [--decrypt] [--bootstrap HOST:PORT]
    veil deadletter replay (--file NAME | --all | --bootstrap HOST:PORT --dlq TOPIC.dlq)
                           (--store DIR --topic NAME | -o OUT.jsonl) [--policy FILE]

Without ``--dlq`` they work on the local letters of ``veil scrub`` (``HOME/deadletter/``).
Listing never decrypts; ``show --decrypt`` prints the raw message (it may hold personal
data) and is audited; ``replay`` sends letters through the normal path, exactly once.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from veil.core.settings import Home


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("deadletter", help="list, show and replay dead letters",
                            description="Dead letters: bad events kept encrypted, with their reason.")
    actions = parser.add_subparsers(dest="deadletter_command", metavar="ACTION", required=True)
    p = actions.add_parser("list", help="count dead letters by where they are and why (never decrypts)")
    _source_arguments(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_list)
    p = actions.add_parser("show", help="one letter's reason and coordinates; --decrypt adds the raw message")
    p.add_argument("letter", metavar="ID", help="FILE:LINE (local) or TOPIC/PARTITION/OFFSET (from `list`)")
    p.add_argument("--decrypt", action="store_true", help="print the raw message too (audited; may hold PII)")
    p.add_argument("--bootstrap", metavar="HOST:PORT", help="Kafka bootstrap server, for TOPIC/PARTITION/OFFSET ids")
    p.add_argument("--home", metavar="DIR", help="Veil home (default: $VEIL_HOME or ./.veil)")
    p.set_defaults(func=cmd_show)
    p = actions.add_parser("replay", help="send dead letters through the policy again, into the store or a file")
    _source_arguments(p)
    p.add_argument("--file", metavar="NAME", help="only this local dead-letter file (its name from `list`)")
    p.add_argument("--all", action="store_true", help="every local dead-letter file")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--store", metavar="DIR|URL", help="the Parquet store (needs --topic)")
    target.add_argument("-o", "--output", type=Path, metavar="OUT.jsonl", help="a JSON-lines file")
    p.add_argument("--topic", metavar="NAME", help="the store's dataset the events belong to")
    p.add_argument("--policy", type=Path, metavar="FILE", help="policy YAML (default: built-in safe policy)")
    p.set_defaults(func=cmd_replay)


def _source_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--bootstrap", metavar="HOST:PORT", help="Kafka bootstrap server (with --dlq)")
    p.add_argument("--dlq", metavar="TOPIC", help="a dead-letter topic, e.g. reviews.dlq (default: local files)")
    p.add_argument("--home", metavar="DIR", help="Veil home (default: $VEIL_HOME or ./.veil)")


def _letters(args: argparse.Namespace, home: Home, file: str | None = None) -> list:
    from veil.core import UsageError
    from veil.ingest import file_letters, topic_letters

    if args.dlq:
        if not args.bootstrap:
            raise UsageError("--dlq needs --bootstrap HOST:PORT")
        return list(topic_letters(args.bootstrap, args.dlq))
    return list(file_letters(home.deadletter_dir, file))


def cmd_list(args: argparse.Namespace) -> int:
    from veil.ingest import letter_counts

    home = Home.existing(args.home)
    found = letter_counts(_letters(args, home))
    if args.json:
        print(json.dumps({where: dict(c) for where, c in found.items()}))
    elif not found:
        print(f"no dead letters in {args.dlq or home.deadletter_dir}")
    for where, by_reason in found.items() if not args.json else ():
        reasons = ", ".join(f"{reason} {n}" for reason, n in by_reason.most_common())
        print(f"{where}: {sum(by_reason.values())} ({reasons})")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from veil.audit import open_audit
    from veil.core import UsageError
    from veil.ingest import decrypt_letter

    home = Home.existing(args.home)
    letter_id = args.letter
    if ":" in letter_id:
        args.dlq, file = None, letter_id.rsplit(":", 1)[0]
    else:
        args.dlq, file = letter_id.rsplit("/", 2)[0], None
    found = [x for x in _letters(args, home, file) if x.id == letter_id]
    if not found:
        raise UsageError(f"no dead letter {letter_id} (see `veil deadletter list`)")
    shown = found[0].summary()
    if args.decrypt:
        raw = decrypt_letter(found[0], home.deadletter_key())
        _ledger, audit_log = open_audit(home)
        audit_log.append("deadletter_decrypted", letter=letter_id, reason=found[0].reason)
        shown["raw"] = raw.decode("utf-8", "replace")
    print(json.dumps(shown, ensure_ascii=False))
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    from veil.anonymize import load_policy
    from veil.audit import open_audit
    from veil.core import UsageError
    from veil.core.outputs import check_output
    from veil.ingest import Replay, ReplayTarget
    from veil.store import check_topic

    if not (args.dlq or args.file or args.all):
        raise UsageError("say which letters: --file NAME, --all (local files) or --bootstrap B --dlq TOPIC.dlq")
    if args.store is not None:
        if not args.topic:
            raise UsageError("--store needs --topic NAME")
        check_topic(args.topic)
    if args.output is not None:
        check_output(args.output)
    policy = load_policy(args.policy)
    home = Home.existing(args.home)
    letters = _letters(args, home, args.file)
    _ledger, audit_log = open_audit(home)
    replay = Replay(policy, pseudonym_key=home.pseudonym_key(), deadletter_key=home.deadletter_key(),
                    target=ReplayTarget(store=args.store, topic=args.topic or "scrub", output=args.output),
                    audit_log=audit_log)
    summary = replay.run(letters, deadletter_dir=None if args.dlq else home.deadletter_dir)
    print(json.dumps(summary.to_dict()))
    return 0
