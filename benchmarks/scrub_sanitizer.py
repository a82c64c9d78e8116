"""Throughput of anonymize.Sanitizer on synthetic demo events (one process).

    /work/venv/bin/python benchmarks/scrub_sanitizer.py [--events 2000] [--batch 500] [--policy PATH]
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import veil.anonymize as anonymize
from veil.anonymize import Sanitizer, load_policy

FIRST = ["Anna", "Bob", "Maria", "Priya", "Wei", "Carlos", "Emily", "Ahmed", "Olga", "Tom"]
LAST = ["Lee", "Smith", "Garcia", "Patel", "Zhang", "Mendez", "Watson", "Khan", "Petrova", "Jones"]
REVIEWS = [
    "Great blender, louder than expected. {n} stars",
    "Bought it for my wife {first}, she loves it!",
    "Arrived broken, order {order}. Call me on 415-555-{d4} to sort it",
    "Works fine, would buy again",
    "Colour is off compared to the photos, returning it",
    "{first} {last} from support was super helpful, thanks",
]
CHATS = [
    "hi this is {lfirst}, my order {order} never arrived",
    "Sorry {first}! We will resend it to {n}2 Elm Avenue, Portland OR 97201",
    "Can you email me at {lfirst}.{llast}@example.com?",
    "Thanks, that fixed it",
]


def make_events(n: int, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        first, last = rnd.choice(FIRST), rnd.choice(LAST)
        fill = dict(first=first, last=last, lfirst=first.lower(), llast=last.lower(), n=rnd.randint(1, 5),
                    order=f"ord_{rnd.randint(10000, 99999)}", d4=f"{rnd.randint(0, 9999):04d}")
        base = {"user_id": f"user-{rnd.randint(1, 500)}", "event_id": f"e{i}", "ts": 1795946400 + i}
        kind = i % 5
        if kind == 0:
            base.update(product_sku=f"SKU-AB-{rnd.randint(1000, 9999)}", rating=rnd.randint(1, 5),
                        text=rnd.choice(REVIEWS).format(**fill))
        elif kind == 1:
            base.update(ticket_id=f"T-{i}", messages=[{"from": w, "body": rnd.choice(CHATS).format(**fill)}
                                                      for w in ("customer", "agent", "customer")])
        elif kind == 2:
            base.update(email=f"{first.lower()}@example.com", full_name=f"{first} {last}", phone="+1 415-555-0199",
                        birth_date="1985-03-12", client_ip="203.0.113.77", address="1 Infinite Loop, Cupertino CA 95014")
        elif kind == 3:
            base.update(order_id=fill["order"], sku="SKU-ZZ-1", amount=round(rnd.random() * 200, 2),
                        card_number="4111 1111 1111 1111")
        else:
            base.update(query=rnd.choice(["blender", f"gift for {first} {last}", "running shoes size 42"]))
        out.append(base)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--policy", default=str(Path(anonymize.__file__).parent / "examples" / "demo_policy.yaml"))
    args = ap.parse_args()
    sanitizer = Sanitizer(load_policy(args.policy), b"k" * 32)
    t0 = time.perf_counter()
    _ = sanitizer.engine
    load_s = time.perf_counter() - t0
    events = make_events(args.events)
    t0 = time.perf_counter()
    rejected = 0
    for i in range(0, len(events), args.batch):
        out = sanitizer.sanitize_batch(events[i : i + args.batch])
        rejected += sum(1 for r in out if isinstance(r, anonymize.Rejected))
    elapsed = time.perf_counter() - t0
    print(f"engine load {load_s:.1f}s; {len(events)} events in {elapsed:.2f}s = "
          f"{len(events) / elapsed:.0f} events/s (batch {args.batch}, rejected {rejected})")


if __name__ == "__main__":
    main()
