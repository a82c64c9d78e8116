"""The error vocabulary shared by the edge and the server.

``VeilError`` is the base of every error a user can act on, in ``veil_edge`` and in
``veil`` alike (``veil.core.errors`` re-exports it): ``str(exc)`` is the one line a command
prints, ``exit_code`` its documented exit status (2 usage, 6 unreachable, ...).  Messages
say what is wrong and what to do, and never quote event values.
"""

from __future__ import annotations


class VeilError(Exception):
    """A failure the user can act on.  ``str(exc)`` is the one line the CLI prints."""

    exit_code: int = 2


class PolicyError(VeilError, ValueError):
    """A policy file is invalid.  The message names the file, the line (when known) and
    the field, e.g. ``policy.yaml:12: rules[3].op: unknown operator 'maskk'``."""

    def __init__(self, message: str, *, source: str = "<policy>", line: int | None = None, field: str | None = None):
        self.source = source
        self.line = line
        self.field = field
        self.problem = message
        where = source if line is None else f"{source}:{line}"
        text = f"{where}: {field}: {message}" if field else f"{where}: {message}"
        super().__init__(text)


class OperatorValueError(ValueError):
    """An operator cannot handle this value (wrong type, unparseable date...).

    The sanitiser then replaces the value with a redaction placeholder instead of failing
    the event.  Messages must not quote the value.
    """


class SealError(VeilError):
    """A public or private key is missing or wrong, or a sealed value cannot be opened
    (exit 2).  Never names the sealed value."""


class EdgeUnreachable(VeilError):
    """The broker could not be reached in time; nothing was sent in clear (exit 6)."""

    exit_code = 6
