"""Issue 17, round 30 (the misses of sets T-AM, all spent, both tiers): a Chinese given name
written in pinyin ("Youling", "hexue", ``veil_edge.pinyin``) signed under a closing, where it
reads as a word's "-ing" form, or in lower case under a signature delimiter; a pinyin surname
and given name in lower case under a closing; a pinyin surname after a greeted given name; two
greeted names joined by "/" or "&&"; "Dear @name,"; a thanks opening a sentence in mid-line
before the name closing it.  Real-looking lines made up for these tests, none from a set."""

from __future__ import annotations

import pytest

from tests.realtext_probes import words_left
from veil_edge import pinyin


@pytest.mark.parametrize("text, name", [
    ("Works for me.\n\nThanks,\nMeiling.", "Meiling"),
    ("Looks fine.\n\n--\nzhaoxue", "zhaoxue"),
    ("Looks fine.\n\nbest regards\nliu chenggang", "liu chenggang"),
    ("Hi Haoran Song,\n\nsee below.", "Haoran Song"),
    ("Hi Okonkwo/Tavish,\n\nsee below.", "Okonkwo Tavish"),
    ("Hi, Ann && Tavish\n\nsee below.", "Ann Tavish"),
    ("Dear @Okonkwo, please have a look when you can.", "Okonkwo"),
    ("Yes, that fixes it. Thanks Okonkwo.", "Okonkwo"),
])
def test_round30_names_on_both_tiers(scrub_tier, text, name):
    out = scrub_tier(text)
    assert "<PERSON>" in out
    assert not words_left(name, out)


@pytest.mark.parametrize("text", [
    "Works for me.\n\nThanks,\nSending.",  # an ordinary word's form: no pinyin name
    "Looks fine.\n\n--\nacme",
    "Yes, that fixes it. Thanks again.",
])
def test_round30_no_name_stays_on_both_tiers(scrub_tier, text):
    assert scrub_tier(text) == text


@pytest.mark.parametrize("word, expected", [
    ("youling", True), ("liaoweixiong", True), ("Hexue", True),
    ("wang", False),  # one syllable: a surname, no given name alone
    ("sending", False), ("change", False),  # ordinary words
    ("xian", False),  # one syllable ("xi" + "an" would need an apostrophe)
    ("xiaoan", False), ("anqi", True),  # a later syllable never opens with a vowel; the first may
    ("zhangxiaomingwei", True), ("zhangxiaomingweili", False),  # four syllables at most
    ("smith", False),
])
def test_round30_pinyin_given_name(word, expected):
    assert pinyin.given_name(word) is expected
