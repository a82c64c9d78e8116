"""Draw the candidate lines of held-out sign-off set G (issue 17, round 7).

Set F held no greeting or closing with a person's name, so G draws from real e-mail text first:

* ``mail`` -- the e-mail fixtures of mirrored repositories at fixed commits (``MAIL_REPOS``):
  notmuch's test corpora (messages of the notmuch list and of LKML), mailgun's talon and flanker,
  MimeKit's test data, the Ruby ``mail`` gem's fixtures, GitHub's and Zapier's
  email_reply_parser, mu's test data.  A message is parsed with ``email`` (its text/plain parts;
  text/html parts with tags stripped; a blob the mirror left out is skipped; a file that
  does not start with a header is read as plain lines, its tags stripped when it is html; an mbox is split at its "From " lines); quote markers ("> ") are stripped from a line.
  At most ``PER_FILE`` lines a message, at most ``MAIL_QUOTA[repo]`` a repository.
* ``git``  -- commit messages (``git log``) of git and notmuch at fixed commits (``GIT_REPOS``;
  set F drew tmux, OpenSSH and curl): at most ``PER_COMMIT`` lines a commit, at most
  ``TRAILERS`` bare ``*-by:`` trailers a repository, ``GIT_QUOTA[repo]`` lines a repository.

A candidate is a line as ``draw_f.cue_lines`` finds it (a thanks, greeting, closing, credit or
authorship cue; a closing alone on its line joined by a newline to the next non-empty line of at
most 40 characters), and also a signature: a "-- " / "--" line joined to the next non-empty line
(and the one after it when that is the closing's name line), or a line "- Name" / "-Name".
"hello"/"hi" inside an identifier ("notmuch-hello") is no cue.  Dropped by program, unread:
lines equal (stripped) to a text of any existing sign-off set or credit line, duplicates.
``random.Random(SEED)``: within each file (message, commit) at most the cap, then each
repository's candidates shuffled and its quota kept; the union shuffled and printed whole with
source and stratum, for labelling by hand.  Then ``RESERVE`` more: the lines the quotas left
over, shuffled, printed after the others (``i`` continues; read because the main draw gave 147
negatives, fewer than 150).  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_g.py > /tmp/candidates_g.jsonl
"""

from __future__ import annotations

import email
import email.policy
import html
import json
import random
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_f  # noqa: E402  (the cue regexes, known() and the exclusion logic of set F's draw)

SEED = 20261206
PER_FILE = 4
PER_COMMIT, TRAILERS = draw_f.PER_COMMIT, draw_f.TRAILERS  # set F's caps: 2 lines a commit, 8 trailers (draw_f.stratum_git)
RESERVE = 60  # read after the main draw (it gave 147 negatives): the next lines the quotas left over
MAIL_REPOS = {  # repository -> (commit, folders of fixtures)
    "notmuch+notmuch": ("fdc9c75388b1ed12662e1cdb73b48b6d809ef5d8", ["test/corpora"]),
    "mailgun+talon": ("71d9b6eb78e985bcdfbf99b69c20c001b4b818c4", ["tests/fixtures"]),
    "mailgun+flanker": ("c7f70738dbb39eda2861b03917b63ec9fa828f5d", ["tests/fixtures/messages"]),
    "jstedfast+MimeKit": ("cf6d38dd0a1a26b5145c10b35e971efc133e1fb3",
                          ["UnitTests/TestData/messages", "UnitTests/TestData/mbox", "UnitTests/TestData/smime"]),
    "mikel+mail": ("d645d7b5b7d03218b0bc8971ef041c991a63f5f7", ["spec/fixtures/emails"]),
    "github+email_reply_parser": ("59e5859cfe826d3cb6069bbbfd8577230c93b3cf", ["test/emails"]),
    "zapier+email-reply-parser": ("f67a872de3c7bebe3bd836afec60ab3f1201e8a6", ["test/emails"]),
    "djcb+mu": ("1a99e705a3cc6303b84b47e30cd312d64d8639f6", ["testdata"]),
}
MAIL_QUOTA = 120  # a repository
GIT_REPOS = {
    "git+git": "1a3e64c6c4a623626ff0687008732a8e007e2a1c",
    "notmuch+notmuch": "fdc9c75388b1ed12662e1cdb73b48b6d809ef5d8",
}
GIT_QUOTA = {"git+git": 300, "notmuch+notmuch": 150}
SIGDASH = re.compile(r"^--\s?$")
DASHNAME = re.compile(r"^-\s?[A-Z][\w'.]*(?: [A-Z][\w'.]*){0,2}$")
IDENT = re.compile(r"(?i)[-_/.](hello|hi|hey)\b|\b(hello|hi|hey)[-_]")
TAG = re.compile(r"<[^>]*>")
QUOTE = re.compile(r"^(?:\s*>)+ ?")
HEADER = re.compile(rb"^(From |[A-Za-z][\w-]*:)")


def git(repo: str, *args: str) -> bytes:
    """git's output; b"" where it fails (a blob the mirror left out: its largest files)."""
    run = subprocess.run(["git", f"--git-dir={draw_f.mirror(repo)}", *args], capture_output=True)
    return run.stdout if run.returncode == 0 else b""


