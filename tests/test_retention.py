"""Retention: ``veil store prune`` drops old date partitions, never rewinds ingestion."""

from __future__ import annotations

import pytest

import json
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from veil.audit import open_audit, verify_log
from veil.store import StoreRow, StoreWriter, list_files, next_offsets, prune, read_snapshot, snapshot
from veil.store.retention import META_PRUNED_ROWS
from tests.conftest import veil
from veil.core.settings import Home

TODAY = date(2026, 12, 10)


def day(n_days_ago: int, today: date = TODAY) -> str:
    return (today - timedelta(days=n_days_ago)).isoformat()


def rows(topic: str, partition: int, first: int, dates: list[str]) -> list[StoreRow]:
    return [
        StoreRow(f"{topic}/{partition}/{first + i}", f"u{i % 3}", f"{d}T12:00:00Z", topic, partition, first + i,
                 {"text": f"event {first + i}"})
        for i, d in enumerate(dates)
    ]


def build_store(store: Path, today: date = TODAY) -> None:
    """Partition 0: flushes at 40, 35 and 2 days ago.  Partition 1: one old flush only,
    and a flush whose rows straddle an old and a recent date."""
    w = StoreWriter(store)
    w.write_flush("reviews", 0, 0, 2, rows("reviews", 0, 0, [day(40, today)] * 3), "p" * 64, day(0, today))
    w.write_flush("reviews", 0, 3, 4, rows("reviews", 0, 3, [day(35, today)] * 2), "p" * 64, day(0, today))
    w.write_flush("reviews", 0, 5, 6, rows("reviews", 0, 5, [day(2, today)] * 2), "p" * 64, day(0, today))
    w.write_flush("reviews", 1, 0, 3, rows("reviews", 1, 0, [day(40, today)] * 4), "p" * 64, day(0, today))
    w.write_flush("reviews", 1, 4, 7, rows("reviews", 1, 4, [day(31, today), day(31, today), day(1, today),
                                                              day(1, today)]), "p" * 64, day(0, today))
    w.write_flush("clicks", 0, 0, 1, rows("clicks", 0, 0, [day(50, today)] * 2), "p" * 64, day(0, today))


def test_prune_removes_old_partitions_but_keeps_offsets(tmp_path: Path) -> None:
    store = tmp_path / "store"
    build_store(store)
    offsets_before = next_offsets(store, "reviews")
    assert offsets_before == {0: 7, 1: 8}
    rows_before = read_snapshot(snapshot(store, "reviews")).to_pylist()

    # Dry run: reports, changes nothing.
    [dry] = prune(store, 30, "reviews", dry_run=True, today=TODAY)
    assert dry.rows == 3 + 2 + 4 + 2 and dry.tombstones == 1
    assert sorted(dry.dates) == sorted([day(40), day(35), day(31)])
    assert read_snapshot(snapshot(store, "reviews")).to_pylist() == rows_before

    [result] = prune(store, 30, "reviews", today=TODAY)
    assert result.topic == "reviews" and result.cutoff == day(30)
    assert sorted(result.dates) == sorted([day(40), day(35), day(31)])
    assert result.rows == 11 and len(result.files) == 4
    # p0's old flushes are not its last: deleted.  p1's first flush is not its last either, but
    # its second flush straddles day 31 and day 1, so its day-31 file stays as a tombstone.
    assert result.deleted == 3 and result.tombstones == 1

    after = read_snapshot(snapshot(store, "reviews")).to_pylist()
    pruned_dates = {day(40), day(35), day(31)}
    assert [r for r in rows_before if r["ts"][:10] not in pruned_dates] == after
    assert all(r["ts"][:10] not in pruned_dates for r in after)
    # The ingest worker resumes where it was: nothing pruned is read again.
    assert next_offsets(store, "reviews") == offsets_before
    # Empty date folders are gone; the tombstone's folder stays with one empty file.
    folders = sorted(p.name for p in (store / "reviews").iterdir())
    assert folders == sorted({f"date={day(31)}", f"date={day(2)}", f"date={day(1)}"})
    [tomb] = list((store / "reviews" / f"date={day(31)}").glob("*.parquet"))
    assert pq.read_metadata(tomb).num_rows == 0
    assert int(pq.read_schema(tomb).metadata[META_PRUNED_ROWS]) == 2
    # The other topic was not touched.
    assert len(list_files(store, "clicks")) == 1
    # DuckDB still reads the store as it is (tombstones are empty files of the same schema).
    n = duckdb.sql(f"select count(*) from read_parquet('{store}/reviews/*/*.parquet', hive_partitioning=true)")
    assert n.fetchall()[0][0] == len(after)
    # Pruning again finds nothing left to prune.
    assert prune(store, 30, "reviews", today=TODAY) == []


