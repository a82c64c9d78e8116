"""Load on ``veil serve``: requests/s and latency percentiles for batches of 1 and 32.

A MiniLM-L6 classifier (the built-in base model with a fresh mean-pooling head: the same
forward pass as a trained head-mode model) is served by a real ``veil serve`` process
(uvicorn), scrubbing on (the built-in policy, as a deployment runs it) and off.
``--clients`` threads send requests over keep-alive connections for ``--seconds`` per
setting.  The baseline, in this same process: the same model's ``Served.predict`` called
directly (no HTTP, no scrubbing), so each figure is printed as a ratio to it.

    python benchmarks/serve_load.py --seconds 20 --clients 4
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from veil.core.settings import DEFAULT_BASE_MODEL, configure_offline


def make_model(root: Path) -> Path:
    from veil.trainer.model import load_classifier, load_tokenizer, resolve_model

    base = resolve_model(DEFAULT_BASE_MODEL)
    model = load_classifier(base, ["negative", "positive"], "mean")
    model.save_pretrained(str(root))
    load_tokenizer(base).save_pretrained(str(root))
    (root / "privacy.json").write_text(json.dumps({"job_id": "bench", "text_field": "text"}))
    return root


def texts(n: int, seed: int = 0) -> list[str]:
    from veil.demo_data import generate

    out = [e["text"] for topic, e in generate(4 * n, seed=seed) if topic == "reviews"]
    return (out * (n // max(1, len(out)) + 1))[:n]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(model: Path, scrub: bool, threads: int) -> tuple[subprocess.Popen, int]:
    port = _port()
    cmd = [sys.executable, "-m", "veil", "serve", "--model", str(model), "--port", str(port), "--threads", str(threads)]
    proc = subprocess.Popen(cmd + ([] if scrub else ["--no-scrub"]), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc, port
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("veil serve did not start")


def load(port: int, pool: list[str], batch: int, clients: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        while time.monotonic() < stop:
            body = json.dumps({"texts": rng.sample(pool, batch)})
            t0 = time.perf_counter()
            conn.request("POST", "/v1/predict", body, {"Content-Type": "application/json"})
            resp = conn.getresponse()
            resp.read()
            if resp.status != 200:
                raise RuntimeError(f"status {resp.status}")
            mine.append(time.perf_counter() - t0)
        with lock:
            latencies.extend(mine)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    latencies.sort()
    pct = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return {"requests": len(latencies), "req_s": len(latencies) / wall, "texts_s": batch * len(latencies) / wall,
            "p50_ms": pct(0.50), "p99_ms": pct(0.99)}


def direct(model: Path, pool: list[str], batch: int, seconds: float) -> float:
    """Texts/s of Served.predict called in-process (the baseline)."""
    from veil.trainer.serving import Limits, Served

    served = Served(model, None, Limits())
    rng = random.Random(0)
    for _ in range(3):  # warm-up: the first forwards pay one-time costs (thread pools, allocators)
        served.predict(rng.sample(pool, batch))
    n, stop = 0, time.monotonic() + seconds
    t0 = time.perf_counter()
    while time.monotonic() < stop:
        served.predict(rng.sample(pool, batch))
        n += batch
    return n / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--threads", type=int, default=1, help="torch threads, server and baseline alike")
    args = ap.parse_args()
    configure_offline()
    import torch

    torch.set_num_threads(args.threads)
    pool = texts(500)
    with tempfile.TemporaryDirectory() as tmp:
        model = make_model(Path(tmp) / "model")
        base = {b: direct(model, pool, b, args.seconds / 2) for b in (1, 32)}
        print(f"baseline (in-process Served.predict, no HTTP, no scrubbing): batch 1 {base[1]:.1f} texts/s, "
              f"batch 32 {base[32]:.1f} texts/s; {args.threads} torch thread(s), {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.1f}")
        print(f"{'scrub':5} {'batch':>5} {'req/s':>7} {'texts/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'vs baseline':>11}")
        for scrub in (False, True):
            proc, port = start(model, scrub, args.threads)
            try:
                for batch in (1, 32):
                    r = load(port, pool, batch, args.clients, args.seconds)
                    print(f"{'on' if scrub else 'off':5} {batch:5d} {r['req_s']:7.1f} {r['texts_s']:8.1f} "
                          f"{r['p50_ms']:7.1f} {r['p99_ms']:7.1f} {r['texts_s'] / base[batch]:10.2f}x")
            finally:
                proc.terminate()
                proc.wait(timeout=30)


if __name__ == "__main__":
    main()
