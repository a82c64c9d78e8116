"""The veil-edge version (sent with every event as the ``veil.edge-version`` header)."""

__version__ = "0.1.0"
