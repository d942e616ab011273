"""Recent submissions of an arXiv category through the API: ``search_query=cat:cs.CL`` sorted by
submission date, newest first, one page of 100 at a time, through :class:`ArxivClient` (so the
same timeouts, politeness delay, retries and ``Retry-After`` as ``fetch``).

Paging stops at the first entry submitted before the cutoff: a listing of the last week asks
for as many pages as the week holds, and a ``--since-last`` run that finds nothing new asks for
one page only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from paperdesk.errors import ConfigError, FetchError
from paperdesk.fetch.client import ArxivClient, Metadata, _Rejected

# "cs.CL", "stat.ML", "hep-th", "astro-ph.GA", "q-bio.NC"
_CATEGORY = re.compile(r"[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]{2,})?")


def parse_categories(text: str | list[str] | tuple[str, ...], where: str) -> list[str]:
    """Categories from a setting or options (comma- or space-separated), each once, checked."""
    raw = text if isinstance(text, list | tuple) else [text]
    found = [c for part in raw for c in re.split(r"[\s,]+", part) if c]
    bad = [c for c in found if not _CATEGORY.fullmatch(c)]
    if bad:
        raise ConfigError(
            f"{where}: {', '.join(map(repr, bad))} is not an arXiv category "
            "(like cs.CL, cs.LG, stat.ML or hep-th)"
        )
    if not found:
        raise ConfigError(f"{where}: no arXiv category given (like cs.CL)")
    return list(dict.fromkeys(found))


def recent(
    client: ArxivClient, category: str, since: datetime, *, limit: int
) -> Iterator[Metadata]:
    """Entries of ``category`` submitted after ``since`` (naive UTC), newest first, at most
    ``limit``. Raises :class:`FetchError` (or :class:`~paperdesk.errors.NetworkError`) when the
    API fails after its retries."""
    params = {
        "search_query": f"cat:{category}",
        "sortBy": "submittedDate",
        "sortOrder": "descending",
    }
    try:
        for meta in client.query(params, limit):
            if meta.published is not None and meta.published <= since:
                return
            yield meta
    except _Rejected as exc:
        raise FetchError(f"arXiv rejected the listing of {category}: {exc.message}") from None
