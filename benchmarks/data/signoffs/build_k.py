"""Build heldout_2026-12-05k.yaml from draw_k.py's candidates and labels_k.txt (the hand labels):
a case per labelled name with its line's stratum and a kind by set G's regex (``build_g.kind``);
the header comment is ``HEADER`` below.

    python benchmarks/data/signoffs/draw_k.py > /tmp/candidates_k.jsonl
    python benchmarks/data/signoffs/build_k.py /tmp/candidates_k.jsonl
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_g import build, candidates_arg  # noqa: E402  (set G's builder; its kinds by build_g.kind)

OUT = HERE / "heldout_2026-12-05k.yaml"
HEADER = """\
# RESERVE HELD-OUT sign-off set K (issue 17, after set J, wt-setk, 2026-12-04).  FROZEN: drawn, labelled and
# committed by a helper session that neither ran the scrubber, eval_realtext.py or any Veil anonymisation code
# on it nor wrote rules; unscored (not even once while writing it); kept for a later round, then to be scored
# once, totals and counts per kind, never row by row.
# Real text only, drawn by draw_k.py (this folder), random.Random(20261212), set J's pattern with five
# repositories no earlier set drew from, mirrored at fixed commits: "mail", real mailing-list mail of
# 2011-2020: the GRASE Hotspot users' list archive as committed in GraseHotspot/mailing-list-archives (one
# Markdown page a message; the raw message between its "{% raw %}" and "{% endraw %}" markers, quote markers
# stripped; at most 4 lines a message, 340 in all), and "git", the commit messages of mutt (muttmua/mutt),
# getmail6 (getmail6/getmail6), K-9 Mail (thundernest/k-9) and msmtp (marlam/msmtp) (at most 2 lines a
# commit, 8 bare "*-by:" trailers a repository, 240 / 130 / 60 / 30 lines a repository).  800 candidates,
# every one read (labels_k.txt: candidate number -> names, N or skipped; the quotas were set on source counts,
# a first draw's 620 lines keeping their labels in the second).  Labelled by hand by that session (one
# labeller for every line), sets G-J's rules: a case per person named, as the line shows the name (a first
# name alone, lower case as written: "tim", "brian", "drazen"; initials kept when the line writes them with
# the name: "Ryan J.", "Tim S", "T. E. Dickey", "Nikolas N"; lower-case full names as written: "brian m.
# carlson"; a quoted author after a dash is a person: "-Reinhold Niebuhr"; a quoted first name is a name:
# '"Joel"'; a handle in parentheses after a name is left out: "Mikhail (@MikZyth)" -> "Mikhail"; a name
# cut off by the wrap is left out of a line that names others in full: "... Hans-Peter Jansen ... and to
# Mel"; escapes kept as written: "Dra\\u017een").  Skipped, neither case nor negative: technical senses
# of the cue ("With regards to something else", "found by monitor_resolve()", "inspired by trying", "the
# patch by making", "fix from b3"), markup left in a line ("<div>Cheers,&nbsp;</div>", "<br>"), headers
# and quote attributions ("Subject: ... Hello", "On ..., Sebastian <...> wrote:"), configuration lines,
# names cut off by the wrap ("Thanks:" or "Suggested by" at a line's end, "Thanks to Emily", "Thanks:
# Frankye", "Regards\\nSe"), pure handles and nicknames ("chdiza", "cketti", "fiouzy", "EGE", "exg",
# "isdtor", "hatty", "zjw", "Tamo", "Salty", "Sirtet", "Neonjohn", "Boegie", "Tim2", "BB", "PT", "jb",
# "V.A.", "hanno", "mancha" (quoted), "Gour" (quoted), "@maniac103", "daniel.malmgren.DM", "JiaZhouyang"),
# pseudonyms ("The Dawg", "Jeriko One", "Zero King"), e-mail-only or obfuscated senders ("Little fix from
# <EMAIL>", "Thanks to ??? for the request").  Negatives: the cue and no person: greetings to no one ("Hi
# there everyone,", "Hi all,", "Hello bro,", "Hi sir", "Hey Guys,", "Hello Grase Team,"), closings and
# signatures without a person ("--\\nRegard", "Regards,\\n--", "Cheers\\nSent from my Samsung Galaxy S®4",
# "--\\n*HIDDEN TREASURE COMPUTERS LTD.*", "Ciao\\nE grazie", "- Norwegian Bokmål"), thanks to no one
# ("Thanks for the answer!", "Thanks Buddy !", "Thank you for the patch!"), tools, companies and products
# after the cue ("suggested by IntelliJ", "found by cppcheck", "found by ktlint", "courtesy of eclipse",
# "Found by FindBugs", "requested by Google", "Thanks, textutils!"), "patch from stable", "requested by a
# few translators", "suggested by another package", the THANKS file, "thanks to" meaning "because of"
# ("thanks to Grase's apache log", "thanks to ABS"), "hey" / "hi" in other senses ("hey presto", "... hi...").
# E-mails -> <EMAIL>.  Each case has its stratum and a kind (greeting / closing / signature / thanks-address /
# thanks / trailer / authorship / credit, by build_g.kind on its line).
"""


def main() -> None:
    build(candidates_arg(), HERE / "labels_k.txt", OUT, HEADER)

if __name__ == "__main__":
    main()
