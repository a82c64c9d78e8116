"""Free-text PII redaction: Presidio's AnalyzerEngine on a spaCy NlpEngine, plus Veil's
recognizers (``recognizers.py``), result filters that keep ids/SKUs/timestamps, and a
splice that replaces each found span by a typed placeholder (``<PERSON>``).

The engine is built lazily, once per process and spaCy model (``get_engine``); all texts
of a batch go through spaCy in one ``nlp.pipe`` call.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sys
import threading
from dataclasses import dataclass
from typing import Iterable, Sequence

log = logging.getLogger(__name__)

# Entities Veil looks for by default.  Not included: UUID, US_BANK_NUMBER, US_PASSPORT,
# US_DRIVER_LICENSE, US_ITIN, UK_NHS, MEDICAL_LICENSE (they fire on order numbers, SKUs,
# UUIDs and US phones), MAC_ADDRESS, and ORGANIZATION (organisations are not personal data,
# and a small NER model labels brands in product names as organisations).  A policy may ask
# for any of them with ``entities:``.
DEFAULT_ENTITIES: tuple[str, ...] = (
    "PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS",
    "LOCATION", "STREET_ADDRESS", "URL", "DATE_TIME", "NRP", "CRYPTO",
)
SUPPORTED_ENTITIES: frozenset[str] = frozenset(DEFAULT_ENTITIES) | {
    "US_BANK_NUMBER", "US_PASSPORT", "US_DRIVER_LICENSE", "US_ITIN", "UK_NHS", "MEDICAL_LICENSE",
    "MAC_ADDRESS", "UUID", "ORGANIZATION",
}
DEFAULT_SCORE_THRESHOLD = 0.35

# Entities whose every match holds at least this many digits (used to skip recognizers).
_NEEDS_7_DIGITS = {"PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "US_BANK_NUMBER", "US_PASSPORT",
                   "US_ITIN", "UK_NHS"}
_NEEDS_4_DIGITS = {"IP_ADDRESS"}

# When spans overlap they are merged into one placeholder labelled by the first of these.
_PRIORITY = {
    ent: i for i, ent in enumerate((
        "EMAIL_ADDRESS", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "CRYPTO", "IP_ADDRESS", "PHONE_NUMBER",
        "STREET_ADDRESS", "PERSON", "URL", "LOCATION", "DATE_TIME", "NRP", "ORGANIZATION",
    ))
}

# NER-derived entities get extra scrutiny: small models label ids, numbers and acronyms.
_NER_ENTITIES = {"PERSON", "LOCATION", "ORGANIZATION", "NRP", "DATE_TIME"}
_ISO_TS = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$", re.I
)
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
# ord_12345, SKU-AB-1234, INV2024-001, a1b2c3: letters and digits glued, or joined by _ / -
_ID_LIKE = re.compile(r"^(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+)*$|^[A-Za-z]+_[\w-]+$")
_NUMBERISH = re.compile(r"^[\d\s.,:/+-]+$")
_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_FULL_DATE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + _MONTHS + r")[a-z]*\.?,?\s+\d{2,4}\b"  # 12 March 1985
    r"|\b(?:" + _MONTHS + r")[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{2,4}\b"  # March 12, 1985
    r"|\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d{2}\b",  # 12/03/1985
    re.I,
)


# Digit-shaped entities: a match glued to letters ("ORD-2026-744356", "INV2024-1234567") or
# after "#" ("#1687234") is part of an identifier, not a phone or card number.
_DIGIT_ENTITIES = {"PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "US_BANK_NUMBER", "US_PASSPORT", "US_ITIN", "UK_NHS",
                   "US_DRIVER_LICENSE", "MEDICAL_LICENSE", "IP_ADDRESS"}
_GLUED_BEFORE = re.compile(r"(?:[A-Za-z][A-Za-z0-9]*[-_/.]?|#|[-_/][A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*[-_/])\Z")
_GLUED_AFTER = re.compile(r"^(?:(?![xX]\d)[A-Za-z0-9_]|[-_/][A-Za-z])")  # "555-0100x12" is an extension
# Name-shaped tokens that are not names: CamelCase product words ("QuietComfort", "PowerCore"),
# except the prefixes real surnames carry (McDonald, MacLeod, DeShawn, LaToya, O'Neil).
_CAMEL = re.compile(r"^(?!(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|St|Fitz)[A-Z])[A-Z]?[a-z]+[A-Z][A-Za-z]*$")


def _glued(entity: str, text: str, start: int, end: int) -> bool:
    if entity not in _DIGIT_ENTITIES:
        return False
    before = text[max(0, start - 24) : start]
    return bool(_GLUED_BEFORE.search(before) or _GLUED_AFTER.match(text[end : end + 2]))


_NOT_FREE_DIGITS = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?"  # ISO timestamps
    r"|\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"  # UUIDs
    # ids gluing letters and digits (SKU3082394, ORD-2026-744356, evt_9x2k), not "555-0100x12"
    # and not IBAN-shaped tokens (DE89370400440532013000)
    r"|(?<![\w+:/.@-])(?![\d-]+[xX]\d+\b)(?![A-Za-z]{2}\d{2}[A-Za-z0-9]{8,}\b)(?=[\w-]*[A-Za-z])(?=[\w-]*\d)[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*"
    r"(?![\w:/.@+-])"
)


def _free_digits(text: str) -> int:
    digits = sum(ch.isdigit() for ch in text)
    if digits < 7:
        return digits
    return sum(ch.isdigit() for ch in _NOT_FREE_DIGITS.sub(" ", text))


def _keep_span(entity: str, span: str) -> bool:
    """False for matches that are not personal data (ids, timestamps, acronyms...)."""
    stripped = span.strip(" \t\n.,;:!?()[]{}\"'")
    if not stripped:
        return False
    if entity in ("PERSON", "LOCATION", "NRP") and stripped.isupper() and len(stripped) <= 4:
        return False  # EUR, USD, SKU, USA, OK
    if entity == "PERSON" and any(_CAMEL.match(tok) for tok in stripped.split()):
        return False
    if entity in _NER_ENTITIES:
        if _ISO_TS.match(stripped) or _UUID.match(stripped) or _ID_LIKE.match(stripped):
            return False
        if entity == "DATE_TIME":
            # Only human-written full dates (a birth date) are personal; times, relative
            # dates, years and machine timestamps are not.
            return bool(_FULL_DATE.search(stripped))
        if _NUMBERISH.match(stripped):
            return False
        if any(ch.isdigit() for ch in stripped) and entity != "LOCATION":
            return False
        if entity in ("ORGANIZATION", "NRP"):
            letters = [ch for ch in stripped if ch.isalpha()]
            if len(letters) < 2:
                return False
            if stripped.isupper() and len(stripped) <= 5:  # SSN, IBAN, SKU, USA
                return False
            if stripped.islower():
                return False
    if entity in ("URL",) and (_ISO_TS.match(stripped) or _UUID.match(stripped)):
        return False
    return True


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    entity: str
    score: float


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Union overlapping spans; each region is labelled by the highest-priority entity."""
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    for span in ordered:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            best = min((last, span), key=lambda s: (_PRIORITY.get(s.entity, 99), -s.score))
            merged[-1] = Span(last.start, max(last.end, span.end), best.entity, max(last.score, span.score))
        else:
            merged.append(span)
    return merged


