"""Wall time of the loopback federation of tests/test_federated.py (the ``federation`` fixture):
SuperLink + 3 SuperNodes as real processes, 2 rounds, q = 1, phone01 malformed in round 1 and
oversized in round 2, phone02 SIGKILLed mid-round 2, a fresh (cold) device feature cache.

    python benchmarks/federated_loopback.py --runs 3

Each run: the seconds ``run_local`` took (what the fixture measures), the load average before
and after (``/proc/loadavg``), and the per-round counts the test asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def one_run(base: Path) -> dict:
    from tests.helpers import make_tiny_model
    from tests.test_federated import FAULTS, config, world, write_devices
    from veil.trainer.federated import run_local

    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    os.environ["VEIL_TEST_FAULTS"] = FAULTS
    tiny = make_tiny_model(base / "tiny")
    home, _ = world(base, budget=10.0)
    cfg = config(base, tiny, rounds=2, devices_per_round=3, max_update_bytes=100_000)
    devices = write_devices(base, 3)
    load = Path("/proc/loadavg").read_text().split()[:3]
    t0 = time.monotonic()
    run_local(cfg, devices, home.root, validation_fraction=0.0, clientapp="tests.federated_faulty_client:client_app",
              cache_dir=base / "cache")
    seconds = time.monotonic() - t0
    privacy = json.loads((base / "model" / "privacy.json").read_text())
    return {"seconds": round(seconds, 2), "load_before": load, "load_after": Path("/proc/loadavg").read_text().split()[:3],
            "dropouts_per_round": privacy["dropouts_per_round"], "rejected_per_round": privacy["rejected_per_round"],
            "participants_per_round": privacy["participants_per_round"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for _ in range(args.runs):
        base = Path(tempfile.mkdtemp(prefix="veil-fedloop-"))
        try:
            print(json.dumps({"at": time.strftime("%H:%M:%S", time.gmtime()), **one_run(base)}), flush=True)
        finally:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