def test_prune_keeps_a_partitions_last_flush_as_tombstone(tmp_path: Path) -> None:
    """When every flush of a partition is old, its last one keeps the high-water offset."""
    store = tmp_path / "store"
    build_store(store)
    before = {t: next_offsets(store, t) for t in ("reviews", "clicks")}
    results = {r.topic: r for r in prune(store, 0, today=TODAY + timedelta(days=1))}  # everything
    assert set(results) == {"reviews", "clicks"}
    assert results["reviews"].high_water == {0: 6, 1: 7} and results["clicks"].high_water == {0: 1}
    for topic in ("reviews", "clicks"):
        assert read_snapshot(snapshot(store, topic)).num_rows == 0
        assert next_offsets(store, topic) == before[topic]
    # Only tombstones are left: one file per remaining flush, no rows.
    remaining = list_files(store, "reviews")
    assert {(f.partition, f.first_offset, f.last_offset) for f in remaining} == {(0, 5, 6), (1, 4, 7)}
    # A newer flush arrives; the next prune drops the now-superseded tombstone of partition 0.
    later = TODAY + timedelta(days=40)
    StoreWriter(store).write_flush("reviews", 0, 7, 8, rows("reviews", 0, 7, [later.isoformat()] * 2),
                                   "p" * 64, later.isoformat())
    [again] = prune(store, 5, "reviews", today=later)
    assert again.rows == 0 and again.deleted == 1 and again.tombstones == 0  # p1's tombstone is already one
    assert next_offsets(store, "reviews") == {0: 9, 1: 8}


@pytest.mark.slow
def test_veil_store_prune_cli_audits_and_reports(tmp_path: Path, home: Path) -> None:
    store = tmp_path / "store"
    today = date.today()
    build_store(store, today)
    offsets = next_offsets(store, "reviews")

    dry = json.loads(veil("store", "prune", "--store", str(store), "--older-than", "30", "--dry-run",
                          home=home).stdout)
    assert dry["dry_run"] and dry["rows"] == 13 and not (home / "audit.jsonl").exists()

    out = json.loads(veil("store", "prune", "--store", str(store), "--older-than", "30", home=home).stdout)
    assert out["rows"] == 13 and {t["topic"] for t in out["topics"]} == {"reviews", "clicks"}
    assert next_offsets(store, "reviews") == offsets
    ledger, log = open_audit(Home(home))
    entries = [e for e in log.entries() if e["kind"] == "retention_pruned"]
    by_topic = {e["facts"]["topic"]: e["facts"] for e in entries}
    assert by_topic["reviews"]["rows"] == 11 and by_topic["reviews"]["files"] == 4
    assert sorted(by_topic["reviews"]["dates"]) == sorted([day(40, today), day(35, today), day(31, today)])
    assert by_topic["clicks"]["rows"] == 2 and by_topic["clicks"]["cutoff"] == day(30, today)
    assert verify_log(log.path, ledger).ok

    veil("audit", "report", "-o", str(tmp_path / "r.json"), home=home)
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["retention"]["rows"] == 13 and len(report["retention"]["items"]) == 2

    bad = veil("store", "prune", "--store", str(store), "--older-than", "-1", home=home, check=False)
    assert bad.returncode == 2
