"""Build heldout_2026-12-05j.yaml from draw_j.py's candidates and labels_j.txt (the hand labels):
a case per labelled name with its line's stratum and a kind by set G's regex (``build_g.kind``);
the header comment is ``HEADER`` below.

    python benchmarks/data/signoffs/draw_j.py > /tmp/candidates_j.jsonl
    python benchmarks/data/signoffs/build_j.py /tmp/candidates_j.jsonl
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_g import build, candidates_arg  # noqa: E402  (set G's builder; its kinds by build_g.kind)

OUT = HERE / "heldout_2026-12-05j.yaml"
HEADER = """\
# RESERVE HELD-OUT sign-off set J (issue 17, after round 9, wt-setj, 2026-12-04).  FROZEN: drawn, labelled and
# committed by a helper session that neither ran the scrubber, eval_realtext.py or any Veil anonymisation code
# on it nor wrote rules; unscored (not even once while writing it); kept for the round after set I is scored,
# then to be scored once, totals and counts per kind, never row by row.
# Real text only, drawn by draw_j.py (this folder), random.Random(20261210), set I's pattern with four
# repositories no earlier set drew from, mirrored at fixed commits: "mail", real Usenet posts of 1993: the 20
# Newsgroups corpus (20news-bydate, train and test) as committed in YunomiXavia/20news-bydate (headers
# dropped, quote markers stripped; at most 4 lines a post, 16 a newsgroup, 320 in all), and "git", the commit
# messages of Claws Mail (eworm-de/claws-mail), INN (InterNetNews/inn) and slrn (jedsoft/slrn) (at most 2
# lines a commit, 8 bare "*-by:" trailers a repository, 180 / 180 / 40 lines a repository).  692 candidates,
# every one read (labels_j.txt: candidate number -> names, N or skipped; the quotas were set on source counts
# before the labels were finished, lines read in earlier draws keeping their labels). Labelled by hand by that
# session (one labeller for every line), sets G-I's rules: a case per person named, as the line shows the name
# (a first name alone, lower case as written: "chris", "colin", "john chadwick"; initials kept when the line
# writes them with the name: "Vincent Q. Yin", "M. Parikh", "Larry C."; a quoted author after a dash is a
# person: "- Robert Heinlein", "- Vin Scully"; a surname alone is a name: "Mones", "Oates"; a nickname in
# parentheses after the name is a case of its own: "J.H.M. Dassen (Ray)"; a quoted handle inside a name is
# left out of it: "Simon 'corecode' Schubert" -> "Simon Schubert"; mojibake kept as written: "Andreas
# RÃ¶nnquist").  Skipped, neither case nor negative: technical senses of the cue ("with regards to personal
# gun ownership", "in regards to", "idea from", "requested by configuring with"), US state codes ("HI"),
# uuencoded lines, headers ("X-Disclaimer: ... written by", "--\\nFrom: Name <e-mail>"), names cut off by the
# wrap ("Patch by" at a line's end, "(Based on a patch by Rocco", "our dear"), pure handles and nicknames
# ("wwp", "mones", "Ticho", "TuxCM", "vilpan", "colinl", "YUP", "Bamanzi", "PAX", "-J", "Skates Smith"),
# pseudonyms ("Genghis Khan", "The Owl", "Lo'oRiS il Kabukimono"), a name glued to the next word ("Ed-Ipser",
# "MSulchan"), e-mail-only or obfuscated senders ("Thanks to <EMAIL>"), biblical figures ("the Lord Jesus
# Christ", "John's Gospel", "Christ's voice").  Negatives: the cue and no person: greetings to no one ("Hi
# all.", "Hi Folks.", "Hello everyone,", "Hi Xperts,", "hello there", ": Hello *.*,"), closings and signatures
# without a person ("--\\nRegards,", "--\\nI hate the 3B2", "--\\nDefend your 2nd amendment rights.", "-Super
# Quiet Mode", "- Plexus Prodcutions", "--\\ne-mail: <EMAIL>"), thanks to no one ("Thanks in advance for the
# info.", "Thanks for the chuckle.", "THE PRESS: Thank you"), tools, companies and bodies after the cue
# ("thanks to cppcheck", "thanks to valgrind", "reported by Coverity", "thanks ... to Radius", "courtesy of
# your local FBI", "Reported by: U.S. Embassy Health Unit", "patch from Debian spamassassin package",
# "inspired by God"), "patch by me", "reported by one user", "suggested by one person", the THANKS file,
# "thanks to" meaning "because of", "hey" / "dear" / "sincerely" / "acknowledge" / "grateful" in other senses
# ("Oh dear.", "I sincerely hope", "grateful dead albums").  E-mails -> <EMAIL>.  Each case has its stratum
# and a kind (greeting / closing / signature / thanks-address / thanks / trailer / authorship / credit, by
# build_g.kind on its line).
"""


def main() -> None:
    build(candidates_arg(), HERE / "labels_j.txt", OUT, HEADER)

if __name__ == "__main__":
    main()
