"""Synthetic, realistic-looking events full of (fake) personal data, for ``veil demo``,
tests and benchmarks.  Deterministic for a given seed.

Five kinds, one topic each: ``reviews``, ``support_chats``, ``signups``, ``purchases``,
``searches``.  Every event has ``event_id``, ``user_id`` (an e-mail address: the user key
is itself PII) and ``ts``.  Reviews carry a ``sentiment`` label that their text supports,
so a model trained on them has something real to learn.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from typing import Any, Iterator

FIRST = ["Alice", "Bruno", "Chen", "Dana", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jamal", "Katya",
         "Liam", "Maria", "Noah", "Olga", "Priya", "Quentin", "Rosa", "Sven", "Tara", "Umar", "Vera",
         "Wen", "Ximena", "Yusuf", "Zoe", "Michael", "Sarah", "David", "Emily", "James", "Laura"]
LAST = ["Anderson", "Brown", "Carter", "Dubois", "Evans", "Fischer", "Garcia", "Hughes", "Ivanova",
        "Johnson", "Kowalski", "Lopez", "Martin", "Nakamura", "O'Brien", "Patel", "Quinn", "Rossi",
        "Schmidt", "Thompson", "Usman", "Varga", "Williams", "Xu", "Young", "Zimmerman", "Miller", "Wilson"]
STREETS = ["Main Street", "Oak Avenue", "Maple Drive", "Elm Street", "Park Road", "Cedar Lane",
           "Sunset Boulevard", "Lake View Court", "High Street", "Church Road"]
CITIES = [("Springfield", "IL", "62704"), ("Portland", "OR", "97205"), ("Austin", "TX", "78701"),
          ("Denver", "CO", "80202"), ("Boston", "MA", "02108"), ("Seattle", "WA", "98101")]
DOMAINS = ["example.com", "mail.example.org", "inbox.example.net", "corp.example.io"]
PRODUCTS = [("SKU-BLN-2041", "blender"), ("SKU-KTL-1180", "kettle"), ("SKU-HDP-3302", "headphones"),
            ("SKU-LMP-0907", "desk lamp"), ("SKU-BKP-5521", "backpack"), ("SKU-CFM-7734", "coffee maker"),
            ("SKU-VAC-4410", "vacuum cleaner"), ("SKU-TST-2290", "toaster")]
GOOD = ["works perfectly", "is fantastic", "exceeded my expectations", "is great value", "I love it",
        "is excellent and sturdy", "arrived quickly and works well", "is the best I have owned"]
BAD = ["stopped working after a week", "is terrible", "broke on the first day", "is a waste of money",
       "I hate it", "is flimsy and disappointing", "arrived damaged and useless", "is the worst I have owned"]
QUERIES = ["wireless headphones", "cheap kettle", "blender reviews", "desk lamp led", "hiking backpack",
           "coffee maker with grinder", "robot vacuum", "4 slice toaster"]


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    email: str
    phone: str
    address: str
    card: str
    birth_date: str
    ip: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def _card(rng: random.Random) -> str:
    digits = [4] + [rng.randrange(10) for _ in range(14)]
    total = 0  # Luhn check digit, so card recognizers see a plausible number
    for i, d in enumerate(reversed(digits)):
        d = d * 2 if i % 2 == 0 else d
        total += d - 9 if d > 9 else d
    digits.append((10 - total % 10) % 10)
    s = "".join(map(str, digits))
    return " ".join(s[i : i + 4] for i in range(0, 16, 4))


def make_people(n: int, seed: int = 7) -> list[Person]:
    rng = random.Random(seed)
    people = []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        city, state, zip_code = rng.choice(CITIES)
        handle = f"{first}.{last}".lower().replace("'", "")
        people.append(Person(
            first=first,
            last=last,
            email=f"{handle}{i}@{rng.choice(DOMAINS)}",
            phone=f"({rng.randint(201, 989)}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
            address=f"{rng.randint(10, 9999)} {rng.choice(STREETS)}, {city}, {state} {zip_code}",
            card=_card(rng),
            birth_date=f"{rng.randint(1950, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            ip=f"{rng.randint(11, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        ))
    return people


def _review(rng: random.Random, p: Person, sku: str, product: str) -> dict[str, Any]:
    positive = rng.random() < 0.55
    rating = rng.choice([4, 5]) if positive else rng.choice([1, 2])
    phrase = rng.choice(GOOD if positive else BAD)
    templates = [
        f"This {product} {phrase}.",
        f"I bought the {product} last month and it {phrase}. - {p.first}",
        f"My name is {p.name} and this {product} {phrase}. Call me at {p.phone} if you have questions.",
        f"The {product} {phrase}. Contact {p.email} for details.",
        f"Honestly the {product} {phrase}, my husband agrees.",
    ]
    return {"product_sku": sku, "rating": rating, "sentiment": "positive" if positive else "negative",
            "text": rng.choice(templates)}


def _chat(rng: random.Random, p: Person) -> dict[str, Any]:
    order = f"ord_{rng.randint(100000, 999999)}"
    return {
        "ticket_id": f"T-{rng.randint(10000, 99999)}",
        "messages": [
            {"from": "customer", "body": f"Hi, this is {p.name}. My order {order} has not arrived."},
            {"from": "agent", "body": "Sorry to hear that! Can you confirm your address?"},
            {"from": "customer", "body": f"Sure, it is {p.address}. You can also reach me on {p.phone}."},
            {"from": "agent", "body": "Thanks, a replacement is on its way."},
        ][: rng.randint(2, 4)],
    }


def _signup(rng: random.Random, p: Person) -> dict[str, Any]:
    return {"email": p.email, "full_name": p.name, "phone": p.phone, "birth_date": p.birth_date,
            "client_ip": p.ip, "address": p.address, "marketing_opt_in": rng.random() < 0.4}


def _purchase(rng: random.Random, p: Person, sku: str) -> dict[str, Any]:
    return {"order_id": f"ord_{rng.randint(100000, 999999)}", "sku": sku, "quantity": rng.randint(1, 3),
            "amount": round(rng.uniform(9, 400), 2), "currency": "USD", "card_number": p.card,
            "shipping": {"name": p.name, "address": p.address}}


def _search(rng: random.Random, p: Person) -> dict[str, Any]:
    query = rng.choice(QUERIES)
    if rng.random() < 0.15:
        query = f"{query} delivered to {p.address}"
    return {"query": query, "results": rng.randint(0, 120), "client_ip": p.ip}


TOPICS = ("reviews", "support_chats", "signups", "purchases", "searches")
WEIGHTS = (0.5, 0.12, 0.08, 0.15, 0.15)


def generate(n: int, seed: int = 7, users: int = 300, start: dt.datetime | None = None) -> Iterator[tuple[str, dict]]:
    """Yield ``(topic, event)`` pairs; about half are reviews."""
    rng = random.Random(seed)
    people = make_people(users, seed)
    start = start or dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    for i in range(n):
        topic = rng.choices(TOPICS, WEIGHTS)[0]
        p = rng.choice(people)
        sku, product = rng.choice(PRODUCTS)
        body = {
            "reviews": lambda: _review(rng, p, sku, product),
            "support_chats": lambda: _chat(rng, p),
            "signups": lambda: _signup(rng, p),
            "purchases": lambda: _purchase(rng, p, sku),
            "searches": lambda: _search(rng, p),
        }[topic]()
        ts = start + dt.timedelta(seconds=i * 37 + rng.randint(0, 30))
        event = {"event_id": str(uuid.UUID(int=rng.getrandbits(128))), "user_id": p.email,
                 "ts": ts.strftime("%Y-%m-%dT%H:%M:%SZ"), **body}
        yield topic, event


# A few messages no pipeline should accept, one per reason the dead-letter path knows.
MALFORMED: list[tuple[str, bytes]] = [
    ("not_utf8", b"\xff\xfe{\"user_id\": \"bad\"}"),
    ("not_json", b"{\"user_id\": \"jane.doe@example.com\", \"text\": "),
    ("not_object", b"[\"jane.doe@example.com\", 555]"),
    ("missing_user_key", b"{\"text\": \"call me at (555) 010-4477, jane.doe@example.com\"}"),
]
