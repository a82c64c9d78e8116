"""Build heldout_2026-12-05n.yaml (reserve set N) from draw_n.py's candidates and labels_n.txt (the hand labels):
a case per labelled name with its line's stratum and a kind by set G's regex (``build_g.kind``);
the header comment is ``HEADER`` below.

    python benchmarks/data/signoffs/draw_n.py > /tmp/candidates_n.jsonl
    python benchmarks/data/signoffs/build_n.py /tmp/candidates_n.jsonl
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_g import build, candidates_arg  # noqa: E402  (set G's builder; its kinds by build_g.kind)

OUT = HERE / "heldout_2026-12-05n.yaml"
HEADER = """\
# RESERVE HELD-OUT sign-off set N (issue 17, after set M, wt-setn, 2026-12-06).  FROZEN: drawn, labelled and
# committed by a helper session that neither ran the scrubber, eval_realtext.py or any Veil anonymisation code
# on it nor wrote rules; unscored (not even once while writing it); kept for a later round, then to be scored
# once, totals and counts per kind, never row by row.
# Real text only, drawn by draw_n.py (this folder), random.Random(20261219), set M's pattern with three
# repositories no earlier set drew from, mirrored at fixed commits, one stratum, "mail": real mailing-list
# mail, the public-inbox (v2) git archives of three lists as committed by linux-mailinglist-archives (one
# message a commit, every commit read; headers dropped, text parts decoded, quote markers stripped): the
# Ettus Research USRP users' list (usrp-users.lists.ettus.com.0), the OpenBMC project's list
# (openbmc.lists.ozlabs.org.0; discussion and patches: a credit in a patch's added lines is kept as text)
# and the Linux USB mass-storage driver's list (usb-storage.lists.one-eyed-alien.net.0).  At most 4 lines a
# message, 200 / 170 / 130 lines a repository (quotas fixed on the archives' sizes before any line was read):
# 500 candidates, every one read (labels_n.txt: candidate number -> names, N or skipped; no quota changed
# after a label; no git stratum, no reserve).  Labelled by hand by that session (one labeller for every
# line), set M's rules (sets G-L's): a case per person named, once a line, as the line shows the name (a
# first name alone, lower case as written, in a mail sign-off: "-ann"; initials kept when the line writes
# them with the name: "Ann B.", "A. Roe"; capitals and a no-break space kept as written; a name written
# in one word with an inner capital is a name, not a handle: "AnnMarie"; a surname alone is a name; a
# person named in a quoted attribution after a closing or before a greeting is a name: "Regards,\\nOn
# <date>, Ann Roe wrote:"; a name and a callsign: "Ann K1ABC" -> "Ann"; a given name with a second one in
# parentheses is one case as written: "Ann(Annie) Roe").  Skipped, neither case nor
# negative: technical and other senses of the cue with no person ("as reported by the sensor", "found by
# a web search", "acknowledges the request", "over-written by"), code and strings, HTML entities left in a
# line ("&gt; Hi Ann,"), greetings to a plural of a first name ("Dear Anns,"), names cut off by the wrap
# ("noticed by the" at a line's end), pure handles and nicknames (a joined lower-case handle such as
# "annr", a developer's login), a bot that carries a person's name ("Ann's patch bot"), initials-only
# senders ("-AR", "Cheers,\\nA.", "Best,\\nAR"), e-mail-only senders ("Thanks!\\n<EMAIL>"), a sender
# called "Hello" ("Thanks\\nHello": set G's rule).  Negatives: the cue and no person: greetings to no one
# ("Hi all,", "Hello everyone!", "Dear Sir or Madam,", "Hi XYZ users,", a greeting to a list or to its
# experts), closings and signatures without a person ("Regards,\\n<a sentence>", "Thanks.\\nLegal
# Disclaimer", a ham radio "73", a git version after "--"), thanks to no one ("Thanks in advance!",
# "Thank you for your patience", "Applied to <tree>, thanks!"), an unnamed person or a firm, a tool or
# a centre after the cue ("suggested by an engineer", "greetings to <an agency>", "found by <a
# verification centre> with <a tool>", "tested by <a tool>"), a "Hello World" example named in prose,
# "- Item"-style list items ("- TESTING").  E-mails -> <EMAIL>.
# Each case has its stratum and a kind (greeting / closing / signature / thanks-address / thanks / trailer /
# authorship / credit, by build_g.kind on its line).
"""


def main() -> None:
    build(candidates_arg(), HERE / "labels_n.txt", OUT, HEADER)

if __name__ == "__main__":
    main()