def splice(text: str, spans: Sequence[Span]) -> str:
    out: list[str] = []
    pos = 0
    for span in spans:
        out.append(text[pos : span.start])
        out.append(f"<{span.entity}>")
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


# Strings that cannot hold PII are skipped without NLP.
_SKIP_SHORT_NUMBER = re.compile(r"^[+-]?\d{1,6}(?:[.,]\d+)?$")


# "$19.99", "59.53 EUR", "USD 1,234.56", "€ 12"
_AMOUNT = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d{1,6}(?:[.,]\d{1,2})?)"
_PRICE = re.compile(
    r"^(?:(?:[A-Z]{3}\s?|[$€£¥]\s?)" + _AMOUNT + r"|" + _AMOUNT + r"\s?(?:[A-Z]{3}|[$€£¥])|\d{1,6}[.,]\d{1,2})$"
)
# one word without capitals or digits ("shipped", "chat") or a short code ("USD", "EUR")
_PLAIN_WORD = re.compile(r"^(?:[a-z][a-z_-]{0,39}|[A-Z]{2,5})$")


def cannot_hold_pii(text: str) -> bool:
    """Strings nothing in the engine could flag: ids, timestamps, prices, single plain words."""
    stripped = text.strip()
    if len(stripped) < 2:
        return True
    if len(stripped) <= 24 and (_PRICE.match(stripped) or _PLAIN_WORD.match(stripped)):
        return True
    if len(stripped) <= 64 and " " not in stripped:
        if _ISO_TS.match(stripped) or _UUID.match(stripped) or _SKIP_SHORT_NUMBER.match(stripped):
            return True
        if _ID_LIKE.match(stripped) and not stripped.isdigit() and "@" not in stripped:
            return True
    return False


_HEAVY = ("torch", "transformers")


@contextlib.contextmanager
def _without_torch(spacy_model: str):
    """Import spaCy and Presidio without torch and transformers when neither is loaded yet.

    thinc and Presidio import them only to offer optional GPU/transformer engines that a
    CPU spaCy pipeline never uses; skipping them cuts a process's start from ~7 s to ~1.5 s
    (it matters for every ``veil scrub --workers N`` process).  The block is lifted right
    after, so a later ``import torch`` elsewhere in the process still works.  Transformer
    spaCy models (``*_trf``) keep the normal imports.
    """
    if "trf" in spacy_model or any(name in sys.modules for name in _HEAVY + ("spacy", "presidio_analyzer")):
        yield
        return
    for name in _HEAVY:
        sys.modules[name] = None  # type: ignore[assignment]  # makes "import torch" raise ImportError
    try:
        yield
    finally:
        for name in _HEAVY:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


