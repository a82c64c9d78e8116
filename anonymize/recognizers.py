"""Veil's own PII recognizers, added to Presidio's stock ones.

Each is a small class registered by name in ``RECOGNIZERS`` (``@register_recognizer``);
the text engine instantiates every registered recognizer once per process.

Stock Presidio (with a small spaCy model) misses street addresses, names given after
common cues in lower case or mislabelled by NER, card-like numbers that fail the Luhn
check, and some phone formats; these fill those gaps.
"""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer

from .recognizer_registry import RECOGNIZERS, register_recognizer

__all__ = ["RECOGNIZERS", "register_recognizer"]


# Case-sensitive matching (Presidio's default flags include IGNORECASE): capitalisation
# is the signal for names and street names; cues use inline (?i:...).
_FLAGS = regex.DOTALL | regex.MULTILINE

_SUFFIX_ABBR = (
    r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|"
    r"Close|Square|Sq|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Crescent|Cres|Gardens|Row|Alley|Trail|Walk|"
    r"Grove|Mews|Rise|Plaza|Strasse|Straße"
)
_SUFFIX_WORD = r"street|avenue|road|boulevard|lane|drive|court|terrace|parkway|highway|crescent|close|square"
_UNIT = r"(?:,?\s*(?i:apt|apartment|unit|suite|ste|flat|floor|fl|room|#)\.?\s*#?\s*[A-Za-z0-9-]{1,6})?"
_CITY_STATE_ZIP = (
    r"(?:,\s*[A-Z][A-Za-z.'-]+(?![A-Za-z0-9])(?:\s[A-Z][A-Za-z.'-]+(?![A-Za-z0-9])){0,2})?"  # , City
    r"(?:,?\s+[A-Z]{2}(?![A-Za-z0-9]))?"  # state
    r"(?:,?\s+(?:\d{5}(?:-\d{4})?(?!\d)|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}(?![A-Za-z0-9])))?"  # US ZIP / UK postcode
)
_DIRECTION = r"(?:\s+(?:N|S|E|W|NE|NW|SE|SW)(?![A-Za-z0-9]))?"


@register_recognizer("street_address")
class StreetAddressRecognizer(PatternRecognizer):
    """``123 Main Street``, ``42 Elm Ave, Apt 5, Portland OR 97201``, ``12 old mill road``."""

    def __init__(self) -> None:
        number = r"(?<![\w.-])\d{1,6}[A-Za-z]?(?:\s?-\s?\d{1,6})?"
        capitalised = (
            number + r"\s+(?:[A-Z][A-Za-z'’.-]*|\d{1,3}(?:st|nd|rd|th))(?:\s+[A-Z][A-Za-z'’.-]*){0,3}\s+"
            r"(?:" + _SUFFIX_ABBR + r")\b\.?" + _DIRECTION + _UNIT + _CITY_STATE_ZIP
        )
        lower = number + r"\s+(?:[a-z][a-z'’-]+\s+){1,2}(?i:" + _SUFFIX_WORD + r")\b" + _UNIT + _CITY_STATE_ZIP
        super().__init__(
            supported_entity="STREET_ADDRESS",
            name="VeilStreetAddressRecognizer",
            patterns=[Pattern("street_capitalised", capitalised, 0.6), Pattern("street_lower", lower, 0.5)],
            context=["address", "live", "lives", "ship", "shipped", "deliver", "street"],
            global_regex_flags=_FLAGS,
        )


