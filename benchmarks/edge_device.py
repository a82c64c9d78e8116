"""The edge's figures (issue 14), each against a baseline run in the same process.

    .venv/bin/python benchmarks/edge_device.py [--events 20000] [--texts 3000] [--leak-n 1500] [--e2e 3000]

* **cold start** of the lite tier in a fresh interpreter: ``import veil_edge`` + policy
  load + first event, for a structured event and for a first free-text event (which loads
  the name lists); baseline: the same interpreter's start with ``import json`` only;
* **resident memory** (peak RSS, ``VmHWM``) of that process after the first free-text event; baseline:
  the bare interpreter's;
* **throughput on one core**: structured events (demo sign-ups and purchases, no free
  text) and chat-sized free text, events/s through ``Scrubber.scrub_batch``; baseline:
  ``json.dumps`` of the same events (what any producer pays anyway);
* **leak rate by type** of the lite tier alone on the held-out generator
  (``scrub_data.py``, split ``heldout``), of what reaches the server, and what is left
  after the server's full tier runs on it (vs the server alone on the raw events);
* **end to end**: ``veil_edge.Producer`` → local broker → ``veil ingest`` (one worker)
  throughput as a ratio to plain ``KafkaProducer`` sends of the same raw events → the same
  ingest (``--e2e N`` events each; 0 skips).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
ROOT = HERE.parent
DEMO = ROOT / "anonymize" / "examples" / "demo_policy.yaml"

# Peak RSS from /proc/self/status (VmHWM: this process's own high-water mark).  ru_maxrss is
# no good in a child: Linux carries the parent's high-water mark across fork + exec, so the
# child reported at least this benchmark's own ~30 MB.
_HWM = "int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) / 1024"
_COLD = r"""
import time, sys
t0 = time.perf_counter()
import veil_edge as v
pub = v.parse_public_key(sys.argv[1])
s = v.Scrubber(v.load_policy(sys.argv[2]), tier="lite", public_key=pub)
out = s.scrub({"event_id": "e1", "user_id": "u1", "email": "jane@example.com", "amount": 23.5, "phone": "+1 415-555-0199"})
t1 = time.perf_counter()
out = s.scrub({"event_id": "e2", "user_id": "u1", "text": "Hi, I'm Jemma Davies, call me on 0151 2345678"})
t2 = time.perf_counter()
print((t1 - t0) * 1000, (t2 - t0) * 1000, HWM)
""".replace("HWM", _HWM)
_BARE = r"""
import time
t0 = time.perf_counter()
import json
print((time.perf_counter() - t0) * 1000, HWM)
""".replace("HWM", _HWM)


def compile_bytecode(package_dir: Path) -> None:
    """Write ``veil_edge``'s ``.pyc`` files, as ``pip install`` does at install time: this
    environment sets PYTHONDONTWRITEBYTECODE, so a source tree would otherwise be compiled
    again by every fresh interpreter (~30 ms of each cold start, not a device's cost)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package_dir)], check=True, capture_output=True)


def cold_start(pub_text: str) -> dict:
    """Median of 5 fresh interpreters each (wall time inside the process, after its start)."""
    import veil_edge

    compile_bytecode(Path(veil_edge.__file__).parent)
    runs, bare = [], []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", _COLD, pub_text, str(DEMO)], capture_output=True, text=True,
                             check=True, cwd="/").stdout.split()
        runs.append([float(x) for x in out])
        bare.append([float(x) for x in subprocess.run([sys.executable, "-c", _BARE], capture_output=True, text=True,
                                                      check=True, cwd="/").stdout.split()])
    med = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731
    return {"structured_first_event_ms": med([r[0] for r in runs]), "free_text_first_event_ms": med([r[1] for r in runs]),
            "max_rss_mb": med([r[2] for r in runs]), "bare_python_rss_mb": med([b[1] for b in bare])}


