"""Build heldout_2026-12-08bn.yaml (reserve set BN) from draw_bn.py's candidates and labels_bn.txt (the hand labels):
a case per labelled name with its line's stratum and a kind by set G's regex (``build_g.kind``);
the header comment is ``HEADER`` below.

    python benchmarks/data/signoffs/draw_bn.py > /tmp/candidates_bn.jsonl
    python benchmarks/data/signoffs/build_bn.py /tmp/candidates_bn.jsonl
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_g import build, candidates_arg  # noqa: E402  (set G's builder; its kinds by build_g.kind)

OUT = HERE / "heldout_2026-12-08bn.yaml"
HEADER = """\
# RESERVE HELD-OUT sign-off set BN (issue 17, pre-registered with sets BL-BN, wt-setbn, 2026-12-08).  FROZEN:
# drawn, labelled and committed by a helper session that neither ran the scrubber, eval_realtext.py or any Veil
# anonymisation code on it nor read or wrote rules; unscored (not even once while writing it); kept for a later
# round, then to be scored as pre-registered, totals and counts per kind, never row by row.
# Real text only, drawn by draw_bn.py (this folder), random.Random(20261322), set Q's pattern with two lists no
# earlier set drew from (each sister set BL, BM has its own two lists; all are in one repository, so the "no
# repository over half the rows" rule cannot apply), mirrored at a fixed commit, one stratum, "mail": real
# mailing-list mail, the R project's lists as kept by r-mailing-lists/data (commit 95bebefea522, one Parquet
# file a list, one row a message; draw_rml.py reads each row's id and body, in row order, quote markers
# stripped): r-packages, package authors announcing their new and updated packages
# (data/messages/r-packages.parquet, 1,340 messages), and r-announce, R core's release announcements (NEWS
# items crediting reporters and contributors) and the project's news (data/messages/r-announce.parquet, 703
# messages): announcement mail.  At most 4 lines a message, 250 lines a file (quotas fixed on the files' sizes
# alone before any line was read; the files gave 854 and 514 lines): 500 candidates, every one read
# (labels_bn.txt: candidate number -> names, N or skipped; no quota changed after a label; no git stratum, no
# reserve): 424 labelled (335 positive lines, 369 cases; 89 negatives), 76 skipped.  Announcement mail greets
# groups, not people, and credits people in NEWS items: no greeting names a person, so the set falls short of
# the usual targets (141 greetings, closings, signatures and thanks-addresses, 89 negatives), a shortfall by
# design, the quotas fixed before any line was read.
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
# cited by one-letter initials ("V&R") skipped; a placeholder and a team ("R Core", "the CRAN team") negatives;
# "Oh dear!" skipped like "Dear me!", a quoted "hey, ..." of hypothetical speech skipped.
# Readings of set BK (the same archive, two lists; applied unchanged): initials signed alone with a small letter
# among them ("PhR") a case like "AR"; a name the archive wrote with a letter lost kept as written; a handle or
# an address beside a named person ("Ann Roe <ann at example.org>") left out, the name a case; a list's nickname
# for a member skipped wherever it stands, a greeting to a login-like name skipped as a handle; a lower-case
# signature that is the short form of the signer's longer given name skipped, capitalised a case; a quote
# attribution whose sender is called "hello" skipped; two people of one surname named together one case;
# "sincerely appreciate" skipped like "inquire sincerely"; a post alone, a motto or a URL naming no person after
# "--" negatives; "help from someone", "a report from a user" and a package after "from" or "found by" negatives.
# Readings for these lists (where those rules are silent, chosen and applied to every line): a cue at a line's
# end whose person the wrap moved to the next line ("(Reported by", "thanks to a patch from", "Thanks:",
# "..., especially") skipped, as a cue cut off by the wrap before any name (BF's), and a first name whose
# surname the wrap moved ("thanks to Ann") a case (BF's); a surname the wrap left at a line's start ("Roe), and
# ...") a case (a surname alone is a name); ASCII TeX accents in a name ("Ren'e Ro`e", 'J"org') kept as
# written, like mojibake; question marks standing alone before a signed name ("??? Ann Roe") left out, the name
# a case; an abbreviated given name ("Ma." for Maria) kept as written, part of the name; a title before a name
# ("Diplom-Kaufmann", "Professor") left out like "Dr."; a second given name after a signed name and a comma
# ("ROE Ann, Annie") left out like a nickname in parentheses, one case; authors cited by surname in a
# reference ("Roe, et al., (2015)", "Roe & Fan (1996)") cases, a person cited and credited in one line one case
# (the credited name), and an eponymous method ("Friedman's test", "Kendall's W") names no person; lower-case
# initials signed alone ("abr") skipped as a lower-case short form of a name, capital initials ("ABR") a case;
# "reported by <a program>" of a program's output ("reported by gc()", "reported by R CMD check", "reported by
# setClass()", "reported by the Quartz [device]", "the report from legend(") skipped like "as reported by ldd",
# "with help from f2c", "inspired by Excel's pivot tables" and "inspired by `merge`" negatives (a program after
# the cue); "thanks to PR#<n>" (a bug report, no person) and "Thanks to the 'LinkingTo:' directive" negatives
# ("thanks to" meaning "because of"); the file THANKS in the checksum lists of R's release announcements
# ("<md5>  THANKS", "MD5 (THANKS) = <md5>") skipped as program output; "submitted by <a date>" (a deadline),
# "sincerely hope" and "regards" as a verb ("dev.interactive() regards devices") skipped as other senses of the
# cue; an address alone after "patch from" or "--" skipped (BF's); a post alone after "--" ("Editor in chief"),
# a package's "author" with no name, a committee or a group ("useR! 2007 Program Committee", "the R Project GSoC
# mentors", "the past board members") negatives (a team, unnamed people); greetings to a list or its readers
# ("Dear people at r-announce", "Dear users of packages <...>") negatives (Q's).
# Sets BL and BM were drawn at the same time: lines equal (stripped) to a text of one merged before BN are left
# out unread by build_bn.py (build_g.build's sister, SISTERS below, filled by the lead at the merge).
# Lines equal (stripped) to a text of sets BM or BL (drawn at the same time, merged before BN) are left out
# unread by build_bn.py (build_g.build's sister): one labelled case (a signature), its text.
# Each case has its stratum and a kind (greeting / closing / signature / thanks-address / thanks / trailer /
# authorship / credit, by build_g.kind on its line).
"""


# Sets BL and BM were drawn at the same time (pre-registered with BN, 2026-12-08), so draw_bn.py could not
# exclude them: at the merge, the lead fills SISTERS with the file of each one merged before BN (``build``'s
# ``sister``: BN's lines equal to its texts are then left out unread).  Sets BL-BN were drawn at once.
SISTERS: tuple[str, ...] = ("heldout_2026-12-08bm.yaml", "heldout_2026-12-08bl.yaml")  # BM, then BL, were merged first


def main() -> None:
    build(candidates_arg(), HERE / "labels_bn.txt", OUT, HEADER, sister=SISTERS or None)


if __name__ == "__main__":
    main()
