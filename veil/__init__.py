"""Veil: privacy-preserving event ingestion, anonymisation and DP fine-tuning."""

__version__ = "0.1.0"
