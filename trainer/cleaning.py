"""Cleaning rules: which examples are not trained on, each rule a setting with a default.

Invariant: a rule looks at one example (its text and label) and the job's settings only,
never at other examples, so it cannot make one user's data depend on another's.  Every
rule is a small class registered by name (``@rule``); the job counts, per rule, how many
examples it removed (``metrics.json`` ``preparation``, the ``training_job`` audit entry,
the compliance report).  Texts over the token limit are not removed but truncated at
tokenisation, and counted there (``data.encode``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

# Placeholders the policy's operators write (anonymize: ``<PERSON>``, ``<REDACTED>``, ...).
PLACEHOLDER = re.compile(r"<[A-Z][A-Z0-9_]*>")
_WORDLIKE = re.compile(r"\w")


@dataclass(frozen=True)
class CleaningSettings:
    """What each rule removes; defaults suit scrubbed short events (reviews, searches)."""

    min_chars: int = 3  # fewer non-space characters than this (placeholders not counted): too short
    drop_placeholder_only: bool = True  # nothing but placeholders and punctuation left after scrubbing
    declared_labels: tuple[str, ...] | None = None  # --labels: a label outside them is removed (and counted)

    def as_dict(self) -> dict[str, Any]:
        return {"min_chars": self.min_chars, "drop_placeholder_only": self.drop_placeholder_only,
                "declared_labels": list(self.declared_labels) if self.declared_labels is not None else None}


class Rule:
    name: ClassVar[str] = ""

    def removes(self, text: str, label: str, s: CleaningSettings) -> bool:  # pragma: no cover
        raise NotImplementedError


_RULES: dict[str, Rule] = {}


def rule(name: str):
    def add(cls: type[Rule]) -> type[Rule]:
        cls.name = name
        _RULES[name] = cls()
        return cls

    return add


def rule_names() -> tuple[str, ...]:
    return tuple(_RULES)


def content(text: str) -> str:
    """The text without placeholders and surrounding whitespace."""
    return PLACEHOLDER.sub(" ", text).strip()


@rule("empty")
class Empty(Rule):
    def removes(self, text: str, label: str, s: CleaningSettings) -> bool:
        return not text.strip()


@rule("placeholder_only")
class PlaceholderOnly(Rule):
    def removes(self, text: str, label: str, s: CleaningSettings) -> bool:
        return s.drop_placeholder_only and PLACEHOLDER.search(text) is not None and not _WORDLIKE.search(content(text))


@rule("too_short")
class TooShort(Rule):
    def removes(self, text: str, label: str, s: CleaningSettings) -> bool:
        return len("".join(content(text).split())) < s.min_chars


@rule("label_not_declared")
class LabelNotDeclared(Rule):
    def removes(self, text: str, label: str, s: CleaningSettings) -> bool:
        return s.declared_labels is not None and label not in s.declared_labels


def first_rule(text: str, label: str, settings: CleaningSettings) -> str | None:
    """The name of the first rule (registry order) that removes this example, or None."""
    for name, r in _RULES.items():
        if r.removes(text, label, settings):
            return name
    return None
