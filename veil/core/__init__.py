"""The bottom layer: settings, logging, errors and the version, importing no stage.

Every stage (``veil.anonymize``, ``veil.ingest``, ``veil.store``, ``veil.trainer``,
``veil.audit``) may import this package; it imports none of them, nor the CLI
(``tests/test_architecture.py`` checks both).
"""

from veil.core.audit_sink import AuditSink
from veil.core.errors import (
    EXIT_CODES,
    BadInputError,
    IntegrityError,
    UnreachableError,
    UsageError,
    VeilError,
)
from veil.core.version import __version__

__all__ = [
    "AuditSink",
    "EXIT_CODES",
    "BadInputError",
    "IntegrityError",
    "UnreachableError",
    "UsageError",
    "VeilError",
    "__version__",
]
