"""Build heldout_2026-12-08bm.yaml (reserve set BM) from draw_bm.py's candidates and labels_bm.txt (the hand labels):
a case per labelled name with its line's stratum and a kind by set G's regex (``build_g.kind``);
the header comment is ``HEADER`` below.

    python benchmarks/data/signoffs/draw_bm.py > /tmp/candidates_bm.jsonl
    python benchmarks/data/signoffs/build_bm.py /tmp/candidates_bm.jsonl
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_g import build, candidates_arg  # noqa: E402  (set G's builder; its kinds by build_g.kind)

OUT = HERE / "heldout_2026-12-08bm.yaml"
HEADER = """\
# RESERVE HELD-OUT sign-off set BM (issue 17, pre-registered with sets BL-BN, wt-setbm, 2026-12-08).  FROZEN:
# drawn, labelled and committed by a helper session that neither ran the scrubber, eval_realtext.py or any Veil
# anonymisation code on it nor read or wrote rules; unscored (not even once while writing it); kept for a later
# round, then to be scored as pre-registered, totals and counts per kind, never row by row.
# Real text only, drawn by draw_bm.py (this folder), random.Random(20261321), set Q's pattern with two lists no
# earlier set drew from (each sister set BL, BN has its own two lists; both of BM's lists are in one repository,
# so the "no repository over half the rows" rule cannot apply), mirrored at a fixed commit, one stratum, "mail":
# real mailing-list mail, the R project's lists as kept by r-mailing-lists/data (commit 95bebefea522, one
# Parquet file a list, one row a message; draw_rml.py reads each row's id and body, in row order, quote markers
# stripped): r-sig-genetics, the R special-interest list on genetics with R (population genetics packages such
# as adegenet and poppr: users' questions, the package authors' answers, course announcements;
# data/messages/r-sig-genetics.parquet, 520 messages, 2008-2026), and r-sig-epi, the list of epidemiology with
# R (survival and regression models, the Epi package, users' questions and answers;
# data/messages/r-sig-epi.parquet, 610 messages, 2005-2026).  At most 4 lines a message, 250 lines a file
# (quotas fixed on the files' sizes alone before any line was read; the files gave only 159 and 200 lines, so
# neither quota was filled: a shortfall by design, the lists being small): 359 candidates, every one read
# (labels_bm.txt: candidate number -> names, N or skipped; no quota changed after a label; no git stratum, no
# reserve): 352 labelled (232 positive lines, 237 cases; 120 negatives), 7 skipped.
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
# Readings of set BK (the same archive; applied unchanged): initials signed alone with a small letter among them
# ("PhG", for Ph. G.) are initials, a case like "AR"; a name the archive wrote with a letter lost ("Jos Matos"
# beside "Jos? Matos") kept as written, like mojibake; a handle or an address beside a signed or named person
# ("Ann Roe | @aroe", "Ann (@aroe)", "Ann Roe <ann at example.org>") left out, the name a case; the list's
# nickname for one of its packagers ("Spot", "~spot", "thanks spot!!") skipped everywhere, in greetings and
# thanks as in signatures (Q's "a list's nickname for a member"), and a greeting to a sender's login-like name
# ("Hi virgo,") skipped as a handle; a lower-case signature that is the short form of the signer's longer given
# name ("steve", "josh", "abou" beside "AbouEl-Makarim") skipped, the same short form capitalised ("Steve",
# "Josh", "Dear Abou") a case; a quote attribution whose sender's display name is "hello" ("On <date> hello <ann
# at example.org> wrote:") skipped (set G's sender called "Hello"); two people of one surname named together
# ("the Cohen and Cohen book") one case, the surname once; "sincerely appreciate" skipped like "inquire
# sincerely"; a post alone after "--" ("Senior Lecturer"), a motto after "--" and a URL after "--" that names no
# person ("tinyurl.com/<a topic>") negatives (signatures without a person); "help from someone" and "a report
# from a user" negatives (an unnamed person); a package after "from" or "found by" ("suggestions from Rcmdr",
# "found by xpdf") negatives (a program).
# Readings for these lists (where those rules are silent, chosen and applied to every line): a mark before or
# around a signed name ("~Ann", "/Ann", "-Ann", "- Ann", "*Ann Roe*") left out, the name a case, and a signed
# "- Ann" is a signature, not a "- Item"-style list item (a list item naming no one, "- PGLMM", stays a
# negative); a post or role after a signed name in parentheses or after "|" ("Ann (Pathologist)", "Ann
# (R-sig-genetics admin)", "Ann Roe | Post-Doc Research Fellow") left out like a post after a comma; a name in
# the possessive ("Ann's page") kept without the "'s", a case; a name joined to the words beside it by a comma
# whose space was lost ("Dear Ann,check this", "Kind regards,Ann", "Thanks in anticipation,Ann") is whole, a
# case (unlike a name run into the next word by a lost line break, "Thank you AnnFirst"); a motto's attribution
# after a dash ("- Benjamin Franklin") names a person, a case; a surname addressed with a title
# ("Dear Dr. Roe and XYZ users,") the surname a case; a cue at a line's end whose object the wrap moved on
# ("..., thanks to", "suggestions from", "help from" ending the line) skipped like a cue cut off before any
# name, but "Thanks for" ending a line a negative (thanks for a thing: no person the wrap could have cut off);
# "course credit" and "found by computing" skipped as other and technical senses of the cue, "would be sincerely
# appreciated" skipped like BK's "sincerely appreciate"; "inspired by <datasets>" a negative (a thing after the
# cue, like "grateful for <a distribution>"); "Greetings from <a city>" a negative (a place, no person); a line
# of code ('acknowledgement = "",') skipped as code.
# Lines equal (stripped) to a text of sets BL or BN (drawn at the same time) are left out unread by
# build_bm.py (build_g.build's sister) once the lead fills SISTERS at the merge; none are left out as
# committed by the labelling session.
# Each case has its stratum and a kind (greeting / closing / signature / thanks-address / thanks / trailer /
# authorship / credit, by build_g.kind on its line).
"""


# Sets BL and BN were drawn at the same time (pre-registered with BM, 2026-12-08), so draw_bm.py could not
# exclude them: at the merge, the lead fills SISTERS with the file of each one merged before BM (``build``'s
# ``sister``: BM's lines equal to its texts are then left out unread).  Empty as committed by the labeller.
SISTERS: tuple[str, ...] = ()


def main() -> None:
    build(candidates_arg(), HERE / "labels_bm.txt", OUT, HEADER, sister=SISTERS or None)

if __name__ == "__main__":
    main()
