"""Labelled synthetic events for evaluating scrubbing (``benchmarks/eval_scrub.py``).

Every event comes with the personal values it contains (``pii``: field path, value, entity
type, and the character span inside the field's text) and with the non-personal values a
scrubber must leave alone (``keep``: ids, SKUs, timestamps, prices, product names...).

Two disjoint template sets:

* ``dev``     -- the templates, field names and event kinds used while developing Veil's
  recognizers and suppressions (and in ``tests/test_anonymize_*`` examples);
* ``heldout`` -- different event kinds, field names, sentences, greetings, signatures and
  product vocabulary, never looked at while tuning.  Evaluation numbers come from this
  split, with a seed different from any used during development.

Values come from Faker (several English-speaking locales plus German/French/Dutch names,
phones and IBANs) and from the small generators below.  Nothing here is shared with
``veil/demo_data.py``.

    /work/venv/bin/python benchmarks/scrub_data.py --split heldout --seed 2027 -n 3000 -o events.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import string
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from faker import Faker

PII_TYPES = ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "STREET_ADDRESS", "CREDIT_CARD", "IBAN_CODE",
             "US_SSN", "IP_ADDRESS", "DATE_OF_BIRTH")

LOCALES = ["en_US", "en_GB", "en_AU", "en_CA", "en_IE", "de_DE", "fr_FR", "nl_NL"]
ADDRESS_LOCALES = ["en_US", "en_GB", "en_AU", "en_CA"]  # street number first


@dataclass
class Pii:
    path: list  # keys and list indices
    value: str
    type: str
    start: int  # span within the field's string value
    end: int


@dataclass
class Keep:
    path: list
    value: Any
    inline: bool  # True: a substring of a free-text field; False: the whole field value


# --------------------------------------------------------------------------- value makers


class Values:
    """Random personal and non-personal values."""

    def __init__(self, rng: random.Random, split: str):
        self.rng = rng
        self.split = split
        self.fakers = {loc: Faker(loc) for loc in LOCALES}
        for i, f in enumerate(self.fakers.values()):
            f.seed_instance(rng.randrange(1 << 30) + i)

    def faker(self, locales=None) -> Faker:
        return self.fakers[self.rng.choice(locales or LOCALES)]

    # personal
    def first(self) -> str:
        return self.faker().first_name()

    def full_name(self) -> str:
        f = self.faker()
        return f"{f.first_name()} {f.last_name()}"

    def email(self, name: str | None = None) -> str:
        rng = self.rng
        if name and rng.random() < 0.6:
            parts = re.sub(r"[^a-z ]", "", name.lower()).split()
            sep = rng.choice([".", "_", ""])
            local = sep.join(parts) if parts else "someone"
            if rng.random() < 0.4:
                local += str(rng.randint(1, 99))
            domain = rng.choice(["gmail.com", "outlook.com", "yahoo.co.uk", "web.de", "proton.me", "icloud.com",
                                 "example.org", "fastmail.fm"])
            return f"{local}@{domain}"
        return self.faker().email()

    def phone(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.55:
            number = self.faker(["en_US", "en_GB", "en_AU", "en_CA", "de_DE", "fr_FR", "nl_NL"]).phone_number()
            return number.split("x")[0].strip() if "x" in number else number
        if r < 0.7:
            return f"+1 {rng.randint(201, 989)} {rng.randint(200, 999)} {rng.randint(1000, 9999)}"
        if r < 0.8:
            return f"({rng.randint(201, 989)}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}"
        if r < 0.9:
            return f"+44 7{rng.randint(100, 999)} {rng.randint(100000, 999999)}"
        return f"+49 {rng.randint(30, 89)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"

    def street(self) -> str:
        return self.faker(ADDRESS_LOCALES).street_address()

    def address_line(self) -> str:
        """A one-line postal address (street, city, region/postcode)."""
        loc = self.rng.choice(ADDRESS_LOCALES)
        f = self.fakers[loc]
        street = f.street_address()
        if loc == "en_US":
            return f"{street}, {f.city()}, {f.state_abbr()} {f.zipcode()}"
        if loc == "en_GB":
            return f"{street}, {f.city()} {f.postcode()}"
        if loc == "en_AU":
            return f"{street}, {f.city()} {f.state_abbr()} {f.postcode()}"
        return f"{street}, {f.city()}, {f.province_abbr()} {f.postalcode()}"

    def card(self) -> str:
        rng = self.rng
        raw = self.faker().credit_card_number(card_type=rng.choice(["visa16", "mastercard", "amex", "discover"]))
        style = rng.random()
        if style < 0.35 or len(raw) != 16:
            return raw
        sep = " " if style < 0.75 else "-"
        return sep.join(raw[i : i + 4] for i in range(0, 16, 4))

    def iban(self) -> str:
        code = self.fakers[self.rng.choice(["en_GB", "de_DE", "fr_FR", "nl_NL", "en_IE"])].iban()
        if self.rng.random() < 0.4:
            code = " ".join(code[i : i + 4] for i in range(0, len(code), 4))
        return code

    def ssn(self) -> str:
        rng = self.rng
        return f"{rng.randint(100, 665):03d}-{rng.randint(10, 99):02d}-{rng.randint(1000, 9999):04d}"

    def ip(self) -> str:
        f = self.faker()
        return f.ipv6() if self.rng.random() < 0.3 else f.ipv4_public()

    def dob(self, written: bool = False) -> str:
        d = self.faker().date_of_birth(minimum_age=18, maximum_age=90)
        if not written:
            return d.isoformat()
        style = self.rng.randrange(4)
        if style == 0:
            return d.strftime("%d %B %Y").lstrip("0")
        if style == 1:
            return d.strftime("%B %d, %Y").replace(" 0", " ")
        if style == 2:
            return d.strftime("%m/%d/%Y")
        return d.strftime("%d.%m.%Y")

    # not personal
    def event_id(self) -> str:
        rng = self.rng
        style = rng.randrange(3)
        if style == 0:
            return str(uuid.UUID(int=rng.getrandbits(128), version=4))
        if style == 1:
            return "evt_" + "".join(rng.choices(string.ascii_lowercase + string.digits, k=14))
        return f"E{rng.randint(10**9, 10**10 - 1)}"

    def order_no(self) -> str:
        rng = self.rng
        return rng.choice([f"ORD-{rng.randint(2024, 2026)}-{rng.randint(0, 999999):06d}",
                           f"#{rng.randint(100000, 9999999)}", f"PO{rng.randint(10**7, 10**8 - 1)}",
                           f"R{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}"])

    def sku(self) -> str:
        rng = self.rng
        letters = "".join(rng.choices(string.ascii_uppercase, k=rng.choice([2, 3])))
        return rng.choice([f"{letters}-{rng.randint(100, 9999)}-{rng.choice(['BLK', 'WHT', 'XL', 'S', 'M'])}",
                           f"{letters}{rng.randint(1000, 99999)}",
                           f"SKU{rng.randint(10**6, 10**7 - 1)}",
                           f"{rng.randint(100, 999)}-{rng.randint(10, 99)}-{letters}"])

    def timestamp(self) -> str:
        rng = self.rng
        t = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=rng.randint(0, 300 * 86400))
        style = rng.randrange(3)
        if style == 0:
            return t.strftime("%Y-%m-%dT%H:%M:%SZ")
        if style == 1:
            return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randint(0, 999):03d}Z"
        return t.strftime("%Y-%m-%d %H:%M:%S")

    def price(self) -> str:
        rng = self.rng
        amount = rng.randint(199, 99999) / 100
        return rng.choice([f"${amount:.2f}", f"€{amount:.2f}", f"£{amount:.2f}", f"{amount:.2f} EUR",
                           f"USD {amount:,.2f}"])


# Product vocabulary differs per split.
PRODUCTS = {
    "dev": ["Aeropress Go coffee maker", "Kindle Paperwhite 16GB", "Logitech MX Master 3S mouse",
            "Nike Pegasus 40 running shoes", "Instant Pot Duo 6qt", "Anker PowerCore 20000",
            "Dyson V11 vacuum", "Bose QuietComfort 45", "Fitbit Charge 6", "Lodge cast iron skillet 12in",
            # brands that are also first names or surnames (precision of the name lists)
            "Casper Original mattress", "Hamilton Beach toaster", "Jack Wolfskin rain jacket",
            "Stanley Quencher 40oz", "Lenovo ThinkPad X1", "Victorinox Swiss Army knife", "Meta Quest 3"],
    "heldout": ["Philips Hue White starter kit", "Samsung T7 Shield 2TB SSD", "Garmin Forerunner 265",
                "KitchenAid Artisan stand mixer", "Patagonia Nano Puff jacket", "Sony WH-1000XM5 headphones",
                "Brita Marella water filter jug", "Ninja AF101 air fryer", "Osprey Talon 22 backpack",
                "Le Creuset round casserole 24cm", "Apple AirTag 4 pack", "Yeti Rambler 20 oz tumbler"],
}
STATUSES = {"dev": ["delivered", "in_transit", "refunded"], "heldout": ["pending", "shipped", "cancelled", "returned"]}


# --------------------------------------------------------------------------- templates

# Slots: {first} {first2} {name} {email} {phone} {address} {street} {card} {iban} {ssn} {ip} {dob}
# (personal) and {order} {sku} {product} {price} {when} (kept, checked inline).
DEV_TEXT = [
    "Hi, my name is {name} and my order {order} has not arrived yet.",
    "Please call me back on {phone}, thanks. {first}",
    "You can reach me at {email} or {phone}.",
    "Ship it to {address} please, not to my office.",
    "I was charged twice on card {card} for {product}.",
    "Thanks {first}, the replacement {sku} works fine now.",
    "My date of birth is {dob}, the account is under {name}.",
    "Refund to {iban} please, account holder {name}.",
    "Hello, this is {first} from the Leeds store, ticket for order {order}.",
    "Spoke with {name} yesterday about the {product}; paid {price}.",
    "The courier left it at {street} instead of my flat.",
    "Login failed from {ip} at {when}, was that you?",
    "SSN on file is {ssn}, please update it.",
    "Great {product}, would buy again. Paid {price} on {when}.",
    "Regards,\n{name}",
    "Dear {first}, your order {order} ({sku}) ships today.",
    "Could you transfer me to {name}? My number is {phone}.",
    "Note from {first}: the {product} ({sku}) is missing a screw.",
    "Ordered by {name}, delivered to {address} on {when}.",
    "Customer {name} called about {order}, refund {price} approved.",
    "Cheers,\n{first}",
    "Yours sincerely,\n{name}\n{phone}",
    "I'm {name} and this is my new email: {email}",
    # added later for the name lists: names without a cue, lower-case names, names in lists
    "Can {name} pick up the parcel instead of me?",
    "{name} and I share this account, please add {first} as a second user.",
    "The {product} was a gift from {name}, who paid {price}.",
    "Parcel signed for by {first} at reception on {when}.",
    "please let {first} know the {product} arrived",
    "my son {first} broke the {product}, can it be repaired?",
    "Booking made by {name}; contact number {phone}.",
    "Invoice addressed to {name}, {address}.",
    "Who is {name}? I never ordered {sku}.",
    "Return label printed for {first}, drop-off at {street}.",
    "hello from {first} :) the {product} is great",
    "Leave it with my neighbour {name} at {street} if I'm out.",
    "{first} and {first2} both use the {product} daily.",
]
HELDOUT_TEXT = [
    "Good morning! It's {first} again, still waiting on the {product}.",
    "could someone ring me on {phone}? cheers, {first}",
    "Contact details changed: new mail is {email}, mobile {phone}.",
    "We moved! The new place is {address}. Please update delivery.",
    "Card ending in the number {card} was declined for {product} ({price}).",
    "Many thanks to {name} on the chat for sorting out {order} so quickly.",
    "For verification: born {dob}, registered as {name}.",
    "Please wire the money back to IBAN {iban} (holder: {name}).",
    "{first} here - item {sku} arrived with a cracked lid.",
    "Package for {name} was delivered to {street} but nobody was home.",
    "Suspicious sign-in from IP {ip} on {when}; I did not do this.",
    "I am submitting my social security number {ssn} as requested.",
    "Returned the {product} on {when}, reference {order}, still no refund of {price}.",
    "Best wishes,\n{name}\n{phone}",
    "Hey team, {name} asked me to follow up on {order}.",
    "-- \n{name}\nSent from my phone",
    "Sorry for the delay {first}! Your {product} is back in stock at {price}.",
    "Kind regards, {name} ({email})",
    "Order {order} for {sku} looks fine, thanks.",
    "My husband {name} placed the order from {ip}.",
]

_SLOT = re.compile(r"\{(\w+)\}")
_PII_SLOTS = {"first": "PERSON", "first2": "PERSON", "name": "PERSON", "email": "EMAIL_ADDRESS", "phone": "PHONE_NUMBER",
              "address": "STREET_ADDRESS", "street": "STREET_ADDRESS", "card": "CREDIT_CARD", "iban": "IBAN_CODE",
              "ssn": "US_SSN", "ip": "IP_ADDRESS", "dob": "DATE_OF_BIRTH"}


class Builder:
    """Collects one event's labels while its fields are filled."""

    def __init__(self, values: Values, split: str):
        self.v = values
        self.split = split
        self.pii: list[Pii] = []
        self.keep: list[Keep] = []

    def whole(self, path: list, value: str, entity: str) -> str:
        self.pii.append(Pii(list(path), value, entity, 0, len(value)))
        return value

    def kept(self, path: list, value: Any) -> Any:
        self.keep.append(Keep(list(path), value, False))
        return value

    def text(self, path: list, template: str) -> str:
        v, rng = self.v, self.v.rng
        out: list[str] = []
        pos = 0
        length = 0
        name = v.full_name()
        for m in _SLOT.finditer(template):
            literal = template[pos : m.start()]
            out.append(literal)
            length += len(literal)
            slot = m.group(1)
            value = self._fill(slot, name)
            if slot in _PII_SLOTS:
                if slot in ("first", "name") and rng.random() < 0.08:
                    value = value.lower()
                self.pii.append(Pii(list(path), value, _PII_SLOTS[slot], length, length + len(value)))
            else:
                self.keep.append(Keep(list(path), value, True))
            out.append(value)
            length += len(value)
            pos = m.end()
        out.append(template[pos:])
        return "".join(out)

    def _fill(self, slot: str, name: str) -> str:
        v = self.v
        return {
            "first": lambda: name.split()[0],
            "first2": v.first,
            "name": lambda: name,
            "email": lambda: v.email(name),
            "phone": v.phone,
            "address": v.address_line,
            "street": v.street,
            "card": v.card,
            "iban": v.iban,
            "ssn": v.ssn,
            "ip": v.ip,
            "dob": lambda: v.dob(written=True),
            "order": v.order_no,
            "sku": v.sku,
            "product": lambda: v.rng.choice(PRODUCTS[self.split]),
            "price": v.price,
            "when": v.timestamp,
        }[slot]()


