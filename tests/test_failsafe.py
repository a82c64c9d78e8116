"""Issue 18: commands fail safe and never falsely reassure (real subprocesses, real files)."""

from __future__ import annotations

import json
import os

import pytest

from tests.conftest import veil

GOOD = [{"event_id": f"e{i}", "user_id": f"user-{i}", "ts": "2026-11-02T08:00:00Z", "text": f"order {i} arrived"}
        for i in range(4)]


def _write_events(path, events=GOOD) -> bytes:
    data = "".join(json.dumps(e) + "\n" for e in events).encode()
    path.write_bytes(data)
    return data


def _one_line_error(proc, code: int) -> str:
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if not line.startswith("{")]  # JSON log lines aside
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.mark.slow  # subprocess or NLP model load
@pytest.mark.parametrize("how", ["same", "hardlink", "symlink", "relative"])
def test_scrub_refuses_an_output_that_is_its_input(tmp_path, home, how):
    src = tmp_path / "same.jsonl"
    before = _write_events(src)
    target = {"same": src, "relative": tmp_path / "." / "same.jsonl",
              "hardlink": tmp_path / "hard.jsonl", "symlink": tmp_path / "sym.jsonl"}[how]
    if how == "hardlink":
        os.link(src, target)
    if how == "symlink":
        target.symlink_to(src)
    proc = veil("scrub", str(src), "-o", str(target), home=home, check=False)
    assert "is the input file" in _one_line_error(proc, 2)
    assert src.read_bytes() == before


@pytest.mark.slow
def test_a_failed_scrub_leaves_the_previous_output_in_place(tmp_path, home):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_events(src)
    veil("scrub", str(src), "-o", str(out), home=home)
    good = out.read_bytes()
    assert len(good.splitlines()) == len(GOOD)
    # every line is rejected now (the policy's user key does not exist): exit 5, old file kept
    policy = tmp_path / "typo.yaml"
    policy.write_text("version: 1\nroles: {user_key: usr_id}\n")
    proc = veil("scrub", str(src), "-o", str(out), "--policy", str(policy), home=home, check=False)
    line = _one_line_error(proc, 5)
    assert "4 of 4 lines rejected" in line and "missing_user_key (4)" in line and "no output file" in line
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["events_out"] == 0 and summary["bad_by_reason"] == {"missing_user_key": 4}
    assert out.read_bytes() == good
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.jsonl")], "temporary file left behind"


@pytest.mark.slow
def test_max_bad_fraction_can_be_raised(tmp_path, home):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps(GOOD[0]) + "\nnot json\n")
    proc = veil("scrub", str(src), "-o", str(out), "--max-bad-fraction", "0.4", home=home, check=False)
    _one_line_error(proc, 5)
    assert not out.exists()
    veil("scrub", str(src), "-o", str(out), "--max-bad-fraction", "0.5", home=home)
    assert len(out.read_text().splitlines()) == 1


def test_scrub_into_a_missing_directory_is_one_line(tmp_path, home):
    src = tmp_path / "in.jsonl"
    _write_events(src)
    proc = veil("scrub", str(src), "-o", str(tmp_path / "nonexistent" / "dir" / "out.jsonl"), home=home, check=False)
    assert "does not exist" in _one_line_error(proc, 2)
    assert not (tmp_path / "nonexistent").exists()


@pytest.mark.slow  # subprocess or NLP model load
@pytest.mark.parametrize("command", ["scrub", "ingest", "erase"])
def test_a_bad_policy_is_one_line_naming_file_line_and_field(tmp_path, home, command):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nrules:\n  - {path: email, op: mask, keep_lst: 2}\n")
    src = tmp_path / "in.jsonl"
    _write_events(src)
    args = {"scrub": ["scrub", str(src), "-o", str(tmp_path / "out.jsonl")],
            "ingest": ["ingest", "--bootstrap", "127.0.0.1:1", "--topic", "t", "--store", str(tmp_path / "s"),
                       "--exit-when-idle", "1"],
            "erase": ["erase", "--user", "x", "--store", str(tmp_path)]}[command]
    proc = veil(*args, "--policy", str(bad), home=home, check=False)
    line = _one_line_error(proc, 2)
    assert f"{bad}:3: rules[0].keep_lst: unknown option" in line
    assert not (tmp_path / "out.jsonl").exists() and not (tmp_path / "s").exists()


