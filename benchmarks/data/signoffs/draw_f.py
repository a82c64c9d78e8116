"""Draw the candidate lines of held-out sign-off set F (issue 17, round 6).

Real text on this machine only, stratified over five sources so that no genre or file dominates:

* ``git``   -- commit messages (``git log``) of three mirrored repositories at fixed commits
  (``REPOS``): tmux, OpenSSH portable, curl.  A "file" is one commit: at most ``PER_COMMIT``
  lines of it.  Bare ``*-by:`` trailers ("Reported-by: X") go to a pool of their own, at most
  ``TRAILERS`` a repository, so prose credits ("reported by X", "fix from X", "Thanks, X")
  make up most of this stratum.
* ``email`` -- the e-mail fixtures of the Python 3.13 standard library tests
  (``test/test_email/data/msg_*.txt``), headers included.
* ``man``   -- English man pages ``/usr/share/man/man*/*.gz`` (roff markup stripped from a
  line: macros, font escapes), at most ``PER_FILE`` lines a page.
* ``doc``   -- ``/usr/share/doc/*/`` files as in set D's draw (no ``changelog*``, no
  ``copyright``), less every file any existing sign-off set names as a source.
* ``pylib`` -- texts of the Python installs outside the worktree: ``/root/.pyenv``'s Python
  3.13 ``idlelib`` notes (``NEWS*``, ``News3``, ``CREDITS``, ``HISTORY``, ``README``,
  ``TODO``; at most ``PER_IDLE`` lines a file), ``*.dist-info/METADATA`` / ``*.egg-info/PKG-INFO``
  under ``/usr/lib/python3/dist-packages`` and the comments and docstrings of the top-level
  stdlib modules (``PER_MODULE`` lines a module) -- none of these is in the ``.venv`` set D drew from.

A candidate is a line of 12-240 characters with a thanks, greeting, closing, credit or
authorship cue (``CUE``), or a greeting of 4-240 characters ("Hi June,"), or a closing alone on
its line ("Thanks,", "Regards,", "Cheers") joined by a newline to the next non-empty line when
that is at most 40 characters ("Regards,\\nNorm").  Dropped by program, unread: Debian
" -- Name <e-mail>  date" trailers, lines equal (stripped) to a text of any existing sign-off set
or credit line, duplicates.  ``random.Random(SEED)``: within each file at most the cap is
drawn, then each stratum's candidates are shuffled and its first ``QUOTA[stratum]`` kept; the
union is shuffled and printed whole with source and stratum, for labelling by hand.  Then
``RESERVE`` more: the lines the quotas left over (every stratum; in the git stratum the prose
lines past a repository's quota), shuffled, printed after the others (``i`` continues; read
because the main draw gave fewer than 150 negatives).
E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_f.py > /tmp/candidates_f.jsonl
"""

from __future__ import annotations

import gzip
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import yaml

SEED = 20261205
PER_FILE = 4
PER_COMMIT = 2
PER_IDLE = 30
PER_MODULE = 2
TRAILERS = 8
RESERVE = 160  # read after the main draw (too few negatives in it): the next lines left over
QUOTA = {"git": 600, "email": 40, "man": 150, "doc": 300, "pylib": 160}
HERE = Path(__file__).resolve().parent
MIRROR = Path("/work/.mirror")
REPOS = {  # repository -> commit the draw reads history from (the mirror's snapshot of 2026-12-05)
    "tmux+tmux": "c1f947a3c5bc72a40c32dead736f84c4628791ec",
    "openssh+openssh-portable": "0ef0f5a839831c213f24e3f2ae434765c607fb50",
    "curl+curl": "5c61e168698a72b87437d58ed728bcdea6d5db42",
}
REPO_QUOTA = {"tmux+tmux": 220, "openssh+openssh-portable": 220, "curl+curl": 160}
PY313 = Path("/root/.pyenv/versions/3.13.0/lib/python3.13")
DOC = Path("/usr/share/doc")
MAN = Path("/usr/share/man")
DIST = Path("/usr/lib/python3/dist-packages")

CUE = re.compile(
    r"\b(thanks|thank you|thanked|thx|kudos|credits? (?:to|go)|cheers|regards|greetings|hi|hello|hey|dear|"
    r"sincerely|best wishes|contributed by|reported by|report(?:ed)? from|patch(?:es)? (?:by|from)|"
    r"(?:fix|diff|idea|suggestion|bug report)s? from|(?:suggested|noticed|found|requested|"
    r"tested|spotted|pointed out|submitted|debugged) by|courtesy of|acknowledg\w*|"
    r"grateful|written by|maintained by|originally by|authored by|help from|inspired by|based on work by)\b",
    re.IGNORECASE)
