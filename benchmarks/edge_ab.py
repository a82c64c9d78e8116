"""Before/after figures of the lite tier, alternating run for run between two source trees
of ``veil_edge`` (each on ``PYTHONPATH``), so that the shared machine's load hits both alike.

    git archive main edge/veil_edge | tar -x -C /tmp/before
    .venv/bin/python benchmarks/edge_ab.py --before /tmp/before/edge [--after edge] [--pairs 3]

Prints, per tree, the median cold start and peak RSS of ``edge_device``'s fresh interpreter
(5 runs) and, per pair, structured and free-text events/s with their ratio to ``json.dumps``.

``--cold N``: N fresh interpreters per tree, taking turns, timing ``import veil_edge`` + policy
load + ``Scrubber`` + first structured event (wall and CPU ms, medians, with the load average),
in the benchmark's virtual environment and with ``python -S`` (no ``site``: nothing
preloaded by the editable installs' path hooks, as on a device's ``pip install ./edge``),
each on a policy-cache miss (``VEIL_EDGE_POLICY_CACHE`` a fresh empty directory per run: a
first launch after an install or a policy change) and on a hit (a directory the first run
filled); a tree without the cache ignores it.  Each case also prints the after/before ratio
of the wall times (the median of the paired runs, and the ratio of the medians).

``--rounds N`` (the least noisy figure): one long-lived worker per tree, the two taking
turns N times over the same events (structured, then free text), so both see the same load;
prints the median events/s of each tree and the median after/before ratio of the rounds.

``--rss N``: N fresh interpreters per tree, taking turns: peak RSS (``VmHWM``) after the
first free-text event (as ``edge_device.py``), and again after texts that make every sign-off
pattern compile (dash, closing, greeting, signature, caseless script, credit, "Thanks X!",
mail and bracket lines) and 1,500 demo chat events: what a device holds once it has seen them all.

``--leak N``: the lite tier alone, each tree, on the same N held-out generator events
(``scrub_data.py``, seed 777, default policy, as ``edge_device.py --leak-n``): values that
leave the device verbatim, by type (what a lite-only deployment sends in clear).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
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


_WORKER = r"""
import sys, json, time
sys.path.insert(1, sys.argv[1])
import edge_device as ed, veil_edge as v
s = v.Scrubber(v.load_policy(ed.DEMO), tier="lite", public_key=v.generate_private_key().public_key())
st, tx = ed._events(8000)
st = (st * 2)[:2048]
tx = tx[:256]
s.scrub_batch(tx[:10])
print("ready", flush=True) if v.__file__.startswith(sys.argv[2]) else print("wrong tree", v.__file__)
for line in sys.stdin:
    out = {}
    for name, evs in (("structured", st), ("free_text", tx)):
        t = time.perf_counter()
        for i in range(0, len(evs), 256):
            s.scrub_batch(evs[i : i + 256])
        out[name] = len(evs) / (time.perf_counter() - t)
    print(json.dumps(out), flush=True)
