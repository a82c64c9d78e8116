"""Every command and sub-command, called wrongly: missing, malformed and contradictory
arguments, paths that do not exist, files of the wrong kind, values of the wrong type.

Each case runs the real CLI entry point (``veil.cli.main``) in a sandbox folder that is
both the working directory and ``$VEIL_HOME``'s parent, and asserts: no traceback, exactly
one line on stderr that starts ``veil`` and says what to do, the expected exit code (one
of README's table, ``veil.core.EXIT_CODES``), and no file created or changed anywhere in
the sandbox.  ``test_every_command_is_covered`` fails when a command is added without
cases here.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import signal
from pathlib import Path

import pytest

from veil.cli import build_parser, main
from veil.core import EXIT_CODES

# (argv, expected exit code); names in CAPITALS are replaced by sandbox paths (FIXTURES).
CASES: list[tuple[str, int]] = [
    ("", 2),
    ("--bogus", 2),
    ("nosuchcommand", 2),
    # ingest
    ("ingest", 2),
    ("ingest --bootstrap 127.0.0.1:1 --topic bad/topic --store STORE", 2),
    ("ingest --bootstrap 127.0.0.1:1 --topic t --store STORE --policy MISSING", 2),
    ("ingest --bootstrap 127.0.0.1:1 --topic t --store STORE --policy BINARY", 2),
    ("ingest --bootstrap 127.0.0.1:1 --topic t --store STORE --policy FOLDER", 2),
    ("ingest --bootstrap 127.0.0.1:1 --topic t --store STORE --flush-rows abc", 2),
    ("ingest --bootstrap 127.0.0.1:1 --topic t --store STORE --flush-rows 0", 2),
    ("ingest --bootstrap 127.0.0.1:1 --topic t --store STORE --max-message-bytes -5", 2),
    ("ingest --bootstrap 127.0.0.1:1 --topic t --store STORE --exit-when-idle -1", 2),
    ("ingest --bootstrap 127.0.0.1:1 --topic t --store STORE --edge-untrusted maybe", 2),
    # scrub
    ("scrub", 2),
    ("scrub MISSING -o OUT", 2),
    ("scrub INPUT", 2),
    ("scrub INPUT -o OUT --store STORE --topic t", 2),
    ("scrub INPUT --store STORE", 2),
    ("scrub INPUT --store STORE --topic bad/topic", 2),
    ("scrub INPUT -o OUT --workers 0", 2),
    ("scrub INPUT -o OUT --batch-size x", 2),
    ("scrub INPUT -o OUT --policy BINARY", 2),
    ("scrub INPUT -o OUT --max-bad-fraction 2", 2),
    ("scrub FOLDER -o OUT", 2),
    ("scrub INPUT -o INPUT", 2),
    ("scrub INPUT -o FOLDER", 2),
    ("scrub INPUT -o NODIR/out.jsonl", 2),
    # deadletter
    ("deadletter", 2),
    ("deadletter list --home MISSING", 2),
    ("deadletter show", 2),
    ("deadletter show nope:1 --home MISSING", 2),
    ("deadletter replay --all", 2),
    ("deadletter replay --all -o OUT --home MISSING", 2),
    ("deadletter replay --all --store STORE", 2),
    # train
    ("train", 2),
    ("train --store MISSING --topic t --text-field text --label-field l --epsilon 1 --delta 1e-6 --out OUT", 2),
    ("train --store STORE --topic t --text-field text --label-field l --epsilon abc --delta 1e-6 --out OUT", 2),
    ("train --store STORE --topic t --text-field text --label-field l --epsilon -1 --delta 1e-6 --out OUT", 2),
    ("train --store STORE --topic t --text-field text --label-field l --epsilon 1 --delta 2 --out OUT", 2),
    ("train --store STORE --topic t --text-field text --label-field l --epsilon 1 --delta 1e-6 --out OUT "
     "--epochs 0", 2),
    ("train --store STORE --topic t --text-field text --label-field l --epsilon 1 --delta 1e-6 --out OUT "
     "--dedup across", 2),
    ("train --store STORE --topic t --text-field text --label-field l --epsilon 1 --delta 1e-6 --out OUT "
     "--near-duplicate-threshold 1.5", 2),
    ("train --store STORE --topic t --text-field text --label-field l --epsilon 1 --delta 1e-6 --out OUT "
     "--dedup-reference MISSING", 2),
    ("train --store STORE --topic t --text-field text --label-field l --epsilon 1 --delta 1e-6 --out OUT "
     "--min-chars -1", 2),
    # federate (whole federation, server, device)
    ("federate", 2),
    ("federate --devices MISSING --dataset d --text-field t --label-field l --labels a,b --epsilon 1 --delta 1e-6 "
     "--rounds 2 --devices-per-round 1 --out OUT", 2),
    ("federate --devices FOLDER --dataset d --text-field t --label-field l --labels a,b --epsilon 1 --delta 1e-6 "
     "--rounds 2 --devices-per-round 1 --out OUT", 2),
    ("federate --devices FOLDER --dataset d --text-field t --label-field l --epsilon 1 --delta 1e-6 "
     "--rounds 2 --devices-per-round 1 --out OUT", 2),
    ("federate --devices FOLDER --dataset d --text-field t --label-field l --labels a,b --epsilon abc", 2),
    ("federate --devices FOLDER --dataset d --text-field t --label-field l --labels a,b --epsilon 1 --delta 1e-6 "
     "--rounds 0 --devices-per-round 1 --out OUT", 2),
    ("federate server", 2),
    ("federate server --population 3 --workdir FOLDER --dataset d --text-field t --label-field l --labels a,b "
     "--epsilon 1 --delta 1e-6 --rounds 2 --devices-per-round 2 --out OUT", 2),
    ("federate server --insecure --population 3 --workdir FOLDER --listen nohostport --dataset d --text-field t "
     "--label-field l --labels a,b --epsilon 1 --delta 1e-6 --rounds 2 --devices-per-round 2 --out OUT", 2),
    ("federate server --insecure --population 3 --workdir FOLDER --dataset d --text-field t --label-field l "
     "--labels a,b --epsilon 1 --delta 1e-6 --rounds 2 --devices-per-round 5 --out OUT", 2),
    ("federate device", 2),
    ("federate device --superlink 127.0.0.1:1 --data MISSING --device-id a --insecure", 2),
    ("federate device --superlink nohostport --data INPUT --device-id a --insecure", 2),
    ("federate device --superlink 127.0.0.1:1 --data INPUT --device-id a", 2),
    # predict
    ("predict", 2),
    ("predict --model MISSING hello", 2),
    ("predict --model FOLDER hello", 2),
    # models
    ("models", 2),
    ("models list --home MISSING", 2),
    ("models show", 2),
    ("models show nosuch --home HOME", 2),
    ("models compare a", 2),
    ("models compare a b --home MISSING", 2),
    # serve
    ("serve", 2),
    ("serve --model MISSING --port 8080", 2),
    ("serve --model FOLDER --port 8080", 2),
    ("serve --model INPUT --port 0", 2),
    ("serve --model FOLDER --port abc", 2),
    ("serve --model nosuchid --port 8080 --home MISSING", 2),
    ("serve --model FOLDER --port 8080 --threads 0", 2),
    # budget
    ("budget", 2),
    ("budget set", 2),
    ("budget set t --epsilon abc --delta 1e-5", 2),
    ("budget set t --epsilon -1 --delta 1e-5 --home HOME", 2),
    ("budget set t --epsilon 1 --delta 2 --home HOME", 2),
    ("budget show --home MISSING", 2),
    ("budget release", 2),
    ("budget release job-x --home MISSING", 2),
    ("budget composition bogus", 2),
    ("budget composition --home MISSING", 2),
    # audit
    ("audit", 2),
    ("audit verify --home MISSING", 2),
    ("audit report", 2),
    ("audit report -o report.txt --home HOME", 2),
    ("audit report -o report.html --since yesterday --home HOME", 2),
    ("audit report -o NODIR/report.html --home HOME", 2),
    ("audit report -o report.html --home MISSING", 2),
    ("audit privacy --config MISSING", 2),
    ("audit privacy --config BINARY", 2),
    ("audit privacy --epsilon abc", 2),
    # erase
    ("erase", 2),
    ("erase --user x --store MISSING", 2),
    ("erase --user x --store STORE --topic nosuch", 2),
    ("erase --user x --store STORE --policy BINARY", 2),
    # store
    ("store", 2),
    ("store prune", 2),
    ("store prune --store MISSING --older-than 3", 2),
    ("store prune --store STORE --older-than -1", 2),
    ("store prune --store STORE --older-than abc", 2),
    ("store prune --store STORE --older-than 3 --topic bad/topic", 2),
    # keys
    ("keys", 2),
    ("keys bogus", 2),
    ("keys init --home", 2),
    ("keys init --home HOME --bogus", 2),
    ("keys export-public --home MISSING", 2),
    ("keys export-public --home HOME", 2),
    ("keys export-public --home HOME -o FOLDER", 2),
    ("keys export-public --home HOME -o NODIR/k.pub", 2),
    # demo
    ("demo --events abc", 2),
    ("demo --events 0", 2),
    ("demo --dir INPUT", 2),
    ("demo --epsilon -1", 2),
]


def _fixtures(root: Path) -> dict[str, str]:
    (root / "store" / "t" / "date=2026-11-01").mkdir(parents=True)
    (root / "folder").mkdir()
    (root / "home").mkdir()
    (root / "in.jsonl").write_text('{"user_id": "u1", "text": "hello"}\n')
    (root / "garbage.bin").write_bytes(b"\xff\xfe\x00garbage")
    return {"STORE": "store", "MISSING": "missing", "BINARY": "garbage.bin", "FOLDER": "folder",
            "INPUT": "in.jsonl", "OUT": "out.jsonl", "NODIR": "nodir/deeper", "HOME": "home"}


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")}


class _TooSlow(BaseException):
    pass


def _too_slow(signum, frame):
    raise _TooSlow("a wrong call ran for 60 s")


def _argv(case: str, names: dict[str, str]) -> list[str]:
    out = []
    for word in case.split():
        for name, path in names.items():
            word = word.replace(name, path)
        out.append(word)
    return out


@pytest.mark.parametrize("case,expected", CASES, ids=[c or "(nothing)" for c, _ in CASES])
def test_a_wrong_call_is_one_line_with_a_documented_code_and_changes_nothing(tmp_path, monkeypatch, case,
                                                                             expected):
    names = _fixtures(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VEIL_HOME", str(tmp_path / "newhome"))  # commands without --home: must stay absent
    before = _tree(tmp_path)
    err = io.StringIO()
    signal.signal(signal.SIGALRM, _too_slow)
    signal.alarm(60)  # a wrong call must fail fast, not wait on a broker
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            try:
                code = main(_argv(case, names))
            except SystemExit as exc:  # argparse
                code = exc.code
    finally:
        signal.alarm(0)
    lines = [line for line in err.getvalue().splitlines() if line.strip() and not line.startswith("{")]
    assert code == expected and code in EXIT_CODES, err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert len(lines) == 1 and lines[0].startswith("veil") and len(lines[0]) < 400, err.getvalue()
    assert _tree(tmp_path) == before, f"files changed: {set(_tree(tmp_path)) ^ set(before)}"


def _leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield " ".join(path)
        return
    for name, sub in subs[0].choices.items():
        yield from _leaves(sub, (*path, name))


def test_every_command_is_covered():
    covered = {case for case, _ in CASES}
    for leaf in _leaves(build_parser()):
        hits = [c for c in covered if c == leaf or c.startswith(leaf + " ")]
        assert len(hits) >= 2 or (leaf.count(" ") and hits), f"no wrong calls of `veil {leaf}` in CASES"


def test_the_readme_lists_every_exit_code():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    table = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    for code in EXIT_CODES:
        assert f"| {code} |" in table, f"exit code {code} missing from README's table"
    assert os.path.exists(Path(__file__).resolve().parents[1] / "veil" / "core" / "errors.py")
