"""Build heldout_2026-12-08bi.yaml (reserve set BI) from draw_bi.py's candidates and labels_bi.txt (the hand labels):
a case per labelled name with its line's stratum and a kind by set G's regex (``build_g.kind``);
the header comment is ``HEADER`` below.

    python benchmarks/data/signoffs/draw_bi.py > /tmp/candidates_bi.jsonl
    python benchmarks/data/signoffs/build_bi.py /tmp/candidates_bi.jsonl
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_g import build, candidates_arg  # noqa: E402  (set G's builder; its kinds by build_g.kind)

OUT = HERE / "heldout_2026-12-08bi.yaml"
HEADER = """\
# RESERVE HELD-OUT sign-off set BI (issue 17, pre-registered with sets BI-BK, wt-setbi, 2026-12-08).  FROZEN:
# drawn, labelled and committed by a helper session that neither ran the scrubber, eval_realtext.py or any Veil
# anonymisation code on it nor read or wrote rules; unscored (not even once while writing it); kept for a later
# round, then to be scored as pre-registered, totals and counts per kind, never row by row.
# Real text only, drawn by draw_bi.py (this folder), random.Random(20261314), set Q's pattern with one
# repository file no earlier set drew from (one list by design; with one list the "no repository over half the
# rows" rule cannot apply), mirrored at a fixed commit, one stratum, "mail": real mailing-list mail, the R
# project's lists as kept by r-mailing-lists/data (commit 95bebefea522, one Parquet file a list, one row a
# message; draw_rml.py reads each row's id and body, in row order, quote markers stripped): r-sig-db, the R
# special-interest list for databases (R and SQL databases, ODBC, DBI and its drivers; users' questions,
# package maintainers' answers and announcements), one file: data/messages/r-sig-db.parquet (1,559 messages,
# 2001-2020).  At most 4 lines a message, 500 lines the file (quota fixed on the file's size before any line
# was read; the file gave 743 lines): 500 candidates, every one read (labels_bi.txt: candidate number ->
# names, N or skipped; no quota changed after a label; no git stratum, no reserve).
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
# Readings of sets BE and BF, unchanged (the same archive as BF): quote-prefix initials are not names (the
# line labelled by the rest of it) and a handle-like prefix is skipped; capital initials of two or three
# letters signed alone ("Thanks, AR", "--AR") are cases; a one-letter sign-off ("-a", "A.") and a lower-case
# short form of a name signed alone ("-annie") are skipped, a full first name signed in lower case is a
# case; "Thanks in advance", "thanks for any help" and thanks to "all" or to "the list" are negatives;
# "Prof."/"Dr." left out as courtesy titles (a surname alone after "Prof." is a case), degrees, posts and an
# organisation after the name left out ("Ann Roe, PhD", "Ann Roe, PE"); a name whose letters the archive
# turned into "?" or mojibake kept as written; a person named twice in one line one case; a URL after "--"
# with a user's directory or a name as its domain and an address written "ann at example.org" alone skipped
# (handles, no name written); a placeholder and a team negatives; a cue cut off by the wrap before any name
# ("a bug reported by", "Big thanks to the") skipped.
# Readings for this list (where those rules are silent, chosen and applied to every line): a degree or
# title before the name left out like a courtesy title ("Dipl.-Inf. Ann Roe" -> "Ann Roe"); a place after
# the name left out like an organisation ("Ann Roe - Town, DE" -> "Ann Roe"); asterisks of emphasis around
# a signed name left out ("*Ann ROE**" -> "Ann ROE"); an initial run into a signed first name kept as signed
# ("AnnR."); a name with a possessive kept without it ("inspired by Roe's vignette" -> "Roe"); a cue at a
# line's end with no punctuation whose object the wrap moved to the next line ("Kudos") skipped like a cue
# cut off before any name; a line of code or program output after "--" skipped (code), but a thanks or a
# closing whose next line is code ("Thank you.\\nrequire(X)") a negative (the cue is prose, no person); an
# archive's note, a motto, a rule line, a word naming no one or a "Sent from my iPad" after the cue
# ("--\\n[[alternative HTML version deleted]]") negatives (a signature without a person); a URL with a name
# as its domain elsewhere in a line ("suggestions from here http://www.annroe.com/...") skipped like one
# after "--"; a quoted header line run into a quote ("<ann at host> wrote: >> Hi, >> code") skipped (a handle
# and code); a sign-off that quotes a person ("-Ann Roe" under a quip) a case, the person named.
# Lines equal (stripped) to a text of sets BJ or BK (drawn at the same time, merged before BI) are left out
# unread by build_bi.py (build_g.build's sister): 5 labelled cases (two closings, two greetings, a signature)
# and 3 negatives, their texts.
# Each case has its stratum and a kind (greeting / closing / signature / thanks-address / thanks / trailer /
# authorship / credit, by build_g.kind on its line).
"""


# sets BI-BK were drawn at the same time (pre-registered together), so draw_bi.py could not exclude
# BJ's or BK's texts: the lead fills SISTERS at the merge with the sets merged before BI (as build_bh.py)
SISTERS: tuple[str, ...] = ("heldout_2026-12-08bj.yaml", "heldout_2026-12-08bk.yaml")  # BJ, then BK, were merged first


def main() -> None:
    build(candidates_arg(), HERE / "labels_bi.txt", OUT, HEADER, sister=SISTERS or None)

if __name__ == "__main__":
    main()
