"""Build heldout_2026-12-05m.yaml (reserve set M) from draw_m.py's candidates and labels_m.txt (the hand labels):
a case per labelled name with its line's stratum and a kind by set G's regex (``build_g.kind``);
the header comment is ``HEADER`` below.

    python benchmarks/data/signoffs/draw_m.py > /tmp/candidates_m.jsonl
    python benchmarks/data/signoffs/build_m.py /tmp/candidates_m.jsonl
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_g import build, candidates_arg  # noqa: E402  (set G's builder; its kinds by build_g.kind)

OUT = HERE / "heldout_2026-12-05m.yaml"
HEADER = """\
# RESERVE HELD-OUT sign-off set M (issue 17, after set L, wt-setm, 2026-12-04).  FROZEN: drawn, labelled and
# committed by a helper session that neither ran the scrubber, eval_realtext.py or any Veil anonymisation code
# on it nor wrote rules; unscored (not even once while writing it); kept for a later round, then to be scored
# once, totals and counts per kind, never row by row.
# Real text only, drawn by draw_m.py (this folder), random.Random(20261216), set L's pattern with two
# repositories no earlier set drew from, mirrored at fixed commits, first "mail": real mailing-list
# mail: the ImageJ project's imagej-devel Mailman ("pipermail") monthly text archive as committed in
# imagej/pipermail (2009-2015; a month's file split into its messages, headers dropped, quote markers
# stripped) and the cypherpunks list of 1992-1999 as committed in cryptoanarchywiki/mailing-list-archive-generator
# (a seeded sample of 8,000 of its 98,126 pages, the raw message of each, headers dropped; spam and
# forwarded news that reached the list are kept: real mail too).  At most 4 lines a message, 250 lines a
# repository: 500 candidates.  Then an addition, "git": 110 commit-message lines of GnuPG (gpg/gnupg; at
# most 2 lines a commit, 8 bare "*-by:" trailers), drawn after the 500 were labelled, its repository and
# quota fixed before any of its lines was read; the 500 are the same with and without it.  610 candidates,
# every one read (labels_m.txt: candidate number -> names, N or skipped; no quota changed after a label).
# GnuPG writes "--" before its trailers ("--\\nGnuPG-bug-id: 1234", "--\\nThis fixes ..."): a separator, not a
# signature, so such a window is skipped unless the line after it credits someone.  Labelled by
# hand by that session (one labeller for every line), sets G-L's rules: a case per person named, once a
# line, as the line shows the name (a first name alone, lower case as written, in a mail sign-off: "-ann";
# initials kept when the line writes them with the name: "Ann B.", "A. Roe"; a garbled letter kept as
# written: "Thank you,\\nRen?"; a quoted author after a dash is a person: "- Mark Twain"; a surname alone
# is a name: "thanks, Smithers", "Dear Senator Roe:" -> "Roe"; a person named in forwarded news text is a
# name, whatever the sense of the cue: "Roe acknowledged that ..."; a name and a team signing together:
# "Ann, Bob and the XYZ team" -> "Ann", "Bob").  Skipped, neither case nor negative: technical and other
# senses of the cue with no person ("with regards to X", "as regards", "found by a web search", "the agency
# acknowledged", "acknowledges every packet"), code, strings and program output ('print("hello world")'),
# garbled text, headers ("Subject: Hi ..."), names cut off by the wrap ("Thanks to" at a line's end),
# pure handles and nicknames (a well-known developer's nickname, a joined handle such as "AnnR" or "annr",
# a list pseudonym such as a single invented word or "The Dark X"), initials-only senders ("-AR", "Hi JR,",
# "Cheers,\\nA."), placeholders ("John Q. Public"), jokey titles ("Mr. Fixit", "Master X"), titles and fan
# clubs that carry a name ("The Jane Roe Fanclub"), e-mail-only senders ("Thanks,\\n<EMAIL>").
# Negatives: the cue and no person: greetings to no one ("Hi all,", "Hello folks", "Dear colleagues,",
# "Hi XYZ users,", "Dear <a firm>:", a greeting to the list or a project's users), closings and
# signatures without a person ("Regards,\\n<a quotation>", "Regards,\\n--", "Best,\\nThe Board",
# a slogan after "--"), thanks to no one ("Thanks ahead of time!", "thanks, folks", "Thank you for your
# patience", spam's "thank you for your purchase"), tools, firms and menus after the cue ("found by the build
# bot", "thanks to the installer", "tested by <firms>", "suggested by <a menu item>"), "thanks to" meaning
# "because of", "hey" / "hi" / "hello" / "dear" / "greetings" / "sincerely" in other senses ("but hey,",
# "say hi to the group", a "Hello World" example named in prose, "my dear old laptop", "warm greetings to all"),
# "- Item"-style list items.  E-mails -> <EMAIL> (pipermail's "user at host" forms are left as written).
# Each case has its stratum and a kind (greeting / closing / signature / thanks-address / thanks / trailer /
# authorship / credit, by build_g.kind on its line).
"""


def main() -> None:
    build(candidates_arg(), HERE / "labels_m.txt", OUT, HEADER)

if __name__ == "__main__":
    main()
