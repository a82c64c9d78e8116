"""Exact and near-duplicate detection of short texts (MinHash LSH, ``datasketch``).

Invariant: :func:`dedup_user` decides about one user's examples from those examples alone
(and, with a :class:`Reference`, from a fixed reference set given before the job) — never
from another user's data.  Whether one user's record survives must not depend on who else
is in the snapshot, or the neighbouring-dataset assumption behind user-level DP breaks.

Texts are compared after :func:`normalize` (case-folded, whitespace collapsed).  A
near-duplicate is a pair whose shingle sets have Jaccard similarity ≥ ``threshold``:
MinHash LSH proposes candidates, the exact Jaccard of the two shingle sets decides (so the
sketch's estimation error never removes a text).  Shingles are character 5-grams by
default: on short events word 5-grams miss most near-duplicates
(``benchmarks/dedup_shingles.py``, figures in ``benchmarks/README.md``).  Of duplicates,
the one kept is the first in the caller's order (a keyed hash of the event id: independent
of row order).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence, TypeVar

T = TypeVar("T")
SHINGLES = ("char5", "char3", "word5", "word3", "word1")
NUM_PERM = 128
CANDIDATE_MARGIN = 0.15
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    return _SPACE.sub(" ", text.casefold()).strip()


def shingles(text: str, kind: str = "char5") -> set[str]:
    """The shingle set of the normalised ``text``; a text shorter than one shingle is its
    own single shingle."""
    norm = normalize(text)
    n = int(kind[4:])
    units: Sequence[str] = norm.split(" ") if kind.startswith("word") else norm
    if len(units) <= n:
        return {norm}
    joiner = " " if kind.startswith("word") else ""
    return {joiner.join(units[i:i + n]) for i in range(len(units) - n + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if (a or b) else 1.0


def digest(text: str) -> str:
    return hashlib.sha256(normalize(text).encode()).hexdigest()


class NearIndex:
    """A MinHash LSH index of shingle sets; :meth:`match` says whether a text is a
    near-duplicate of one already added (exact Jaccard over the LSH candidates)."""

    _params: dict[tuple[float, int], tuple[int, int]] = {}

    def __init__(self, threshold: float, kind: str = "char5", num_perm: int = NUM_PERM):
        from datasketch import MinHashLSH

        if kind not in SHINGLES:
            raise ValueError(f"shingles must be one of {', '.join(SHINGLES)}")
        self.threshold, self.kind, self.num_perm = threshold, kind, num_perm
        # Bands tuned below the threshold: LSH misses few true pairs near it, and the exact
        # Jaccard of the candidates decides (benchmarks/dedup_shingles.py: recall of the index).
        key = (max(0.05, threshold - CANDIDATE_MARGIN), num_perm)
        if key not in self._params:  # datasketch integrates the banding curve: once per setting
            probe = MinHashLSH(threshold=key[0], num_perm=num_perm)
            self._params[key] = (probe.b, probe.r)
        self.lsh = MinHashLSH(num_perm=num_perm, params=self._params[key])
        self.sets: dict[int, set[str]] = {}

    def _minhash(self, grams: set[str]):
        from datasketch import MinHash

        m = MinHash(num_perm=self.num_perm, seed=1)
        m.update_batch([g.encode() for g in grams])
        return m

    def match(self, text: str) -> bool:
        grams = shingles(text, self.kind)
        cands = self.lsh.query(self._minhash(grams))
        return any(jaccard(grams, self.sets[c]) >= self.threshold for c in cands)

    def add(self, text: str) -> None:
        grams = shingles(text, self.kind)
        key = len(self.sets)
        self.sets[key] = grams
        self.lsh.insert(key, self._minhash(grams))


@dataclass(frozen=True)
class Reference:
    """A fixed reference set (one text per line of a UTF-8 file), given before the job:
    the only cross-user comparison allowed.  ``sha256`` goes into the job's records."""

    path: str
    sha256: str
    texts: int
    exact: frozenset[str]
    index: NearIndex

    @classmethod
    def load(cls, path: str | Path, threshold: float, kind: str) -> "Reference":
        raw = Path(path).read_bytes()
        lines = [line for line in raw.decode("utf-8").splitlines() if line.strip()]
        index = NearIndex(threshold, kind)
        for line in lines:
            index.add(line)
        return cls(str(path), hashlib.sha256(raw).hexdigest(), len(lines), frozenset(digest(t) for t in lines), index)

    def matches(self, text: str) -> bool:
        return digest(text) in self.exact or self.index.match(text)


@dataclass
class DedupCounts:
    exact: int = 0
    near: int = 0
    reference: int = 0


def dedup_user(items: Iterable[T], text: Callable[[T], str], *, near_threshold: float | None, kind: str = "char5",
               reference: Reference | None = None, counts: DedupCounts | None = None,
               exact: bool = True) -> list[T]:
    """One user's items without exact duplicates (``exact``), near-duplicates
    (``near_threshold``; None: none) and texts the fixed ``reference`` set holds; the first
    occurrence is kept."""
    counts = counts if counts is not None else DedupCounts()
    seen: set[str] = set()
    index = NearIndex(near_threshold, kind) if near_threshold is not None else None
    kept: list[T] = []
    for item in items:
        t = text(item)
        if reference is not None and reference.matches(t):
            counts.reference += 1
            continue
        d = digest(t)
        if exact and d in seen:
            counts.exact += 1
            continue
        seen.add(d)
        if index is not None:
            if index.match(t):
                counts.near += 1
                continue
            index.add(t)
        kept.append(item)
    return kept
