"""Build heldout_2026-12-08bo.yaml (reserve set BO) from draw_bo.py's candidates and labels_bo.txt (the hand labels):
a case per labelled name with its line's stratum and a kind by set G's regex (``build_g.kind``);
the header comment is ``HEADER`` below.

    python benchmarks/data/signoffs/draw_bo.py > /tmp/candidates_bo.jsonl
    python benchmarks/data/signoffs/build_bo.py /tmp/candidates_bo.jsonl
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_g import build, candidates_arg  # noqa: E402  (set G's builder; its kinds by build_g.kind)

OUT = HERE / "heldout_2026-12-08bo.yaml"
HEADER = """\
# RESERVE HELD-OUT sign-off set BO (issue 17, pre-registered with set BP, wt-setbo, 2026-12-08).  FROZEN:
# drawn, labelled and committed by a helper session that neither ran the scrubber, eval_realtext.py or any Veil
# anonymisation code on it nor read or wrote rules; unscored (not even once while writing it); kept for a later
# round, then to be scored as pre-registered, totals and counts per kind, never row by row.
# Real text only, drawn by draw_bo.py (this folder), random.Random(20261326), set Q's pattern with one list an
# earlier set drew from but lines no earlier set holds (r-help, set BF's list, in BF's two files; BF's texts
# and every earlier set's are excluded by the draw; one list by design, so the "no repository over half the
# rows" rule cannot apply), mirrored at a fixed commit, one stratum, "mail": real mailing-list mail, the R
# project's lists as kept by r-mailing-lists/data (commit 95bebefea522, one Parquet file a list and period,
# one row a message; draw_rml.py reads each row's id and body, in row order, quote markers stripped): r-help,
# the R project's main help list (users asking for help with R and other users and R core answering), two
# files: data/messages/r-help-1995-1999.parquet (4,129 messages, 1997-1999) and
# data/messages/r-help-2025-2029.parquet (1,206 messages, 2025-2026).  At most 4 lines a message, 250 lines a
# file (quotas fixed on the files' sizes alone before any line was read; the files gave 928 and 255 lines no
# earlier set holds): 500 candidates, every one read (labels_bo.txt: candidate number -> names, N or skipped;
# no quota changed after a label; no git stratum, no reserve): 472 labelled (255 positive lines, 288 cases; 217
# negatives), 28 skipped.  75 of BO's 397 messages also gave set BF lines (other lines of them; no text
# shared).
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
# Readings of set BF (the same list and files; applied unchanged): a quote prefix that writes a first name
# ("Ann> ...") names a person, a case; quote-prefix initials ("AR>") are not names and a handle-like prefix
# ("AnnR>") is skipped; capital initials of two or three letters signed alone ("Thanks, AR", "--AR") are
# cases; a one-letter sign-off ("-a", "A.") and a lower-case short form of a name signed alone ("-annie") are
# skipped, a full first name signed in lower case is a case; "Thanks in advance", "thanks for any help" and
# thanks to "all" or to "the list" are negatives; "Prof."/"Dr." left out as courtesy titles, a job title
# before a first name left out, degrees, posts and an organisation after the name left out ("Ann Roe, PhD",
# "Ann Roe, XYZ"); a name whose letters the archive turned into "?" or mojibake kept as written, a signature
# of question marks only skipped; a person named twice in one line one case, the signed name; a URL after
# "--" with a user's directory or a name as its domain, an address written "ann at example.org" alone and
# authors cited by one-letter initials skipped; a placeholder and a team ("R Core", "the CRAN Team")
# negatives; "Oh dear!" skipped like "Dear me!", a quoted "hey, ..." of hypothetical speech skipped.
# Readings of set BK (the same archive; applied unchanged where they arise): a handle or an address beside a
# named person left out, the name a case; a lower-case signature that is the short form of the signer's
# longer given name skipped, a short form capitalised ("Steve", "Fer") a case; "sincerely appreciate"
# skipped like "inquire sincerely"; a post alone after "--" ("Honorary Research Fellow") and a motto after
# "--" negatives; "help from someone", "a report from a user", "written by people" negatives (an unnamed
# person); a package or program after "from" or "found by" negatives.
# Readings for these lines (where those rules are silent, chosen and applied to every line): a greeting to
# one letter ("dear P") skipped like a one-letter sign-off; capital initials in a greeting ("Hi AR,") or
# signing a bracketed note ("[... re-submitted by list maintainer, AR]") cases, like initials signed alone;
# a line whose cue ends it with the person on the next line ("... (thanks to", "(written by", "Many thanks
# to any") names no one in the line: a negative, not a name cut by the wrap; a "?" after a name that stands
# for a lost character, not a letter of the name ("Ann?" signed, "Garbor?s" for "Garbor's"), left out, the
# name as written a case; "sincerely hope" skipped like "sincerely appreciate", "acknowledge the source" (a
# licence's terms) and "found by searching PATH" skipped as other senses with no person (like "tested by
# creating a file"); a quoted phrase of thanks ('"Thanks for reading".'), a shell command with a comment
# and a C comment crediting people ("// Ann Roe (who had suggestions from ...") skipped as code and strings;
# thanks and closings to no one in other words ("I am sincerely thankful ...", "My special regards") and a
# closing followed by no name ("Thanks" then "Sent from my iPhone", "[[alternative HTML version deleted]]",
# a code fence, a rule of dashes, underscores or hashes, "EXAMPLE:") negatives; "Dear friends." negative
# (a greeting to the list's members), and a user's directory in a URL in such a line ("~aroe") not a name
# written (a handle), the line a negative.
# Lines equal (stripped) to a text of set BP (drawn at the same time) are left out unread by build_bo.py
# (build_g.build's sister) if BP is merged first: SISTERS below, filled by the lead at the merge.
# Lines equal (stripped) to a text of set BP (drawn at the same time, merged before BO) are left out unread by
# build_bo.py (build_g.build's sister): none was.
# Each case has its stratum and a kind (greeting / closing / signature / thanks-address / thanks / trailer /
# authorship / credit, by build_g.kind on its line).
"""


# Sets BO and BP were drawn at the same time (pre-registered together, 2026-12-08), so draw_bo.py could not
# exclude BP: at the merge, the lead fills SISTERS with the file of BP if it is merged before BO (``build``'s
# ``sister``: BO's lines equal to its texts are then left out unread).
SISTERS: tuple[str, ...] = ("heldout_2026-12-08bp.yaml",)  # BP was merged first


def main() -> None:
    build(candidates_arg(), HERE / "labels_bo.txt", OUT, HEADER, sister=SISTERS or None)

if __name__ == "__main__":
    main()