"""


_COLD_PHASES = r"""
import time, sys
t0, c0 = time.perf_counter(), time.process_time()
import veil_edge as v
t1 = time.perf_counter()
pub = v.parse_public_key(sys.argv[1])
pol = v.load_policy(sys.argv[2])
t2 = time.perf_counter()
s = v.Scrubber(pol, tier="lite", public_key=pub)
out = s.scrub({"event_id": "e1", "user_id": "u1", "email": "jane@example.com", "amount": 23.5, "phone": "+1 415-555-0199"})
t3, c3 = time.perf_counter(), time.process_time()
print(*((t3 - t0) * 1000, (c3 - c0) * 1000, (t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000))
"""


def cold_starts(trees: dict[str, str], n: int, pub: str, demo: str) -> None:
    """Fresh interpreters, the trees taking turns (see the module docstring)."""
    import site

    import edge_device as ed

    packages = ":".join(site.getsitepackages())
    for src in trees.values():
        ed.compile_bytecode(Path(src).resolve() / "veil_edge")
    print("load average before", os.getloadavg(), flush=True)
    scratch = Path(tempfile.mkdtemp(prefix="edge-ab-cache-"))
    for flavour, cache in (("venv", "miss"), ("venv", "hit"), ("no-site", "miss"), ("no-site", "hit")):
        runs = {name: [] for name in trees}
        for i in range(n):
            for name, src in trees.items():
                path = str(Path(src).resolve())
                where = scratch / (f"{flavour}-{name}-miss-{i}" if cache == "miss" else f"{flavour}-{name}-hit")
                env = dict(os.environ, PYTHONPATH=path if flavour == "venv" else f"{path}:{packages}",
                           VEIL_EDGE_POLICY_CACHE=str(where))
                cmd = [sys.executable, *(["-S"] if flavour == "no-site" else []), "-c",
                       _COLD_PHASES + f"assert v.__file__.startswith({path!r})\n", pub, demo]
                if cache == "hit" and not where.exists():  # fill it: this first run is not counted
                    subprocess.run(cmd, capture_output=True, check=True, cwd="/", env=env)
                out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd="/", env=env).stdout
                runs[name].append([float(x) for x in out.split()])
        med = lambda xs: round(sorted(xs)[len(xs) // 2], 1)  # noqa: E731
        for name, rs in runs.items():
            print("cold", flavour, f"cache-{cache}", name, {k: med([r[i] for r in rs]) for i, k in
                                          enumerate(("wall_ms", "cpu_ms", "import_ms", "policy_ms", "scrubber_and_event_ms"))},
                  "load average", os.getloadavg(), flush=True)
        first, last = list(runs)
        # the runs took turns: the i-th run of each tree saw about the same load
        ratios = sorted(b[0] / a[0] for a, b in zip(runs[first], runs[last]))
        print("cold", flavour, f"cache-{cache}", f"{last}/{first} wall: median of {n} paired runs "
              f"{ratios[len(ratios) // 2]:.3f} (ratio of the medians {med([r[0] for r in runs[last]]) / med([r[0] for r in runs[first]]):.3f})",
              flush=True)


def interleaved(trees: dict[str, str], rounds: int) -> None:
    """Two long-lived workers taking turns (see the module docstring)."""
    workers = {}
    for name, src in trees.items():
        env = dict(os.environ, PYTHONPATH=str(Path(src).resolve()))
        workers[name] = subprocess.Popen([sys.executable, "-c", _WORKER, str(HERE), str(Path(src).resolve())], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, text=True, cwd="/", env=env)
        assert workers[name].stdout.readline().strip() == "ready"
    runs = {name: [] for name in trees}
    for r in range(rounds):
        for name in (trees if r % 2 == 0 else reversed(list(trees))):
            workers[name].stdin.write("go\n")
            workers[name].stdin.flush()
            runs[name].append(json.loads(workers[name].stdout.readline()))
    for w in workers.values():
        w.stdin.close()
        w.wait()
    med = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731
    names = list(trees)
    for kind in ("structured", "free_text"):
        per = {n: round(med([r[kind] for r in runs[n]])) for n in names}
        ratio = med([b[kind] / a[kind] for a, b in zip(runs[names[0]], runs[names[1]])])
        print("interleaved", kind, per, f"{names[1]}/{names[0]} median of {rounds} rounds: {ratio:.3f}", flush=True)


_LEAK = r"""
import sys, json, re
sys.path.insert(1, sys.argv[1])
from collections import Counter
from eval_scrub import leaked, strings_of
from scrub_data import PII_TYPES, generate
import veil_edge as v
records = generate(int(sys.argv[2]), "heldout", 777)
out = v.Scrubber(v.load_policy(None), tier="lite", public_key=v.generate_private_key().public_key()).scrub_batch(
    [r["event"] for r in records])
totals, leaks = Counter(), Counter()
for r, o in zip(records, out):
    text = " ".join(strings_of(o))
    tokens = " " + " ".join(t for t in re.split(r"[^a-z0-9]+", text.lower()) if t) + " "
    for p in r["pii"]:
        totals[p["type"]] += 1
        leaks[p["type"]] += leaked(p["value"], text, tokens)
print(json.dumps({t: [leaks[t], totals[t]] for t in PII_TYPES if totals[t]}))
"""


_RSS = r"""
import sys
sys.path.insert(1, sys.argv[1])
import edge_device as ed, veil_edge as v
hwm = lambda: int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]) / 1024
s = v.Scrubber(v.load_policy(ed.DEMO), tier="lite", public_key=v.generate_private_key().public_key())
s.scrub({"event_id": "e1", "user_id": "u1", "email": "jane@example.com", "amount": 23.5})
s.scrub({"event_id": "e2", "user_id": "u1", "text": "Hi, I'm Jemma Davies, call me on 0151 2345678"})
first = hwm()
every = ["works well. - Grace", "Regards,\nNorm", "谢谢，\n王伟", "fixed, thanks to Paul Smith", "Thx Kwabena!!",
         " -- Jane Roe <jane@example.org>  Mon, 01 Jan 2024", "- fix leaks  [Masatake YAMATO]", "Dear Anna,\nhello",
         "@Rose: same here", "Grace, you were right"]
s.scrub_batch([{"event_id": f"s{i}", "user_id": "u1", "text": t} for i, t in enumerate(every)])
st, tx = ed._events(4000)
for i in range(0, 1500, 256):
    s.scrub_batch(tx[i : min(i + 256, 1500)])
print(round(first, 1), round(hwm(), 1))
"""


def rss(trees: dict[str, str], n: int) -> None:
    """Peak RSS after the first free-text event and after every pattern (see the module docstring)."""
    runs = {name: [] for name in trees}
    for _ in range(n):
        for name, src in trees.items():
            runs[name].append([float(x) for x in _run(src, _RSS, str(HERE)).split()])
    med = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731
    for name, r in runs.items():
        print("peak rss MB", name, {"first_free_text": med([x[0] for x in r]), "every_pattern_and_1500_chats": med([x[1] for x in r])},
              flush=True)


def leak(trees: dict[str, str], n: int) -> None:
    """The lite tier alone on the same held-out events, per tree (see the module docstring)."""
    for name, src in trees.items():
        print("lite leaks", name, "(leaked, values):", _run(src, _LEAK, str(HERE), str(n)).strip(), flush=True)


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
    ap.add_argument("--cold", type=int, default=0, help="cold-start runs per tree (0: see --rounds)")
    ap.add_argument("--rounds", type=int, default=0, help="interleaved rounds (0: the cold start and pairs only)")
    ap.add_argument("--leak", type=int, default=0, help="held-out events for the lite tier's leaks by type")
    ap.add_argument("--rss", type=int, default=0, help="fresh interpreters per tree for the peak RSS")
    args = ap.parse_args()
    if args.rss:
        rss({"before": args.before, "after": args.after}, args.rss)
        return
    if args.leak:
        leak({"before": args.before, "after": args.after}, args.leak)
        return
    pub = v.public_key_text(v.generate_private_key().public_key())
    if args.cold:
        cold_starts({"before": args.before, "after": args.after}, args.cold, pub, str(ed.DEMO))
        return
    if args.rounds:
        interleaved({"before": args.before, "after": args.after}, args.rounds)
        return
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
