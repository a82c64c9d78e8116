"""Person names from first-name and surname lists (``gazetteer.py``), where a small NER model
misses or mislabels them: ``Jemma Davies``, ``erdal pruschke``, ``dear laura``, ``Anna and
Tom``.  No NLP: the edge's lite tier runs it as is, the server wraps it as a Presidio
recognizer (``veil.anonymize.recognizers.gazetteer_names``).

Precision guards: a name that is also an ordinary English word ("Will", "Rose", "Grant")
needs a known surname after it; a capitalised word followed by a model number is a product;
lower-case first names need a cue (greeting, closing, "by", "I'm"...) or a known surname
after them.
"""

from __future__ import annotations

import regex

from .gazetteer import EXTRA_COMMON as _EXTRA_COMMON_NAMES, common_words, first_names, fold, surnames
from .wordlists import word_set

_WORD = regex.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’]*(?:-[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’]*)?")
_TITLE_WORD = regex.compile(r"^(?:Mc|Mac|O[’']|D[’'])?[A-ZÀ-ÖØ-Þ](?:[a-zß-öø-ÿ'’]+|[a-zß-öø-ÿ]*[’'][A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)"
                            r"(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+)?$")
_LOWER_WORD = regex.compile(r"^[a-zß-öø-ÿ][a-zß-öø-ÿ'’-]+$")
_PARTICLE = word_set("name_particles") | {"mac", "st"}  # and "Mac Donald", "St John"
# A cue right before a lower-case first name ("dear laura", "thanks, sam", "by tom", "i'm erdal").
_LOWER_CUE = regex.compile(
    r"(?:^|[^\w])(?i:dear|hi|hello|hey|hiya|thanks|thank you|thx|cheers|regards|sorry|bye|love|by|with|to|from|"
    r"for|named|called|i'm|im|i am|this is|it's|husband|wife|son|daughter|friend|brother|sister|mr|mrs|ms|dr|"
    r"ask|asked|tell|told|let|call|and|who is|name is|name's|name:|signed|sincerely|yours|wishes|best|"
    r"neighbour|neighbor|colleague|partner|boss|mum|mom|dad|father|mother|aunt|uncle|cousin|grandma|grandpa|"
    r"niece|nephew|fiancé|fiance|fiancée|boyfriend|girlfriend)[.,:!]?\s+$"
)
# Cues strong enough for a lower-case first name that is also an ordinary word ("my son guy",
# "hello from jasmine", "dear rowan").
_STRONG_LOWER_CUE = regex.compile(
    r"(?:^|[^\w])(?i:dear|hi|hello|hey|hiya|hello from|love from|greetings from|regards from|thanks|cheers|"
    r"husband|wife|son|daughter|brother|sister|neighbour|neighbor|colleague|partner|boss|mum|mom|dad|father|"
    r"mother|aunt|uncle|cousin|niece|nephew|boyfriend|girlfriend|my name is|i'm|i am|this is|signed)[.,:!]?\s+$"
)
# Words that follow a lower-case first name without being its surname ("lisa said", "rachel will").
_NOT_SURNAME_AFTER = word_set("not_surname_after")
# After a name: a model number or size means it was a product ("Nike Pegasus 40", "Ninja AF101").
_PRODUCT_AFTER = regex.compile(r"^[ \t]*(?:\d|[A-Z]+\d|[A-Z]{2,}\b)")
_NAME_LINE_BEFORE = regex.compile(r"(?:^|\n|(?:\\n)+|\b(?i:name|address|to|from|attn|contact|user|customer|by)[ \t]*:)[ \t]*\Z")
_SPEAKER = regex.compile(r":[ \t]")
_LINE_END = regex.compile(r"[ \t]*(?:\n|\\n|$)")
_SENTENCE_END = regex.compile(r"(?:[.!?:;\n\"(]|^\s*[-–—*•])\s*\Z")
_SENTENCE_START = regex.compile(r"(?:^|[.!?:;\n\"(]\s*|^\s*[-–—*•]\s*)$")
# "Anna and Tom", "Anna, Tom": a name listed next to a name already found.
_NAME_LIST_GAP = regex.compile(r"^(?:\s*,\s*|\s+(?:and|&|or)\s+(?:(?:her|his|my|our) (?:husband|wife|son|daughter|"
                               r"partner|brother|sister|friend|colleague) )?)$", regex.I)

_CAP_COMMON = word_set("cap_common_names") | _EXTRA_COMMON_NAMES
# "Lee Forest", "Bailey Place" opening an address line are streets, not people
_STREET_TYPES = word_set("street_types", lower=True)


