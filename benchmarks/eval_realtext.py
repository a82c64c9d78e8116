"""Veil's default policy on real, human-written text: what it takes out that it should keep.

    python benchmarks/eval_realtext.py [--split dev|heldout|both] [--show N] [--json OUT]
    python benchmarks/eval_realtext.py --split dev --signoff-set FILE [--tier full|lite] [--show N]

Data: ``benchmarks/data/drugscom/reviews.jsonl`` (real Drugs.com patient reviews, CC BY 4.0;
``dev`` is tuned on, ``heldout`` never).  Every review goes through ``Sanitizer`` with the
built-in default policy as a ``review`` string field, as ``veil scrub`` would scrub it.

Figures per split:

* **medication survival**: occurrences of the reviewed drug's name (each word of its
  ``drugName`` with 4+ letters, whole word, any case) in the review that are still in the
  output.  Redaction only removes words, so survivors = min(count in, count out) per word.
* **words kept**: share of the review's word tokens (multiset) still in the output.
* **sign-off / greeting names**: real reviews of the split with a sign-off, greeting or
  address added around a first name that is also an ordinary word ("- Grace", "Thanks,
  Will", "Hi June,").  The text is real, the added line is not; names and templates differ
  between the splits (``SIGNOFFS``).  Caught = the name is no longer in the output.
* for reference, the same names in a sentence that states them ("My name is Grace Miller.");
* placeholders per type in the scrubbed reviews (the reviews hold almost no personal data,
  so nearly every one is over-redaction).

``--credits`` (default on) also scores **hand-labelled personal data in real text**:
``benchmarks/data/credits/passages.jsonl``, 299 lines people wrote in the credits, licences
and READMEs of installed packages (names, e-mail addresses, a few places; labelled by hand,
see that folder's README).  Span precision / recall per type as in ``eval_scrub.py`` (spans
read back from the ``<TYPE>`` placeholders; a labelled span is found when predicted spans of
a compatible type cover half of it), for Veil's default policy and for stock Presidio on the
same lines.  Never tuned on.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "drugscom" / "reviews.jsonl"
CREDITS = HERE / "data" / "credits" / "passages.jsonl"
CREDIT_TYPES = ("PERSON", "EMAIL_ADDRESS", "LOCATION")
sys.path.insert(0, str(DATA.parent))

from build import drug_words  # noqa: E402

# Names that are also ordinary English words, and where a person writes them; the held-out
# names and templates are never looked at while tuning.
SIGNOFFS = {
    "dev": {
        "names": ["Grace", "Will", "Hope", "Mark", "Rose", "Faith", "Joy", "Bill", "Dawn", "Art", "Ray", "Jack",
                  "Sue", "Pat", "Rob", "Frank"],
        "templates": ["{review} - {name}", "{review}\n- {name}", "{review} Thanks, {name}", "Hi {name}, {review}",
                      "{review}\n\nCheers,\n{name}", "{name}, {review}", "{review} -{name}",
                      "{review} Best wishes, {name}"],
    },
    "heldout": {
        "names": ["June", "Penny", "Summer", "Amber", "Holly", "Ivy", "Iris", "Sandy", "Drew", "Miles", "Grant",
                  "Chase", "Robin", "Victor", "Bob", "Gene"],
        "templates": ["{review} -- {name}", "{review}\n\n{name}", "{review} Thank you, {name}", "Hello {name}, {review}",
                      "{review}\nRegards,\n{name}", "Dear {name}, {review}", "{review} ~{name}",
                      "{review} Love, {name}"],
    },
}
# Sets of forms kept as data: "wide" (dev: tuned on) and "fresh" (held-out, frozen before any
# tuning, forms from real e-mail and forum sign-offs; scored only as an aggregate).
SIGNOFF_FILES = {"dev": HERE / "data" / "signoffs" / "dev_wide.yaml",
                 "heldout": HERE / "data" / "signoffs" / "fresh_heldout.yaml"}
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_PLACEHOLDER = re.compile(r"<([A-Z_]+)>")


def load(split: str) -> list[dict]:
    with DATA.open(encoding="utf-8") as f:
        return [r for r in map(json.loads, f) if r["split"] == split]


def count_word(word: str, text: str) -> int:
    return len(re.findall(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text, re.I))


def scrub(sanitizer, texts: list[str]) -> list[str]:
    events = [{"user_id": f"u{i}", "event_id": f"e{i}", "review": t} for i, t in enumerate(texts)]
    outs = sanitizer.sanitize_batch(events)
    bad = [o for o in outs if not hasattr(o, "data")]
    if bad:
        raise SystemExit(f"{len(bad)} reviews rejected: {bad[0]}")
    return [o.data["review"] for o in outs]


def medication_figures(rows: list[dict], outs: list[str], show: int) -> dict:
    total = kept = 0
    words_in = words_kept = 0
    lost: list[tuple[str, str]] = []
    for row, out in zip(rows, outs):
        text = row["review"]
        for w in dict.fromkeys(drug_words(row["drugName"])):
            n = count_word(w, text)
            survived = min(n, count_word(w, out))
            total += n
            kept += survived
            if survived < n:
                m = re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", text, re.I)
                lost.append((w, text[max(0, m.start() - 70) : m.end() + 50]))
        cin, cout = Counter(_WORD.findall(text)), Counter(_WORD.findall(out))
        words_in += sum(cin.values())
        words_kept += sum(min(c, cout[t]) for t, c in cin.items())
    for w, around in lost[:show]:
        print(f"  LOST {w!r}: ...{around!r}...")
    return {"mentions": total, "medication_survival": kept / total if total else None,
            "words": words_in, "words_kept": words_kept / words_in}


def signoff_cases(split: str, rows: list[dict]) -> list[tuple[str, str]]:
    """(text, name) pairs: each name with each template, on reviews taken in file order."""
    spec = SIGNOFFS[split]
    cases = []
    i = 0
    for name in spec["names"]:
        for tpl in spec["templates"]:
            review = rows[i % len(rows)]["review"]
            i += 1
            cases.append((tpl.format(review=review, name=name), name))
    return cases


def file_cases(split: str, rows: list[dict]) -> list[tuple[str, str]]:
    """(text, name) pairs of the split's sign-off file (``SIGNOFF_FILES``), as ``signoff_cases``."""
    import yaml

    spec = yaml.safe_load(SIGNOFF_FILES[split].read_text(encoding="utf-8"))
    cases = []
    for i, (name, tpl) in enumerate((n, t) for n in spec["names"] for t in spec["templates"]):
        review = rows[i % len(rows)]["review"]
        cases.append((tpl.format(review=review, name=name, lower=name.lower()), name))
    return cases


