"""Draw the candidate lines of held-out sign-off set N (issue 17, reserve set after set M).

Set M's pattern (``draw_m.py``), real human-written mailing-list mail only, from three repositories no
earlier set drew from, mirrored in ``/work/.mirror`` at fixed commits: the public-inbox (v2) git archives
of three mailing lists as committed by linux-mailinglist-archives, one message a commit (the blob ``m``
of each commit, a whole raw message):

* ``usrp-users.lists.ettus.com.0`` -- the Ettus Research USRP users' list (software-defined radio);
* ``openbmc.lists.ozlabs.org.0`` -- the OpenBMC project's list (discussion and patches);
* ``usb-storage.lists.one-eyed-alien.net.0`` -- the Linux USB mass-storage driver's list.

Every commit of each archive up to its fixed commit (``git rev-list``, in that order) is read, its
message parsed by ``draw_g.body_lines`` (headers dropped, text parts decoded, quote markers stripped).
At most ``draw_g.PER_FILE`` lines a message, ``QUOTA[repo]`` lines a repository.  The quotas were set on
the archives' sizes alone, before any line was read, labelled or scored, so that no repository holds
half the rows.  Candidates are ``draw_g.cue_lines``.  Dropped by program, unread: lines equal
(stripped) to a text of any sign-off set in this folder before N (``EXCLUDED``: ``draw_m.EXCLUDED`` plus
set M) or a credit line, duplicates.  ``draw_g.emit`` with ``random.Random(SEED)``; no git stratum, no
reserve.  E-mail addresses -> ``<EMAIL>``.

    python benchmarks/data/signoffs/draw_n.py > /tmp/candidates_n.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_g  # noqa: E402  (git, body_lines, drawn, emit, PER_FILE)
import draw_j  # noqa: E402  (objects)
import draw_m  # noqa: E402  (EXCLUDED: the sets before M)

SEED = 20261219
RESERVE = 0
USRP = "linux-mailinglist-archives+usrp-users.lists.ettus.com.0"
OPENBMC = "linux-mailinglist-archives+openbmc.lists.ozlabs.org.0"
USBSTOR = "linux-mailinglist-archives+usb-storage.lists.one-eyed-alien.net.0"
COMMITS = {
    USRP: "ca763a0eab9f857948f294e78103c609e477dc34",  # 11,438 messages
    OPENBMC: "8175e7ec37d6632ea7fe789d77257dd195bc0c4f",  # 22,127 messages
    USBSTOR: "2f2ad3bd9402fb94d2e01a6d08616faf6bb1b1b2",  # 1,722 messages
}
QUOTA = {USRP: 200, OPENBMC: 170, USBSTOR: 130}
EXCLUDED = draw_m.EXCLUDED + ("heldout_2026-12-05m.yaml",)  # every sign-off set before N


def groups(repo: str, tip: str) -> list:
    """(source, lines) of each message of ``repo``'s archive at commit ``tip``."""
    commits = draw_g.git(repo, "rev-list", tip).decode().split()
    raw = draw_j.objects(repo, [f"{c}:m" for c in commits])  # one whole raw message a commit
    return [(f"mail:{repo.replace('+', '/')}@{tip[:12]}:{c[:12]}:m", draw_g.body_lines(raw[f"{c}:m"]))
            for c in commits if f"{c}:m" in raw]


def quota_stratum(sources: list):
    """One mail stratum over ``sources``, (label, a function giving its (source, lines) groups,
    lines kept) each, in that order: at most ``draw_g.PER_FILE`` lines a message, then the kept
    share of each source's shuffled lines, the rest left over (``mail_stratum``, ``draw_rml``)."""
    def stratum(rng, seen, taken, rest) -> list[dict]:
        out = []
        for label, read, keep in sources:
            mine = draw_g.drawn(read(), draw_g.PER_FILE, rng, seen, taken)
            rng.shuffle(mine)
            print(f"# {label}: {len(mine)} lines, {min(len(mine), keep)} kept", file=sys.stderr)
            out += mine[:keep]
            rest += [{**r, "stratum": "mail"} for r in mine[keep:]]
        return out
    return stratum


def mail_stratum(commits: dict, quota: dict):
    """The one stratum of sets N-Q: each archive of ``commits`` (repository -> fixed commit), in
    that order, at most ``quota[repo]`` of its lines (draw_o.py ... draw_q.py reuse it)."""
    return quota_stratum([(repo, lambda repo=repo, tip=tip: groups(repo, tip), quota[repo])
                          for repo, tip in commits.items()])


def stratum_git(rng, seen, taken, rest) -> list[dict]:
    return []


def main() -> None:
    draw_g.emit(SEED, EXCLUDED, mail_stratum(COMMITS, QUOTA), stratum_git, RESERVE)


if __name__ == "__main__":
    main()
