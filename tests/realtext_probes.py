"""Helpers of the real-text rounds' probe tests (tests/test_realtext_round*.py)."""

from __future__ import annotations

import re


def words_left(name: str, out: str) -> list[str]:
    """The words of ``name`` still standing whole in ``out`` (initials' dots read as blanks)."""
    return [w for w in name.replace(".", " ").split() if re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", out)]
