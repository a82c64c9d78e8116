"""Draw the candidate lines of held-out sign-off set I (issue 17, round 9).

Set H's pattern (``draw_h.py``), with repositories no earlier set drew from, mirrored in
``/work/.mirror`` at fixed commits, and real mailing-list mail first (sets G and H had few
greetings, closings and signatures with a person's name):

* ``mail`` -- real mail (``MAIL_REPOS``): the ham of the SpamAssassin public corpus (2002
  mailing-list and personal mail: exmh, spamassassin-talk, ILUG, FoRK, razor-users, ...) as
  committed in johnmyleswhite/ML_for_Hackers (``03-Classification/data/easy_ham``,
  ``easy_ham_2``, ``hard_ham``, ``hard_ham_2``; no spam folder, no ``cmds`` file), Apache
  SpamAssassin's own ``t/data/nice`` messages, Mailpile's ``mailpile/tests/data`` (its Maildir and
  ``tests.mbx``), and the Enron messages of theflows-labs/enron_email_parser's ``sample_data``
  CSV files (a row's ``message`` column is one message; ``sample_data/output`` is left out).
  Parsed as in sets G and H (``draw_g.messages`` / ``draw_g.body_lines``: text parts decoded, html
  tags and quote markers stripped).  At most ``draw_g.PER_FILE`` lines a message, at most
  ``MAIL_QUOTA[repo]`` a repository.
* ``git``  -- commit messages of Apache SpamAssassin, Mailpile, OfflineIMAP and mblaze at fixed
  commits (``GIT_REPOS``; ``draw_f.stratum_git``: at most 2 lines a commit, 8 bare trailers a
  repository, ``GIT_QUOTA[repo]`` lines a repository).

Candidates are ``draw_g.cue_lines`` (set F's cues plus signatures).  Dropped by program, unread:
lines equal (stripped) to a text of any sign-off set in this folder before I (``EXCLUDED``: sets
B-H, the dev sets) or a credit line, duplicates.  ``random.Random(SEED)`` as in sets G and H
(``draw_g.emit``); the union shuffled and printed whole (608 candidates), then ``RESERVE`` more: the
lines the quotas left over, shuffled, printed after the others (``i`` continues; read because the main
draw gave 276 positives, fewer than the 300 asked for).
E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_i.py > /tmp/candidates_i.jsonl
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (messages, body_lines, drawn, git, emit)
import draw_h  # noqa: E402  (EXCLUDED: the sets before H)

SEED = 20261208
RESERVE = 120  # read after the main draw (its 608 gave 276 positives, fewer than 300): the next lines the quotas left over
HAM = "03-Classification/data/"
MAIL_REPOS = {  # repository -> (commit, folders or files of mail)
    "johnmyleswhite+ML_for_Hackers": ("4aa136e17eef2ca8e2b80079acf3e2075485c441",
                                      [HAM + "easy_ham", HAM + "easy_ham_2", HAM + "hard_ham", HAM + "hard_ham_2"]),
    "apache+spamassassin": ("f7fe7b82a2db63ee1406d74d88ce564b69881954", ["t/data/nice"]),
    "mailpile+Mailpile": ("741e610f3e765f03bd0c452c92c6758280e7f99f",
                          ["mailpile/tests/data/Maildir", "mailpile/tests/data/tests.mbx"]),
    "theflows-labs+enron_email_parser": ("23bcb6ffc4f8d363c862023e6c75da51b188a811", ["sample_data"]),
}
MAIL_QUOTA = {"johnmyleswhite+ML_for_Hackers": 420, "apache+spamassassin": 40, "mailpile+Mailpile": 40,
              "theflows-labs+enron_email_parser": 40}
GIT_REPOS = {
    "apache+spamassassin": "f7fe7b82a2db63ee1406d74d88ce564b69881954",
    "mailpile+Mailpile": "741e610f3e765f03bd0c452c92c6758280e7f99f",
    "OfflineIMAP+offlineimap": "ffbace51a265fea6a1d50a92cba4e776f03f705e",
    "leahneukirchen+mblaze": "176ae741c680cd42c05c9aec03fea718c666b780",
}
GIT_QUOTA = {"apache+spamassassin": 80, "mailpile+Mailpile": 60, "OfflineIMAP+offlineimap": 50,
             "leahneukirchen+mblaze": 40}
EXCLUDED = draw_h.EXCLUDED + ("heldout_2026-12-04h.yaml",)  # every sign-off set before I
SKIP = ("cmds", ".gitkeep", ".py", ".gpg", ".key", ".ldif", ".mork", ".vcf")


def raw_messages(repo: str, path: str, raw: bytes) -> list[bytes]:
    """The messages of one file: a CSV of Enron rows (its ``message`` column), else an mbox / a message."""
    if path.endswith(".csv"):
        rows = csv.DictReader(io.StringIO(raw.decode("utf-8", "replace")))
        return [r["message"].encode("utf-8") for r in rows if r.get("message")]
    return draw_g.messages(raw)


def stratum_mail(rng, seen, taken, rest) -> list[dict]:
    out = []
    for repo, (commit, dirs) in MAIL_REPOS.items():
        files = draw_g.git(repo, "ls-tree", "-r", "-z", "--name-only", commit, *dirs).decode().split("\0")
        groups = []
        for f in sorted(x for x in files if x and not x.endswith(SKIP) and "/output/" not in x):
            raw = draw_g.git(repo, "show", f"{commit}:{f}")
            for j, m in enumerate(raw_messages(repo, f, raw)):
                groups.append((f"mail:{repo.replace('+', '/')}@{commit[:12]}:{f}" + (f"#{j}" if j else ""),
                               draw_g.body_lines(m)))
        mine = draw_g.drawn(groups, draw_g.PER_FILE, rng, seen, taken)
        rng.shuffle(mine)
        out += mine[:MAIL_QUOTA[repo]]
        rest += [{**r, "stratum": "mail"} for r in mine[MAIL_QUOTA[repo]:]]
    return out


if __name__ == "__main__":
    draw_g.main_of(sys.modules[__name__])
