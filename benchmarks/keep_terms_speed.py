"""keep_terms matching: one pyahocorasick automaton vs one compiled ``regex`` alternation,
same terms, same texts, same process (what ``veil_edge/keep_terms.py`` chose and why).

    python benchmarks/keep_terms_speed.py [--terms N] [--repeat 3]

Terms: the medication lexicon (``anonymize/data/lexicons/medications.txt``, 11,004 names),
cut to ``--terms``; texts: the 481 Drugs.com reviews of ``benchmarks/data/drugscom``.  Both
find whole-word, case-insensitive occurrences; the script checks they find the same ones and
prints build time, match time and the ratio.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import regex

from veil_edge import KeepTerms

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--terms", type=int, default=11004)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    lex = HERE.parent / "anonymize" / "data" / "lexicons" / "medications.txt"
    terms = sorted({t for t in lex.read_text(encoding="utf-8").splitlines() if t and not t.startswith("#")})
    terms = terms[: args.terms]
    texts = [json.loads(line)["review"] for line in (HERE / "data" / "drugscom" / "reviews.jsonl").open()]

    t0 = time.perf_counter()
    keep = KeepTerms(tuple(terms))
    keep.automaton  # noqa: B018 - build now
    aho_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    alt = regex.compile(r"(?<!\w)(?:" + "|".join(regex.escape(t) for t in sorted(terms, key=len, reverse=True))
                        + r")(?!\w)", regex.IGNORECASE)
    re_build = time.perf_counter() - t0

    aho_times, re_times = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        aho = [keep.occurrences(t) for t in texts]
        aho_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        rex = [[m.span() for m in alt.finditer(t, overlapped=True)] for t in texts]
        re_times.append(time.perf_counter() - t0)
    same = sum(set(a) >= set(r) for a, r in zip(aho, rex))
    aho_t, re_t = min(aho_times), min(re_times)
    print(f"{len(terms)} terms, {len(texts)} texts ({sum(map(len, texts)):,} chars), best of {args.repeat}")
    print(f"build: automaton {aho_build * 1000:.1f} ms, regex alternation {re_build * 1000:.1f} ms")
    print(f"match: automaton {aho_t * 1000:.1f} ms, regex alternation {re_t * 1000:.1f} ms "
          f"-> automaton {re_t / aho_t:.1f}x faster")
    print(f"texts where the automaton finds every regex match: {same}/{len(texts)}")


if __name__ == "__main__":
    main()
