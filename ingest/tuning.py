"""Process tuning for long-running Veil processes (one worker per process)."""

from __future__ import annotations

import gc


def tune_gc() -> None:
    """Garbage-collector settings for a process that runs one worker (``veil ingest``).

    What it holds before its first poll (the spaCy/Presidio engine, the policy, the Kafka
    clients: a few hundred thousand objects) is collected once and then frozen, so full
    collections during ingestion do not walk it again and again (~0.1 s each, several per
    20,000 events).  The youngest generation is collected every 10,000 allocations instead
    of 700: a poll allocates tens of thousands of short-lived, acyclic objects (decoded
    events, rows), and each collection also re-scans the rows waiting in the buffers.
    Objects made later are collected as usual.  ``veil scrub --workers N`` calls it before it
    forks, which also keeps the frozen pages shared between the workers."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
