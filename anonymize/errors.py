"""Exceptions of the anonymiser."""

from __future__ import annotations

from veil.core.errors import VeilError


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
