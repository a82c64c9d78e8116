"""Build heldout_2026-12-05i.yaml from draw_i.py's candidates and labels_i.txt (the hand labels):
a case per labelled name with its line's stratum and a kind by set G's regex (``build_g.kind``);
the header comment is ``HEADER`` below.

    python benchmarks/data/signoffs/draw_i.py > /tmp/candidates_i.jsonl
    python benchmarks/data/signoffs/build_i.py /tmp/candidates_i.jsonl
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_g import build, candidates_arg  # noqa: E402  (set G's builder; its kinds by build_g.kind)

OUT = HERE / "heldout_2026-12-05i.yaml"
HEADER = """\
# HELD-OUT sign-off set I (issue 17, round 9, wt-seti, 2026-12-04).  FROZEN: drawn, labelled and committed
# by a helper session that neither ran the scrubber or eval_realtext.py on it nor wrote rules, before it is
# scored at all (not even once while writing it); to be scored once, totals only, never row by row.
# Real text only, drawn by draw_i.py (this folder), random.Random(20261208), set H's pattern with six
# repositories no earlier set drew from, mirrored at fixed commits: "mail", real mail: the ham of the
# SpamAssassin public corpus (2002 mailing-list and personal mail, as committed in
# johnmyleswhite/ML_for_Hackers: easy_ham, easy_ham_2, hard_ham, hard_ham_2), Apache SpamAssassin's
# t/data/nice, Mailpile's tests/data and the Enron messages of theflows-labs/enron_email_parser's
# sample_data (text parts decoded, html tags and quote markers stripped; at most 4 lines a message, 420 /
# 40 lines a repository), and "git", the commit messages of Apache SpamAssassin, Mailpile, OfflineIMAP and
# mblaze (at most 2 lines a commit, 8 bare "*-by:" trailers a repository, 40-80 lines a repository).
# 608 candidates, every one read (labels_i.txt: candidate number -> names, N or skipped).  Labelled by hand
# by that session (one labeller for every line), set G's and H's rules: a case per person named, as the
# line shows the name (a first name alone, lower case as written: "kevin", "david", "tom lane"; initials
# kept when the line writes them with the name: "J. Nick Koston", "Siddharth M.", "Graham D"; a quoted
# author after a dash is a person: "- George Bernard Shaw", "-Jay Leno").  Skipped, neither case nor
# negative: technical senses of the cue ("problem regards NVidia", "with regards to false-positives",
# "transferable credits", "patch from the location below", "expects to be written by the merge", "buglet
# found by tests", a "Dear Friend" rule), code and markup ("/* Hello */", "<pre>Hi there.</pre>"), headers
# ("From: Name <e-mail>"), names cut off by the wrap or glued to the next word ("Thanks to" at a line's
# end, "DermotImportant"), pure handles, nicknames and initials ("lhynes", "duncaen", "bboissin",
# "@asta_fish", "ToddR", "RLS", "JGM", "CW", "BN", "jr", "sc", "&rw", "-blf-", "AnOmY!", "Waider", "JoeBob",
# "tom_p", "JLee"), e-mail-only or obfuscated senders, a cue inside an e-mail address only, pseudonyms and
# fictional personas ("Inigo Montoya").  Negatives: the cue and no person: greetings to no one ("Hi all --",
# "Hey Folks", "Dear Sir/Madam,", "Dear Customer,", "Dear dELiA*s Contests member,", "Hello Mr.,"),
# closings and signatures without a person ("Thank you!\\nRegards,", "Cheers\\n-----Original Message-----",
# "--\\nPLEELEY (adj.)", "--\\nredhat", "Best regards,\\nHarperCollins Publishers"), "- Downloads"-style list
# items, tools, companies and bots after the cue ("found by -fsanitize=memory", "reported by Razor as spam",
# "Found by clang-analyzer.", "Thanks, Google.", "thanks to apt", "courtesy of the Federal Reserve Board"),
# "thanks to" meaning "because of", thanks to no one ("Thanks for the help!", "thanks guys and girls"),
# "hey" / "cheers" / "dear" / "acknowledges" in other senses.  E-mails -> <EMAIL>.  Each case has its
# stratum and a kind (greeting / closing / signature / thanks-address / thanks / trailer / authorship /
# credit, by build_g.kind on its line).
"""


def main() -> None:
    build(candidates_arg(), HERE / "labels_i.txt", OUT, HEADER)

if __name__ == "__main__":
    main()