def _ascii_fold(word: str) -> str:
    from veil_edge import fold

    return fold(word)


_SKIP = word_set("not_names", lower=True) | word_set("skip_words")


class _Cue:
    """Whether ``_LOWER_CUE`` ends right before offset ``s`` ("let Crystal", "hello from
    Amber"), searched on the first call only: a large alternation, and most capitalised words
    are decided without it."""

    __slots__ = ("_text", "_s", "_found")

    def __init__(self, text: str, s: int):
        self._text, self._s, self._found = text, s, None

    def __call__(self) -> bool:
        if self._found is None:
            self._found = bool(_LOWER_CUE.search(self._text[max(0, self._s - 24) : self._s]))
        return self._found


class NameListFinder:
    """Names from the lists, one text at a time (``find``)."""

    def __init__(self) -> None:
        self.first = first_names()
        self.last = surnames()
        self.common = common_words()

    def _is_first(self, low: str) -> bool:
        if low in self.first:
            return True
        if "-" in low:  # "Klaus-Günter", "Jean-Luc"
            head = low.split("-", 1)[0]
            return head in self.first or _ascii_fold(head) in self.first
        return not low.isascii() and _ascii_fold(low) in self.first

    def _is_last(self, low: str) -> bool:
        low = low.replace("'", "").replace("’", "")  # "o'donnell" -> "odonnell"
        return low in self.last or (not low.isascii() and _ascii_fold(low) in self.last)

    def find(self, text: str) -> list[tuple[int, int, float]]:
        """(start, end, score) of each name found in ``text``."""
        if not self.first:
            return []
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        found: list[tuple[int, int, float]] = []
        i = 0
        while i < len(words):
            w = words[i][2]
            low = w.lower()
            span, last = None, i
            # the first letter before the patterns: both need it in their case (and most words
            # of a text are lower-case and short, so few get to a pattern at all)
            if low in _SKIP:
                pass
            elif w[0].isupper() and _TITLE_WORD.match(w):
                span, last = self._capitalised(text, words, i, found)
            elif len(low) >= 3 and w[0].islower() and _LOWER_WORD.match(w) and self._is_first(low):
                span, last = self._lower_case(text, words, i)
            if span:
                found.append(span)
            i = last + 1
        return found

    def _capitalised(self, text: str, words, i: int, found) -> tuple[tuple[int, int, float] | None, int]:
        """The name a capitalised word opens, and the index of its last word."""
        s, e, w = words[i]
        low = w.lower()
        n = len(words)
        known = self._is_first(low)
        # Mid-sentence, a capitalised first name is a name unless it is one of the few
        # everyday words that are also names ("Will", "Grace"); at the start of a
        # sentence, any ordinary word ("Timothy" is also a grass) needs more evidence.
        start = s == 0 or not text[:s].strip() or bool(_SENTENCE_END.search(text, max(0, s - 8), s))
        listed = known and len(low) >= 3 and low not in _CAP_COMMON  # a name, not an everyday word
        strong = listed and (not start or low not in self.common)
        cue = _Cue(text, s)  # looked for only where an answer needs it (most words: never)
        j, parts, end = self._following_words(text, words, i, strong, known, cue, listed)
        after = text[end : end + 8]
        if not parts and known and j < n and text[e : words[j][0]] == " " and _TITLE_WORD.match(words[j][2]) \
                and _NAME_LINE_BEFORE.search(text, max(0, s - 40), s) and _LINE_END.match(text, words[j][1]) \
                and words[j][2].lower() not in _SKIP:
            # a line that holds only "First Last" (a letter head, "Name: Amber Tisserand")
            end, parts, j = words[j][1], 1, j + 1
            after = ""
        if parts and not _PRODUCT_AFTER.match(after):
            return (s, end, 0.5 if known else 0.4), j - 1
        next_capitalised = i + 1 < n and text[e : words[i + 1][0]] == " " and words[i + 1][2][:1].isupper()
        if strong and not _PRODUCT_AFTER.match(text[e : e + 8]) and not self._inside_title(text, words, i) \
                and not next_capitalised:
            return (s, e, 0.4), i
        if known and len(low) >= 3 and _SPEAKER.match(text, e) and _NAME_LINE_BEFORE.search(text, 0, s):
            return (s, e, 0.45), i  # "Suzanne: Remember me?" (a speaker at the start of a line)
        if known and len(low) >= 3 and cue() and not _PRODUCT_AFTER.match(text[e : e + 8]) and not next_capitalised:
            return (s, e, 0.4), i  # "let Crystal know", "hello from Amber"
        if known and found and _NAME_LIST_GAP.match(text[found[-1][1] : s]) and not _PRODUCT_AFTER.match(text[e : e + 8]):
            return (s, e, 0.4), i  # "Anna and Tom"
        return None, i

    def _following_words(self, text: str, words, i: int, strong: bool, known: bool, cue,
                         listed: bool = False) -> tuple[int, int, int]:
        """Capitalised words after words[i] on the same line that continue the name (particles
        and middle initials allowed between): (index after them, how many, end offset).
        ``listed``: words[i] is a first name that is no everyday word in mid-sentence, so at
        the start of a sentence a listed surname after it makes a name even when both are
        also English words ("Anna Smith called")."""
        low = words[i][2].lower()
        n = len(words)
        j, parts, end = i + 1, 0, words[i][1]
        prev, skipped = end, False  # end of the last word looked at; a particle or initial just passed
        while j < n and parts < 2:
            ns, ne, nw = words[j]
            if text[prev:ns] != " " and not (skipped and text[prev:ns] == ". "):
                break
            nlow = nw.lower()
            if (nlow in _PARTICLE or len(nw) == 1 and nw.isupper()) and j + 1 < n \
                    and _TITLE_WORD.match(words[j + 1][2]) and text[ne : words[j + 1][0]] in (" ", ". "):
                # "van den", a middle initial ("Harriette P Labrie", "Otelo C. Rubio"): part of
                # the name only if a surname follows
                j, prev, skipped = j + 1, ne, True
                continue
            if not _TITLE_WORD.match(nw) or nlow in _SKIP:
                break
            surname = self._is_last(nlow)
            ordinary = nlow in self.common
            if strong:
                ok = surname or not ordinary
            elif known:  # "Will Johnson", "Dawn Cournane" after a cue, "Anna Smith" opening a text
                ok = surname and (not ordinary or listed and parts == 0 and nlow not in _STREET_TYPES) \
                    or not ordinary and cue()
            else:  # unknown first word: two unusual capitalised words after a cue
                ok = parts == 0 and not ordinary and low not in self.common and len(low) >= 3 and cue()
            if not ok:
                break
            end, parts, j = ne, parts + 1, j + 1
            prev, skipped = ne, False
        return j, parts, end

    def _lower_case(self, text: str, words, i: int) -> tuple[tuple[int, int, float] | None, int]:
        """The name a lower-case first name opens ("erdal pruschke", "dear ivanka"), and the
        index of its last word."""
        s, e, w = words[i]
        low = w.lower()
        n = len(words)
        common = self.common
        nxt = words[i + 1] if i + 1 < n else None
        nlow = nxt[2] if nxt is not None else ""
        two = (nxt is not None and text[e : nxt[0]] == " " and _LOWER_WORD.match(nlow) and len(nlow) >= 2
               and nlow not in _SKIP and nlow not in _NOT_SURNAME_AFTER and nlow not in _EXTRA_COMMON_NAMES)
        # "erdal pruschke", "rachel parker", "anna deacy": a first name and a surname
        # (or an unknown non-word); an ordinary-word first name needs an unusual surname
        two = two and (self._is_last(nlow) and (low not in common or nlow not in common)
                       or nlow not in common and low not in common)
        before = text[max(0, s - 24) : s]
        if two:
            return (s, nxt[1], 0.5), i + 1
        if low not in common and _LOWER_CUE.search(before):
            return (s, e, 0.45), i  # "dear ivanka", "thanks, sam"
        if _STRONG_LOWER_CUE.search(before) and not (nxt is not None and text[e : nxt[0]] == " "
                                                      and nlow in ("of", "to", "for", "and", "the")):
            return (s, e, 0.4), i  # "my son guy", "hello from jasmine"
        if i + 1 < n and _NAME_LIST_GAP.match(text[e : words[i + 1][0]]) \
                and _TITLE_WORD.match(words[i + 1][2]) and self._is_first(words[i + 1][2].lower()):
            return (s, e, 0.4), i  # "hunter and Leonie"
        return None, i

    @staticmethod
    def _inside_title(text: str, words, i: int) -> bool:
        """A capitalised word right before (on the same line) makes this part of a title."""
        if i == 0:
            return False
        ps, pe, pw = words[i - 1]
        return text[pe : words[i][0]] == " " and pw[:1].isupper() and not _SENTENCE_START.search(text[: ps])


# Everyday English words that are also first names: capitalised in mid-sentence they are
# still often not a person ("Hope", "Will", "May", "Grace" in titles, brands, months).