"""``keep_terms``: terms a policy declares never personal in free text (a product catalogue,
a medication list), matched by one Aho-Corasick automaton (pyahocorasick) over all terms.

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

from veil_edge import OPERATORS, OptionError, register_operator

__all__ = ["KEEPABLE", "KeepTerms", "KeepTermsEngine", "RedactText", "keep_terms_of", "parse_keep_terms"]

KEEPABLE = frozenset({"PERSON", "LOCATION", "NRP", "ORGANIZATION"})
_MAX_TERMS = 1_000_000


def _fold(text: str) -> str:
    """Lower case with every offset kept ("İ".lower() is two characters: left as it is)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


@dataclass(frozen=True)
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
    """``keep_terms`` option value → ``KeepTerms``; ``OptionError("keep_terms", ...)`` when bad."""
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


_EdgeRedactText = OPERATORS["redact_text"]


@register_operator
class RedactText(_EdgeRedactText):
    """The server's ``redact_text``: veil_edge's, plus the ``keep_terms`` option (the edge tier
    refuses the option, so a policy that needs it cannot run there by mistake) and the
    server-only entities (``PASSPORT``, ``GEO_COORDINATES``) in ``entities:``."""

    options = {**_EdgeRedactText.options, "keep_terms": (list,)}

    def validate(self) -> None:
        # PASSPORT and GEO_COORDINATES are server entities veil_edge does not know yet: checked here
        from .text.request import SERVER_DEFAULT_EXTRA

        ents = self.opts.get("entities")
        if isinstance(ents, list) and any(e in SERVER_DEFAULT_EXTRA for e in ents):
            self.opts = {**self.opts, "entities": [e for e in ents if e not in SERVER_DEFAULT_EXTRA] or None}
            try:
                super().validate()
            finally:
                self.opts = {**self.opts, "entities": ents}
        else:
            super().validate()
        self.keep_terms = parse_keep_terms(self.opts["keep_terms"]) if "keep_terms" in self.opts else None

    def canonical(self) -> dict:
        out = super().canonical()
        if self.keep_terms is not None:
            out["keep_terms"] = self.keep_terms.canonical()  # term files by content hash
        return out


def keep_terms_of(policy) -> KeepTerms | None:
    """The union of the keep terms of every ``redact_text`` in ``policy`` (one automaton)."""
    ops = [r.operator for r in policy.rules] + list(policy.default.values())
    found = [op.keep_terms for op in ops if getattr(op, "keep_terms", None) is not None]
    if not found:
        return None
    return KeepTerms(tuple(sorted({t for k in found for t in k.terms})), tuple(f for k in found for f in k.files))


class KeepTermsEngine:
    """A text engine whose spans pass ``KeepTerms.filter`` after the merge."""

    def __init__(self, engine, keep: KeepTerms):
        self._engine, self.keep = engine, keep

    def analyze_many(self, texts, *args, **kwargs):
        results = self._engine.analyze_many(texts, *args, **kwargs)
        return [self.keep.filter(t, spans) for t, spans in zip(texts, results)]

    def __getattr__(self, name):
        return getattr(self._engine, name)
