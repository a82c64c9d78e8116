"""Preparing a snapshot's examples before any gradient: cleaning, then deduplication,
within each user.

Invariant: what survives of a user's examples is a function of that user's examples,
the job's settings and (only with ``dedup_reference``) a fixed reference file given before
the job — never of another user's data (see :mod:`.dedup` for why).  The settings and the
reference file's hash are part of the job's record (``privacy.json`` ``preparation``),
so a job can be reproduced exactly from its snapshot hash and these.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cleaning import CleaningSettings, first_rule
from .dedup import DedupCounts, Reference, dedup_user

if TYPE_CHECKING:  # pragma: no cover
    from .config import TrainConfig
    from .data import Example, ExampleStats

DEDUP_MODES = ("user", "exact", "off")  # near + exact within each user; exact only; none
WHY_NOT_ACROSS_USERS = (
    "Duplicates are removed within each user only, never across users: whether one user's record "
    "survives must not depend on another user's data, or the neighbouring-dataset assumption behind the "
    "differential-privacy guarantee breaks."
)


@dataclass(frozen=True)
class PrepSettings:
    cleaning: CleaningSettings
    dedup: str = "user"
    near_threshold: float = 0.7  # Jaccard similarity of shingle sets
    shingles: str = "char5"
    reference: Reference | None = None

    @classmethod
    def from_config(cls, cfg: "TrainConfig") -> "PrepSettings":
        from .config import TrainingError

        declared = tuple(cfg.labels) if cfg.labels and not cfg.positive_if else None
        reference = None
        if cfg.dedup_reference:
            try:
                reference = Reference.load(cfg.dedup_reference, cfg.near_duplicate_threshold, cfg.dedup_shingles)
            except (OSError, UnicodeDecodeError) as exc:
                raise TrainingError(f"--dedup-reference {cfg.dedup_reference}: cannot read it as UTF-8 text, one "
                                    f"text per line ({type(exc).__name__})") from None
        return cls(CleaningSettings(cfg.min_chars, cfg.drop_placeholder_only, declared), cfg.dedup,
                   cfg.near_duplicate_threshold, cfg.dedup_shingles, reference)

    def record(self) -> dict[str, Any]:
        """The settings as recorded with the job (privacy.json, audit entry)."""
        out: dict[str, Any] = {
            "cleaning": self.cleaning.as_dict(), "dedup": self.dedup,
            "near_duplicate_threshold": self.near_threshold if self.dedup == "user" else None,
            "shingles": self.shingles if self.dedup == "user" else None,
            "across_users": "reference set only" if self.reference else "never",
            "statement": WHY_NOT_ACROSS_USERS,
        }
        if self.reference is not None:
            out["reference"] = {"path": str(Path(self.reference.path).resolve()), "sha256": self.reference.sha256,
                                "texts": self.reference.texts}
        return out


def clean(items: list["Example"], settings: PrepSettings, stats: "ExampleStats") -> list["Example"]:
    """The items no cleaning rule removes; each removal counted under its rule."""
    kept = []
    for ex in items:
        name = first_rule(ex.text, ex.label, settings.cleaning)
        if name is None:
            kept.append(ex)
        else:
            setattr(stats, name, getattr(stats, name) + 1)
    return kept


def prepare_user(items: list["Example"], settings: PrepSettings, stats: "ExampleStats") -> list["Example"]:
    """One user's examples (in the keyed order the cap uses) cleaned and deduplicated."""
    items = clean(items, settings, stats)
    if settings.dedup == "off" and settings.reference is None:
        return items
    counts = DedupCounts()
    items = dedup_user(items, lambda e: e.text, counts=counts, kind=settings.shingles, reference=settings.reference,
                       near_threshold=settings.near_threshold if settings.dedup == "user" else None,
                       exact=settings.dedup != "off")
    stats.exact_duplicate += counts.exact
    stats.near_duplicate += counts.near
    stats.reference_duplicate += counts.reference
    return items
