"""Registry of Veil's extra PII recognizers (name → zero-argument factory).

Kept free of Presidio imports so that ``import anonymize`` stays cheap; the factories are
called once per process when the text engine is built (``text.get_engine``).
"""

from __future__ import annotations

from typing import Any, Callable

RECOGNIZERS: dict[str, Callable[[], Any]] = {}


def register_recognizer(name: str) -> Callable:
    """``@register_recognizer("my_ids")`` on a class or function returning a Presidio
    ``EntityRecognizer``.  Register before the first Sanitizer needs the engine."""

    def deco(factory: Callable[[], Any]) -> Callable[[], Any]:
        RECOGNIZERS[name] = factory
        return factory

    return deco