# --------------------------------------------------------------------------- event kinds


def _dev_event(b: Builder, kind: int) -> dict:
    v, rng = b.v, b.v.rng
    texts = DEV_TEXT
    if kind == 0:  # review
        return {"product": {"sku": b.kept(["product", "sku"], v.sku()),
                            "name": b.kept(["product", "name"], rng.choice(PRODUCTS["dev"])),
                            "price": b.kept(["product", "price"], v.price())},
                "rating": rng.randint(1, 5), "text": b.text(["text"], rng.choice(texts))}
    if kind == 1:  # support ticket
        msgs = []
        for i in range(rng.randint(2, 3)):
            msgs.append({"from": rng.choice(["customer", "agent"]),
                         "body": b.text(["messages", i, "body"], rng.choice(texts))})
        return {"ticket_id": b.kept(["ticket_id"], f"T-{rng.randint(10000, 99999)}"),
                "opened_at": b.kept(["opened_at"], v.timestamp()), "messages": msgs}
    if kind == 2:  # account
        name = v.full_name()
        return {"profile": {"full_name": b.whole(["profile", "full_name"], name, "PERSON"),
                            "email": b.whole(["profile", "email"], v.email(name), "EMAIL_ADDRESS"),
                            "phone": b.whole(["profile", "phone"], v.phone(), "PHONE_NUMBER"),
                            "birth_date": b.whole(["profile", "birth_date"], v.dob(), "DATE_OF_BIRTH"),
                            "address": b.whole(["profile", "address"], v.address_line(), "STREET_ADDRESS")},
                "client_ip": b.whole(["client_ip"], v.ip(), "IP_ADDRESS"),
                "plan": b.kept(["plan"], rng.choice(["free", "pro", "team"]))}
    if kind == 3:  # notification sent to the customer (an object named after a PII type)
        name = v.full_name()
        order = v.order_no()
        return {"notification": {
            "email": {"to": b.whole(["notification", "email", "to"], v.email(name), "EMAIL_ADDRESS"),
                      "subject": b.kept(["notification", "email", "subject"], f"Your order {order}"),
                      "text": b.text(["notification", "email", "text"], rng.choice(texts)),
                      "status": b.kept(["notification", "email", "status"], "sent")},
            "phone": {"number": b.whole(["notification", "phone", "number"], v.phone(), "PHONE_NUMBER"),
                      "kind": b.kept(["notification", "phone", "kind"], "mobile")}}}
    # checkout
    items = [{"sku": b.kept(["items", i, "sku"], v.sku()),
              "title": b.kept(["items", i, "title"], rng.choice(PRODUCTS["dev"])),
              "qty": rng.randint(1, 4), "price": b.kept(["items", i, "price"], v.price())}
             for i in range(rng.randint(1, 3))]
    return {"order_id": b.kept(["order_id"], v.order_no()), "items": items,
            "payment": {"card_number": b.whole(["payment", "card_number"], v.card(), "CREDIT_CARD"),
                        "holder": b.whole(["payment", "holder"], v.full_name(), "PERSON")},
            "status": b.kept(["status"], rng.choice(STATUSES["dev"]))}