@register_recognizer("phone_formats")
class PhoneFormatsRecognizer(PatternRecognizer):
    """Grouped phone numbers Presidio's phonenumbers-based recognizer can miss
    (``555 123 4567``, ``(555)1234567``, ``+49 30 1234 5678``, ``07700 900123``)."""

    def __init__(self) -> None:
        grouped = (
            r"(?<![\w.+/-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)\s?|\d{2,5}[\s.-])\d{3,4}(?:[\s.-]?\d{2,5}){0,2}(?![\w/-])"
        )
        super().__init__(
            supported_entity="PHONE_NUMBER",
            name="VeilPhoneFormatsRecognizer",
            patterns=[Pattern("phone_grouped", grouped, 0.45)],
            context=["phone", "call", "tel", "mobile", "cell", "number", "text", "whatsapp", "reach"],
            global_regex_flags=_FLAGS,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = sum(ch.isdigit() for ch in pattern_text)
        if not 7 <= digits <= 15:
            return False
        return None


@register_recognizer("card_like")
class CardLikeRecognizer(PatternRecognizer):
    """Card numbers written in groups of four, whether or not the Luhn check passes."""

    def __init__(self) -> None:
        grouped = r"(?<![\w-])\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}(?![\w-])"
        plain = r"(?<![\w-])\d{13,19}(?![\w-])"
        super().__init__(
            supported_entity="CREDIT_CARD",
            name="VeilCardLikeRecognizer",
            patterns=[Pattern("card_grouped", grouped, 0.5), Pattern("card_plain", plain, 0.3)],
            context=["card", "credit", "visa", "mastercard", "amex", "debit", "cc"],
            global_regex_flags=_FLAGS,
        )


_NAME_WORD = r"[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
_CUE_CAPITALISED = (
    r"(?i:my name is|my name's|name is|name:|call me|ask for|asked for|spoke to|spoke with|talked to|"
    r"speak to|speak with|speaking with|regards|thanks|thank you|cheers|sincerely|best wishes|yours truly|"
    r"this is|i am|i'm|it's|dear|hi|hello|hey|love|xoxo|mr\.?|mrs\.?|ms\.?|miss|dr\.?|prof\.?|sir|madam|"
    r"agent|rep|representative|colleague|manager|husband|wife|son|daughter|friend|brother|sister)"
)
_CUE_ANY_CASE = r"(?i:my name is|my name's|my name:|signed|sincerely|regards)"

_NOT_NAMES = (
    "I|I'm|Im|The|This|That|It|We|You|He|She|They|A|An|And|But|So|Thanks|Thank|Hi|Hello|Hey|Dear|Team|All|"
    "Everyone|Sir|Madam|Again|Very|Much|Please|Sorry|Yes|No|Ok|Okay|Great|Good|Here|There|Customer|Support|"
    "Service|Agent|Manager|Guys|Folks|Friend|Someone|Anyone|Nobody|Love|Best|Kind|Warm|Regards|Cheers|"
    "Sincerely|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Today|Tomorrow|Yesterday|Not|Just|"
    "Really|Still|Also|Now|Then|Well|Oh|Wow|My|Your|Our|Their|His|Her|Its|What|When|Where|Why|How|Who|"
    "Which|If|In|On|At|For|From|With|To|Of|Is|Was|Be|Am|Are|Happy|Sad|Glad|Writing|Calling|Trying|Going|Back|"
    "Reaching|Having|Looking|Waiting|Unable|Able|Sure|Definitely|Absolutely|Mr|Mrs|Ms|Miss|Dr|Prof"
)


@register_recognizer("name_cues")
class NameCuesRecognizer(PatternRecognizer):
    """Person names after conversational cues: ``Thanks, Maria``, ``my name is bob``,
    ``spoke with Priya``, ``Dr. Watson``.  Small NER models miss or mislabel these."""

    def __init__(self) -> None:
        capitalised = (
            r"(?<=\b" + _CUE_CAPITALISED + r"[,:!]?\s+)(?!(?:" + _NOT_NAMES + r")\b)"
            + _NAME_WORD + r"(?:\s+(?!(?:" + _NOT_NAMES + r")\b)" + _NAME_WORD + r"){0,2}"
        )
        any_case = (
            r"(?<=\b" + _CUE_ANY_CASE + r"[,:]?\s+)(?!(?i:is|was|a|an|the|not|and|to)\b)[A-Za-z][a-z'’]+"
            r"(?:\s+(?!(?i:and|but|i|im|my|is|was|the|a|from|here|to|with)\b)[A-Za-z][a-z'’]+)?"
            r"(?=\s*(?:[,.!?;\n]|$|\s(?i:and|but|here|from|speaking)\b))"
        )
        # "hi, this is bob", "hey it's priya here", "this is sam speaking"
        greeting = (
            r"(?<=(?:^|[.!?\n]\s*)(?i:hi|hello|hey|hiya|good morning|good afternoon|good evening)[,!.]?\s+"
            r"(?i:this is|it's|it is|i am|i'm|im)\s+)[A-Za-z][a-z'’]+(?=\s*(?:[,.!?;\n]|$|\s))"
        )
        speaking = (
            r"(?<=\b(?i:this is|it's|it is|i am|i'm|im)\s+)[A-Za-z][a-z'’]+(?=\s+(?i:here|speaking)\b)"
        )
        # "Emily from support was great", "Kevin helped me": a first name opening a sentence
        # followed by what people do in support stories.
        opener = (
            r"(?<=(?:^|[.!?\n]\s*))(?!(?:" + _NOT_NAMES + r")\b)" + _NAME_WORD
            + r"(?:\s+" + _NAME_WORD + r")?(?=\s+(?:(?i:from|at|in|on)\s+(?i:the\s+)?(?i:support|customer|help|store|"
            r"shop|team|desk|service|phone|chat)|(?i:helped|said|told|assisted|answered|replied|called|emailed|"
            r"messaged|fixed|sorted|solved|refunded|was (?:super|very|so|really|extremely|great|rude|helpful))\b))"
        )
        super().__init__(
            supported_entity="PERSON",
            name="VeilNameCuesRecognizer",
            patterns=[
                Pattern("name_sentence_opener", opener, 0.5),
                Pattern("name_after_cue", capitalised, 0.6),
                Pattern("name_any_case", any_case, 0.6),
                Pattern("name_greeting", greeting, 0.6),
                Pattern("name_speaking", speaking, 0.6),
            ],
            global_regex_flags=_FLAGS,
        )


@register_recognizer("ssn_format")
class SsnFormatRecognizer(PatternRecognizer):
    """``123-45-6789``: the dashed 3-2-4 shape is an SSN in practice; Presidio's recognizer
    drops well-known and low-entropy examples, which are still someone's data in an event."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="US_SSN",
            name="VeilSsnFormatRecognizer",
            patterns=[Pattern("ssn_dashed", r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])", 0.5)],
            context=["ssn", "social", "security"],
            global_regex_flags=_FLAGS,
        )