def caught(sanitizer, cases: list[tuple[str, str]], show: int) -> float:
    """Share of cases whose name is gone from the output (any case)."""
    outs = scrub(sanitizer, [t for t, _ in cases])
    missed = [(name, out) for (text, name), out in zip(cases, outs) if count_word(name, out) >= count_word(name, text)]
    for name, out in missed[:show]:
        print(f"  KEPT NAME {name!r}: {out[:80]!r} ... {out[-100:]!r}")
    return 1 - len(missed) / len(cases)


def set_cases(path: Path, rows: list[dict]) -> tuple[list[tuple[str, str]], list[str]]:
    """(text, name) positives and negative texts of a sign-off set file with ``cases`` (text,
    name), a ``grid`` (names x templates) and ``negatives``; ``{review}`` takes ``rows`` in order."""
    import yaml

    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    pos = [(c["text"], c["name"]) for c in spec.get("cases", [])]
    grid = spec.get("grid") or {"names": spec.get("names", []), "templates": spec.get("templates", [])}
    pos += [(t, n) for n in grid["names"] for t in grid["templates"]]
    out = []
    for i, (tpl, name) in enumerate(pos):
        review = rows[i % len(rows)]["review"]
        out.append((tpl.replace("{review}", review).replace("{name}", name).replace("{lower}", name.lower()), name))
    return out, list(spec.get("negatives", []))


def _is_set(path: Path) -> bool:
    """A yaml file ``set_cases`` can read: a mapping with cases, a grid (or names and templates)
    or negatives."""
    import yaml

    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return False
    return isinstance(spec, dict) and bool({"cases", "grid", "names", "negatives"} & set(spec))


def set_figures(sanitizer, path: Path, rows: list[dict], show: int) -> dict:
    """Recall over the set's positives (every word of the name fewer times in the output than
    in the input) and the share of its negatives that get a ``<PERSON>``."""
    pos, neg = set_cases(path, rows)
    outs = scrub(sanitizer, [t for t, _ in pos])
    kept = [i for i, ((text, name), out) in enumerate(zip(pos, outs))
            if any(count_word(w, out) >= count_word(w, text) for w in _WORD.findall(name))]
    missed = [(pos[i][1], outs[i]) for i in kept]
    nouts = scrub(sanitizer, neg) if neg else []
    fps = [(t, o) for t, o in zip(neg, nouts) if "<PERSON>" in o]
    for name, out in missed[:show]:
        print(f"  KEPT NAME {name!r}: {out[:80]!r} ... {out[-100:]!r}")
    for t, o in fps[:show]:
        print(f"  FALSE PERSON: {t!r} -> {o!r}")
    return {"set": path.name, "positives": len(pos), "recall": 1 - len(missed) / len(pos),
            "negatives": len(neg), "false_positive_rate": len(fps) / len(neg) if neg else None,
            "missed": len(missed), "false_positives": len(fps), "missed_by_kind": _by_kind(path, len(pos), kept)}


