"""Build heldout_2026-12-07be.yaml (reserve set BE) from draw_be.py's candidates and labels_be.txt (the hand labels):
a case per labelled name with its line's stratum and a kind by set G's regex (``build_g.kind``);
the header comment is ``HEADER`` below.

    python benchmarks/data/signoffs/draw_be.py > /tmp/candidates_be.jsonl
    python benchmarks/data/signoffs/build_be.py /tmp/candidates_be.jsonl
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_g import build, candidates_arg  # noqa: E402  (set G's builder; its kinds by build_g.kind)

OUT = HERE / "heldout_2026-12-07be.yaml"
HEADER = """\
# RESERVE HELD-OUT sign-off set BE (issue 17, after set BD, wt-setbe, 2026-12-07).  FROZEN: drawn, labelled
# and committed by a helper session that neither ran the scrubber, eval_realtext.py or any Veil anonymisation
# code on it nor read or wrote rules; unscored (not even once while writing it); kept for a later round, then
# to be scored once, totals and counts per kind, never row by row.
# Real text only, drawn by draw_be.py (this folder), random.Random(20261306), set Q's pattern with one
# repository no earlier set drew from (one list by design; with one list the "no repository over half the
# rows" rule cannot apply), mirrored at a fixed commit, one stratum, "mail": real mailing-list mail, the
# public-inbox (v2) git archive of one list, this time from another GitHub owner than
# linux-mailinglist-archives, same layout (one message a commit, every commit read; headers dropped, text
# parts decoded, quote markers stripped): the Cygwin patches list (cygwingitgadget/cygwin-patches-list-mirror,
# commit a1378f039a26, 15,305 messages, 2000-2026; patches to the Cygwin DLL and its utilities, their reviews
# and discussion: a credit in a patch's added lines is kept as text).  At most 4 lines a message, 500 lines
# the repository (quota fixed on the archive's size and subject lines before any line was read; the archive
# gave 2,479 lines): 500 candidates, every one read (labels_be.txt: candidate number -> names, N or skipped;
# no quota changed after a label; no git stratum, no reserve).
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
# Each case has its stratum and a kind (greeting / closing / signature / thanks-address / thanks / trailer /
# authorship / credit, by build_g.kind on its line).
"""


def main() -> None:
    build(candidates_arg(), HERE / "labels_be.txt", OUT, HEADER)

if __name__ == "__main__":
    main()
