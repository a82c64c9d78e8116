"""Sanitising a backfill over N processes, in input order.

Invariant: the results of a chunk are exactly what one process would return for it (a
batch's results do not depend on which process ran it), so ``veil scrub --workers N``
writes the same bytes for every N.
"""

from __future__ import annotations

import multiprocessing as mp
import signal
from collections import deque
from pathlib import Path
from typing import Iterable, Iterator

from veil.anonymize import Sanitizer, load_policy
from veil.ingest.pipeline import Source, sanitize_messages
from veil.ingest.tuning import tune_gc

Chunk = list[tuple[int, bytes]]  # (line number, raw line)

_WORKER: dict = {}


def sanitize_chunk(sanitizer: Sanitizer, topic: str, chunk: Chunk) -> list:
    """One result (event or dead letter) per line of the chunk; the line number is the offset."""
    return sanitize_messages(sanitizer, [(Source(topic, -1, number), raw) for number, raw in chunk])


class WorkerPool:
    """Chunks of lines in, sanitised results out, in input order, over N processes.

    Each chunk is cut into batches of ``batch_size`` lines; at most ``2 * N`` batches are in
    flight, so memory stays bounded whatever the file size.  Every worker builds its own
    Sanitizer (and NLP engine) once, in the pool initializer.
    """

    def __init__(self, workers: int, policy_path: Path | None, pseudonym_key: bytes):
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        if method == "fork":
            # Load the NLP engine once here: forked workers inherit it (copy-on-write) instead
            # of each importing spaCy/Presidio and loading the model again.
            Sanitizer(load_policy(policy_path), pseudonym_key).warm_up()
            # Frozen objects are never touched by the collector, so their pages stay shared
            # between the workers instead of being copied by each one's first full collection.
            tune_gc()
        self.workers = workers
        self._pool = mp.get_context(method).Pool(
            workers, initializer=_init_worker, initargs=(str(policy_path) if policy_path else None, pseudonym_key)
        )

    def ordered(self, chunks: Iterable[Chunk], topic: str, batch_size: int) -> Iterator[tuple[Chunk, list]]:
        pending: deque = deque()  # (chunk, is its last batch, AsyncResult)
        limit = 2 * self.workers
        parts: list = []  # results of the chunk being reassembled
        for chunk in chunks:
            pieces = [chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size)] or [[]]
            for n, piece in enumerate(pieces):
                pending.append((chunk, n == len(pieces) - 1, self._pool.apply_async(_work, (topic, piece))))
                while len(pending) > limit:
                    done = self._collect(pending, parts)
                    if done is not None:
                        yield done
                        parts = []
        while pending:
            done = self._collect(pending, parts)
            if done is not None:
                yield done
                parts = []

    @staticmethod
    def _collect(pending: deque, parts: list) -> tuple[Chunk, list] | None:
        chunk, last, async_result = pending.popleft()
        parts.extend(async_result.get())
        return (chunk, list(parts)) if last else None

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()


def _init_worker(policy_path: str | None, pseudonym_key: bytes) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    sanitizer = Sanitizer(load_policy(policy_path), pseudonym_key)
    sanitizer.warm_up()
    _WORKER["sanitizer"] = sanitizer


def _work(topic: str, piece: Chunk) -> list:
    return sanitize_chunk(_WORKER["sanitizer"], topic, piece)
