"""Presidio's AnalyzerEngine on a spaCy NlpEngine, plus Veil's recognizers, built lazily once
per process and model (``get_engine``); all texts of a batch go through spaCy in one
``nlp.pipe`` call, then each through the recognizers, the span checks and the post-filters."""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from typing import Sequence

from veil_edge import Span, merge_spans, unescape_breaks

from .checks import DATE_LEAD, glued, keep_span, pieces
from .filters import SPAN_FILTERS
from .request import Request

_PHONE_REGIONS = ("US", "GB", "DE")  # national numbers without a country code (``_fewer_phone_regions``)
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
        self.model = spacy_model
        self.nlp_engine = _spacy_engine(spacy_model)
        from presidio_analyzer import AnalyzerEngine

        _trim_pipeline(self.nlp_engine.nlp["en"])
        self.analyzer = AnalyzerEngine(nlp_engine=self.nlp_engine, supported_languages=["en"],
                                       context_aware_enhancer=_in_place_context_enhancer())
        _fewer_phone_regions(self.analyzer.registry)
        _cache_recognizer_lookup(self.analyzer.registry)
        self.post_recognizers, self.exact_list_names = _add_veil_recognizers(self.analyzer.registry)

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
        ``ner=False`` ignores the NER model's entities (pattern recognizers still run).

        Per text: the entities that can match it (``Request.wanted``), Presidio's analysis and
        the recognizers that run after NER, the checks on each span, the registered span
        filters (``SPAN_FILTERS``) in order, the merge."""
        request = Request.of(entities, score_threshold, ner)
        out: list[list[Span]] = []
        if not texts:
            return out
        # Escaped line breaks ("Name\\nStreet", common in logged or re-encoded text) are read as
        # breaks; the replacement keeps every offset, so spans still apply to the original text.
        texts = [unescape_breaks(t) if "\\" in t else t for t in texts]
        for text, artifacts in self._artifacts(texts, ner, batch_size):
            wanted = request.wanted(text)
            if not wanted:
                out.append([])
                continue
            spans = self._checked_spans(text, self._results(text, artifacts, wanted, request), request)
            for span_filter in SPAN_FILTERS:
                spans = span_filter(text, spans, request, wanted)
            out.append(merge_spans(spans, text))
        return out

    def _artifacts(self, texts: list[str], ner: bool, batch_size: int):
        """(text, spaCy artifacts) for each text: the whole pipeline in one ``nlp.pipe`` pass, or
        without NER only the tokenizer (context words need nothing more)."""
        if ner:
            return self.nlp_engine.process_batch(list(texts), language="en", batch_size=batch_size)
        nlp = self.nlp_engine.nlp["en"]
        return ((text, self._tokens_only(nlp, text)) for text in texts)

    def _results(self, text: str, artifacts, wanted: list[str], request: Request) -> list:
        """Presidio's findings, then those of the recognizers that run after NER (a recognizer
        ``only_when_named`` runs only when the policy named its entity)."""
        results = self.analyzer.analyze(
            text, language="en", entities=wanted, nlp_artifacts=artifacts, score_threshold=request.threshold
        )
        if request.ner:
            for recognizer in self.post_recognizers:
                named = getattr(recognizer, "only_when_named", None)
                if named is not None and not (request.explicit and named in request.ents):
                    continue
                if set(recognizer.supported_entities) & set(wanted):
                    results = list(results) + [r for r in recognizer.analyze(text, wanted, artifacts)
                                               if r.score >= request.threshold]
        return results

    def _checked_spans(self, text: str, results, request: Request) -> list[Span]:
        """The findings of asked-for entities that pass the per-span checks (``checks.py``); an
        NER span over a line break is judged line by line."""
        spans = []
        for r in results:
            if r.entity_type not in request.ents:
                continue
            for start, end in pieces(r.entity_type, text, r.start, r.end):
                if r.entity_type == "DATE_TIME":
                    lead = DATE_LEAD.match(text, start, end)
                    start = lead.end() if lead and lead.end() < end else start  # "the last Sunday"
                listed = (r.recognition_metadata or {}).get("recognizer_name") in self.exact_list_names
                if (listed or keep_span(r.entity_type, text[start:end], request.all_dates)) \
                        and not glued(r.entity_type, text, start, end):
                    spans.append(Span(start, end, r.entity_type, r.score))
        return spans


def _spacy_engine(spacy_model: str):
    """Presidio's spaCy NlpEngine for an installed model (never downloaded), imported without
    torch (``_without_torch``)."""
    from veil.core.settings import configure_offline

    configure_offline()
    _quiet_third_party_logs()
    with _without_torch(spacy_model):
        import presidio_analyzer  # noqa: F401
        import spacy
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    if not (spacy.util.is_package(spacy_model) or __import__("pathlib").Path(spacy_model).exists()):
        # Presidio would try to download it; Veil never reaches the internet.
        raise RuntimeError(
            f"spaCy model {spacy_model!r} is not installed (set VEIL_SPACY_MODEL or install the package)"
        )
    provider = NlpEngineProvider(
        nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": spacy_model}]}
    )
    return provider.create_engine()


def _trim_pipeline(nlp) -> None:
    """Turn off what nothing downstream reads: NER output stays the same."""
    # The dependency parser is the slowest stage and nothing downstream needs it: NER,
    # and the tagger/lemmatizer that Presidio's context words use, run without it.
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
    # In the small English models NER embeds its own tok2vec; the shared "tok2vec" component
    # only feeds the tagger and parser, both off by now: skip it (NER output is unchanged,
    # spaCy's time drops by about a third).
    if "tok2vec" in nlp.pipe_names and not any(
        name in nlp.pipe_names for name in ("tagger", "parser", "morphologizer", "senter")
    ) and _ner_has_own_tok2vec(nlp):
        nlp.disable_pipe("tok2vec")


def _fewer_phone_regions(registry) -> None:
    """Presidio's phonenumbers matcher runs once per region and is the costliest recognizer;
    Veil's own phone patterns cover international (+..) and grouped national formats, so
    three regions suffice for national numbers written without a country code."""
    for recognizer in registry.recognizers:
        if recognizer.name == "PhoneRecognizer" and hasattr(recognizer, "supported_regions"):
            recognizer.supported_regions = _PHONE_REGIONS


def _add_veil_recognizers(registry) -> tuple[list, frozenset[str]]:
    """Every registered recognizer, once: into Presidio's registry, or, when it
    ``runs_after_ner``, into the list run after Presidio's analysis (inside it, a longer NER
    span that Veil later drops, "Timothy :) the Logitech MX", would swallow theirs).  Also the
    names of the ``exact_list`` ones, whose findings skip the checks meant for NER output."""
    from .. import recognizers  # noqa: F401 - registers Veil's recognizers
    from ..recognizer_registry import RECOGNIZERS

    post, exact = [], set()
    for factory in RECOGNIZERS.values():
        recognizer = factory()
        if getattr(recognizer, "exact_list", False):
            exact.add(recognizer.name)
        if getattr(recognizer, "runs_after_ner", False):
            post.append(recognizer)
        else:
            registry.add_recognizer(recognizer)
    return post, frozenset(exact)


def _cache_recognizer_lookup(registry) -> None:
    """Presidio filters its whole registry by entity and language on every ``analyze`` call;
    Veil asks with a handful of entity lists, so the answer is kept per list (the registry is
    complete before the engine's first analysis; adding a recognizer clears the cache), in a
    fixed order."""
    original_get, original_add = registry.get_recognizers, registry.add_recognizer
    cache: dict = {}

    def get_recognizers(language, entities=None, all_fields=False, ad_hoc_recognizers=None):
        if ad_hoc_recognizers:
            return original_get(language, entities, all_fields, ad_hoc_recognizers)
        key = (language, tuple(entities) if entities is not None else None, all_fields)
        found = cache.get(key)
        if found is None:
            # Presidio returns them in set order, which follows object ids and so differs from one
            # process to the next; a fixed order keeps ties resolved the same way in every run.
            found = cache[key] = sorted(original_get(language, entities, all_fields, ad_hoc_recognizers),
                                        key=lambda r: (r.name, tuple(r.supported_entities)))
        return list(found)

    def add_recognizer(recognizer):
        cache.clear()
        return original_add(recognizer)

    registry.get_recognizers = get_recognizers
    registry.add_recognizer = add_recognizer


def _ner_has_own_tok2vec(nlp) -> bool:
    try:
        arch = nlp.config["components"]["ner"]["model"]["tok2vec"]["@architectures"]
    except (KeyError, TypeError):
        return False
    return "Listener" not in arch


def _in_place_context_enhancer():
    """Presidio's context enhancer, minus its deep copy of every result of every text (~8% of
    the analysis time): the results it gets are built fresh for each call, so raising their
    scores in place is safe."""
    from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

    class _Shared(list):
        def __deepcopy__(self, memo):
            return self

    class InPlaceContextEnhancer(LemmaContextAwareEnhancer):
        def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
            return list(super().enhance_using_context(text, _Shared(raw_results), nlp_artifacts, recognizers,
                                                      context))

    return InPlaceContextEnhancer()


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
