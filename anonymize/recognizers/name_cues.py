"""Person names after conversational cues (``Thanks, Maria``, ``my name is bob``, ``spoke with
Priya``, ``Dr. Watson``), which small NER models miss or mislabel.  Pattern-only."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from ..recognizer_registry import register_recognizer
from veil_edge import alternation
from .base import FLAGS as _FLAGS


# any script's capital and small letters: "Časlav", "Wiśniewska", "Jiří Lukášek"
_NAME_WORD = r"\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}'’]+)?"
# "Azra van den Brink", "Ana de la Cruz", "Omar bin Said": particles between name words
_PARTICLES = r"(?:(?:" + alternation("name_particles") + r")\s+){0,3}"
_CUE_CAPITALISED = (
    r"(?i:my name is|my name's|name is|name:|call me|ask for|asked for|spoke to|spoke with|talked to|"
    r"speak to|speak with|speaking with|regards|thanks|thank you|cheers|sincerely|best wishes|yours truly|"
    r"this is|i am|i'm|it's|dear|hi|hello|hey|love|xoxo|mr\.?|mrs\.?|ms\.?|miss|dr\.?|prof\.?|sir|madam|"
    r"agent|rep|representative|colleague|manager|husband|wife|son|daughter|friend|brother|sister|"
    r"holder|account holder|cardholder|under the name|in the name of|registered as|named|called|signed by|"
    r"on behalf of|attn|attention|c/o|account is under|is under the name|belongs to|"
    r"note from|message from|email from|e-mail from|call from|text from|letter from|"
    r"customer|client|patient|member|guest|passenger|employee|tenant|"
    r"last name|first name|surname|family name|maiden name|given name|your name|full name|"
    r"transfer me to|put me through to|connect me to|connect me with|forward it to|forward this to)"
)
_LOWER_STOP = (
    r"(?!(?i:someone|somebody|anyone|everyone|nobody|support|them|him|her|you|us|me|a|an|the|your|my|our|their|"
    r"his|customer|customers|agent|agents|staff|team|manager|service|sales|billing|is|was|and|to|on|in|at|about|"
    r"yesterday|today|tomorrow|again|it|this|that|see|talk|speak|soon|later|for|all|so|much|very|lot|lots|"
    r"everything|everybody|guys|folks|all|bye|later|care|ok|okay)\b)"
)
_CUE_CLOSING = (
    r"(?i:thanks|thank you|many thanks|thanks again|cheers|regards|best regards|kind regards|warm regards|"
    r"best wishes|best|all the best|sincerely|yours sincerely|yours truly|yours|love|take care)"
)
_NAME_WORD_ANY = r"(?:[A-ZÀ-Ý][a-zà-ÿ'’]+|[a-zà-ÿ][a-zà-ÿ'’]+)(?:-[A-ZÀ-Ýa-zà-ÿ][a-zà-ÿ'’]+)?"
_CUE_ANY_CASE = r"(?i:my name is|my name's|my name:|signed|sincerely|regards)"


_NOT_NAMES = alternation("not_names")  # data/not_names.txt


# A name starts a word: checked first, it rejects most positions before the sign-off's costly
# lookbehind (measured: no gain for the other cue patterns, which the regex engine already skips fast).
_WORD_START = r"(?<![\p{L}\p{N}])(?=\p{L})"


_CAPITALISED = (
    r"(?<=\b" + _CUE_CAPITALISED + r"(?:[,:!?]|\s+is)?\s+)(?!(?:" + _NOT_NAMES + r")\b)"
    + _NAME_WORD + r"(?:\s+\p{Lu}\.?(?=\s+\p{Lu}))?"  # a middle initial: "Nivi P Hansen"
    r"(?:\s+" + _PARTICLES + r"(?!(?:" + _NOT_NAMES + r")\b)" + _NAME_WORD + r"){0,2}"
)
_ANY_CASE = (
    r"(?<=\b" + _CUE_ANY_CASE + r"[,:]?\s+)(?!(?i:is|was|a|an|the|not|and|to)\b)[A-Za-z][a-z'’]+"
    r"(?:\s+(?!(?i:and|but|i|im|my|is|was|the|a|from|here|to|with)\b)[A-Za-z][a-z'’]+)?"
    r"(?=\s*(?:[,.!?;\n]|$|\s(?i:and|but|here|from|speaking)\b))"
)
# "spoke with ana lima yesterday", "account holder: joe bloggs", "registered as kim park"
_STRONG_LOWER = (
    r"(?<=\b(?i:spoke with|spoke to|talked to|talking to|speaking with|account holder|card holder|"
    r"cardholder|holder|under the name(?: of)?|in the name of|registered as|named|signed by|"
    r"account is under|belongs to|transfer me to|put me through to|note from|message from|customer|"
    r"client)[,:]?\s+)"
    + _LOWER_STOP + r"[A-Za-zà-ÿ][a-zà-ÿ'’-]+(?:\s+" + _LOWER_STOP + r"[A-Za-zà-ÿ][a-zà-ÿ'’-]+)?"
    r"(?=\s*(?:[,.!?;:)\n]|$)|\s+(?i:yesterday|today|about|regarding|on|at|who|and|but|from|in|for|was|"
    r"is|said|told|please|called|emailed|wrote|asked|reported|wants|needs|has|had|will|would|says|"
    r"mentioned|phoned|complained)\b)"
)
# round 37 (sets BF-BH, spent: "Hi, I'm using 0.65.1", "Hi I am having problems"): a verb's form
# in lower case after "I'm" is no name ("hi, i'm ming" keeps its name: one letter before "ing")
_NOT_VERB = r"(?![a-z]{2,}(?:ing|ed)\b)"
# "hi, this is bob", "hey it's priya here", "this is sam speaking"
_GREETING = (
    r"(?<=(?:^|[.!?\n]\s*)(?i:hi|hello|hey|hiya|good morning|good afternoon|good evening)[,!.]?\s+"
    r"(?i:this is|it's|it is|i am|i'm|im)\s+)" + _LOWER_STOP + _NOT_VERB + r"[A-Za-z][a-z'’]+(?=\s*(?:[,.!?;\n]|$|\s))"
)
_SPEAKING = (
    r"(?<=\b(?i:this is|it's|it is|i am|i'm|im)\s+)[A-Za-z][a-z'’]+(?=\s+(?i:here|speaking)\b)"
)
# "Emily from support was great", "Kevin helped me": a first name opening a sentence
# followed by what people do in support stories.
_OPENER = (
    r"(?<=(?:^|[.!?\n]\s*))(?!(?:" + _NOT_NAMES + r")\b)" + _NAME_WORD
    + r"(?:\s+" + _NAME_WORD + r")?(?=\s+(?:(?i:from|at|in|on)\s+(?i:the\s+)?(?i:support|customer|help|store|"
    r"shop|team|desk|service|phone|chat)|(?i:helped|said|told|assisted|answered|replied|called|emailed|"
    r"messaged|fixed|sorted|solved|refunded|was (?:super|very|so|really|extremely|great|rude|helpful)|"
    r"began|shouted|whispered|wrote|asked|laughed|smiled|cried|grew up|was born|married)\b))"
)
# "Mederico's address", "Michelle's daughter": a capitalised word owning what people own
_POSSESSIVE = (
    r"(?<![\w'’-])(?!(?:" + _NOT_NAMES + r")\b)" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r")?"
    r"(?=['’]s\s+(?:home\s+)?(?:address|kid|kids|son|daughter|wife|husband|mother|father|mom|mum|dad|boss|"
    r"birthday|parents|brother|sister|girlfriend|boyfriend|children|baby|maiden name)\b)"
)
# Sign-offs: "Thanks. Sophia", "Best wishes,\nAnna Berg", "-- \nTom Hill", "— Maria": a name
# alone on the rest of the line after a closing or a signature dash.
_SIGN_OFF = (
    _WORD_START + r"(?<=\b(?:" + _CUE_CLOSING + r")[.,!:]?[ \t]*\n?[ \t]*|(?:^|\n)[ \t]*(?:--|—|–|-|~)[ \t]*\n?[ \t]*|[.!?][ \t]+(?:--|—|–)[ \t]*)"
    r"(?!(?i:" + _NOT_NAMES + r"|wishes|regards|again|so|much|for|to|in|advance)\b)"
    r"(?:" + _NAME_WORD + r"(?:[ \t]+" + _PARTICLES + _NAME_WORD_ANY + r"){0,2}"
    r"|" + _LOWER_STOP + r"[a-zà-ÿ][a-zà-ÿ'’-]+(?:[ \t]+" + _LOWER_STOP + r"[a-zà-ÿ][a-zà-ÿ'’-]+)?)"
    r"(?=[ \t]*(?:$|\n|[,(]|\.\s*$))"
)


@register_recognizer("name_cues")
class NameCuesRecognizer(PatternRecognizer):
    """Person names after conversational cues: ``Thanks, Maria``, ``my name is bob``,
    ``spoke with Priya``, ``Dr. Watson``.  Small NER models miss or mislabel these."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="PERSON",
            name="VeilNameCuesRecognizer",
            patterns=[
                Pattern("name_sign_off", _SIGN_OFF, 0.6),
                Pattern("name_after_strong_cue", _STRONG_LOWER, 0.6),
                Pattern("name_sentence_opener", _OPENER, 0.5),
                Pattern("name_possessive", _POSSESSIVE, 0.5),
                Pattern("name_after_cue", _CAPITALISED, 0.6),
                Pattern("name_any_case", _ANY_CASE, 0.6),
                Pattern("name_greeting", _GREETING, 0.6),
                Pattern("name_speaking", _SPEAKING, 0.6),
            ],
            global_regex_flags=_FLAGS,
        )
