"""Build heldout_2026-12-04h.yaml from draw_h.py's candidates and labels_h.txt (the hand labels):
a case per labelled name with its line's stratum and a kind by set G's regex (``build_g.kind``);
the header comment is ``HEADER`` below.

    python benchmarks/data/signoffs/draw_h.py > /tmp/candidates_h.jsonl
    python benchmarks/data/signoffs/build_h.py /tmp/candidates_h.jsonl
"""
import collections
import json
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_g import kind  # noqa: E402

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
    c = {json.loads(x)["i"]: json.loads(x) for x in open(sys.argv[1], encoding="utf-8")}
    lab = {}
    for line in (x for x in open(HERE / "labels_h.txt", encoding="utf-8") if not x.startswith("#")):
        i, k, *rest = line.rstrip("\n").split(" ", 2)
        lab[int(i)] = (k, rest[0].split("|") if rest else [])
    cases, negs, nsrc = [], [], []
    for i in sorted(lab):
        k, names = lab[i]
        r = c[i]
        if k == "P":
            for n in names:
                cases.append({"text": r["text"], "name": n, "source": r["source"], "stratum": r["stratum"],
                              "kind": kind(r["text"])})
        else:
            negs.append(r["text"])
            nsrc.append(r["source"])
    body = yaml.safe_dump({"cases": cases}, allow_unicode=True, sort_keys=False, width=200)
    body += ("# negatives: a greeting, closing, signature, thanks, credit or authorship cue and no person;\n"
             "# sources in negatives_sources, in the same order.\n")
    body += yaml.safe_dump({"negatives": negs, "negatives_sources": nsrc}, allow_unicode=True, sort_keys=False, width=200)
    OUT.write_text(HEADER + body, encoding="utf-8")
    repo = lambda s: s.split("@")[0]  # noqa: E731
    print(len(cases), "positives", len(negs), "negatives")
    print("kinds", dict(collections.Counter(x["kind"] for x in cases)))
    print("positives by stratum/kind", dict(collections.Counter((x["stratum"], x["kind"]) for x in cases)))
    print("positives by repo", dict(collections.Counter(repo(x["source"]) for x in cases)))
    print("negatives by repo", dict(collections.Counter(repo(s) for s in nsrc)))
    print("negative kinds", dict(collections.Counter(kind(t) for t in negs)))
    src = collections.Counter(x["source"] for x in cases) + collections.Counter(nsrc)
    print("top sources", src.most_common(5))


if __name__ == "__main__":
    main()