def _ingest(broker, topic, store, home, check=True):
    from tests.conftest import FAST_GROUP

    return veil("ingest", "--bootstrap", broker.bootstrap, "--topic", topic, "--store", str(store),
                "--group", f"g-{topic}", "--exit-when-idle", "3", *FAST_GROUP, home=home, check=check)


@pytest.mark.slow
def test_a_recreated_topic_is_refused_not_mixed_into_the_store(broker, topic, tmp_path, home):
    """Offsets restart when a topic is created again: resuming from the old store would skip
    or duplicate events, so the worker refuses, naming both topic ids, and writes nothing."""
    from kafka.admin import KafkaAdminClient

    from tests.conftest import produce_events
    from veil.store import read_snapshot, snapshot

    store = tmp_path / "store"
    produce_events(broker, topic, GOOD)
    _ingest(broker, topic, store, home)
    before = sorted(p.name for p in store.rglob("*.parquet"))
    admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap)
    admin.delete_topics([topic])
    admin.close()
    broker.create_topic(topic, partitions=2)
    produce_events(broker, topic, [dict(e, event_id=f"new-{i}") for i, e in enumerate(GOOD * 3)])
    proc = _ingest(broker, topic, store, home, check=False)
    line = _one_line_error(proc, 2)
    assert "another topic id" in line and "new store" in line
    assert sorted(p.name for p in store.rglob("*.parquet")) == before
    ids = [r["event_id"] for r in read_snapshot(snapshot(store, topic)).to_pylist()]
    assert sorted(ids) == sorted(e["event_id"] for e in GOOD)


@pytest.mark.slow
def test_demo_refuses_a_filled_dir_and_fresh_clears_only_demo_outputs(tmp_path):
    filled = tmp_path / "demo"
    (filled / "store").mkdir(parents=True)
    (filled / "report.html").write_text("old")
    proc = veil("demo", "--dir", str(filled), "--skip-training", check=False)
    assert "is not empty" in _one_line_error(proc, 2)
    assert (filled / "report.html").read_text() == "old"
    (filled / "notes.txt").write_text("mine")
    proc = veil("demo", "--dir", str(filled), "--fresh", "--skip-training", check=False)
    assert "refusing to clear it" in _one_line_error(proc, 2)
    assert (filled / "notes.txt").read_text() == "mine" and (filled / "report.html").exists()


@pytest.mark.slow
def test_ingest_gives_up_on_an_unreachable_broker_after_its_idle_deadline(tmp_path, home):
    from veil.ingest.broker import free_port

    bootstrap = f"127.0.0.1:{free_port()}"  # nothing listens there
    proc = veil("ingest", "--bootstrap", bootstrap, "--topic", "t", "--store", str(tmp_path / "s"),
                "--exit-when-idle", "2", home=home, check=False, timeout=60)
    line = _one_line_error(proc, 6)
    assert bootstrap in line and "--exit-when-idle" in line
    assert not (tmp_path / "s").exists() or not any((tmp_path / "s").rglob("*.parquet"))


@pytest.mark.slow
def test_the_readme_query_command_works_as_written(tmp_path, home):
    """README's DuckDB command, copied out of README.md and run in a folder holding a store."""
    import re
    import subprocess
    import sys
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    command = re.search(r"<!-- query:store -->\n```bash\n(.+?)\n```", readme, re.S).group(1)
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(dict(e, text=f"the kettle {i} is great")) + "\n" for i, e in enumerate(GOOD)))
    veil("scrub", str(src), "--store", str(tmp_path / "store"), "--topic", "reviews", home=home)
    proc = subprocess.run(command.replace("python ", f"{sys.executable} ", 1), shell=True, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "the kettle 0 is great" in proc.stdout and "u_" in proc.stdout