GREETING = re.compile(r"^(hi|hello|hey|dear|greetings)\b", re.IGNORECASE)
CLOSING = re.compile(r"^(thanks|thank you|many thanks|cheers|regards|best regards|kind regards|best|"
                     r"sincerely|yours|all the best|take care|ciao)[,.!]?$", re.IGNORECASE)
BY_TRAILER = re.compile(r"^[A-Z][a-z]+(?:-[a-z]+)*-by:\s")
TRAILER = re.compile(r"^\s*-- .*<[^>]*>\s+\S")  # Debian entry sign-off: sets B/C's genre
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
ROFF_TEXT = re.compile(r"^\.(B|I|BR|RB|IR|RI|BI|IB|SM|SB)\s+")
ROFF_ESC = re.compile(r"\\f(\[[^\]]*\]|\(..|.)|\\&|\\s[-+]?\d|\\c")


# the sign-off sets that existed when set F was drawn: a set drawn later (F itself, G, ...)
# must not change this draw, or the committed F no longer reproduces
EARLIER_SETS = ("dev_b.yaml", "dev_changelog_c.yaml", "dev_docs_e.yaml", "dev_multilingual_c.yaml", "dev_wide.yaml",
                "fresh_heldout.yaml", "heldout_2026-12-03b.yaml", "heldout_2026-12-04c.yaml",
                "heldout_2026-12-04d.yaml")


