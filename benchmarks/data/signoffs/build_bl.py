"""Build heldout_2026-12-08bl.yaml (reserve set BL) from draw_bl.py's candidates and labels_bl.txt (the hand labels):
a case per labelled name with its line's stratum and a kind by set G's regex (``build_g.kind``);
the header comment is ``HEADER`` below.

    python benchmarks/data/signoffs/draw_bl.py > /tmp/candidates_bl.jsonl
    python benchmarks/data/signoffs/build_bl.py /tmp/candidates_bl.jsonl
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_g import build, candidates_arg  # noqa: E402  (set G's builder; its kinds by build_g.kind)

OUT = HERE / "heldout_2026-12-08bl.yaml"
HEADER = """\
# RESERVE HELD-OUT sign-off set BL (issue 17, pre-registered with sets BL-BN, wt-setbl, 2026-12-08).  FROZEN:
# drawn, labelled and committed by a helper session that neither ran the scrubber, eval_realtext.py or any Veil
# anonymisation code on it nor read or wrote rules; unscored (not even once while writing it); kept for a later
# round, then to be scored as pre-registered, totals and counts per kind, never row by row.
# Real text only, drawn by draw_bl.py (this folder), random.Random(20261320), set Q's pattern with two lists no
# earlier set drew from (each sister set BM, BN has its own lists; both lists are in one repository, so the "no
# repository over half the rows" rule cannot apply), mirrored at a fixed commit, one stratum, "mail": real
# mailing-list mail, the R project's lists as kept by r-mailing-lists/data (commit 95bebefea522, one Parquet
# file a list, one row a message; draw_rml.py reads each row's id and body, in row order, quote markers
# stripped): r-sig-robust, the R special-interest list on robust statistics (users' questions on robust
# regression, M-estimators and outliers, and the robustbase and rrcov authors' answers and announcements;
# data/messages/r-sig-robust.parquet, 524 messages), and r-sig-dynamic-models, the list of differential
# equations and dynamic models in R (deSolve, ReacTran, FME and simecol users and authors;
# data/messages/r-sig-dynamic-models.parquet, 696 messages).  At most 4 lines a message, 250 lines a file
# (quotas fixed on the files' sizes alone before any line was read; the files gave 453 and 485 lines): 500
# candidates, every one read (labels_bl.txt: candidate number -> names, N or skipped; no quota changed after a
# label; no git stratum, no reserve): 484 labelled (291 positive lines, 310 cases; 193 negatives), 16 skipped.
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
# Readings of set BF (the same archive; applied unchanged): a quote prefix that writes a first name ("Ann>
# ...") names a person, a case; quote-prefix initials ("AR>") are not names and a handle-like prefix is
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
# Readings of set BK (the same archive; applied unchanged): initials signed alone with a small letter among
# them ("PhG") are initials, a case; a name the archive wrote with a letter lost kept as written; a handle or
# an address beside a signed or named person left out, the name a case; a list's nickname for a member
# skipped wherever it stands, a greeting to a login-like name skipped as a handle; a lower-case signature that
# is the short form of the signer's longer given name skipped, the same short form capitalised ("Steve") a
# case; two people of one surname named together one case; "sincerely appreciate" skipped like "inquire
# sincerely"; a post alone, a motto or a URL naming no person after "--" negatives; "help from someone", "a
# report from a user" and a package after "from" or "found by" negatives.
# Readings for these lists (where those rules are silent, chosen and applied to every line): a handle-like
# quote prefix ("AnnR>", "AnnRd>") is left out like a handle and the line labelled by the rest of it when the
# rest names a person ("AnnR> Dear Beth" -> "Beth"; "AnnR> Cheers, Ann" one case, the signed name), skipped
# when the rest names no one (BF's skip); quote-prefix initials with a small letter among them ("ARu>") are
# initials, not names, like "AR>" (the line labelled by the rest); a greeting to capital initials ("Hi AR,")
# a case, like initials signed alone; a person greeted and named in a quote attribution in one line ("Hi Ann,
# Ann Roe wrote:") one case, the fuller name; an author named by surname in prose ("the book of Roe & Leroy",
# "inspired by Roe et al.", "Roe's method") names a person, a case, a function or estimator named in code
# quotes ("hubers" function) not a name; a name joined to the cue by a lost space after punctuation
# ("Thanks!!!Ann") is whole, a case (unlike a name run into the next word); a sender's given name that is also
# a common word in another language ("Dost", which the list greets as a name) a name; "I sincerely
# apologize" skipped like "inquire sincerely", "Acknowledged, it makes sense" skipped (the other sense), "I
# will acknowledge any help" a negative (thanks to no one); "found by googling" skipped like "found by
# searching PATH", "not found by anyone" a negative (an unnamed person); a closing or thanks with only
# "[[alternative HTML version deleted]]" after it a negative (no person); a greeting to a meeting's
# participants ("Dear participants of the <town> workshop"), "Hi dears" and "Hi There!" negatives (a group, no
# one).  For six ambiguous lines (a given name that is also a word, a second name in a greeting, a short
# form, a login-like signature, an author cited) the labeller read the message's own body for context, no
# other field and no other message.
# Lines equal (stripped) to a text of set BM (drawn at the same time, merged before BL) are left out unread by
# build_bl.py (build_g.build's sister): none was.
# Each case has its stratum and a kind (greeting / closing / signature / thanks-address / thanks / trailer /
# authorship / credit, by build_g.kind on its line).
"""


# Sets BL, BM and BN were drawn at the same time (pre-registered together, 2026-12-08), so draw_bl.py could not
# exclude the sisters' texts: at the merge, the lead fills SISTERS with the file of each one merged before BL
# (``build``'s ``sister``: BL's lines equal to its texts are then left out unread).
SISTERS: tuple[str, ...] = ("heldout_2026-12-08bm.yaml",)  # BM was merged first


def main() -> None:
    build(candidates_arg(), HERE / "labels_bl.txt", OUT, HEADER, sister=SISTERS or None)

if __name__ == "__main__":
    main()