def _by_kind(path: Path, n: int, kept: list[int]) -> dict[str, list[int]]:
    """[kept, positives] per labelled ``kind`` of the set's cases (counts only, no text: safe
    on a held-out set); empty where the set labels no kinds."""
    import yaml

    kinds = [c.get("kind") for c in yaml.safe_load(path.read_text(encoding="utf-8")).get("cases", [])]
    if len(kinds) != n or None in kinds:
        return {}
    out = {k: [0, kinds.count(k)] for k in set(kinds)}
    for i in kept:
        out[kinds[i]][0] += 1
    return out


def name_figures(sanitizer, split: str, rows: list[dict], show: int) -> dict:
    cases = signoff_cases(split, rows)
    wide = file_cases(split, rows)
    signoff = caught(sanitizer, cases, show)
    wide_caught = caught(sanitizer, wide, show)
    stated = [f"My name is {n} Miller and I take this daily." for n in SIGNOFFS[split]["names"]]
    souts = scrub(sanitizer, stated)
    stated_caught = sum(count_word(n, o) == 0 for n, o in zip(SIGNOFFS[split]["names"], souts))
    return {"signoff_cases": len(cases), "signoff_caught": signoff, "signoff_file_cases": len(wide),
            "signoff_file_caught": wide_caught, "stated_caught": stated_caught / len(stated)}


def evaluate(split: str, show: int) -> dict:
    from veil.anonymize import Sanitizer, load_policy

    sanitizer = Sanitizer(load_policy(None), b"r" * 32)
    rows = load(split)
    outs = scrub(sanitizer, [r["review"] for r in rows])
    res = {"split": split, "reviews": len(rows)}
    res["placeholders"] = dict(Counter(m for out in outs for m in _PLACEHOLDER.findall(out)).most_common())
    res.update(medication_figures(rows, outs, show))
    res.update(name_figures(sanitizer, split, rows, show))
    return res


def credit_figures(sanitizer, stock: bool, split: str, show: int) -> dict:
    """Span P/R per labelled type on the hand-labelled credit lines of ``split``, Veil (and
    stock Presidio); ``show`` prints Veil's outputs that differ from the labels."""
    sys.path.insert(0, str(HERE))
    from eval_scrub import SpanScore, align

    rows = [r for r in map(json.loads, CREDITS.read_text(encoding="utf-8").splitlines()) if r["split"] == split]
    texts = [r["text"] for r in rows]
    systems = {"veil": scrub(sanitizer, texts)}
    if stock:
        analyzer, anonymizer = _stock()
        systems["stock"] = [_stock_one(analyzer, anonymizer, t) for t in texts]
    res = {}
    for name, outs in systems.items():
        score, unlabelled, unaligned = SpanScore(), Counter(), 0
        for row, out in zip(rows, outs):
            pred = align(row["text"], out)
            if pred is None:
                unaligned += 1
                pred = []
            gold = [(g["start"], g["end"], g["type"]) for g in row["spans"]]
            if name == "veil" and show and sorted(gold) != sorted(p for p in pred if p[2] in CREDIT_TYPES):
                show -= 1
                print(f"  CREDIT {row['id']}: {row['text']!r} -> {out!r}")
            score.add(gold, [p for p in pred if p[2] in CREDIT_TYPES or p[2] == "STREET_ADDRESS"])
            unlabelled.update(p[2] for p in pred if p[2] not in CREDIT_TYPES and p[2] != "STREET_ADDRESS")
        res[name] = {"by_type": {t: dict(zip(("precision", "recall", "f2"), score.row(t)), n=score.gold[t])
                                 for t in CREDIT_TYPES},
                     "all": dict(zip(("precision", "recall", "f2"), score.overall(set(CREDIT_TYPES)))),
                     "other_placeholders": dict(unlabelled.most_common()), "unaligned": unaligned, "split": split,
                     "lines": len(rows)}
    return res


@lru_cache(maxsize=1)
def _stock():
    """Stock Presidio (its default configuration, Veil's spaCy model), built once a process."""
    from eval_scrub import stock_engines
    from veil.core.settings import spacy_model_name

    return stock_engines(spacy_model_name())


def _stock_one(analyzer, anonymizer, text: str) -> str:
    results = analyzer.analyze(text, language="en")
    return anonymizer.anonymize(text, results).text if results else text


