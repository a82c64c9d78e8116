"""Build heldout_2026-12-08bk.yaml (reserve set BK) from draw_bk.py's candidates and labels_bk.txt (the hand labels):
a case per labelled name with its line's stratum and a kind by set G's regex (``build_g.kind``);
the header comment is ``HEADER`` below.

    python benchmarks/data/signoffs/draw_bk.py > /tmp/candidates_bk.jsonl
    python benchmarks/data/signoffs/build_bk.py /tmp/candidates_bk.jsonl
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_g import build, candidates_arg  # noqa: E402  (set G's builder; its kinds by build_g.kind)

OUT = HERE / "heldout_2026-12-08bk.yaml"
HEADER = """\
# RESERVE HELD-OUT sign-off set BK (issue 17, pre-registered with sets BI-BK, wt-setbk, 2026-12-08).  FROZEN:
# drawn, labelled and committed by a helper session that neither ran the scrubber, eval_realtext.py or any Veil
# anonymisation code on it nor read or wrote rules; unscored (not even once while writing it); kept for a later
# round, then to be scored as pre-registered, totals and counts per kind, never row by row.
# Real text only, drawn by draw_bk.py (this folder), random.Random(20261316), set Q's pattern with two lists no
# earlier set drew from (each sister set BI, BJ has its own list; both lists are in one repository, so the "no
# repository over half the rows" rule cannot apply), mirrored at a fixed commit, one stratum, "mail": real
# mailing-list mail, the R project's lists as kept by r-mailing-lists/data (commit 95bebefea522, one Parquet
# file a list, one row a message; draw_rml.py reads each row's id and body, in row order, quote markers
# stripped): r-sig-teaching, the R special-interest list on teaching statistics with R (teachers' questions
# about courses, books and tools, and their answers; data/messages/r-sig-teaching.parquet, 885 messages,
# 2006-2026), and r-sig-fedora, the list of R on Fedora and Red Hat (packaging, builds and users' install
# questions; data/messages/r-sig-fedora.parquet, 931 messages, 2008-2026).  At most 4 lines a message, 250
# lines a file (quotas fixed on the files' sizes alone before any line was read; the files gave 420 and 416
# lines): 500 candidates, every one read (labels_bk.txt: candidate number -> names, N or skipped; no quota
# changed after a label; no git stratum, no reserve): 482 labelled (269 positive lines, 286 cases; 213
# negatives), 18 skipped.
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
# Readings for these lists (where those rules are silent, chosen and applied to every line): initials signed
# alone with a small letter among them ("PhG", for Ph. G.) are initials, a case like "AR"; a name the archive
# wrote with a letter lost ("Jos Matos" beside "Jos? Matos") kept as written, like mojibake; a handle or an
# address beside a signed or named person ("Ann Roe | @aroe", "Ann (@aroe)", "Ann Roe <ann at example.org>")
# left out, the name a case; the list's nickname for one of its packagers ("Spot", "~spot", "thanks spot!!")
# skipped everywhere, in greetings and thanks as in signatures (Q's "a list's nickname for a member"), and a
# greeting to a sender's login-like name ("Hi virgo,") skipped as a handle; a lower-case signature that is the
# short form of the signer's longer given name ("steve", "josh", "abou" beside "AbouEl-Makarim") skipped, the
# same short form capitalised ("Steve", "Josh", "Dear Abou") a case; a quote attribution whose sender's
# display name is "hello" ("On <date> hello <ann at example.org> wrote:") skipped (set G's sender called
# "Hello"); two people of one surname named together ("the Cohen and Cohen book") one case, the surname once;
# "sincerely appreciate" skipped like "inquire sincerely"; a post alone after "--" ("Senior Lecturer"), a
# motto after "--" and a URL after "--" that names no person ("tinyurl.com/<a topic>") negatives (signatures
# without a person); "help from someone" and "a report from a user" negatives (an unnamed person); a package
# after "from" or "found by" ("suggestions from Rcmdr", "found by xpdf") negatives (a program).
# Lines equal (stripped) to a text of sets BI or BJ (drawn at the same time) are left out unread by
# build_bk.py (build_g.build's sister): BJ was merged first, so 6 labelled cases (three closings, two
# signatures, a greeting) and 4 negatives equal to texts of BJ are left out, their texts unread.
# Each case has its stratum and a kind (greeting / closing / signature / thanks-address / thanks / trailer /
# authorship / credit, by build_g.kind on its line).
"""


# Sets BI and BJ were drawn at the same time (pre-registered with BK, 2026-12-08), so draw_bk.py could not
# exclude them: at the merge, the lead fills SISTERS with the file of each one merged before BK (``build``'s
# ``sister``: BK's lines equal to its texts are then left out unread).  BJ was merged first.
SISTERS: tuple[str, ...] = ("heldout_2026-12-08bj.yaml",)  # BJ was merged first


def main() -> None:
    build(candidates_arg(), HERE / "labels_bk.txt", OUT, HEADER, sister=SISTERS or None)

if __name__ == "__main__":
    main()