def cue_lines(lines: list[str]) -> list[str]:
    """draw_f's candidates of a file, less cues inside identifiers, plus signatures."""
    out = [s for s in draw_f.cue_lines(lines) if not (IDENT.search(s) and not draw_f.CLOSING.match(s.split("\n")[0]))]
    for k, line in enumerate(lines):
        s = line.strip()
        if SIGDASH.match(line.rstrip("\n")):
            nxt = [x.strip() for x in lines[k + 1:k + 5] if x.strip()]
            if nxt and len(nxt[0]) <= 40:
                text = line.rstrip() + "\n" + nxt[0]
                if draw_f.CLOSING.match(nxt[0]) and len(nxt) > 1 and len(nxt[1]) <= 40:
                    text += "\n" + nxt[1]
                out.append(text)
        elif DASHNAME.match(s):
            out.append(s)
    return out


def unhtml(text: str) -> str:
    """Markup stripped: a tag (and <br>) ends a line, entities decoded."""
    return html.unescape(TAG.sub("\n", text))


def body_lines(raw: bytes) -> list[str]:
    """The text lines of a message (parts decoded, html tags stripped, quote markers stripped)."""
    if not HEADER.match(raw):
        text = "\n".join(draw_f.decode(raw))
        if re.search(r"(?i)<(html|body|div|p|br|span)\b", text):
            text = unhtml(text)
        return [QUOTE.sub("", x) for x in text.splitlines()]
    out = []
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        for part in msg.walk():
            ctype = part.get_content_type()
            if ctype not in ("text/plain", "text/html") or part.is_attachment():
                continue
            text = part.get_content()
            if ctype == "text/html":
                text = unhtml(text)
            out += [QUOTE.sub("", x) for x in text.splitlines()]
    except Exception:  # a broken fixture: its raw lines
        return [QUOTE.sub("", x) for x in draw_f.decode(raw)]
    return out


def messages(raw: bytes) -> list[bytes]:
    """An mbox's messages (split at "From " lines), or the one message."""
    if raw.startswith(b"From ") and b"\nFrom " in raw:
        return [(b"" if i == 0 else b"From ") + m for i, m in enumerate(re.split(rb"\nFrom ", raw))]
    return [raw]


def drawn(groups, cap, rng, seen, taken) -> list[dict]:
    out = []
    for source, lines in groups:
        mine = []
        for s in cue_lines(lines):
            s = draw_f.EMAIL.sub("<EMAIL>", s)
            if s.strip() in seen or s in taken:
                continue
            taken.add(s)
            mine.append({"text": s, "source": source})
        rng.shuffle(mine)
        out += mine[:cap]
    return out


def stratum_mail(rng, seen, taken, rest) -> list[dict]:
    out = []
    for repo, (commit, dirs) in MAIL_REPOS.items():
        files = git(repo, "ls-tree", "-r", "-z", "--name-only", commit, *dirs).decode().split("\0")
        groups = []
        for f in sorted(x for x in files if x):
            raw = git(repo, "show", f"{commit}:{f}")
            for j, m in enumerate(messages(raw)):
                groups.append((f"mail:{repo.replace('+', '/')}@{commit[:12]}:{f}" + (f"#{j}" if j else ""), body_lines(m)))
        mine = drawn(groups, PER_FILE, rng, seen, taken)
        rng.shuffle(mine)
        out += mine[:MAIL_QUOTA]
        rest += [{**r, "stratum": "mail"} for r in mine[MAIL_QUOTA:]]
    return out


def stratum_git(rng, seen, taken, rest) -> list[dict]:
    return draw_f.stratum_git(rng, seen, taken, rest, GIT_REPOS, GIT_QUOTA, drawn)


def main() -> None:
    emit(SEED, draw_f.EARLIER_SETS + ("heldout_2026-12-04f.yaml",), stratum_mail, stratum_git, RESERVE)  # the sets before G


def main_of(draw) -> None:
    """The draw of a later set (H onwards) whose module ``draw`` names its ``SEED``, ``EXCLUDED``
    (the sets before it), ``stratum_mail``, ``GIT_REPOS``, ``GIT_QUOTA`` and ``RESERVE``: its
    commit-message stratum is ``draw_f.stratum_git`` over those repositories."""
    def git_(rng, seen, taken, rest) -> list[dict]:
        return draw_f.stratum_git(rng, seen, taken, rest, draw.GIT_REPOS, draw.GIT_QUOTA, drawn)

    emit(draw.SEED, draw.EXCLUDED, draw.stratum_mail, git_, draw.RESERVE)


def emit(seed: int, earlier: tuple[str, ...], mail, git_, reserve: int) -> None:
    """Print the draw as JSON lines: the ``mail`` then ``git_`` strata's candidates, shuffled,
    then ``reserve`` leftovers; lines of the sign-off sets ``earlier`` are never drawn (set H's
    draw calls it too)."""
    rng = random.Random(seed)
    seen, _ = draw_f.known(earlier)
    taken: set[str] = set()
    cands, rest = [], []
    for name, rows in (("mail", mail(rng, seen, taken, rest)), ("git", git_(rng, seen, taken, rest))):
        print(f"# {name}: {len(rows)} candidates", file=sys.stderr)
        cands += [{**r, "stratum": name} for r in rows]
    rng.shuffle(cands)
    rng.shuffle(rest)
    for i, c in enumerate(cands + rest[:reserve]):
        print(json.dumps({"i": i, **c}, ensure_ascii=False))


if __name__ == "__main__":
    main()
