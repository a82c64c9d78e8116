"""Before/after figures of the lite tier, alternating run for run between two source trees
of ``veil_edge`` (each on ``PYTHONPATH``), so that the shared machine's load hits both alike.

    git archive main edge/veil_edge | tar -x -C /tmp/before
    .venv/bin/python benchmarks/edge_ab.py --before /tmp/before/edge [--after edge] [--pairs 3]

Prints, per tree, the median cold start and peak RSS of ``edge_device``'s fresh interpreter
(5 runs) and, per pair, structured and free-text events/s with their ratio to ``json.dumps``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

_THROUGHPUT = r"""
import sys, json
sys.path.insert(1, sys.argv[1])
import edge_device as ed, veil_edge as v
s = v.Scrubber(v.load_policy(ed.DEMO), tier="lite", public_key=v.generate_private_key().public_key())
st, tx = ed._events(12000)
st = (st * 4)[:8000]
s.scrub_batch(tx[:10])
r, b = ed.throughput(s, st)
rt, bt = ed.throughput(s, tx[:1500])
print(json.dumps({"structured": round(r), "ratio": round(r / b, 4), "free_text": round(rt), "text_ratio": round(rt / bt, 4)}))
"""


def _run(src: str, code: str, *args: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(Path(src).resolve()))
    check = f"import veil_edge; assert veil_edge.__file__.startswith({str(Path(src).resolve())!r})\n"
    return subprocess.run([sys.executable, "-c", check + code, *args], capture_output=True, text=True, check=True,
                          cwd="/", env=env).stdout


def main() -> None:
    import edge_device as ed
    import veil_edge as v

    ap = argparse.ArgumentParser()
    ap.add_argument("--before", required=True)
    ap.add_argument("--after", default=str(HERE.parent / "edge"))
    ap.add_argument("--pairs", type=int, default=3)
    args = ap.parse_args()
    pub = v.public_key_text(v.generate_private_key().public_key())
    trees = {"before": args.before, "after": args.after}
    cold = {k: [] for k in trees}
    for _ in range(5):
        for name, src in trees.items():
            cold[name].append([float(x) for x in _run(src, ed._COLD, pub, str(ed.DEMO)).split()])
    med = lambda xs: round(sorted(xs)[len(xs) // 2], 1)  # noqa: E731
    for name, runs in cold.items():
        print(name, "cold start", {"structured_ms": med([r[0] for r in runs]), "free_text_ms": med([r[1] for r in runs]),
                                   "peak_rss_mb": med([r[2] for r in runs])}, flush=True)
    for _ in range(args.pairs):
        for name, src in trees.items():
            print(name, "throughput", json.loads(_run(src, _THROUGHPUT, str(HERE))), flush=True)


if __name__ == "__main__":
    main()
