"""Build heldout_2026-12-04h.yaml from draw_h.py's candidates and labels_h.txt (the hand labels):
a case per labelled name with its line's stratum and a kind by set G's regex (``build_g.kind``);
the header comment is ``HEADER`` below.

    python benchmarks/data/signoffs/draw_h.py > /tmp/candidates_h.jsonl
    python benchmarks/data/signoffs/build_h.py /tmp/candidates_h.jsonl
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_g import build, candidates_arg  # noqa: E402  (set G's builder; its kinds by build_g.kind)

OUT = HERE / "heldout_2026-12-04h.yaml"
HEADER = """\
# HELD-OUT sign-off set H (issue 17, round 8, wt-seth, 2026-12-04).  FROZEN: drawn, labelled and committed
# before any rule of round 8 is changed and before it is scored at all (not even once while writing it);
# to be scored once, at the end of round 8, totals only, never row by row.
# Real text only, drawn by draw_h.py (this folder), random.Random(20261207), set G's pattern with six
# repositories no earlier set drew from, mirrored at fixed commits: "mail", the e-mail fixtures of b4,
# patchwork, alot, sup and aerc (text parts decoded, html tags and quote markers stripped; at most 4 lines
# a message, 80 a repository) and "git", the commit messages of b4, patchwork, alot, sup, aerc and neomutt
# (at most 2 lines a commit, 8 bare "*-by:" trailers a repository, 40-150 lines a repository).
# 467 candidates, every one read (labels_h.txt: candidate number -> names, N or skipped).  Labelled by hand
# by a helper session that writes no rules (one labeller for every line), set G's rules: a case per person
# named, as the line shows the name (a first name alone, lower case as written: "brian", "liviu",
# "marcus williams"); an initial-less nickname-like first name kept when it reads as a given name ("Vin",
# "Al" in "~Al").  Skipped, neither case nor negative: technical senses of the cue ("patches from bundles",
# "queued-thanks", "thanked series", "filter patches by hash"), code and diff lines ("+# Hello, world",
# 'strcmp(s, "hello")'), names cut off by the wrap, pure handles, nicknames and initials ("@gahr", "exg",
# "lotheac", "cybrNaut", "delthas", "emersion", "EGE", "V.A.", "J.H.", "VVV", "cr", "Waider"), pseudonyms
# and placeholders ("Jeriko One", "Someone Awesome", b4's "Follow Upper" / "Cover Upper" test personas),
# template text ("Hello FirstName LastName"), garbled fixture text.  Negatives: the cue and no person:
# greetings to no one ("Hi folks,", "Hello!", "Hi everyone!", "Hello guys,", "Hello, world."), closings
# and signatures without a person ("cheers\\n--", "--\\nSaludos,", "--\\n2.17.1", "--\\nMy sig",
# "Thank you\\nhttp://..."), "- OP_FOLLOWUP" / "- SORT_NAME" / "- Improved API"-style list items, tools,
# bots and projects after the cue ("Reported by lintian.", "Thanks gofmt.", "Credit to OSS-Fuzz",
# "thanks to Django REST Framework", "patch from OpenBSD"), "thanks to" meaning "because of", "Thanks to
# all contributors!", "Suggested by a few people.", "kudos to them", "Manual: use itemizedlist for
# acknowledgements".  E-mails -> <EMAIL>.  Each case has its stratum and a kind (greeting / closing /
# signature / thanks-address / thanks / trailer / authorship / credit, by build_g.kind on its line).
"""


def main() -> None:
    build(candidates_arg(), HERE / "labels_h.txt", OUT, HEADER)

if __name__ == "__main__":
    main()
