"""Whether a word reads as a Chinese given name written in pinyin (issue 17, round 30).

Many people on mailing lists sign with a given name of two syllables run together ("Youling",
"liaoweixiong", "hexue"), which no first-name list holds and which may even read as an English
word's "-ing" form ("youl" is a dictionary word).  ``given_name`` says such a word is a name
by its shape alone: two to four syllables of ``data/pinyin_syllables.txt``, and no ordinary
word itself ("sending", "change" are).

Invariant: ``given_name(w)`` is true only if ``w`` splits wholly into listed syllables, at most
four, a vowel-opened one only first (pinyin marks a later one with an apostrophe), and the
lower-cased word is no ordinary word (``gazetteer.common_words``).
"""

from __future__ import annotations

from functools import lru_cache

from .gazetteer import common_words
from .wordlists import word_set

_SYLLABLES = word_set("pinyin_syllables")
_LONGEST = max(map(len, _SYLLABLES))
_MAX_SYLLABLES = 4


@lru_cache(maxsize=4096)
def syllables(low: str) -> int:
    """The fewest listed syllables ``low`` (lower case) splits into; 0 when it splits into none
    or only into more than four."""
    best = [0] + [_MAX_SYLLABLES + 1] * len(low)  # best[i]: fewest syllables spelling low[:i]
    for i in range(1, len(low) + 1):
        for j in range(max(0, i - _LONGEST), i):
            if best[j] <= _MAX_SYLLABLES and low[j:i] in _SYLLABLES and (j == 0 or low[j] not in "aeo"):
                best[i] = min(best[i], best[j] + 1)
    return best[-1] if best[-1] <= _MAX_SYLLABLES else 0


def given_name(word: str) -> bool:
    """Whether ``word`` reads as a pinyin given name of two syllables or more (see the module's
    invariant)."""
    low = word.lower()
    return low.isascii() and low.isalpha() and syllables(low) >= 2 and low not in common_words()
