"""Build heldout_2026-12-08bj.yaml (reserve set BJ) from draw_bj.py's candidates and labels_bj.txt (the hand labels):
a case per labelled name with its line's stratum and a kind by set G's regex (``build_g.kind``);
the header comment is ``HEADER`` below.

    python benchmarks/data/signoffs/draw_bj.py > /tmp/candidates_bj.jsonl
    python benchmarks/data/signoffs/build_bj.py /tmp/candidates_bj.jsonl
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_g import build, candidates_arg  # noqa: E402  (set G's builder; its kinds by build_g.kind)

OUT = HERE / "heldout_2026-12-08bj.yaml"
HEADER = """\
# RESERVE HELD-OUT sign-off set BJ (issue 17, pre-registered with sets BI and BK and drawn beside them, wt-setbj,
# 2026-12-08).  FROZEN: drawn, labelled and committed by a helper session that neither ran the scrubber,
# eval_realtext.py or any Veil anonymisation code on it nor read or wrote rules; unscored (not even once while
# writing it); kept for a later round, then to be scored as pre-registered, totals and counts per kind, never
# row by row.
# Real text only, drawn by draw_bj.py (this folder), random.Random(20261315), set Q's pattern with one list no
# earlier set drew from (one list by design: each sister set has its own lists; with one list the "no
# repository over half the rows" rule cannot apply), mirrored at a fixed commit, one stratum, "mail": real
# mailing-list mail, the R project's lists as kept by r-mailing-lists/data (one Parquet file a list, one row a
# message, read by draw_rml.py: every row in order, its id and body only; quote markers stripped): r-sig-gui,
# the R special-interest list for graphical user interfaces (Tcl/Tk, RGtk2, gWidgets, Rcmdr, Tinn-R and other
# front ends; r-mailing-lists/data at 95bebefea522, data/messages/r-sig-gui.parquet, 1,236 messages,
# 2002-2018).  At most 4 lines a message, 500 lines the list (quota fixed on the file's size alone before any
# line was read; the list gave 588 lines): 500 candidates, every one read (labels_bj.txt: candidate number ->
# names, N or skipped; no quota changed after a label; no git stratum, no reserve): 461 labelled (273
# positive lines, 286 cases; 188 negatives), 39 skipped.
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
# With the readings of sets BE and BF for the R lists, unchanged: a quote prefix that writes a first name
# ("Ann> ...", the person quoted) names a person, a case; quote-prefix initials ("AR>") are not names, the
# line labelled by the rest of it; capital initials of two or three letters signed alone ("Regards, AR") are
# cases; a one-letter sign-off ("-a", "A.", "- A") and a lower-case short form of a name signed alone
# ("-annie") are skipped, a full first name signed in lower case is a case; "Thanks in advance", thanks for
# any help and thanks to "all" or to the list are negatives; "Prof."/"Dr." left out as courtesy titles,
# degrees and an organisation after the name left out ("Ann Roe, Ph.D.", "Ann Roe, XYZ"); a name whose
# letters the archive turned into "?" kept as written ("Ann R?e"); a person named twice in one line one
# case; a URL after "--" with a name as its domain skipped (a handle, no name written); a team ("R Core",
# "the XYZ team") a negative; "Oh dear!" skipped like "Dear me!", a quoted "hey, ..." of hypothetical speech
# skipped; an obfuscated address ("ann at example.org") after a name left in the text, only the name a case;
# a surname the wrap moved to the next line leaves the first name whole a case.
# Readings for this list (where those rules are silent, chosen and applied to every line): a handle-like
# quote prefix ("AnnR>", a whole first name and an initial) is left out, not a case, and the line labelled
# by the rest of it when the rest names a person, skipped when it does not; a quote prefix of the first
# letters of a given name and a surname ("AnRo>") is read as quote-prefix initials; initials addressed in a
# greeting ("Dear AR(?),") are a case like initials signed alone, and initials its owner signs with a
# lower-case letter among the capitals ("AnR") are a case as its owner signs them; a lower-case diminutive
# signed alone ("-tony", "cheers, chris") is the short form skipped, a capitalised short form ("Seb", "Dan")
# a case; a nickname in parentheses inside the name is left out like one after it ("Ann (Annie) B. Roe" ->
# "Ann B. Roe"); a "?"-string beside a written name ("Ann Roe / ???", the name in another script lost) is
# left out, the written name a case; a "|" left at a line's start by a quoting mail reader is ignored;
# "hey!" as an interjection in a sentence ("(hey! Just like R)", "Hey! I vote for ...") skipped like "Oh
# dear!"; "suggested by" or "reported by" a program's output ("suggested by the error msg", "functions
# reported by Rprof()") skipped like "as reported by ldd"; a string a program writes, named in prose ('100
# lines of "hello"', "Now Hello appears in the title bar") skipped like a string, a "Hello World" example or
# application named in prose a negative; a cue word left alone on a line by the wrap ("acknowledges")
# skipped like a cue cut off before any name; a virus scanner's notice after "--" a negative (a signature
# without a person).
# Sets BI and BK were drawn at the same time; lines equal (stripped) to a text of one of them merged before
# BJ are left out unread by build_bj.py (build_g.build's sister, filled at the merge).
# Each case has its stratum and a kind (greeting / closing / signature / thanks-address / thanks / trailer /
# authorship / credit, by build_g.kind on its line).
"""


# Sets BI and BK were drawn at the same time, so draw_bj.py could not exclude them: at the merge, the
# lead session puts here the file of each one merged before BJ (``build``'s ``sister``: BJ's lines equal
# to its texts are then left out unread).  Empty while BJ is on its own branch.
SISTERS: tuple[str, ...] = ()


def main() -> None:
    build(candidates_arg(), HERE / "labels_bj.txt", OUT, HEADER, sister=SISTERS or None)

if __name__ == "__main__":
    main()