def _heldout_event(b: Builder, kind: int) -> dict:
    v, rng = b.v, b.v.rng
    texts = HELDOUT_TEXT
    if kind == 0:  # feedback
        return {"item": {"product_code": b.kept(["item", "product_code"], v.sku()),
                         "product_name": b.kept(["item", "product_name"], rng.choice(PRODUCTS["heldout"])),
                         "unit_price": b.kept(["item", "unit_price"], v.price())},
                "score": rng.randint(0, 10),
                "submitted": b.kept(["submitted"], v.timestamp()),
                "comment": b.text(["comment"], rng.choice(texts))}
    if kind == 1:  # support session transcript
        lines = []
        for i in range(rng.randint(2, 4)):
            lines.append({"speaker": rng.choice(["user", "bot", "staff"]),
                          "at": b.kept(["session", "transcript", i, "at"], v.timestamp()),
                          "message": b.text(["session", "transcript", i, "message"], rng.choice(texts))})
        return {"session": {"id": b.kept(["session", "id"], v.event_id()), "channel": "chat", "transcript": lines}}
    if kind == 2:  # identity check
        name = v.full_name()
        return {"applicant": {"name": b.whole(["applicant", "name"], name, "PERSON"),
                              "ssn": b.whole(["applicant", "ssn"], v.ssn(), "US_SSN"),
                              "dob": b.whole(["applicant", "dob"], v.dob(), "DATE_OF_BIRTH"),
                              "email_address": b.whole(["applicant", "email_address"], v.email(name), "EMAIL_ADDRESS"),
                              "mobile": b.whole(["applicant", "mobile"], v.phone(), "PHONE_NUMBER"),
                              "home_address": b.whole(["applicant", "home_address"], v.address_line(),
                                                      "STREET_ADDRESS")},
                "request": {"client_ip": b.whole(["request", "client_ip"], v.ip(), "IP_ADDRESS"),
                            "received": b.kept(["request", "received"], v.timestamp()),
                            "check_ref": b.kept(["request", "check_ref"], v.order_no())}}
    if kind == 3:  # refund
        lines = [{"sku": b.kept(["lines", i, "sku"], v.sku()),
                  "description": b.kept(["lines", i, "description"], rng.choice(PRODUCTS["heldout"])),
                  "amount": b.kept(["lines", i, "amount"], v.price()),
                  "currency": b.kept(["lines", i, "currency"], rng.choice(["USD", "EUR", "GBP"]))}
                 for i in range(rng.randint(1, 3))]
        return {"refund_no": b.kept(["refund_no"], v.order_no()), "lines": lines,
                "bank": {"iban": b.whole(["bank", "iban"], v.iban(), "IBAN_CODE"),
                         "account_holder": b.whole(["bank", "account_holder"], v.full_name(), "PERSON")},
                "card": {"card_number": b.whole(["card", "card_number"], v.card(), "CREDIT_CARD"),
                         "cardholder": b.whole(["card", "cardholder"], v.full_name(), "PERSON")},
                "status": b.kept(["status"], rng.choice(STATUSES["heldout"])),
                "note": b.text(["note"], rng.choice(texts))}
    # e-mail to support
    first = rng.choice(texts)
    second = rng.choice(texts)
    sig = rng.choice(["Best wishes,\n{name}", "Kind regards, {name} ({email})", "-- \n{name}\nSent from my phone",
                      "Thanks,\n{first}"])
    template = f"{rng.choice(['Hello', 'Hi there', 'Dear support'])},\n\n{first} {second}\n\n{sig}"
    return {"email": {"subject": b.kept(["email", "subject"], f"Re: request {v.order_no()}"),
                      "body": b.text(["email", "body"], template)}}