def _events(n: int):
    from veil.demo_data import generate

    structured, texts = [], []
    for _, e in generate(n, seed=3):
        (texts if ("text" in e or "messages" in e or "query" in e) else structured).append(e)
    return structured, texts


def throughput(scrubber, events: list[dict], repeat: int = 3) -> tuple[float, float]:
    """(events/s through the scrubber, events/s of json.dumps), best of ``repeat``."""
    best, base = 0.0, 0.0
    for _ in range(repeat):
        t = time.perf_counter()
        for i in range(0, len(events), 256):
            scrubber.scrub_batch(events[i : i + 256])
        best = max(best, len(events) / (time.perf_counter() - t))
        t = time.perf_counter()
        for e in events:
            json.dumps(e)
        base = max(base, len(events) / (time.perf_counter() - t))
    return best, base


def leak_rates(n: int, private, public) -> dict:
    """Leak rate by type: lite alone, what the server stores from lite output, the server alone."""
    from eval_scrub import leaked, strings_of
    from scrub_data import PII_TYPES, generate

    import veil_edge as v
    from veil.anonymize import Sanitizer, load_policy

    records = generate(n, "heldout", 777)
    events = [r["event"] for r in records]
    policy = load_policy(None)
    lite = v.Scrubber(policy, tier="lite", public_key=public).scrub_batch(events)
    server = Sanitizer(policy, b"k" * 32)
    opener = v.Opener(private)
    after = server.sanitize_batch([opener.open_all(e)[0] for e in lite])
    alone = server.sanitize_batch(events)
    totals, leaks = Counter(), {k: Counter() for k in ("lite", "after_server", "server_alone")}
    for r, lo, af, al in zip(records, lite, after, alone):
        outs = {"lite": lo, "after_server": af.data, "server_alone": al.data}
        texts = {k: " ".join(strings_of(o)) for k, o in outs.items()}
        tokens = {k: " " + " ".join(t for t in __import__("re").split(r"[^a-z0-9]+", x.lower()) if t) + " "
                  for k, x in texts.items()}
        for p in r["pii"]:
            totals[p["type"]] += 1
            for k in outs:
                if leaked(p["value"], texts[k], tokens[k]):
                    leaks[k][p["type"]] += 1
    return {k: {t: round(c[t] / totals[t], 4) if totals[t] else None for t in PII_TYPES} for k, c in leaks.items()} | {
        "values": dict(totals)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=20000)
    ap.add_argument("--texts", type=int, default=3000)
    ap.add_argument("--leak-n", type=int, default=1500)
    ap.add_argument("--e2e", type=int, default=0, help="events for the end-to-end run (0 skips; needs tansu)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    import veil_edge as v

    private = v.generate_private_key()
    pub_text = v.public_key_text(private.public_key())
    out: dict = {"cold_start": cold_start(pub_text)}
    print("cold start", out["cold_start"], flush=True)
    scrubber = v.Scrubber(v.load_policy(DEMO), tier="lite", public_key=private.public_key())
    structured, texts = _events(args.events + args.texts)
    structured = (structured * (args.events // max(1, len(structured)) + 1))[: args.events]
    texts = texts[: args.texts]
    scrubber.scrub_batch(texts[:10])  # the name lists load once (counted in the cold start)
    for name, evs in (("structured", structured), ("free_text", texts)):
        rate, base = throughput(scrubber, evs)
        out[name] = {"events": len(evs), "events_per_s": round(rate), "json_dumps_per_s": round(base),
                     "ratio_to_json_dumps": round(rate / base, 4)}
        print(name, out[name], flush=True)
    if args.leak_n:
        out["leak_rate"] = leak_rates(args.leak_n, private, private.public_key())
        print("leak rate", json.dumps(out["leak_rate"]), flush=True)
    if args.e2e:
        from edge_e2e import end_to_end

        out["end_to_end"] = end_to_end(args.e2e, private)
        print("end to end", out["end_to_end"], flush=True)
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
