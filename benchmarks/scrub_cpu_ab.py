"""CPU seconds of the default policy's ``Sanitizer`` on generated events, in one process (no
workers, no start-up): for A/B runs of two versions of ``anonymize/`` taking turns.

    python benchmarks/scrub_cpu_ab.py LABEL
"""
import sys, time
sys.path.insert(0, "benchmarks")
from scrub_data import generate
from veil.anonymize import Sanitizer, load_policy
recs = generate(1200, split="dev", seed=4242)
events = [r["event"] if "event" in r else r for r in recs]
s = Sanitizer(load_policy(None), b"r" * 32)
s.sanitize_batch(events[:50])
t = time.process_time()
for i in range(0, len(events), 100):
    s.sanitize_batch(events[i:i + 100])
print(sys.argv[1], f"{time.process_time() - t:.2f} CPU-s for {len(events)} events")
