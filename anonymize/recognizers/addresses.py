"""Postal addresses: ``123 Main Street``, ``Hauptstraße 5``, ``Via Roma 12``, military mail,
postcodes named as such.  Pattern-only (no word lists but the street types)."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from ..recognizer_registry import register_recognizer
from veil_edge import words
from .base import FLAGS as _FLAGS


# Street suffixes (data/street_types.txt), longest first.
_SUFFIX_WORDS = sorted(words("street_types"), key=lambda w: (-len(w), w))
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
