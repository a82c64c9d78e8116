"""The store on S3-compatible object storage, against a real HTTP S3 server.

``moto_server`` (PyPI ``moto[server]``) runs as a subprocess on a free loopback port and
speaks the S3 REST protocol; pyarrow's S3 filesystem (the AWS C++ SDK) talks to it over
HTTP exactly as it would to AWS or MinIO.  Nothing is mocked in-process.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

import pyarrow.fs as pafs
import pyarrow.parquet as pq
import pytest

from veil.ingest.broker import free_port
from veil.store import (
    SnapshotChanged,
    StoreWriter,
    erase_user,
    list_files,
    next_offsets,
    prune,
    read_snapshot,
    resolve_location,
    snapshot,
)
from veil.store.files import META_FLUSH_FILES
from veil.store.retention import META_PRUNED_ROWS
from tests.conftest import FAST_GROUP, produce_events, veil
from tests.test_retention import TODAY, build_store
from tests.test_store import rows

S3_ENV = {
    "AWS_ACCESS_KEY_ID": "veil-test",
    "AWS_SECRET_ACCESS_KEY": "veil-test-secret",
    "AWS_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",  # never wait for an instance-metadata endpoint
}


class S3Server:
    """``moto_server`` on 127.0.0.1:PORT, its request log in a file."""

    def __init__(self, log: Path):
        self.port = free_port()
        self.log = log
        self.endpoint = f"http://127.0.0.1:{self.port}"
        binary = shutil.which("moto_server") or str(Path(sys.executable).with_name("moto_server"))
        self._out = open(log, "wb")
        self.process = subprocess.Popen([binary, "-H", "127.0.0.1", "-p", str(self.port)],
                                        stdout=self._out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{self.endpoint}/moto-api/", timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"moto_server did not start: {log.read_text()[-2000:]}")
                time.sleep(0.2)

    def requests(self, bucket: str) -> list[str]:
        """``METHOD /bucket/key?query`` of every request the server logged for ``bucket``."""
        lines = self.log.read_text(errors="replace").splitlines()
        # werkzeug colours some lines (ESC[33m…): skip the codes before the method
        found = re.findall(r'"(?:\x1b\[[0-9;]*m)*(GET|PUT|POST|DELETE|HEAD) (/[^ ]*) HTTP', "\n".join(lines))
        return [f"{method} {path}" for method, path in found if path.startswith(f"/{bucket}")]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._out.close()


pytestmark = pytest.mark.slow  # a real S3-compatible server (moto) per module


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    server = S3Server(tmp_path_factory.mktemp("s3") / "moto.log")
    yield server
    server.stop()


@pytest.fixture
def s3_env(s3_server, monkeypatch) -> dict:
    """The environment a Veil process needs to reach the test server (also set here)."""
    env = {**S3_ENV, "VEIL_S3_ENDPOINT": s3_server.endpoint}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@pytest.fixture
def bucket(s3_env) -> str:
    name = f"veil-{uuid.uuid4().hex[:12]}"
    fs = pafs.S3FileSystem(endpoint_override=s3_env["VEIL_S3_ENDPOINT"].split("://")[1], scheme="http",
                           region="us-east-1", allow_bucket_creation=True)
    fs.create_dir(name)
    return name


def objects(bucket: str, prefix: str) -> list[str]:
    loc = resolve_location(f"s3://{bucket}/{prefix}")
    return [loc.relative(p) for p in loc.walk_files(loc.base)]


def test_resolve_location_from_url_and_path(s3_env, tmp_path):
    loc = resolve_location("s3://bucket/some/prefix/")
    assert not loc.is_local and loc.base == "bucket/some/prefix" and loc.url == "s3://bucket/some/prefix"
    assert isinstance(loc.filesystem, pafs.S3FileSystem)
    assert loc.public("bucket/some/prefix/t/date=2026-01-01/x.parquet") == "s3://bucket/some/prefix/t/date=2026-01-01/x.parquet"
    local = resolve_location(tmp_path / "store")
    assert local.is_local and local.base == str((tmp_path / "store").resolve())
    with pytest.raises(ValueError):
        resolve_location("s3:///no-bucket")


def test_flush_is_one_put_with_offsets_in_the_name(s3_server, bucket):
    store = f"s3://{bucket}/lake"
    writer = StoreWriter(store)
    mixed = rows(0, 0, 4, date="2026-11-27") + rows(0, 5, 9, date="2026-11-28")
    written = writer.write_flush("reviews", 0, 0, 9, mixed, "p", "2026-11-29")
    writer.write_flush("reviews", 1, 0, 4, rows(1, 0, 4), "p", "2026-11-29")
    assert [w.relpath for w in written] == [
        "reviews/date=2026-11-27/part-00000-00000000000000000000-00000000000000000009.parquet",
        "reviews/date=2026-11-28/part-00000-00000000000000000000-00000000000000000009.parquet",
    ]
    assert written[0].path == f"s3://{bucket}/lake/{written[0].relpath}"
    assert objects(bucket, "lake") == sorted([*(w.relpath for w in written),
                                              "reviews/date=2026-11-28/part-00001-00000000000000000000-00000000000000000004.parquet"])
    # Published by one PutObject each: no multipart upload, no temp object, no rename (copy).
    writes = [r for r in s3_server.requests(bucket)
              if r.split()[0] in ("PUT", "POST", "DELETE") and r != f"PUT /{bucket}"]  # not the bucket's creation
    assert len(writes) == 3 and all(r.startswith(f"PUT /{bucket}/lake/reviews/date=") for r in writes), writes
    assert not any("uploads" in r or ".tmp" in r for r in s3_server.requests(bucket))
    loc = resolve_location(store)
    assert pq.read_schema(loc.join(written[0].relpath), filesystem=loc.filesystem).metadata[META_FLUSH_FILES] == b"2"
    assert next_offsets(store, "reviews") == {0: 10, 1: 5}


def test_offsets_snapshot_erase_on_s3(bucket):
    store = f"s3://{bucket}/lake"
    writer = StoreWriter(store)
    writer.write_flush("reviews", 0, 0, 9, rows(0, 0, 9), "p", "2026-11-29")
    writer.write_flush("reviews", 0, 10, 11, rows(0, 10, 11, users=("u_a",)), "p", "2026-11-29")
    # Replaying a range overwrites the same objects: no duplicates.
    writer.write_flush("reviews", 0, 0, 9, rows(0, 0, 9), "p", "2026-11-29")
    snap = snapshot(store, "reviews")
    assert snap.store == store and snap.rows == 12
    assert all(f.path.startswith(f"s3://{bucket}/lake/reviews/date=2026-11-28/") for f in snap.files)
    before = read_snapshot(snap).to_pylist()  # no DuckDB, no local copy: pyarrow over HTTP
    assert sorted(r["offset"] for r in before) == list(range(12))

    result = erase_user(store, "u_a")
    assert result.rows_removed == 7 and len(result.files_rewritten) == 2
    assert all(str(p).startswith("s3://") for p, _h, _n in result.files_held)
    with pytest.raises(SnapshotChanged):
        read_snapshot(snap)
    after = read_snapshot(snapshot(store, "reviews")).to_pylist()
    assert after == [r for r in before if r["user"] != "u_a"]
    assert next_offsets(store, "reviews") == {0: 12}  # the emptied file keeps its offsets
    assert erase_user(store, "u_a").rows_removed == 0

    # A half-published flush (the worker died between two PUTs) is removed and re-read.
    mixed = rows(0, 12, 14, date="2026-11-27") + rows(0, 15, 19, date="2026-11-28")
    second = writer.write_flush("reviews", 0, 12, 19, mixed, "p", "2026-11-29")
    resolve_location(store).delete(resolve_location(store).join(second[1].relpath))
    assert next_offsets(store, "reviews") == {0: 12}
    assert len(list_files(store, "reviews")) == 2


def test_prune_on_s3_matches_local(bucket, tmp_path):
    local, remote = tmp_path / "store", f"s3://{bucket}/lake"
    build_store(local)
    build_store(remote)
    assert next_offsets(remote, "reviews") == next_offsets(local, "reviews") == {0: 7, 1: 8}
    dry = prune(remote, 30, "reviews", dry_run=True, today=TODAY)
    assert [r.to_dict() for r in dry] == [r.to_dict() for r in prune(local, 30, "reviews", dry_run=True, today=TODAY)]
    got = prune(remote, 30, today=TODAY)
    want = prune(local, 30, today=TODAY)
    assert [(r.to_dict(), sorted(r.files)) for r in got] == [(r.to_dict(), sorted(r.files)) for r in want]
    assert next_offsets(remote, "reviews") == {0: 7, 1: 8}
    assert read_snapshot(snapshot(remote, "reviews")).to_pylist() == read_snapshot(snapshot(local, "reviews")).to_pylist()
    tombs = [f for f in list_files(remote, "reviews") if f.date < (TODAY - timedelta(days=30)).isoformat()]
    assert len(tombs) == 1
    meta = pq.read_schema(tombs[0].fs_path, filesystem=resolve_location(remote).filesystem).metadata
    assert int(meta[META_PRUNED_ROWS]) == 2


@pytest.mark.slow
def test_cli_scrub_erase_prune_on_s3(bucket, s3_env, tmp_path, home):
    store = f"s3://{bucket}/lake"
    lines = [json.dumps({"event_id": f"e{i}", "user_id": f"user{i % 3}@example.com", "ts": "2026-11-02T10:00:00Z",
                         "text": "fine product"}) for i in range(9)]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    veil("scrub", str(src), "--store", store, "--topic", "backfill", home=home, env=s3_env)
    assert read_snapshot(snapshot(store, "backfill")).num_rows == 9
    entry = [json.loads(line) for line in (home / "audit.jsonl").read_text().splitlines()]
    [files_written] = [e for e in entry if e["kind"] == "files_written"]
    assert files_written["facts"]["files"][0]["path"].startswith("backfill/date=2026-11-02/backfill-")

    out = json.loads(veil("erase", "--user", "user1@example.com", "--store", store, home=home, env=s3_env).stdout)
    assert out["rows_removed"] == 3 and out["files_rewritten"] == 1
    assert read_snapshot(snapshot(store, "backfill")).num_rows == 6

    pruned = json.loads(veil("store", "prune", "--store", store, "--older-than", "0", home=home, env=s3_env).stdout)
    assert pruned["rows"] == 6 and pruned["topics"][0]["files_deleted"] == 1  # backfill files carry no offsets
    assert objects(bucket, "lake") == []


@pytest.mark.slow
def test_veil_ingest_into_s3_end_to_end(broker, topic, bucket, s3_env, home):
    """``veil ingest --store s3://…`` against the real broker; a second worker in a *new*
    group (no committed offsets) resumes from the offsets in the object names."""
    store = f"s3://{bucket}/lake"
    sent = [{"event_id": f"evt-{i:03d}", "user_id": f"person{i % 4}@example.com", "ts": "2026-11-03T08:00:00Z",
             "rating": i % 5, "text": f"Call me at (415) 555-01{i % 100:02d}, thanks"} for i in range(40)]
    produce_events(broker, topic, sent)

    def ingest(group: str):
        proc = veil("ingest", "--bootstrap", broker.bootstrap, "--topic", topic, "--store", store,
                    "--group", group, "--exit-when-idle", "3", *FAST_GROUP, home=home, env=s3_env)
        return json.loads(proc.stdout.strip().splitlines()[-1])

    assert ingest(f"g1-{topic}")["rows_written"] == 40
    table = read_snapshot(snapshot(store, topic))
    assert sorted(table.column("event_id").to_pylist()) == [e["event_id"] for e in sent]
    assert "555-01" not in json.dumps(table.to_pylist()) and "@example.com" not in json.dumps(table.to_pylist())
    assert next_offsets(store, topic) == {0: 20, 1: 20}
    names = objects(bucket, "lake")
    assert all(re.fullmatch(rf"{topic}/date=2026-11-03/part-0000[01]-\d{{20}}-\d{{20}}\.parquet", n) for n in names)

    produce_events(broker, topic, [{**e, "event_id": f"new-{i}"} for i, e in enumerate(sent[:10])])
    assert ingest(f"g2-{topic}")["rows_written"] == 10  # only the new events
    ids = read_snapshot(snapshot(store, topic)).column("event_id").to_pylist()
    assert len(ids) == len(set(ids)) == 50
    files = [json.loads(line) for line in (home / "audit.jsonl").read_text().splitlines()]
    paths = [f["path"] for e in files if e["kind"] == "files_written" for f in e["facts"]["files"]]
    assert paths and all(p.startswith(f"{topic}/date=") for p in paths)
    assert not os.path.exists(store)  # nothing was written to a local folder named like the URL