def print_credits(res: dict) -> None:
    def f(x):
        return "  -  " if x is None else f"{x:.3f}"

    for name, r in res.items():
        cells = "  ".join(f"{t} (n={v['n']}) {f(v['precision'])}/{f(v['recall'])}" for t, v in r["by_type"].items())
        a = r["all"]
        print(f"credits  {r['split']:7} {name:5} P/R  {cells}  all {f(a['precision'])}/{f(a['recall'])}/F2 {f(a['f2'])}")
        print(f"{'':16} {name:5} placeholders of unlabelled types: {r['other_placeholders']}  unaligned: {r['unaligned']}")


class _Lite:
    """The device's lite tier (``veil_edge``, no NER) behind ``scrub``'s ``sanitize_batch``: each
    text as a free-text ``review`` field under the edge's default policy (``--tier lite``)."""

    class _Out:
        def __init__(self, data: dict):
            self.data = data

    def __init__(self):
        from veil_edge import Scrubber, generate_private_key, load_policy

        self.scrubber = Scrubber(load_policy(None), tier="lite", public_key=generate_private_key().public_key())

    def sanitize_batch(self, events: list[dict]) -> list:
        return [self._Out({"review": self.scrubber.scrub({"event_id": e["event_id"], "user_id": e["user_id"],
                                                           "text": e["review"]})["text"]}) for e in events]


def signoff_sets(args) -> None:
    if args.tier == "lite":
        sanitizer = _Lite()
    else:
        from veil.anonymize import Sanitizer, load_policy

        sanitizer = Sanitizer(load_policy(None), b"r" * 32)
    rows = load("dev" if args.split == "dev" else "heldout")
    results = []
    for path in args.signoff_set:
        r = set_figures(sanitizer, path, rows, args.show)
        results.append(r)
        fp = "-" if r["false_positive_rate"] is None else f"{r['false_positive_rate']:.1%}"
        print(f"{r['set']}: names caught {r['recall']:.1%} of {r['positives']} ({r['missed']} kept); "
              f"negatives with a <PERSON> {fp} ({r['false_positives']} of {r['negatives']})")
        if r["missed_by_kind"]:
            print("  kept / positives by kind: " + ", ".join(f"{k} {m}/{n}" for k, (m, n) in sorted(r["missed_by_kind"].items())))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "heldout", "both"], default="both")
    ap.add_argument("--show", type=int, default=0, help="print N lost medications / kept names (dev only)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--no-credits", action="store_true", help="skip the hand-labelled credit lines")
    ap.add_argument("--no-stock", action="store_true", help="credit lines: skip stock Presidio")
    ap.add_argument("--signoff-set", type=Path, action="append", default=[],
                    help="score only this sign-off set file (cases/grid/negatives) on the --split's reviews; "
                         "--show prints its misses (never use --show on a held-out set)")
    ap.add_argument("--tier", choices=["full", "lite"], default="full",
                    help="with --signoff-set: the server's full tier (default) or the device's lite tier")
    args = ap.parse_args()
    missing = [str(p) for p in args.signoff_set if not p.is_file()]
    if missing:
        ap.error(f"no sign-off set file {', '.join(missing)}: pass a yaml file of benchmarks/data/signoffs/")
    unreadable = [str(p) for p in args.signoff_set if not _is_set(p)]
    if unreadable:
        ap.error(f"not a sign-off set (a yaml mapping with cases, a grid or negatives): {', '.join(unreadable)}")
    if args.signoff_set:
        return signoff_sets(args)
    splits = ["dev", "heldout"] if args.split == "both" else [args.split]
    if not (args.no_credits or args.no_stock):
        _stock()  # before Veil's engine, which registers its own recognizer classes with Presidio
    results = []
    for split in splits:
        res = evaluate(split, args.show if split == "dev" else 0)
        results.append(res)
        print(f"{split:8} reviews {res['reviews']:4}  medication names kept {res['medication_survival']:.1%} "
              f"of {res['mentions']}  words kept {res['words_kept']:.1%}  sign-off/greeting names caught "
              f"{res['signoff_caught']:.1%} of {res['signoff_cases']}  stated names caught {res['stated_caught']:.1%}")
        print(f"{'':8} sign-off names caught, {SIGNOFF_FILES[split].name}: {res['signoff_file_caught']:.1%} "
              f"of {res['signoff_file_cases']}")
        print(f"{'':8} placeholders in the scrubbed reviews: {res['placeholders']}")
    if not args.no_credits:
        from veil.anonymize import Sanitizer, load_policy

        sanitizer = Sanitizer(load_policy(None), b"r" * 32)
        for split in splits:
            credits = credit_figures(sanitizer, not args.no_stock, split, args.show if split == "dev" else 0)
            print_credits(credits)
            results.append({"credits": credits})
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
