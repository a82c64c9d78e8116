"""Right to erasure end to end: exactly the user's rows and dead letters go, the models
that saw the user are named with their DP bound, and the report shows every section."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from veil.anonymize import pseudonymize
from veil.audit import open_audit, verify_log
from veil.audit.report import SECTION_TITLES
from veil.store import StoreRow, StoreWriter, read_snapshot, snapshot
from tests.conftest import veil
from veil.core.settings import Home

JANE = "jane.doe@example.com"


def _events(today: date) -> list[dict]:
    users = [JANE, "li.wei@example.org", "omar.haddad@example.net"]
    out = []
    for i in range(12):
        out.append({"event_id": f"e{i}", "user_id": users[i % 3],
                    "ts": f"{(today - timedelta(days=i % 2)).isoformat()}T08:00:00Z",
                    "text": f"review number {i}: the kettle is {'great' if i % 2 else 'broken'}", "stars": i % 5 + 1})
    return out


def _bad_letters() -> list[str]:
    # Valid JSON with a bad event time: dead-lettered, but the payload still names the user.
    return [json.dumps({"user_id": JANE, "ts": "not a time", "text": "x"}),
            json.dumps({"user_id": "li.wei@example.org", "ts": "nope", "text": "y"}),
            json.dumps({"user_id": JANE, "ts": "never", "text": "z"})]


def _fake_training_job(home: Path, store: Path, topic: str, out: Path, job_id: str, unit: str = "user",
                       write_privacy: bool = True) -> None:
    """What trainer/job.py leaves behind: privacy.json in the model dir and a training_job entry."""
    snap = snapshot(store, topic)
    out.mkdir(parents=True)
    if write_privacy:
        (out / "privacy.json").write_text(json.dumps({
            "job_id": job_id, "topic": topic, "snapshot_hash": snap.hash,
            "snapshot_files": [{"path": f.path, "sha256": f.sha256, "rows": f.rows} for f in snap.files],
        }))
    ledger, log = open_audit(Home(home))
    if topic not in {s.dataset for s in ledger.status()}:
        ledger.set_budget(topic, 10.0, 1e-4)
    ledger.reserve(topic, job_id, 2.0, 1e-5)
    ledger.settle(job_id, 1.5, 1e-5)
    log.append("training_job", job_id=job_id, topic=topic, snapshot_hash=snap.hash, snapshot_files=len(snap.files),
               model_hash="ab" * 32, epsilon=1.5, target_epsilon=2.0, delta=1e-5, unit=unit, accountant="prv",
               noise_multiplier=1.1, sample_rate=0.05, steps=40, max_examples_per_user=2, base_model="tiny",
               out=str(out))


@pytest.fixture()
def world(tmp_path: Path, home: Path):
    store = tmp_path / "store"
    src = tmp_path / "in.jsonl"
    today = date.today()
    src.write_text("\n".join([json.dumps(e) for e in _events(today)] + _bad_letters()) + "\n")
    veil("scrub", str(src), "--store", str(store), "--topic", "reviews", home=home)
    # A second topic the user is not in.
    StoreWriter(store).write_flush("clicks", 0, 0, 1, [
        StoreRow(f"c{i}", f"someone{i}", f"{today.isoformat()}T09:00:00Z", "clicks", 0, i, {"n": i})
        for i in range(2)], "p" * 64, today.isoformat())
    return {"store": store, "home": home, "root": tmp_path, "today": today}


@pytest.mark.slow
def test_erase_removes_exactly_the_user_and_names_models(world) -> None:
    store, home, root = world["store"], world["home"], world["root"]
    jane = pseudonymize(Home.resolve(home).pseudonym_key(), JANE)
    _fake_training_job(home, store, "reviews", root / "models" / "m-user", "job-user", unit="user")
    _fake_training_job(home, store, "reviews", root / "models" / "m-event", "job-event", unit="event")
    _fake_training_job(home, store, "clicks", root / "models" / "m-clicks", "job-clicks")
    _fake_training_job(home, store, "reviews", root / "models" / "m-lost", "job-lost", write_privacy=False)

    before = {t: read_snapshot(snapshot(store, t)).to_pylist() for t in ("reviews", "clicks")}
    letters_before = [json.loads(line) for f in (home / "deadletter").glob("*.jsonl")
                      for line in f.read_text().splitlines()]
    assert len(letters_before) == 3

    proc = veil("erase", "--user", JANE, "--store", str(store), home=home)
    summary = json.loads(proc.stdout)
    after = {t: read_snapshot(snapshot(store, t)).to_pylist() for t in ("reviews", "clicks")}

    # Exactly the user's rows are gone, every other row is untouched (compared as whole rows).
    key = lambda r: json.dumps(r, sort_keys=True)  # noqa: E731
    removed = {key(r) for r in before["reviews"]} - {key(r) for r in after["reviews"]}
    assert removed == {key(r) for r in before["reviews"] if r["user"] == jane} and len(removed) == 4
    assert sorted(map(key, after["reviews"])) == sorted(key(r) for r in before["reviews"] if r["user"] != jane)
    assert after["clicks"] == before["clicks"]
    assert summary["rows_removed"] == 4 and summary["dead_letters_removed"] == 2

    # Jane's dead letters are gone; Li's stays.
    letters_after = [json.loads(line) for f in (home / "deadletter").glob("*.jsonl")
                     for line in f.read_text().splitlines()]
    assert len(letters_after) == 1
    assert {json.dumps(x, sort_keys=True) for x in letters_after} < {json.dumps(x, sort_keys=True)
                                                                     for x in letters_before}

    # The models trained on snapshots that held Jane, with their bound; not the clicks model.
    models = {m["job_id"]: m for m in summary["models"]}
    assert set(models) == {"job-user", "job-event", "job-lost"}
    assert models["job-user"]["verified"] and models["job-user"]["user_rows_in_snapshot"] == 4
    assert models["job-user"]["bound_epsilon"] == 1.5
    assert "bounds what the model can reveal about this user" in models["job-user"]["statement"]
    assert "not retrained" in models["job-user"]["statement"]
    # Event-level: group privacy over min(4 rows, max_examples_per_user=2) events.
    assert models["job-event"]["bound_epsilon"] == pytest.approx(3.0)
    assert "group privacy" in models["job-event"]["statement"]
    assert not models["job-lost"]["verified"]
    assert "job-user" in proc.stderr and JANE not in proc.stderr

    # The audit entry names the user by pseudonym only and lists the models.
    ledger, log = open_audit(Home(home))
    [entry] = [e for e in log.entries() if e["kind"] == "erasure"]
    assert entry["facts"]["user_pseudonym"] == jane
    assert {m["job_id"] for m in entry["facts"]["models_trained_on_user"]} == set(models)
    raw = (home / "audit.jsonl").read_text()
    assert JANE not in raw and "jane" not in raw.lower()
    assert verify_log(log.path, ledger).ok

    # Erasing again finds no rows, but still names the models that saw the user before.
    again = json.loads(veil("erase", "--user", JANE, "--store", str(store), home=home).stdout)
    assert again["rows_removed"] == 0 and {m["job_id"] for m in again["models"]} == set(models)


@pytest.mark.slow
def test_report_renders_every_section_with_job_erasure_and_prune(world) -> None:
    store, home, root = world["store"], world["home"], world["root"]
    _fake_training_job(home, store, "reviews", root / "models" / "m1", "job-1")
    veil("erase", "--user", JANE, "--store", str(store), home=home)
    # An old partition to prune.
    old = (world["today"] - timedelta(days=60)).isoformat()
    StoreWriter(store).write_flush("clicks", 1, 0, 2, [
        StoreRow(f"o{i}", "u", f"{old}T00:00:00Z", "clicks", 1, i, {}) for i in range(3)], "p" * 64, old)
    StoreWriter(store).write_flush("clicks", 1, 3, 3, [
        StoreRow("o3", "u", f"{world['today'].isoformat()}T00:00:00Z", "clicks", 1, 3, {})], "p" * 64, old)
    veil("store", "prune", "--store", str(store), "--older-than", "30", home=home)

    outputs = {}
    for suffix in (".html", ".md", ".json"):
        out = root / f"report{suffix}"
        veil("audit", "report", "-o", str(out), home=home)
        outputs[suffix] = out.read_text()
    for title in SECTION_TITLES.values():
        assert f"<h2>{title}</h2>" in outputs[".html"], title
        assert f"## {title}" in outputs[".md"], title
    report = json.loads(outputs[".json"])
    for section in SECTION_TITLES:
        assert section in report, section
    assert report["verification"]["ok"]
    assert [j["job_id"] for j in report["training_jobs"]] == ["job-1"]
    [erasure] = report["erasures"]["items"]
    assert [m["job_id"] for m in erasure["models"]] == ["job-1"] and erasure["rows_removed"] == 4
    assert report["retention"]["rows"] == 3 and report["retention"]["items"][0]["topic"] == "clicks"
    for text in (outputs[".html"], outputs[".md"]):
        assert "job-1" in text and "bounds what the model can reveal about this user" in text
        assert old in text  # the pruned date
        assert JANE not in text
