"""Build heldout_2026-12-05l.yaml (reserve set L) from draw_l.py's candidates and labels_l.txt (the hand labels):
a case per labelled name with its line's stratum and a kind by set G's regex (``build_g.kind``);
the header comment is ``HEADER`` below.

    python benchmarks/data/signoffs/draw_l.py > /tmp/candidates_l.jsonl
    python benchmarks/data/signoffs/build_l.py /tmp/candidates_l.jsonl
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_g import build, candidates_arg  # noqa: E402  (set G's builder; its kinds by build_g.kind)

OUT = HERE / "heldout_2026-12-05l.yaml"
HEADER = """\
# RESERVE HELD-OUT sign-off set L (issue 17, after set K, wt-setl, 2026-12-04).  FROZEN: drawn, labelled and
# committed by a helper session that neither ran the scrubber, eval_realtext.py or any Veil anonymisation code
# on it nor wrote rules; unscored (not even once while writing it); kept for a later round, then to be scored
# once, totals and counts per kind, never row by row.
# Real text only, drawn by draw_l.py (this folder), random.Random(20261214), set K's pattern with six
# repositories no earlier set drew from, mirrored at fixed commits: "mail", real mailing-list mail of
# 1999-2022: the Twisted project's legacy Mailman ("pipermail") monthly text archives as committed in
# twisted/pipermail (six lists; a month's file split into its messages, headers dropped, quote markers
# stripped; at most 4 lines a message, 150 a list, 270 in all; spam that reached the lists is kept, it is
# real mail too), and "git", the commit messages of irssi, WeeChat, ZNC, BitlBee and HexChat (at most 2
# lines a commit, 8 bare "*-by:" trailers a repository, 110 / 110 / 60 / 60 / 50 lines a repository; WeeChat
# gave 72, HexChat 22).  594 candidates, every one read (labels_l.txt: candidate number -> names, N or
# skipped; the quotas were set on source counts before any label and not changed after).  Labelled by hand
# by that session (one labeller for every line), sets G-K's rules: a case per person named, as the line
# shows the name (a first name alone, lower case as written, in a mail sign-off: "-tim"; a name in capitals
# as written: "HI BOB" -> "BOB"; initials kept when the line writes them with the name: "Ann B.", "Jo K";
# a garbled letter kept as written: "Hi Ren?e," -> "Ren?e"; a quoted author after a dash is a person, a
# fictional one too: "- Sherlock Holmes"; a surname alone is a name: "thanks, Smithers"; the names spam
# signs with are names: "Sincerely,\\nJane Roe"; a handle in parentheses before or after a name is left
# out: "Ann Roe (aroe)", "aroe (Ann Roe)" -> "Ann Roe"; a name cut off by the wrap is left out of a line
# that names others in full).  Skipped, neither case nor negative: technical senses of the cue ("with
# regards to X", "found by default", "tested by including", "acknowledge the packet", "inspired by trying"),
# code, strings and program output ('return "Hello world"', "echo hi"), markup left in a line, headers and
# quote attributions ("Subject: ... Hello", "Cheers\\nAnn Roe wrote:"), names cut off by the wrap
# ("Patch by" at a line's end), pure handles and nicknames, lower-case ones that are also first names
# among them when a commit credits them ("patch by bob", "thanks to ann": handles, as set K's "hanno"),
# joined or initial-only handles ("AnnR", "JohnSmith", "Hi JR,"), pseudonyms (a gamer tag as a
# signature), titles that carry a name ("- The Jane Roe Show"), e-mail-only senders ("patch by <EMAIL>",
# "Dear <EMAIL>:"), garbled spam.  Negatives: the cue and no person: greetings to no one ("Hi all,",
# "Dear Sir,", "Hello there,", "Dear Homeowner", a greeting to the list by its name), closings and
# signatures without a person ("Best regards :", "--\\n<URL>", "Thanks.\\n<ascii art>", a firm or an
# agency signing), thanks to no one ("Thanks in advance!", "thanks, guys!", "thanks to an anonymous
# person", "thanks to a contributor"), tools, bots, firms and distributions after the cue ("found by
# Coverity", "reported by lintian", "patch from gentoo", "Submitted by <distribution>"), "patch from
# <a bug tracker URL or bug number>", "fix from <a branch>", "thanks to" meaning "because of", "hey" /
# "hi" / "hello" / "cheers" / "greetings" in other senses ("but hey,", "say hi to solaris", a "Hello
# World" example named in prose, "loudest cheers", "holiday greetings message"), "- Item"-style list items.
# E-mails -> <EMAIL> (pipermail's "user at host" forms are left as written).  Each case has its stratum and
# a kind (greeting / closing / signature / thanks-address / thanks / trailer / authorship / credit, by
# build_g.kind on its line).
"""


def main() -> None:
    build(candidates_arg(), HERE / "labels_l.txt", OUT, HEADER)

if __name__ == "__main__":
    main()