def generate(n: int, split: str = "heldout", seed: int = 2027) -> list[dict]:
    """``n`` labelled records ``{"event": {...}, "pii": [...], "keep": [...]}``."""
    if split not in ("dev", "heldout"):
        raise ValueError("split must be 'dev' or 'heldout'")
    rng = random.Random(f"{split}:{seed}")
    values = Values(rng, split)
    records = []
    kinds = 5
    for i in range(n):
        b = Builder(values, split)
        body = _dev_event(b, i % kinds) if split == "dev" else _heldout_event(b, i % kinds)
        event_id = values.event_id()
        ts = values.timestamp().replace(" ", "T")
        ts = ts if ts.endswith("Z") else ts + "Z"
        event = {"event_id": event_id, "user_id": f"acct-{rng.randint(1, 5000):05d}", "ts": ts, **body}
        keep = [Keep(["event_id"], event_id, False)] + b.keep
        records.append({"event": event, "pii": [asdict(p) for p in b.pii], "keep": [asdict(k) for k in keep]})
    return records


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=["dev", "heldout"], default="heldout")
    ap.add_argument("--seed", type=int, default=2027)
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("-o", "--output", required=True, help="labelled records, one JSON per line")
    args = ap.parse_args()
    with open(args.output, "w", encoding="utf-8") as out:
        for rec in generate(args.n, args.split, args.seed):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
