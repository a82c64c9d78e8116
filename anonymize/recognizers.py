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

# Street suffixes: the USPS Publication 28 (C1) list and the Australia Post / Royal Mail
# thoroughfare types, with common abbreviations.
_SUFFIX_WORDS = sorted(set("""
Alley Avenue Branch Bridge Brook Brooks Burg Burgs Bypass Camp Canyon Cape Causeway Center Centers Circle
Circles Cliff Cliffs Club Common Corner Corners Course Court Courts Cove Coves Creek Crescent Crest Crossing
Crossroad Curve Dale Dam Divide Drive Drives Estate Estates Expressway Extension Extensions Falls Ferry
Field Fields Flats Ford Fords Forest Forge Forges Fork Forks Fort Freeway Garden Gardens Gateway Glen Glens
Green Greens Grove Groves Harbor Harbors Harbour Haven Heights Highway Hill Hills Hollow Inlet Island Islands
Isle Junction Junctions Key Keys Knoll Knolls Lake Lakes Landing Lane Light Lights Loaf Lock Locks Lodge
Loop Mall Manor Manors Meadow Meadows Mews Mill Mills Mission Motorway Mount Mountain Mountains Neck Orchard
Oval Overpass Park Parks Parkway Parkways Pass Passage Path Pike Pine Pines Place Plain Plains Plaza Point
Points Port Ports Prairie Radial Ramp Ranch Rapid Rapids Rest Ridge Ridges River Road Roads Route Row Rue Run
Shoal Shoals Shore Shores Skyway Spring Springs Spur Spurs Square Squares Station Stravenue Stream Street
Streets Summit Terrace Throughway Trace Track Trafficway Trail Tunnel Turnpike Underpass Union Unions Valley
Valleys Viaduct View Views Village Villages Ville Vista Walk Walks Wall Way Ways Well Wells
Amble Approach Arcade Bend Boulevard Brae Broadway Brow Chase Circuit Circus Close Concourse Copse Corso
Crossway Dell Esplanade Fairway Gate Gates Glade Grange Highroad Laneway Link Lookout Nook Outlook Parade
Piazza Promenade Quay Quays Retreat Ridgeway Rise Riverway Rosebowl Strand Strip Tor Towers Vale Villas
Walkway Wynd Yard Hey Fold Garth Croft Drove Hollow Side Leys End Roadway Subway Boardwalk Bowl Cul-de-sac
Edge Entrance Gap Hub Mead Pathway Pocket Quadrant Ramble Reach Reserve Return Serviceway Siding Slope Steps
Tollway Turn Waters Wharf Wood Woods Cross Crossing Junction Corso Parade Esplanade Avenue Greenway Heath
St Ave Rd Blvd Ln Dr Ct Pl Ter Sq Pkwy Hwy Cir Cres Crst Xing Trl Expy Fwy Ctr Cv Hts Mnr Pt Rdg Sta Plz Tce
Strasse Straße
""".split()), key=lambda w: (-len(w), w))
_SUFFIX_ABBR = "|".join(_SUFFIX_WORDS)
_SUFFIX_WORD = r"street|avenue|road|boulevard|lane|drive|court|terrace|parkway|highway|crescent|close|square"
_UNIT = r"(?:,?\s*(?i:apt|apartment|unit|suite|ste|flat|floor|fl|room|#)\.?\s*#?\s*[A-Za-z0-9-]{1,6})?"
_CITY_STATE_ZIP = (
    r"(?:,\s*[A-Z][A-Za-z.'-]+(?![A-Za-z0-9])(?:\s[A-Z][A-Za-z.'-]+(?![A-Za-z0-9])){0,2})?"  # , City
    r"(?:,?\s+[A-Z]{2,3}(?![A-Za-z0-9]))?"  # state / territory
    r"(?:,?\s+(?:\d{5}(?:-\d{4})?(?!\d)|\d{4}(?!\d)|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}(?![A-Za-z0-9])"
    r"|[A-Z]\d[A-Z]\s?\d[A-Z]\d(?![A-Za-z0-9])))?"  # US ZIP / AU postcode / UK postcode / CA postal code
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
        # "Flat 3, 12 Kirk Field", "Apt. 4B 77 Elm Road": a unit before the number
        unit_first = (
            r"(?<![\w-])(?i:flat|apt|apartment|unit|suite)\.?\s*#?[A-Za-z0-9-]{1,6},?\s+" + capitalised
        )
        # Continental order: "Hauptstraße 5", "Industriestraat 133b", "Via Roma 12", "rue de la Paix 4",
        # "ul. Asnyka Adama 82", "Calle Mayor 3" (city and postcode after it when present)
        compound = (
            r"(?<![\w-])[A-ZÀ-Ý][\w'’-]*(?i:stra(?:ss|ß)e|str\.|straat|weg|gasse|laan|plein|gracht|allee|platz|"
            r"ring|damm|ufer|gade|vej|veien|vegen|gata|gatan|vägen|katu|tie|utca)\s+\d{1,5}[a-zA-Z]?(?![\w-])"
        )
        # "Linzer Strasse 69", "Kurze Gasse 3a"
        compound += (
            r"|(?<![\w-])[A-ZÀ-Ý][\w'’-]*\s+(?:Stra(?:ss|ß)e|Straat|Weg|Gasse|Allee|Platz|Ring|Damm|Ufer|Laan|Gade|"
            r"Vej|Gata|Gatan|Utca|utca|rakpart)\s+\d{1,5}[a-zA-Z]?(?![\w-])"
        )
        prefixed = (
            r"(?<![\w-])(?:Via|Viale|Piazza|Corso|Rua|Avenida|Av\.|Calle|Carrer|Paseo|Plaza|(?i:rue)|Avenue|"
            r"Boulevard|Chemin|Place|Allée|Quai|ul\.|al\.|Ulica|Aleja|Str\.)\s+(?:(?:de|del|della|da|do|dos|des|du|la|le|"
            r"di|delle|dei|d')\s*)*[A-ZÀ-Ý][\w'’.-]*(?:\s+(?:(?:de|del|da|do|la|le|di)\s+)?[A-ZÀ-Ý][\w'’.-]*){0,3}"
            r",?\s+\d{1,5}[a-zA-Z]?(?![\w-])"
        )
        postcode_city = r"(?:,?\s+\d{4,5}\s+[A-ZÀ-Ý][\w'’-]+(?:[ -][A-ZÀ-Ý][\w'’-]+)?)?"
        compound = r"(?:" + compound + r")"
        super().__init__(
            supported_entity="STREET_ADDRESS",
            name="VeilStreetAddressRecognizer",
            patterns=[Pattern("street_capitalised", capitalised, 0.6), Pattern("street_lower", lower, 0.5),
                      Pattern("street_unit_first", unit_first, 0.6),
                      Pattern("street_compound", compound + postcode_city, 0.55),
                      Pattern("street_prefixed", prefixed + postcode_city, 0.55)],
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


_NAME_WORD = r"[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ý][a-zà-ÿ'’]+)?"
# "Azra van den Brink", "Ana de la Cruz", "Omar bin Said": particles between name words
_PARTICLES = r"(?:(?:van|von|de|der|den|del|della|da|di|du|dos|das|le|la|bin|ibn|al|el|ter|ten|zu)\s+){0,3}"
_CUE_CAPITALISED = (
    r"(?i:my name is|my name's|name is|name:|call me|ask for|asked for|spoke to|spoke with|talked to|"
    r"speak to|speak with|speaking with|regards|thanks|thank you|cheers|sincerely|best wishes|yours truly|"
    r"this is|i am|i'm|it's|dear|hi|hello|hey|love|xoxo|mr\.?|mrs\.?|ms\.?|miss|dr\.?|prof\.?|sir|madam|"
    r"agent|rep|representative|colleague|manager|husband|wife|son|daughter|friend|brother|sister|"
    r"holder|account holder|cardholder|under the name|in the name of|registered as|named|called|signed by|"
    r"on behalf of|attn|attention|c/o|account is under|is under the name|belongs to|"
    r"note from|message from|email from|e-mail from|call from|text from|letter from|"
    r"customer|client|patient|member|guest|passenger|employee|tenant|"
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
            + _NAME_WORD + r"(?:\s+" + _PARTICLES + r"(?!(?:" + _NOT_NAMES + r")\b)" + _NAME_WORD + r"){0,2}"
        )
        any_case = (
            r"(?<=\b" + _CUE_ANY_CASE + r"[,:]?\s+)(?!(?i:is|was|a|an|the|not|and|to)\b)[A-Za-z][a-z'’]+"
            r"(?:\s+(?!(?i:and|but|i|im|my|is|was|the|a|from|here|to|with)\b)[A-Za-z][a-z'’]+)?"
            r"(?=\s*(?:[,.!?;\n]|$|\s(?i:and|but|here|from|speaking)\b))"
        )
        # "spoke with ana lima yesterday", "account holder: joe bloggs", "registered as kim park"
        lower_stop = _LOWER_STOP
        strong_lower = (
            r"(?<=\b(?i:spoke with|spoke to|talked to|talking to|speaking with|account holder|card holder|"
            r"cardholder|holder|under the name(?: of)?|in the name of|registered as|named|signed by|"
            r"account is under|belongs to|transfer me to|put me through to|note from|message from|customer|"
            r"client)[,:]?\s+)"
            + lower_stop + r"[A-Za-zà-ÿ][a-zà-ÿ'’-]+(?:\s+" + lower_stop + r"[A-Za-zà-ÿ][a-zà-ÿ'’-]+)?"
            r"(?=\s*(?:[,.!?;:)\n]|$)|\s+(?i:yesterday|today|about|regarding|on|at|who|and|but|from|in|for|was|"
            r"is|said|told|please|called|emailed|wrote|asked|reported|wants|needs|has|had|will|would|says|"
            r"mentioned|phoned|complained)\b)"
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
        # Sign-offs: "Thanks. Sophia", "Best wishes,\nAnna Berg", "-- \nTom Hill", "— Maria": a name
        # alone on the rest of the line after a closing or a signature dash.
        sign_off = (
            r"(?<=\b(?:" + _CUE_CLOSING + r")[.,!:]?[ \t]*\n?[ \t]*|(?:^|\n)[ \t]*(?:--|—|–|-|~)[ \t]*\n?[ \t]*|[.!?][ \t]+(?:--|—|–)[ \t]*)"
            r"(?!(?i:" + _NOT_NAMES + r"|wishes|regards|again|so|much|for|to|in|advance)\b)"
            r"(?:" + _NAME_WORD + r"(?:[ \t]+" + _PARTICLES + _NAME_WORD_ANY + r"){0,2}"
            r"|" + _LOWER_STOP + r"[a-zà-ÿ][a-zà-ÿ'’-]+(?:[ \t]+" + _LOWER_STOP + r"[a-zà-ÿ][a-zà-ÿ'’-]+)?)"
            r"(?=[ \t]*(?:$|\n|[,(]|\.\s*$))"
        )
        super().__init__(
            supported_entity="PERSON",
            name="VeilNameCuesRecognizer",
            patterns=[
                Pattern("name_sign_off", sign_off, 0.6),
                Pattern("name_after_strong_cue", strong_lower, 0.6),
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
