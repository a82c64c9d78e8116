"""The Parquet store on real files: layout, atomic flushes, offsets from the store, erasure."""

from __future__ import annotations

import duckdb
import pyarrow.parquet as pq
import pytest

from veil.store import StoreRow, StoreWriter, erase_user, list_files, next_offsets, read_snapshot, snapshot
from veil.store.files import META_FLUSH_FILES, META_POLICY_HASH


def rows(partition: int, first: int, last: int, users=("u_a", "u_b"), date="2026-11-28") -> list[StoreRow]:
    return [
        StoreRow(
            event_id=f"e{o}",
            user=users[o % len(users)],
            ts=f"{date}T10:00:00Z",
            topic="reviews",
            partition=partition,
            offset=o,
            data={"text": f"text {o}", "rating": o % 5},
        )
        for o in range(first, last + 1)
    ]


def test_flush_layout_metadata_and_duckdb(tmp_path):
    writer = StoreWriter(tmp_path)
    written = writer.write_flush("reviews", 3, 0, 9, rows(3, 0, 9), "abc123", "2026-11-29")
    assert [w.path.relative_to(tmp_path).as_posix() for w in written] == [
        "reviews/date=2026-11-28/part-00003-00000000000000000000-00000000000000000009.parquet"
    ]
    meta = pq.read_schema(written[0].path).metadata
    assert meta[META_POLICY_HASH] == b"abc123"
    assert meta[b"veil.rows"] == b"10"
    assert not list(tmp_path.rglob("*.tmp"))
    # DuckDB reads the store as it is, Hive partition column included.
    con = duckdb.connect()
    got = con.execute(
        "SELECT count(*), min(date)::VARCHAR, max(json_extract(data, '$.rating')::INT) "
        f"FROM read_parquet('{tmp_path}/reviews/*/*.parquet', hive_partitioning=true)"
    ).fetchone()
    assert got == (10, "2026-11-28", 4)


def test_rows_split_by_date_and_offsets_resume(tmp_path):
    writer = StoreWriter(tmp_path)
    mixed = rows(0, 0, 4, date="2026-11-27") + rows(0, 5, 9, date="2026-11-28")
    written = writer.write_flush("reviews", 0, 0, 9, mixed, "p", "2026-11-29")
    assert len(written) == 2
    assert all(pq.read_schema(w.path).metadata[META_FLUSH_FILES] == b"2" for w in written)
    writer.write_flush("reviews", 0, 10, 19, rows(0, 10, 19), "p", "2026-11-29")
    writer.write_flush("reviews", 1, 0, 4, rows(1, 0, 4), "p", "2026-11-29")
    assert next_offsets(tmp_path, "reviews") == {0: 20, 1: 5}
    assert next_offsets(tmp_path, "reviews", partitions=[1]) == {1: 5}


def test_half_published_flush_is_removed_and_reread(tmp_path):
    writer = StoreWriter(tmp_path)
    writer.write_flush("reviews", 0, 0, 9, rows(0, 0, 9), "p", "2026-11-29")
    mixed = rows(0, 10, 14, date="2026-11-27") + rows(0, 15, 19, date="2026-11-28")
    second = writer.write_flush("reviews", 0, 10, 19, mixed, "p", "2026-11-29")
    second[1].path.unlink()  # the worker died between the two renames
    assert next_offsets(tmp_path, "reviews") == {0: 10}
    assert not second[0].path.exists()
    assert len(list_files(tmp_path, "reviews")) == 1


def test_replay_of_same_range_is_idempotent(tmp_path):
    writer = StoreWriter(tmp_path)
    writer.write_flush("reviews", 0, 0, 9, rows(0, 0, 9), "p", "2026-11-29")
    writer.write_flush("reviews", 0, 0, 9, rows(0, 0, 9), "p", "2026-11-29")
    assert read_snapshot(snapshot(tmp_path, "reviews")).num_rows == 10


def test_erase_removes_exactly_one_user_and_keeps_offsets(tmp_path):
    writer = StoreWriter(tmp_path)
    writer.write_flush("reviews", 0, 0, 9, rows(0, 0, 9), "p", "2026-11-29")
    writer.write_flush("reviews", 0, 10, 11, rows(0, 10, 11, users=("u_a",)), "p", "2026-11-29")
    before = read_snapshot(snapshot(tmp_path, "reviews")).to_pylist()
    result = erase_user(tmp_path, "u_a")
    after = read_snapshot(snapshot(tmp_path, "reviews")).to_pylist()
    assert result.rows_removed == 7
    assert len(result.files_rewritten) == 2
    assert after == [r for r in before if r["user"] != "u_a"]
    # The emptied file stays, so offsets 10..11 are not ingested again.
    assert next_offsets(tmp_path, "reviews") == {0: 12}
    assert erase_user(tmp_path, "u_a").rows_removed == 0


def test_snapshot_detects_changed_file(tmp_path):
    from veil.store import SnapshotChanged

    writer = StoreWriter(tmp_path)
    writer.write_flush("reviews", 0, 0, 9, rows(0, 0, 9), "p", "2026-11-29")
    snap = snapshot(tmp_path, "reviews")
    assert snap.rows == 10 and len(snap.hash) == 64
    erase_user(tmp_path, "u_b")
    with pytest.raises(SnapshotChanged):
        read_snapshot(snap)


def test_bad_topic_names_rejected(tmp_path):
    with pytest.raises(ValueError):
        snapshot(tmp_path, "../etc")
