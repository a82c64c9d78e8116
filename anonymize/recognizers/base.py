"""What every Veil recognizer shares: the regex flags and the traits the text engine reads.

Invariant: the engine decides how to run a recognizer from these class attributes alone
(``getattr`` with the defaults below, so a plain Presidio recognizer registered by a user
runs as Presidio's own do); no list of class names anywhere.
"""

from __future__ import annotations

import regex


# Case-sensitive matching (Presidio's default flags include IGNORECASE): capitalisation
# is the signal for names and street names; cues use inline (?i:...).
FLAGS = regex.DOTALL | regex.MULTILINE


class Traits:
    """Mixed into a recognizer class to tell the text engine how to run it.

    * ``runs_after_ner``: guesses names from word lists, like NER: run after Presidio's
      analysis on its own (inside it, a longer NER span Veil later drops would swallow its
      findings), and not on product/item fields (``ner=False``);
    * ``only_when_named``: an entity that a policy must name in ``entities:`` for this
      recognizer to run (Veil's default set leaves it to the NER model);
    * ``exact_list``: every match is a listed word, so the checks for NER output do not
      apply ("iraqis" in lower case is still a nationality).
    """

    runs_after_ner: bool = False
    only_when_named: str | None = None
    exact_list: bool = False


def results(recognizer, entity: str, found) -> list:
    """Presidio results for ``(start, end, score)`` triples, tagged with the recognizer."""
    from presidio_analyzer import RecognizerResult

    return [RecognizerResult(entity, s, e, score,
                             recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
                                                   RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id})
            for s, e, score in found]


def shared_pattern_recognizer(entity: str, name: str, patterns, context, flags):
    """A Presidio ``PatternRecognizer`` base over one of ``veil_edge``'s shared pattern
    tables (``(name, regex, score)`` triples): the server and the lite tier match the same
    shapes, so the table is written once, in ``veil_edge.patterns``."""
    from presidio_analyzer import Pattern, PatternRecognizer

    class Shared(PatternRecognizer):
        def __init__(self) -> None:
            super().__init__(supported_entity=entity, name=name,
                             patterns=[Pattern(n, pattern, score) for n, pattern, score in patterns],
                             context=list(context), global_regex_flags=flags)

    return Shared
