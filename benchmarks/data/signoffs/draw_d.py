"""Draw the candidate lines of held-out sign-off set D (issue 17, round 5).

Genre: upstream docs, not changelogs -- ``NEWS``, ``THANKS``, ``AUTHORS``, ``README*``,
``TODO``, ``NEWS.Debian`` ... under ``/usr/share/doc/*/`` (every file not named
``changelog*`` or ``copyright``) and the docs the installed Python packages ship in
``.venv/lib/python3.11/site-packages`` (``*.dist-info/METADATA`` and ``*.md`` / ``*.rst`` /
``*.txt`` / ``AUTHORS*`` / ``THANKS*`` / ``CREDITS*`` files; licence files are left out: the
credit set ``../credits`` drew from them).

A candidate is a line of 12-240 characters with a thanks, greeting, closing or credit cue.
Dropped by program, unread: Debian entry trailers (" -- Name <e-mail>  date", the genre of
sets B and C), lines equal to a text of any existing sign-off set or credit line, duplicates.
``random.Random(SEED)`` draws at most ``PER_FILE`` lines per file, then shuffles them and the first
``N`` are printed with their source for labelling by hand.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_d.py > /tmp/candidates_d.jsonl
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
from pathlib import Path

import yaml

SEED = 20261204
N = 600
PER_FILE = 6
HERE = Path(__file__).resolve().parent
SITE = HERE.parents[2] / ".venv" / "lib" / "python3.11" / "site-packages"
DOC = Path("/usr/share/doc")

# A cue that someone is thanked, greeted, credited or signs off (the genre the target is about).
CUE = re.compile(
    r"\b(thanks|thank you|thanked|thx|kudos|credits? (?:to|go)|cheers|regards|greetings|hi|hello|dear|"
    r"contributed by|reported by|patch(?:es)? (?:by|from)|suggested by|courtesy of|acknowledg\w*|grateful|"
    r"written by|maintained by|originally by|help from|inspired by)\b", re.IGNORECASE)
TRAILER = re.compile(r"^\s*-- .*<[^>]*>\s+\S")  # Debian entry sign-off: sets B/C's genre
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
DOC_NAMES = re.compile(r"(?i)^(news|thanks|authors|credits|readme|todo|history|changes|contributors|"
                       r"bugs|faq|notice|acknowledg)")


def doc_files() -> list[Path]:
    """Files under /usr/share/doc/*/ except changelogs and copyright, sorted (a fixed order)."""
    return sorted(p for p in DOC.rglob("*") if p.is_file() and not p.name.startswith("changelog")
                  and p.name != "copyright" and not p.is_symlink())


def site_files() -> list[Path]:
    """Docs the installed Python packages ship (METADATA and doc-named files), no licence files."""
    out = []
    for p in SITE.rglob("*"):
        if not p.is_file() or "licen" in p.name.lower() or "licen" in str(p.parent).lower():
            continue
        if p.name == "METADATA" or DOC_NAMES.match(p.name) or p.suffix in (".md", ".rst"):
            out.append(p)
    return sorted(out)


def read_lines(p: Path) -> list[str]:
    try:
        raw = gzip.open(p).read() if p.suffix == ".gz" else p.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError, EOFError):
        return []
    return text.splitlines()


# the sign-off sets that existed when set D was drawn (named, so that D and later sets in this
# folder do not change the draw: it must reproduce D's candidates)
EARLIER_SETS = ("dev_b.yaml", "dev_changelog_c.yaml", "dev_multilingual_c.yaml", "dev_wide.yaml",
                "fresh_heldout.yaml", "heldout_2026-12-03b.yaml", "heldout_2026-12-04c.yaml")


def known_texts() -> set[str]:
    """Every text of the earlier sign-off sets and credit lines, stripped (to drop repeats)."""
    seen = set()
    for f in (HERE / name for name in EARLIER_SETS):
        spec = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        seen.update(c["text"].strip() for c in spec.get("cases", []))
        seen.update(t.strip() for t in spec.get("negatives", []))
    for line in (HERE.parent / "credits" / "passages.jsonl").read_text(encoding="utf-8").splitlines():
        seen.add(json.loads(line)["text"].strip())
    return seen


def candidates(rng: random.Random) -> list[dict]:
    """Every file's cue lines, at most PER_FILE of them drawn by ``rng`` (files in sorted order)."""
    seen = known_texts()
    out, taken = [], set()
    for p in doc_files() + site_files():
        mine = []
        for line in read_lines(p):
            s = line.strip()
            if not (12 <= len(s) <= 240) or not CUE.search(s) or TRAILER.match(line):
                continue
            s = EMAIL.sub("<EMAIL>", s)
            if s in seen or s in taken:
                continue
            taken.add(s)
            mine.append({"text": s, "source": str(p).replace(str(SITE), "site-packages")})
        rng.shuffle(mine)
        out += mine[:PER_FILE]
    return out


def main() -> None:
    rng = random.Random(SEED)
    cands = candidates(rng)
    rng.shuffle(cands)
    print(f"# {len(cands)} candidates, first {N} printed", file=sys.stderr)
    for i, c in enumerate(cands[:N]):
        print(json.dumps({"i": i, **c}, ensure_ascii=False))


if __name__ == "__main__":
    main()
