"""The error boundary's vocabulary: every error a user can act on is a ``VeilError``.

Stages raise subclasses (``PolicyError``, ``LedgerError``, ``TrainingError``...); the CLI
turns any ``VeilError`` into one line on stderr, ``veil <command>: <message>``, and exits
with the error's ``exit_code``.  Messages say what is wrong and what to do, and never quote
event values.  The codes are documented in README.md (section *Exit codes*); a test keeps
that table and :data:`EXIT_CODES` equal.
"""

from __future__ import annotations

# The base lives in the bottom layer, veil_edge, so that the edge's errors (PolicyError...)
# are VeilErrors too: one error boundary for both.
from veil_edge import VeilError

# code -> meaning, as README.md's exit-code table lists them.
EXIT_CODES: dict[int, str] = {
    0: "success: the command did what it printed",
    1: "integrity: verification failed (audit chain broken, report figures unverified, demo chain check failed)",
    2: "usage: bad arguments, a policy or config file that is invalid, a path that does not exist; nothing was changed",
    3: "refused: the privacy budget cannot cover the job; nothing was trained",
    4: "privacy audit failed: the measured lower bound exceeds the claimed epsilon; nothing was published",
    5: "too much bad input: more input was rejected than --max-bad-fraction allows (what was good is kept)",
    6: "unreachable: a broker, object store or ledger database could not be reached in time",
    70: "internal error: a bug in Veil; rerun with -v for the traceback and report it",
    130: "interrupted (Ctrl-C)",
}

EXIT_OK = 0
EXIT_INTEGRITY = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3
EXIT_AUDIT_FAILED = 4
EXIT_BAD_INPUT = 5
EXIT_UNREACHABLE = 6
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


class UsageError(VeilError):
    """Bad arguments, files or paths: fix the command and run it again (exit 2)."""

    exit_code = EXIT_USAGE


class IntegrityError(VeilError):
    """Something that should verify did not (exit 1)."""

    exit_code = EXIT_INTEGRITY


class UnreachableError(VeilError):
    """A service Veil needs could not be reached in time (exit 6)."""

    exit_code = EXIT_UNREACHABLE


class BadInputError(VeilError):
    """More input was rejected than allowed (exit 5)."""

    exit_code = EXIT_BAD_INPUT
