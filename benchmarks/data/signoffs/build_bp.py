"""Build heldout_2026-12-08bp.yaml (reserve set BP) from draw_bp.py's candidates and labels_bp.txt (the hand labels):
a case per labelled name with its line's stratum and a kind by set G's regex (``build_g.kind``);
the header comment is ``HEADER`` below.

    python benchmarks/data/signoffs/draw_bp.py > /tmp/candidates_bp.jsonl
    python benchmarks/data/signoffs/build_bp.py /tmp/candidates_bp.jsonl
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_g import build, candidates_arg  # noqa: E402  (set G's builder; its kinds by build_g.kind)

OUT = HERE / "heldout_2026-12-08bp.yaml"
HEADER = """\
# RESERVE HELD-OUT sign-off set BP (issue 17, pre-registered with set BO, wt-setbp, 2026-12-08).  FROZEN: drawn,
# labelled and committed by a helper session that neither ran the scrubber, eval_realtext.py or any Veil
# anonymisation code on it nor read or wrote rules; unscored (not even once while writing it); kept for a later
# round, then to be scored as pre-registered, totals and counts per kind, never row by row.
# Real text only, drawn by draw_bp.py (this folder), random.Random(20261327), set Q's pattern with seven lists no
# earlier set drew from (the R project's seven smallest; all in one repository, so the "no repository over half
# the rows" rule cannot apply), mirrored at a fixed commit, one stratum, "mail": real mailing-list mail, the R
# project's lists as kept by r-mailing-lists/data (commit 95bebefea522, one Parquet file a list, one row a
# message; draw_rml.py reads each row's id and body, in row order, quote markers stripped): r-sig-jobs (job
# posts and replies, 442 messages), r-ug-ottawa (the Ottawa R user group, 197), r-sig-gr (graphical models,
# 176), r-sig-windows (R on Windows, 140), r-sig-insurance (actuarial and insurance work, 117), r-sig-dcm
# (discrete choice models, 67) and r-sig-networks (network analysis, 27), one file each
# (data/messages/<list>.parquet).  At most 4 lines a message, 200 / 80 / 60 / 60 / 50 / 30 / 20 lines a file
# (quotas fixed on the files' sizes alone before any line was read; the files gave 173, 79, 116, 44, 44, 26 and
# 14 lines, so only r-sig-gr's quota was filled): 440 candidates, every one read (labels_bp.txt: candidate
# number -> names, N or skipped; no quota changed after a label; no git stratum, no reserve): 425 labelled (268
# positive lines, 274 cases; 157 negatives), 15 skipped.
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
# Readings of sets BF and BK (the same archive; applied unchanged).  BF's: a quote prefix that writes a first
# name ("Ann> ...") names a person, a case; quote-prefix initials ("AR>") are not names and a handle-like prefix is
# skipped; capital initials of two or three letters signed alone ("Thanks, AR", "--AR") are cases; a
# one-letter sign-off ("-a", "A.") and a lower-case short form of a name signed alone ("-annie") are skipped,
# a full first name signed in lower case is a case; "Thanks in advance", "thanks for any help" and thanks to
# "all" or to "the list" are negatives; "Prof."/"Dr." left out as courtesy titles, a job title before a first
# name left out, degrees, posts and an organisation after the name left out ("Ann Roe, PhD", "Ann Roe, XYZ");
# a name whose letters the archive turned into "?" or mojibake kept as written, a signature of question marks
# only skipped; a person named twice in one line one case, the signed name; a URL after "--" with a user's
# directory or handle or a name as its domain, an address written "ann at example.org" alone and authors
# cited by one-letter initials skipped; a placeholder and a team ("R Core", "the Fedora team") negatives;
# "Oh dear!" skipped like "Dear me!", a quoted "hey, ..." of hypothetical speech skipped.
# BK's: initials signed alone with a small letter among them ("PhG") are initials, a case like "AR"; a name
# the archive wrote with a letter lost kept as written; a handle or an address beside a named person left out,
# the name a case; a list's nickname for a member skipped wherever it stands, a greeting to a login-like name
# skipped; a lower-case signature that is a short form of a longer given name skipped, the same short form
# capitalised a case; a quote attribution whose sender is called "hello" skipped; two people of one surname
# named together one case; "sincerely appreciate" skipped; a post alone, a motto or a URL naming no person
# after "--" negatives; "help from someone", "a report from a user" and a package after "from" or "found by"
# negatives.
# Readings for these lists (where those rules are silent, chosen and applied to every line): a dash and a
# first name alone ("- Ann", "-Ann", "- -Ann") is a signature, a case, while a dash and a common noun in a job
# post's list ("- Lunch", "- PhD", "- Graphical Models") is a "- Item" list item, a negative; a generational
# suffix is part of the name and kept ("Ann S. Roe III"), a degree after it left out ("Ann S. Roe III PhD(c)"
# -> "Ann S. Roe III"); a name written with an initial joined by dots or run on ("Ann..R", "AnnR", "K.Roe")
# kept as written, as its owner signs it; a short or unusual word signed alone as a name ("Joh", "Fir", "Aj")
# is the signer's name as signed, a case (two letters with a small one among them like BK's "PhG"); a given
# name that is also a common word ("Danish") signed alone is a name; a lower-case short form such as "-tony"
# is skipped (BF's "-annie"), capitalised short forms ("Bill", "Steve", "Mel") are cases; "say hi" in prose
# with no one named ("a short message to say hi") a negative (the greeting sense, to no one); a cue ending the
# line whose object the wrap put on the next line ("... tail factors were not accepted. Thanks to") skipped,
# like a name cut off by the wrap; "found by searching for Job ID ..." and "will be found by the" (a
# program finding a file) skipped as technical senses; a signature "null" (a form's empty value), "Sent from
# Gmail Mobile", a rule of dashes or underscores and a department after "--" negatives (signatures without a
# person); "Thanks on behalf of the <event> organizers", "Hey friend" and thanks to sponsors (firms)
# negatives; "Moved to R-help from R-SIG-gR" a negative (a list after "from"); "Hi. I am Ann Roe, ..." names
# a person, a case (a person named anywhere in the line).
# Lines equal (stripped) to a text of set BO (drawn at the same time) are left out unread by build_bp.py
# (build_g.build's sister) if BO is merged first; the lead fills build_bp.py's SISTERS at the merge.
# Each case has its stratum and a kind (greeting / closing / signature / thanks-address / thanks / trailer /
# authorship / credit, by build_g.kind on its line).
"""


# Sets BO and BP were drawn at the same time (pre-registered together, 2026-12-08), so draw_bp.py could not
# exclude BO: at the merge, the lead fills SISTERS with BO's file if BO is merged before BP (``build``'s
# ``sister``: BP's lines equal to its texts are then left out unread).
SISTERS: tuple[str, ...] = ()


def main() -> None:
    build(candidates_arg(), HERE / "labels_bp.txt", OUT, HEADER, sister=SISTERS or None)

if __name__ == "__main__":
    main()