def known(sets: tuple[str, ...] = EARLIER_SETS) -> tuple[set[str], set[str]]:
    """Texts (stripped) of the sign-off sets ``sets`` and every credit line, and the files they name."""
    texts, files = set(), set()
    for f in (HERE / name for name in sets):
        spec = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        for c in spec.get("cases", []):
            texts.add(c["text"].strip())
            files.add(c.get("source") or "")
        texts.update(t.strip() for t in spec.get("negatives", []))
        files.update(spec.get("negatives_sources", []))
    for line in (HERE.parent / "credits" / "passages.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        texts.add(row["text"].strip())
        files.add(row.get("source") or "")
    return texts, files - {""}


def decode(raw: bytes) -> list[str]:
    try:
        return raw.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return []


def read_lines(p: Path) -> list[str]:
    try:
        return decode(gzip.open(p).read() if p.suffix == ".gz" else p.read_bytes())
    except (OSError, EOFError):
        return []


def man_lines(p: Path) -> list[str]:
    """A man page's text lines, roff requests dropped and font escapes removed."""
    out = []
    for line in read_lines(p):
        if line.startswith((".", "'")):
            m = ROFF_TEXT.match(line)
            if not m:
                continue
            line = line[m.end():].replace('"', "")
        line = ROFF_ESC.sub("", line).replace("\\-", "-").replace("\\(aq", "'").replace("\\(em", "—")
        out.append(line.replace("\\(en", "–").replace("\\e", "\\"))
    return out


def cue_lines(lines: list[str]) -> list[str]:
    """The candidate texts of one file (or commit), in order."""
    out = []
    for k, line in enumerate(lines):
        s = line.strip()
        if TRAILER.match(line):
            continue
        if CLOSING.match(s):
            nxt = next((x.strip() for x in lines[k + 1:k + 4] if x.strip()), "")
            if nxt and len(nxt) <= 40:
                out.append(s + "\n" + nxt)
            continue
        if (12 <= len(s) <= 240 and CUE.search(s)) or (4 <= len(s) <= 240 and GREETING.match(s)):
            out.append(s)
    return out


def drawn(groups: list[tuple[str, list[str]]], cap: int, rng: random.Random, seen: set[str],
          taken: set[str]) -> list[dict]:
    """At most ``cap`` new candidates of each (source, lines) group, drawn by ``rng``."""
    out = []
    for source, lines in groups:
        mine = []
        for s in cue_lines(lines):
            s = EMAIL.sub("<EMAIL>", s)
            if s in seen or s in taken:
                continue
            taken.add(s)
            mine.append({"text": s, "source": source})
        rng.shuffle(mine)
        out += mine[:cap]
    return out


def mirror(repo: str) -> Path:
    """The git directory of ``repo``'s mirror; the draw stops with one line when it is missing
    (a draw without it would print a smaller set, not the frozen one)."""
    path = MIRROR / repo / "repo"
    if not path.is_dir():
        sys.exit(f"draw: no mirror of {repo.replace('+', '/')} in {MIRROR}: fetch github:{repo.replace('+', '/')}"
                 " first (the frozen set's lines come from its commits)")
    return path


def git_commits(repo: str, commit: str) -> list[tuple[str, list[str]]]:
    """(``git:owner/name@sha12``, body lines) of every commit in ``repo``'s history from ``commit``."""
    run = subprocess.run(["git", f"--git-dir={mirror(repo)}", "log", "--format=%H%x00%B%x01", commit],
                         capture_output=True)
    if run.returncode:
        sys.exit(f"draw: the mirror of {repo.replace('+', '/')} lacks commit {commit[:12]}: fetch it again"
                 " (the frozen set was drawn at that commit)")
    log = run.stdout.decode("utf-8", "replace")
    out = []
    for entry in log.split("\x01"):
        if "\x00" in entry:
            sha, body = entry.strip().split("\x00", 1)
            out.append((f"git:{repo.replace('+', '/')}@{sha[:12]}", body.splitlines()))
    return out


def stratum_git(rng: random.Random, seen: set[str], taken: set[str], rest: list[dict], repos: dict = REPOS,
                quotas: dict = REPO_QUOTA, draw=None) -> list[dict]:
    """Commit-message lines of each repository (``repos``: name -> commit), ``quotas[repo]`` of
    them, at most TRAILERS bare trailers; ``draw``: the candidate drawer (this module's ``drawn``)."""
    draw = draw or drawn
    out = []
    for repo, commit in repos.items():
        commits = git_commits(repo, commit)
        prose = [(src, [x for x in body if not BY_TRAILER.match(x.strip())]) for src, body in commits]
        trail = [(src, [x for x in body if BY_TRAILER.match(x.strip())]) for src, body in commits]
        mine = draw(prose, PER_COMMIT, rng, seen, taken)
        rng.shuffle(mine)
        tr = draw(trail, 1, rng, seen, taken)
        rng.shuffle(tr)
        keep = quotas[repo] - min(TRAILERS, len(tr))
        out += mine[:keep] + tr[:TRAILERS]
        rest += [{**r, "stratum": "git"} for r in mine[keep:]]
    return out


def doc_files(used: set[str]) -> list[Path]:
    return sorted(p for p in DOC.rglob("*") if p.is_file() and not p.is_symlink()
                  and not p.name.startswith("changelog") and p.name != "copyright" and str(p) not in used)


def stratum_pylib(rng: random.Random, seen: set[str], taken: set[str]) -> list[dict]:
    """idlelib's notes (few files, long: at most PER_IDLE lines each), dist-packages metadata
    (PER_FILE) and the comments and docstrings of the top-level stdlib modules (PER_MODULE)."""
    idle = sorted(p for p in (PY313 / "idlelib").glob("*.txt")
                  if re.match(r"(?i)(news|credits|history|readme|todo)", p.name))
    meta = sorted(p for p in DIST.rglob("*") if p.is_file() and p.name in ("METADATA", "PKG-INFO"))
    mods = sorted(PY313.glob("*.py"))
    return (drawn([(str(p), read_lines(p)) for p in idle], PER_IDLE, rng, seen, taken)
            + drawn([(str(p), read_lines(p)) for p in meta], PER_FILE, rng, seen, taken)
            + drawn([(str(p), read_lines(p)) for p in mods], PER_MODULE, rng, seen, taken))


def main() -> None:
    rng = random.Random(SEED)
    seen, used = known()
    taken: set[str] = set()
    rest: list[dict] = []
    strata = {
        "git": stratum_git(rng, seen, taken, rest),
        "email": drawn([(str(p), read_lines(p)) for p in sorted((PY313 / "test" / "test_email" / "data")
                                                                 .glob("msg_*.txt"))], PER_FILE, rng, seen, taken),
        "man": drawn([(str(p), man_lines(p)) for p in sorted(MAN.glob("man*/*.gz")) if not p.is_symlink()],
                     PER_FILE, rng, seen, taken),
        "doc": drawn([(str(p), read_lines(p)) for p in doc_files(used)], PER_FILE, rng, seen, taken),
        "pylib": stratum_pylib(rng, seen, taken),
    }
    cands = []
    for name, rows in strata.items():
        rng.shuffle(rows)
        print(f"# {name}: {len(rows)} candidates, {min(len(rows), QUOTA[name])} kept", file=sys.stderr)
        cands += [{**r, "stratum": name} for r in rows[:QUOTA[name]]]
        rest += [{**r, "stratum": name} for r in rows[QUOTA[name]:]]
    rng.shuffle(cands)
    rng.shuffle(rest)
    for i, c in enumerate(cands + rest[:RESERVE]):
        print(json.dumps({"i": i, **c}, ensure_ascii=False))


if __name__ == "__main__":
    main()
