"""Build heldout_2026-12-04g.yaml from draw_g.py's candidates and labels_g.txt (the hand labels):
a case per labelled name with its line's stratum and a kind by a regex on the line (``kind``);
the header comment is ``HEADER`` below.

    python benchmarks/data/signoffs/draw_g.py > /tmp/candidates_g.jsonl
    python benchmarks/data/signoffs/build_g.py /tmp/candidates_g.jsonl
"""
import collections
import json
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
OUT = HERE / "heldout_2026-12-04g.yaml"
HEADER = """\
# HELD-OUT sign-off set G (issue 17, round 7, wt-setg, 2026-12-04).  FROZEN: drawn, labelled and committed
# before any rule of round 7 is changed and before it is scored at all (not even once while writing it);
# to be scored once, at the end of round 7, totals only, never row by row.
# Real text only, drawn by draw_g.py (this folder), random.Random(20261206), two strata: "mail", the
# e-mail fixtures of eight mirrored repositories at fixed commits (notmuch's test corpora of notmuch-list
# and LKML messages, talon, flanker, MimeKit, the Ruby mail gem, GitHub's and Zapier's email_reply_parser,
# mu; text parts decoded, html tags and quote markers stripped; at most 4 lines a message, 120 a
# repository) and "git", the commit messages of git and notmuch (at most 2 lines a commit, 8 bare
# "*-by:" trailers a repository, 300 / 150 lines a repository); none of set F's repositories or files.
# 664 candidates and a reserve of 60 read, every one labelled (labels_g.txt: candidate number -> names,
# N or skipped).  Labelled by hand by a helper session that writes no rules (one labeller for every line),
# set F's rules: a case per person named, as the line shows the name (a first name alone, lower case as
# written: "rick", "nathaniel"; a name in two scripts is two cases: "Artem Bityutskiy (Артём Битюцкий)");
# fixture personas are people ("Bob", "Alice Lovelace").  Skipped, neither case nor negative: technical
# senses of the cue ("reported by run_command", "tested by other tests", "hello screen", "notmuch-hello"),
# code and program output ("echo hello"), markup left in a line, headers ("Subject: Hello"), names cut off
# by the wrap, pure handles and nicknames ("J6t", "Dscho", "dkg", "h01ger", "vmiklos", "/mtr", "Pazu"),
# obfuscated or e-mail-only senders, pseudonyms and placeholders ("Attic Hermit", "Foo B. Baz"), a sender
# called "Hello" ("Regards,\\nHello"), and a "--\\n<closing>\\n<name>" window whose "<closing>\\n<name>" is
# a candidate too (the same sign-off read twice: the shorter is labelled).  Negatives: the cue and no
# person: greetings to no one ("Hi all,", "Hello,", "Hello world.", "Dear Maintainer,", "Hi Netec
# Helpdesk"), closings without a name ("Thanks,\\n--", "Thanks,\\nThe Gmail Team"), signatures without a
# person (a git version, a URL, "Sent from my iPhone"), "- Share"-style list items, tools, bots and
# projects after the cue ("Thanks to valgrind", "Spotted by Coverity."), "thanks to" meaning "because of".
# E-mails -> <EMAIL>.  Each case has its stratum and a kind (greeting / closing / signature /
# thanks-address / thanks / trailer / authorship / credit, by a regex on its line: build_g.py).
"""


def kind(t: str) -> str:
    s = t.strip()
    if re.match(r"^[A-Z][a-z]+(?:-[a-z]+)*-(by|to):\s", s) or re.match(r"^[A-Z][a-z]+ by:\s", s):
        return "trailer"
    if s.startswith("--") or re.match(r"^-\s?[A-Z]", s) or re.search(r"\s--? ?[A-Z]\w*$", s):
        return "signature"
    if re.search(r"(?i)(^|\()(hi|hello|hey|dear|greetings)\b", s):
        return "greeting"
    if "\n" in s or re.match(r"(?i)^(with regards|regards|best regards|cheers|best),? [A-Z]", s):
        return "closing"
    if re.search(r"(?i:thanks?|thank you),? (?!to |for |go )[A-Z][\w'-]*(?: [A-Z][\w.'-]*)*(?:[,.!]|$)"
                 r"|(?i:thanks) for the \w+, [A-Z]\w*\.", s):
        return "thanks-address"
    if re.search(r"(?i)thank|credit|grateful|acknowledg|kudos", s):
        return "thanks"
    if re.search(r"(?i)(written|maintained|authored|developed|contributed|designed) by|originally by|code (?:written )?by", s):
        return "authorship"
    return "credit"


def main() -> None:
    build(candidates_arg(), HERE / "labels_g.txt", OUT, HEADER)


def candidates_arg() -> Path:
    """The one argument of a set's build script, the draw's candidates file; a usage line and exit
    2 without it."""
    if len(sys.argv) != 2:
        print(f"usage: python {Path(sys.argv[0]).name} CANDIDATES.jsonl  (the draw script's output: see its docstring)",
              file=sys.stderr)
        sys.exit(2)
    return Path(sys.argv[1])


def _candidates(path: Path) -> dict:
    """The draw's candidates by number; one line and exit 1 on a file that is not its output."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                row = json.loads(line)
                out[row["i"]] = row
            except (ValueError, KeyError, TypeError):
                sys.exit(f"error: {path} line {n} is no candidate of a draw (JSON with an \"i\"): pass the draw script's output")
    return out


def build(candidates: Path, labels: Path, out: Path, header: str, sister: str | tuple[str, ...] | None = None,
          repos_out: tuple[str, ...] = ()) -> None:
    """Write the set ``out`` (``header`` first) from the candidates and their hand labels, and
    print its counts; set H's build calls it too.  ``sister``: the file (or files) of sets drawn at
    the same time, which the draw could not exclude: candidates equal (stripped) to one of their
    texts are left out unread (set S's of set R, U's of T, W's of V, Y's of X; AG's of AE and AF).
    ``repos_out``: repositories ("owner/name") a sister set drew from too, merged first: every
    candidate of theirs is left out unread, so that a list belongs to one set (AU's of AT)."""
    if not candidates.is_file():
        sys.exit(f"error: no candidates file {candidates}: run the draw script first (see this script's docstring)")
    drop = frozenset()
    if sister is not None:
        from draw_f import known  # the draws' own reading of a set's texts

        drop = frozenset(known(sister if isinstance(sister, tuple) else (sister,))[0])
    c = _candidates(candidates)
    lab = {}
    for line in (x for x in open(labels, encoding="utf-8") if not x.startswith("#")):
        i, k, *rest = line.rstrip("\n").split(" ", 2)
        lab[int(i)] = (k, rest[0].split("|") if rest else [])
    cases, negs, nsrc = [], [], []
    for i in sorted(lab):
        k, names = lab[i]
        if i not in c:
            sys.exit(f"error: {labels.name} labels candidate {i}, which {candidates} lacks: is it this set's draw?")
        r = c[i]
        if r["text"].strip() in drop or r["source"].split("@")[0].split(":", 1)[-1] in repos_out:
            continue
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
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(header + body, encoding="utf-8")
    tmp.replace(out)  # whole or not at all: a failed build leaves the set as it was
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
