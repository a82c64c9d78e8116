"""Audit entry kinds: one registered dataclass per kind, checked on append, typed on read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veil.audit import AuditLog, verify_log
from veil.audit.kinds import DeadLetters, Erasure, FilesWritten, kind_names, parse_facts


def test_append_checks_facts_against_the_kind(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "a.jsonl")
    with pytest.raises(ValueError, match="unknown audit entry kind 'file_written'.*audit/kinds.py"):
        log.append("file_written", topic="reviews")
    with pytest.raises(TypeError, match="'files_written' has no field row_count"):
        log.append("files_written", topic="reviews", row_count=3)
    with pytest.raises(TypeError, match="'dead_letters' needs reasons"):
        log.append("dead_letters", topic="reviews")
    with pytest.raises(ValueError, match="partition or a source, not both"):
        log.append("files_written", topic="reviews", partition=0, source="backfill-x")
    assert not log.path.exists()  # nothing was written by any of them


def test_both_writers_of_files_written_share_one_shape(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "a.jsonl")
    common = dict(topic="reviews", first_offset=0, last_offset=9, policy_hash="ab" * 32, rows=10,
                  files=[{"path": "reviews/date=2026-01-01/x.parquet", "sha256": "00" * 32, "rows": 10}],
                  pii={"text": {"PERSON": 1}})
    log.append("files_written", partition=3, **common)  # the ingest worker
    log.append("files_written", source="backfill-abc", **common)  # veil scrub
    kafka, backfill = [r.facts for r in log.records()]
    assert isinstance(kafka, FilesWritten) and isinstance(backfill, FilesWritten)
    assert (kafka.origin, backfill.origin) == ("3", "backfill-abc")
    assert kafka.rows == backfill.rows == 10 and kafka.files == backfill.files


def test_old_entries_still_read_and_verify(tmp_path: Path) -> None:
    """A line written before the registry (unknown kind, extra and missing fields) verifies
    and reads: the chain is over the bytes written, and the reader is lenient."""
    from veil.audit.log import GENESIS, canonical, entry_hash

    entry = {"seq": 1, "ts": "2026-01-01T00:00:00.000000Z", "kind": "erasure", "prev": GENESIS,
             "facts": {"user_pseudonym": "u1", "rows_removed": 2, "legacy_field": True}}
    entry["hash"] = entry_hash(entry)
    second = {"seq": 2, "ts": "2026-01-01T00:00:01.000000Z", "kind": "something_retired", "prev": entry["hash"],
              "facts": {"x": 1}}
    second["hash"] = entry_hash(second)
    path = tmp_path / "old.jsonl"
    path.write_bytes(canonical(entry) + b"\n" + canonical(second) + b"\n")
    assert verify_log(path).ok
    first, retired = list(AuditLog(path).records())
    assert first.facts == Erasure(user_pseudonym="u1", rows_removed=2) and first.raw["legacy_field"] is True
    assert retired.facts is None and retired.kind == "something_retired" and retired.line == 2


def test_reader_is_lenient_where_the_writer_is_strict() -> None:
    assert parse_facts("dead_letters", {"topic": "t"}) == DeadLetters(topic="t", reasons=None)
    assert parse_facts("nope", {"a": 1}) is None


def test_every_kind_the_code_writes_is_registered() -> None:
    """Each `append("kind", ...)` in the sources names a registered kind."""
    import re

    root = Path(__file__).resolve().parents[1]
    written: set[str] = set()
    for folder in ("ingest", "store", "trainer", "audit", "veil", "anonymize"):
        for path in (root / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            written |= set(re.findall(r"""\.?append\(\s*["']([a-z_]+)["']\s*,""", text))
    written -= {"files", "rows"}  # list.append of plain strings is not an audit write
    assert written and written <= set(kind_names()), sorted(written - set(kind_names()))
    assert json.dumps(kind_names())
