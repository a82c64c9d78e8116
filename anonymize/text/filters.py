"""Span post-filters: rules that judge a text's spans together, after the per-span checks and
before the merge.

``SPAN_FILTERS`` is the registered list, run in order; each filter is
``fn(text, spans, request, wanted) -> spans`` and decides itself whether it applies (from the
entities asked for, ``request.explicit``, ``request.ner``, the entities ``wanted`` for this
text).  ``register_span_filter`` appends one (a plugin's filters run after Veil's own).
"""

from __future__ import annotations

import re
from typing import Callable

from veil_edge import Span

from .checks import NUMERIC_DATE
from .persons import ordinary_words_are_no_group, person_context
from .places import address_blocks, phone_vs_address

SpanFilter = Callable[[str, list[Span], "Request", list[str]], list[Span]]  # noqa: F821 - request.Request
SPAN_FILTERS: list[SpanFilter] = []


def register_span_filter(fn: SpanFilter) -> SpanFilter:
    """``@register_span_filter`` on ``fn(text, spans, request, wanted) -> spans``."""
    SPAN_FILTERS.append(fn)
    return fn


@register_span_filter
def numeric_dates_are_no_phones(text: str, spans: list[Span], request, wanted: list[str]) -> list[Span]:
    """"07.04.1986" is a date, not a phone number; nor is the "14.840280" of
    "1986-08-06 21:38:14.840280" (a phone inside a date is dropped)."""
    if "DATE_TIME" not in wanted or not any(s.entity == "PHONE_NUMBER" for s in spans):
        return spans
    dates = [(s.start, s.end) for s in spans if s.entity == "DATE_TIME"]
    return [Span(s.start, s.end, "DATE_TIME", s.score)
            if s.entity == "PHONE_NUMBER" and NUMERIC_DATE.match(text[s.start : s.end]) else s
            for s in spans
            if s.entity != "PHONE_NUMBER" or not any(a <= s.start and s.end <= b for a, b in dates)]


@register_span_filter
def no_ordinary_groups(text: str, spans: list[Span], request, wanted: list[str]) -> list[Span]:
    """"Pedestrians", "Locals": not a group (``persons.ordinary_words_are_no_group``)."""
    if "NRP" not in request.ents or not any(s.entity == "NRP" for s in spans):
        return spans
    return ordinary_words_are_no_group(text, spans)


@register_span_filter
def persons_in_context(text: str, spans: list[Span], request, wanted: list[str]) -> list[Span]:
    """Brand-shaped names dropped, listed and repeated names added (``persons.person_context``)."""
    if "PERSON" not in request.ents:
        return spans
    return person_context(text, spans, request.ner)


@register_span_filter
def address_blocks_when_named(text: str, spans: list[Span], request, wanted: list[str]) -> list[Span]:
    """With LOCATION named by the policy: whole address blocks (``places.address_blocks``)."""
    if not (request.explicit and "LOCATION" in request.ents and spans):
        return spans
    return address_blocks(text, spans)


# "git@github.com:org/repo.git": an scp-style remote, a service account and a path, not a
# person's e-mail address
_SCP_REMOTE = re.compile(r":[\w.~-]+/")


@register_span_filter
def scp_remotes_are_no_emails(text: str, spans: list[Span], request, wanted: list[str]) -> list[Span]:
    """``user@host:path`` is a repository address: its e-mail-shaped head is dropped."""
    if not any(s.entity == "EMAIL_ADDRESS" for s in spans):
        return spans
    return [s for s in spans if s.entity != "EMAIL_ADDRESS" or not _SCP_REMOTE.match(text, s.end)]


@register_span_filter
def addresses_over_phones(text: str, spans: list[Span], request, wanted: list[str]) -> list[Span]:
    """A phone match running into an address was its house numbers (``places.phone_vs_address``)."""
    return phone_vs_address(spans)
