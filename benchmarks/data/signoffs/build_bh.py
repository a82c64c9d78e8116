"""Build heldout_2026-12-07bh.yaml (reserve set BH) from draw_bh.py's candidates and labels_bh.txt (the hand labels):
a case per labelled name with its line's stratum and a kind by set G's regex (``build_g.kind``);
the header comment is ``HEADER`` below.

    python benchmarks/data/signoffs/draw_bh.py > /tmp/candidates_bh.jsonl
    python benchmarks/data/signoffs/build_bh.py /tmp/candidates_bh.jsonl
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_g import build, candidates_arg  # noqa: E402  (set G's builder; its kinds by build_g.kind)

OUT = HERE / "heldout_2026-12-07bh.yaml"
HEADER = """\
# RESERVE HELD-OUT sign-off set BH (issue 17, pre-registered with sets BF and BG and drawn beside them, wt-setbh,
# 2026-12-07).  FROZEN: drawn, labelled and committed by a helper session that neither ran the scrubber,
# eval_realtext.py or any Veil anonymisation code on it nor read or wrote rules; unscored (not even once while
# writing it); kept for a later round, then to be scored once, totals and counts per kind, never row by row.
# Real text only, drawn by draw_bh.py (this folder), random.Random(20261310), set Q's pattern with one list no
# earlier set drew from (one list by design: each sister set has its own list; with one list the "no
# repository over half the rows" rule cannot apply), mirrored at a fixed commit, one stratum, "mail": real
# mailing-list mail, this time not a public-inbox git archive but the R project's lists as kept by
# r-mailing-lists/data (one Parquet file a list, one row a message, read by draw_rml.py: every row in order,
# its id and body only; quote markers stripped): r-sig-hpc, the R special-interest list for high-performance
# computing (r-mailing-lists/data at 95bebefea522, data/messages/r-sig-hpc.parquet, 2,152 messages,
# 2008-2024; parallel R, clusters, MPI: users' questions and their answers).  At most 4 lines a message, 500
# lines the list (quota fixed on the file's size alone before any line was read; the list gave 1,051 lines):
# 500 candidates, every one read (labels_bh.txt: candidate number -> names, N or skipped; no quota changed
# after a label; no git stratum, no reserve): 470 labelled (246 positive lines, 256 cases; 224 negatives), 30
# skipped.
# Labelled by hand by that session (one labeller for every line), set Q's rules unchanged, which are set P's
# rules unchanged
# (set O's, with P's readings: a courtesy title left out like a degree, "Mr. Ann Roe" -> "Ann Roe"; a
# misspelt name of a person addressed kept as written; a name written as one word or in lower case as its
# owner signs it is a name; a shortlog line after "--", "Ann Roe (11):", names a person; spam sign-offs
# with a person's name are cases, spam greetings to no one negatives): a case per person named, once a
# line, as the line shows the name
# (a first name alone, lower case as written: "hi ann,"; initials kept when the line writes them with the
# name: "Ann B.", "A. Roe", spaces as written; capitals and a no-break space kept as written; a surname
# alone is a name; a person named anywhere in the line is a case, not only the one the cue addresses; a
# name and a callsign: "Ann K1ABC" -> "Ann"; a degree, pronouns or a nickname in parentheses after the name
# are left out: "Ann Roe, J.D." -> "Ann Roe", "Ann (she/her)" -> "Ann", "Ann (AR)" -> "Ann").  Skipped,
# neither case nor negative: technical and other senses of the cue with no person ("as reported by ldd",
# "tested by creating a file", "acknowledged requests", "with regards to", "hi quality", "Dear me!", "near
# and dear", "inquire sincerely", "hey" for "they"), code and strings ('say "hello world"', a code comment
# on credits), HTML entities left in a line ("&gt; Regards"), names cut off by the wrap ("According to
# Cr") or run into the next word by a lost line break ("Thank you AnnFirst of all"), pure handles and
# nicknames (a developer's login, a list's nickname for a member, a short form of a name signed in lower
# case), a speech synthesiser's voice named like a person ("the Ann and Beth voices").  Negatives: the
# cue and no person: greetings to no one ("Hi all,", "Hello everyone!", "Hello Team,", "Hi XYZ users,", a
# greeting to a list or to its members, a greeting to a program), closings and signatures without a
# person ("Best Regards" in two languages, a phone number or an organisation after "--", a git version
# after "--"), thanks to no one ("Thanks in advance!", "Thank you, whoever you are", "Pushed to master,
# thanks!"), "thanks to" meaning "because of", an unnamed person, a firm, a tool, a program or a branch
# after the cue ("thanks professor", "found by coverity", "reported by old GCC", "spotted by the lock
# hardener", "patches from <a branch>", "grateful for <a distribution>"), a "hello world" example named in
# prose, an acknowledgement of a people or a place, "- Item"-style list items ("- TESTING").  E-mails ->
# <EMAIL>.
# Readings for this list (README.md, set BH): "Thanks in advance" and thanks to the list or to "all" are
# negatives; initials its owner signs with in capitals ("KK") are a name, a one-letter or lower-case initial
# sign-off ("-m", "a.") is skipped; a "?" the archive left for a lost character stays in the name as written;
# a line with HTML tags left in it ("<br />") is skipped like an HTML entity; an obfuscated address ("x at
# y.org") after a name is left in the text, only the name is a case, and a sender given by it alone is skipped.
# Lines equal (stripped) to a text of set BG (drawn at the same time, merged before BH) are left out unread
# by build_bh.py (build_g.build's sister): 2 labelled cases (a closing, a greeting) and 1 negative, BG's texts.
# Each case has its stratum and a kind (greeting / closing / signature / thanks-address / thanks / trailer /
# authorship / credit, by build_g.kind on its line).
"""


# Sets BF and BG were drawn at the same time, so draw_bh.py could not exclude them: at the merge, the
# file of each one merged before BH goes here (``build``'s ``sister``: BH's lines equal to its texts are
# then left out unread).  BG was merged first.
SISTERS: tuple[str, ...] = ("heldout_2026-12-07bg.yaml",)  # BG was merged first


def main() -> None:
    build(candidates_arg(), HERE / "labels_bh.txt", OUT, HEADER, sister=SISTERS or None)

if __name__ == "__main__":
    main()