class TextEngine:
    """One Presidio analyzer (with its spaCy pipeline) per process and model."""

    def __init__(self, spacy_model: str):
        from veil.settings import configure_offline

        configure_offline()
        _quiet_third_party_logs()
        with _without_torch(spacy_model):
            import presidio_analyzer  # noqa: F401
            import spacy
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider

        from . import recognizers as _builtin  # noqa: F401 - registers Veil's recognizers
        from .recognizer_registry import RECOGNIZERS

        if not (spacy.util.is_package(spacy_model) or __import__("pathlib").Path(spacy_model).exists()):
            # Presidio would try to download it; Veil never reaches the internet.
            raise RuntimeError(
                f"spaCy model {spacy_model!r} is not installed (set VEIL_SPACY_MODEL or install the package)"
            )
        provider = NlpEngineProvider(
            nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": spacy_model}]}
        )
        self.nlp_engine = provider.create_engine()
        # The dependency parser is the slowest stage and nothing downstream needs it: NER,
        # and the tagger/lemmatizer that Presidio's context words use, run without it.
        nlp = self.nlp_engine.nlp["en"]
        if "parser" in nlp.pipe_names:
            nlp.disable_pipe("parser")
        # The tagger and rule lemmatizer only feed Presidio's context words (lemmas); lower-cased
        # token text serves that as well at a fraction of the cost (~15% faster per event).
        if "ner" in nlp.pipe_names and "lemmatizer" in nlp.pipe_names:
            for name in ("tagger", "attribute_ruler", "lemmatizer"):
                if name in nlp.pipe_names:
                    nlp.disable_pipe(name)
            _register_lower_lemma()
            nlp.add_pipe("veil_lower_lemma", last=True)
        self.analyzer = AnalyzerEngine(nlp_engine=self.nlp_engine, supported_languages=["en"])
        for factory in RECOGNIZERS.values():
            self.analyzer.registry.add_recognizer(factory())
        self.model = spacy_model

    def _tokens_only(self, nlp, text: str):
        doc = nlp.make_doc(text)
        for token in doc:
            token.lemma_ = token.lower_
        return self.nlp_engine._doc_to_nlp_artifact(doc, "en")

    def analyze_many(
        self,
        texts: Sequence[str],
        entities: Sequence[str] | None = None,
        score_threshold: float | None = None,
        batch_size: int = 64,
        ner: bool = True,
    ) -> list[list[Span]]:
        """Merged, filtered PII spans for each text; spaCy runs once over all of them.
        ``ner=False`` ignores the NER model's entities (pattern recognizers still run)."""
        ents = list(entities or DEFAULT_ENTITIES)
        threshold = DEFAULT_SCORE_THRESHOLD if score_threshold is None else score_threshold
        out: list[list[Span]] = []
        if not texts:
            return out
        few_digits = [e for e in ents if e not in _NEEDS_7_DIGITS]
        no_digits = [e for e in few_digits if e not in _NEEDS_4_DIGITS]
        if ner:
            processed = self.nlp_engine.process_batch(list(texts), language="en", batch_size=batch_size)
        else:
            # Without NER only the tokens matter (context words): the tokenizer alone is enough.
            nlp = self.nlp_engine.nlp["en"]
            processed = ((text, self._tokens_only(nlp, text)) for text in texts)
        for text, artifacts in processed:
            # Skip recognizers that cannot match (phonenumbers' matcher is slow on every text);
            # digits inside timestamps, UUIDs and letter+digit ids do not count.
            digits = _free_digits(text)
            wanted = ents if digits >= 7 else few_digits if digits >= 4 else no_digits
            if not wanted:
                out.append([])
                continue
            results = self.analyzer.analyze(
                text, language="en", entities=wanted, nlp_artifacts=artifacts, score_threshold=threshold
            )
            spans = [
                Span(r.start, r.end, r.entity_type, r.score)
                for r in results
                if r.entity_type in ents and _keep_span(r.entity_type, text[r.start : r.end])
                and not _glued(r.entity_type, text, r.start, r.end)
            ]
            out.append(merge_spans(spans))
        return out


def _register_lower_lemma() -> None:
    from spacy.language import Language

    if "veil_lower_lemma" in Language.factories:
        return

    @Language.component("veil_lower_lemma")
    def lower_lemma(doc):
        for token in doc:
            token.lemma_ = token.lower_
        return doc


_ENGINES: dict[str, TextEngine] = {}
_ENGINES_LOCK = threading.Lock()


def get_engine(spacy_model: str) -> TextEngine:
    """The process-wide engine for this model, built on first use."""
    engine = _ENGINES.get(spacy_model)
    if engine is None:
        with _ENGINES_LOCK:
            engine = _ENGINES.get(spacy_model)
            if engine is None:
                engine = TextEngine(spacy_model)
                _ENGINES[spacy_model] = engine
    return engine


def _quiet_third_party_logs() -> None:
    for name in ("presidio-analyzer", "presidio-anonymizer", "presidio_analyzer", "spacy", "tldextract", "filelock"):
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET or logger.level < logging.ERROR:
            logger.setLevel(logging.ERROR)
