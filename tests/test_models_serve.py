"""The model registry (``veil models``), erasure marks, and ``veil serve`` answering real
HTTP requests from a running uvicorn server."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from veil.core.settings import configure_offline

configure_offline()

pytest.importorskip("torch")
pytest.importorskip("uvicorn")

from tests.helpers import make_tiny_model, review_rows  # noqa: E402
from veil.anonymize import load_policy, pseudonymize  # noqa: E402
from veil.cli import main  # noqa: E402
from veil.trainer import TrainConfig, run_training  # noqa: E402

pytestmark = pytest.mark.slow


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from veil.audit import open_audit
    from veil.core.settings import Home
    from veil.store import StoreWriter

    root = tmp_path_factory.mktemp("models")
    home = Home.resolve(root / "home")
    key = home.pseudonym_key()
    rows = [dataclasses.replace(r, user=pseudonymize(key, f"{r.user}@example.com")) for r in review_rows()]
    # Written under the built-in policy, as `veil ingest` would: serving checks it.
    StoreWriter(root / "store").write_flush("reviews", 0, 0, len(rows) - 1, rows, load_policy(None).hash, "2026-11-29")
    ledger, _ = open_audit(home)
    ledger.set_budget("reviews", 20.0, 1e-4)
    model = make_tiny_model(root / "tiny")

    def train(out: str, **kw):
        cfg = TrainConfig(store=str(root / "store"), topic="reviews", text_field="review.body", label_field="rating",
                          epsilon=2.0, delta=1e-5, out=str(root / out), model=str(model), batch_size=8, epochs=1,
                          max_examples_per_user=4, learning_rate=5e-3, progress=False, tensorboard=None, **kw)
        return run_training(cfg, home)

    first = train("m")
    second = train("m", overwrite=True)
    other = train("other")
    return {"root": root, "home": home, "first": first, "second": second, "other": other}


def test_every_published_model_is_registered_and_a_replaced_one_is_superseded(world):
    home = str(world["home"].root)
    code, out, err = _cli("models", "list", "--json", "--home", home)
    assert code == 0, err
    models = {m["model_id"]: m for m in json.loads(out)}
    first, second = world["first"], world["second"]
    assert set(models) == {first.job_id, second.job_id, world["other"].job_id}
    assert models[first.job_id]["superseded_by"] == second.job_id and models[first.job_id]["status"] == "superseded"
    assert models[second.job_id]["status"] == "current"
    m = models[second.job_id]
    assert m["epsilon"] == pytest.approx(second.epsilon) and m["snapshot_hash"] == second.snapshot_hash
    assert m["metrics"]["accuracy"] == second.metrics["accuracy"] and m["path"] == str(second.out)
    code, out, _ = _cli("models", "compare", first.job_id, second.job_id, "--home", home)
    assert code == 0 and "macro_f1" in out and first.job_id in out and "superseded" in out
    code, out, _ = _cli("models", "show", second.job_id, "--home", home)
    assert code == 0 and f"({second.epsilon:.4g}, 1e-05)-DP, user-level" in out
    code, out, _ = _cli("models", "list", "--topic", "nosuch", "--home", home)
    assert code == 0 and "no models registered for topic nosuch" in out


def test_erasure_marks_the_models_trained_on_the_user(world):
    home = str(world["home"].root)
    code, out, err = _cli("erase", "--user", "user003@example.com", "--store", str(world["root"] / "store"),
                          "--topic", "reviews", "--home", home)
    assert code == 0, err
    code, out, _ = _cli("models", "list", "--json", "--home", home)
    statuses = {m["model_id"]: m["status"] for m in json.loads(out)}
    assert set(statuses.values()) == {"trained on erased data"}  # every snapshot held user003
    code, out, _ = _cli("models", "list", "--home", home)
    assert "trained on erased data" in out
    from veil.audit import build_report

    section = build_report(world["home"])["models"]
    assert {m["model_id"] for m in section} == set(statuses)
    assert all(m["status"] == "trained on erased data" and m["erasures"] for m in section)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(url: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, dict | str]:
    req = urllib.request.Request(url, data=body, headers=headers or {"Content-Type": "application/json"},
                                 method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            raw, code, ctype = resp.read(), resp.status, resp.headers.get("content-type", "")
    except urllib.error.HTTPError as exc:
        raw, code, ctype = exc.read(), exc.code, exc.headers.get("content-type", "")
    return code, json.loads(raw) if "json" in ctype else raw.decode()


@pytest.fixture(scope="module")
def server(world):
    port = _free_port()
    env = {**os.environ, "VEIL_HOME": str(world["home"].root)}
    proc = subprocess.Popen([sys.executable, "-m", "veil", "serve", "--model", world["second"].job_id, "--port",
                             str(port), "--max-batch", "8", "--max-body-bytes", "4000"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if _request(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"server did not start: {proc.stdout.read() if proc.poll() is not None else ''}")
            time.sleep(0.5)
        yield base, proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_predict_answers_labels_and_probabilities_for_a_batch(server, world):
    base, _ = server
    texts = ["the blender is great really", "the blender is awful really", "the blender is love really"]
    code, body = _request(base + "/v1/predict", json.dumps({"texts": texts}).encode())
    assert code == 200 and body["model"] == world["second"].job_id
    assert len(body["predictions"]) == 3
    for p in body["predictions"]:
        assert set(p["probabilities"]) == {"1", "5"} and p["label"] in ("1", "5")
        assert sum(p["probabilities"].values()) == pytest.approx(1.0, abs=1e-4)
        assert p["label"] == max(p["probabilities"], key=p["probabilities"].get)


def test_texts_are_scrubbed_by_the_policy_before_the_model_sees_them(server):
    base, _ = server
    named = "Alice Johnson called me at 555-123-4567 about the kettle"
    placeholder = "<PERSON> called me at <PHONE_NUMBER> about the kettle"
    code, body = _request(base + "/v1/predict", json.dumps({"texts": [named, placeholder]}).encode())
    assert code == 200
    a, b = body["predictions"]
    assert a["probabilities"] == b["probabilities"]  # the model saw the same, scrubbed text


def test_limits_and_bad_requests_are_refused_without_echoing_the_text(server):
    base, _ = server
    code, body = _request(base + "/v1/predict", json.dumps({"texts": ["x"] * 9}).encode())
    assert code == 413 and "at most 8 texts" in body["error"]
    code, body = _request(base + "/v1/predict", json.dumps({"texts": ["secret-marker " * 400]}).encode())
    assert code == 413 and "secret-marker" not in json.dumps(body)
    code, body = _request(base + "/v1/predict", b"secret-marker not json")
    assert code == 400 and "secret-marker" not in body["error"]
    code, body = _request(base + "/v1/predict", json.dumps({"texts": []}).encode())
    assert code == 400


def test_metrics_model_card_and_no_request_text_in_the_log(server, world):
    base, proc = server
    _request(base + "/v1/predict", json.dumps({"texts": ["zebra-marker-7731 says the kettle is great"]}).encode())
    code, text = _request(base + "/metrics")
    assert code == 200 and 'veil_serve_requests_total{code="200",endpoint="predict"}' in text
    assert "veil_serve_predict_seconds_bucket" in text and "zebra-marker" not in text
    code, card = _request(base + "/v1/model")
    assert code == 200 and card["job_id"] == world["second"].job_id and card["scrubbing"]["on"] is True
    assert card["scrubbing"]["matches_training"] is True
    assert card["card"].startswith("# Veil DP model") and card["guarantee"]["unit_of_privacy"] == "user"
    proc.terminate()
    log, _ = proc.communicate(timeout=30)
    assert "POST /v1/predict" in log  # uvicorn's access log: the path only
    assert "zebra-marker" not in log and "Alice" not in log and "secret-marker" not in log


def test_serving_under_another_policy_than_the_training_rows_is_refused(world, tmp_path):
    second = world["second"]
    privacy = json.loads((second.out / "privacy.json").read_text())
    assert privacy["policy_hashes"] == [load_policy(None).hash]
    assert all(f["policy_hash"] == load_policy(None).hash for f in privacy["snapshot_files"])
    other = tmp_path / "other.yaml"
    other.write_text("version: 1\nroles: {user_key: user_id}\nrules: []\n"
                     "default: {string: mask, number: keep, boolean: keep, \"null\": keep}\n")
    code, out, err = _cli("serve", "--model", second.job_id, "--port", "8080", "--policy", str(other),
                          "--home", str(world["home"].root))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "trained on rows written under policy " + load_policy(None).hash[:12] in err
    assert "--allow-policy-mismatch" in err and "Traceback" not in err
