"""Logging as JSON lines on stderr.  Log calls pass facts (counts, offsets, paths,
reasons), never event values: nothing personal may reach a log line."""

from __future__ import annotations

import json
import logging
import sys
import time


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        facts = getattr(record, "facts", None)
        if facts:
            entry.update(facts)
        if record.exc_info and record.exc_info[0] is not None:
            # Type only: exception messages from parsers can quote the raw input.
            entry["exc_type"] = record.exc_info[0].__name__
        return json.dumps(entry, default=str)


def setup_logging(verbose: bool = False) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    # Third-party chatter (kafka-python logs at INFO on every rebalance, presidio warns per recognizer).
    for noisy in ("kafka", "presidio-analyzer", "presidio-anonymizer", "urllib3", "filelock", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else logging.WARNING)


def log_facts(logger: logging.Logger, msg: str, level: int = logging.INFO, **facts: object) -> None:
    """``log_facts(log, "flushed", rows=12, partition=3)`` → one JSON line with those keys."""
    logger.log(level, msg, extra={"facts": facts})
