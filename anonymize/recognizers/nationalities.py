"""Nationality, religion and political-group words (NRP), only when a policy asks for NRP by
name.  Every match is a listed word (``exact_list``)."""

from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer

from ..recognizer_registry import register_recognizer
from veil_edge import word_set
from .base import Traits, results


_LANGUAGE_USE = word_set("language_verbs")
_GROUP_WORD = regex.compile(r"(?<![\p{L}'’])\p{L}+(?![\p{L}'’])")


def _in_a_name(text: str, words: list, i: int, listed) -> bool:
    """"European Union", "Spanish Inquisition": the group word opens a capitalised name."""
    if i + 1 >= len(words):
        return False
    nxt = words[i + 1]
    return text[words[i][1] : nxt[0]] == " " and text[nxt[0]].isupper() and nxt[2] not in listed


def _a_language(text: str, words: list, i: int) -> bool:
    """"studying English", "in French": the word names a language."""
    return i > 0 and words[i - 1][2] in _LANGUAGE_USE and text[words[i - 1][1] : words[i][0]] == " "


@register_recognizer("nationalities")
class NationalityRecognizer(Traits, EntityRecognizer):
    """Only when a policy asks for NRP by name: nationality, religion and political-group
    words from a list, in any case and in the plural (``Slovenian``, ``iraqis``, ``south
    koreans``, ``Sikh``).  The small NER model finds the capitalised ones only; in Veil's
    default set NRP stays with the NER model, so "Italian leather" keeps its meaning."""

    runs_after_ner = True
    only_when_named = "NRP"
    exact_list = True

    def __init__(self) -> None:
        super().__init__(supported_entities=["NRP"], name="VeilNationalityRecognizer", supported_language="en")

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities, nlp_artifacts=None):
        from veil_edge import NATIONALITY_WORDS_CAPITALISED_ONLY as capitalised_only, nationality_words

        listed = nationality_words()
        words = [(m.start(), m.end(), m.group().lower()) for m in _GROUP_WORD.finditer(text)]
        found = []
        i = 0
        while i < len(words):
            start, end, word = words[i]
            # two words first: "south koreans", "cape-verdean"
            if i + 1 < len(words) and text[end : words[i + 1][0]] in (" ", "-") \
                    and f"{word} {words[i + 1][2]}" in listed:
                found.append((start, words[i + 1][1]))
                i += 2
                continue
            if word in listed and (text[start].isupper() or word.rstrip("s") not in capitalised_only) \
                    and not _in_a_name(text, words, i, listed) and not _a_language(text, words, i):
                found.append((start, end))
            i += 1
        return results(self, "NRP", [(s, e, 0.5) for s, e in found])
