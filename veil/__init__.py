"""Veil: privacy-preserving event ingestion, anonymisation and DP fine-tuning.

One namespace: ``veil.core`` (settings, logging, errors: the bottom layer), the stages
``veil.anonymize``, ``veil.ingest``, ``veil.store``, ``veil.trainer``, ``veil.audit``
(installed from the repository's top-level folders of the same names), and the CLI
(``veil.cli``, ``veil.commands``) on top.  Importing ``veil`` imports nothing else.
"""

from veil.core.version import __version__

__all__ = ["__version__"]
