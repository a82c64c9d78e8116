"""The one version string: written into every store file's metadata, the report and ``veil --version``."""

__version__ = "0.1.0"
