"""``keep_terms``: terms a policy declares never personal in free text (a product catalogue,
a medication list), matched by one Aho-Corasick automaton (pyahocorasick) over all terms of
a ``redact_text`` operator.  Part of the one policy schema: the operator parses the option
(``operators.RedactText``), the walker filters every tier's spans with it (``Sanitizer``),
so the lite tier, the edge's full tier and the server honour the same list.

    default:
      string: {op: redact_text, keep_terms: ["Hamilton Beach", {file: catalogue.txt}]}

A term file is UTF-8, one term a line, ``#`` opens a comment line; its SHA-256 goes into the
policy's canonical form, so the policy hash changes when the file does.  Relative paths are
read from the working directory.

Invariant: a keep term only ever removes a *guessed* name span (PERSON, LOCATION, NRP,
ORGANIZATION) lying wholly inside one of its occurrences; an e-mail, card, phone, IBAN or any
other pattern-found span is never touched, whatever the list holds.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .operators import OptionError

__all__ = ["KEEPABLE", "KeepTerms", "parse_keep_terms"]

KEEPABLE = frozenset({"PERSON", "LOCATION", "NRP", "ORGANIZATION"})
_MAX_TERMS = 1_000_000


def _fold(text: str) -> str:
    """Lower case with every offset kept ("İ".lower() is two characters: left as it is)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


@dataclass(frozen=True, eq=False)  # compared by identity: a batch groups texts by it
class KeepTerms:
    terms: tuple[str, ...]  # folded, whitespace-normalised, sorted
    files: tuple[tuple[str, str], ...] = ()  # (path as written, sha256 of its bytes)

    def canonical(self) -> dict:
        return {"terms": list(self.terms), "files": [{"file": p, "sha256": h} for p, h in self.files]}

    @cached_property
    def automaton(self):
        import ahocorasick

        auto = ahocorasick.Automaton()
        for term in self.terms:
            auto.add_word(term, len(term))
        auto.make_automaton()
        return auto

    def occurrences(self, text: str) -> list[tuple[int, int]]:
        """Whole-word, case-insensitive occurrences of any term."""
        if not self.terms:
            return []
        folded = _fold(text)
        out = []
        for end, length in self.automaton.iter(folded):
            start, stop = end + 1 - length, end + 1
            if (start == 0 or not folded[start - 1].isalnum()) and (stop == len(folded) or not folded[stop].isalnum()):
                out.append((start, stop))
        return out

    def filter(self, text: str, spans: list) -> list:
        """Drop guessed name spans lying wholly inside a term's occurrence."""
        if not any(s.entity in KEEPABLE for s in spans):
            return spans
        occ = self.occurrences(text)
        if not occ:
            return spans
        return [s for s in spans if s.entity not in KEEPABLE or not any(a <= s.start and s.end <= b for a, b in occ)]


def _norm(term: str) -> str:
    return " ".join(_fold(term).split())


def _read_file(path: str, index: int) -> tuple[list[str], str]:
    where = f"keep_terms[{index}].file"
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise OptionError("keep_terms", f"{where}: term file not found: {path}") from None
    except OSError as exc:
        raise OptionError("keep_terms", f"{where}: cannot read term file {path} ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise OptionError("keep_terms", f"{where}: {path}:{line}: not UTF-8 text") from None
    terms = [ln.strip() for ln in text.splitlines()]
    return [t for t in terms if t and not t.startswith("#")], hashlib.sha256(raw).hexdigest()


def parse_keep_terms(value) -> KeepTerms:
    """``keep_terms`` option value → ``KeepTerms``; ``OptionError("keep_terms", ...)`` when bad
    (or when this host lacks pyahocorasick: the policy is refused, never run without its list)."""
    try:
        import ahocorasick  # noqa: F401 - pinned by veil-edge; checked here so a broken install fails at load
    except ImportError:
        raise OptionError("keep_terms", "needs the pyahocorasick package, which veil-edge pins "
                                        "(pip install pyahocorasick==2.1.0)") from None
    if not isinstance(value, list) or not value:
        raise OptionError("keep_terms", "must be a non-empty list of terms or {file: PATH} entries")
    terms: set[str] = set()
    files = []
    for i, entry in enumerate(value):
        if isinstance(entry, str):
            found = [entry]
        elif isinstance(entry, dict) and set(entry) == {"file"} and isinstance(entry["file"], str) and entry["file"]:
            found, digest = _read_file(entry["file"], i)
            files.append((entry["file"], digest))
        else:
            raise OptionError("keep_terms", f"keep_terms[{i}]: must be a term (string) or {{file: PATH}}")
        for term in found:
            norm = _norm(term)
            if len(norm) < 2:
                raise OptionError("keep_terms", f"keep_terms[{i}]: a term needs 2 or more characters")
            terms.add(norm)
    if len(terms) > _MAX_TERMS:
        raise OptionError("keep_terms", f"more than {_MAX_TERMS:,} terms")
    return KeepTerms(tuple(sorted(terms)), tuple(files))
