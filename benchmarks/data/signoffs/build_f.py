"""Build heldout_2026-12-04f.yaml from draw_f.py's candidates and labels_f.txt (the hand labels):
a case per labelled name with its line's stratum and a kind by a regex on the line (``kind``); the
yaml file's header comment is kept as it is.

    python benchmarks/data/signoffs/draw_f.py > /tmp/cand_f.jsonl
    python benchmarks/data/signoffs/build_f.py /tmp/cand_f.jsonl
"""
import collections, json, re, sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
OUT = HERE / "heldout_2026-12-04f.yaml"
HEADER = OUT.read_text(encoding="utf-8").split("\ncases:\n")[0] + "\n"
c = {json.loads(l)['i']: json.loads(l) for l in open(sys.argv[1], encoding='utf-8')}
lab = {}
for l in (x for x in open(HERE / 'labels_f.txt', encoding='utf-8') if not x.startswith('#')):
    i, k, *rest = l.rstrip('\n').split(' ', 2)
    lab[int(i)] = (k, rest[0].split('|') if rest else [])
def kind(t):
    s = t.strip()
    if re.match(r"^[A-Z][a-z]+(?:-[a-z]+)*-(by|to):\s", s) or re.match(r"^Reported by:", s): return "trailer"
    if re.match(r"(?i)^(hi|hello|hey|dear|greetings)\b", s): return "greeting"
    if "\n" in s or re.search(r"(?i)(,\s*(many )?thanks[.!]?$|^thanks,|thanks, \w+!)", s): return "thanks-address"
    if re.search(r"(?i)thank|credit|grateful|acknowledg", s): return "thanks"
    if re.search(r"(?i)(written|maintained|authored|developed|adapted|designed) by|originally by", s): return "authorship"
    return "credit"
cases, negs, nsrc = [], [], []
for i in sorted(lab):
    k, names = lab[i]; r = c[i]
    if k == 'P':
        for n in names:
            cases.append({"text": r["text"], "name": n, "source": r["source"], "stratum": r["stratum"], "kind": kind(r["text"])})
    else:
        negs.append(r["text"]); nsrc.append(r["source"])
header = HEADER
body = yaml.safe_dump({"cases": cases}, allow_unicode=True, sort_keys=False, width=200)
body += "# negatives: a thanks, greeting, closing, credit or authorship cue and no person (tools and bots after\n# the cue, projects, teams, 'thanks to' meaning 'because of', THANKS-file maintenance, headings);\n# sources in negatives_sources, in the same order.\n"
body += yaml.safe_dump({"negatives": negs, "negatives_sources": nsrc}, allow_unicode=True, sort_keys=False, width=200)
open(OUT, 'w', encoding='utf-8').write(header + body)
print(len(cases), len(negs))
print(collections.Counter(x["kind"] for x in cases))
print(collections.Counter((x["stratum"], x["kind"]) for x in cases))
print(collections.Counter(kind(t) for t in negs))
src = collections.Counter(x["source"] for x in cases) + collections.Counter(nsrc)
print(src.most_common(8))
print(collections.Counter(x["source"].split('@')[0] for x in cases if x["stratum"]=="git"), collections.Counter(s.split('@')[0] for s in nsrc if s.startswith('git:')))
