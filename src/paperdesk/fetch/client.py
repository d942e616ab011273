"""arXiv metadata through the ``arxiv`` package's :class:`arxiv.Client`.

The package builds the query URLs and turns Atom entries into :class:`arxiv.Result`; what it
lacks for us (a timeout, ``Retry-After``, a base URL from settings, telling a malformed feed
from an empty one) comes from overriding ``_parse_feed`` to go through :class:`Http`.

:meth:`ArxivClient.lookup` asks for up to 100 ids per request and answers, for each id, either
its :class:`Metadata` or the :class:`FetchError` that explains why there is none. An HTTP 400
(arXiv rejects an id's format) only fails the id it names: the rest are asked again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import arxiv
import requests
from arxiv import _feed

from paperdesk.config import Settings
from paperdesk.errors import FetchError, InvalidIdError
from paperdesk.fetch.http import Http, HttpStatusError, Retry, host_of
from paperdesk.ids import ArxivId, normalize_doi, parse_arxiv_id

BATCH_SIZE = 100
_ATOM_FEED = "{http://www.w3.org/2005/Atom}feed"
_NS = {"atom": "http://www.w3.org/2005/Atom"}


@dataclass(frozen=True)
class Metadata:
    """What arXiv says about one paper (latest version), cleaned of feed whitespace."""

    arxiv_id: ArxivId
    title: str
    authors: list[str] = field(default_factory=list)
    abstract: str = ""
    categories: list[str] = field(default_factory=list)
    primary_category: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None
    pdf_url: str | None = None

    @property
    def version(self) -> int | None:
        return self.arxiv_id.version


class _Rejected(Exception):
    """arXiv refused the request (HTTP 400 or an error entry); ``message`` is its summary."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _squash(text: str | None) -> str:
    return " ".join((text or "").split())


def _naive_utc(value: datetime | None) -> datetime | None:
    if value is None or value.year <= 1:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _https(url: str | None) -> str | None:
    """Legacy feeds link ``http://arxiv.org/pdf/...``; arXiv redirects those, so ask https."""
    if url and re.match(r"http://(export\.)?arxiv\.org/", url):
        return "https://" + url[len("http://") :]
    return url


def _error_in(root: Any) -> str | None:
    """The message of an arXiv API error entry (``incorrect id format for abc``), if any.
    The package's parser drops such entries (they have no ``<published>``)."""
    for entry in root.iterfind("atom:entry", _NS):
        if "/api/errors" in (entry.findtext("atom:id", "", _NS) or ""):
            return _squash(entry.findtext("atom:summary", "", _NS)) or "error entry"
    return None


def _xml_root(content: bytes) -> Any:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(content, parser=parser)


def _error_summary(body: bytes) -> str | None:
    from lxml import etree

    try:
        root = _xml_root(body)
    except etree.XMLSyntaxError:
        return None
    return _error_in(root) if root is not None else None


def to_metadata(result: arxiv.Result) -> Metadata | None:
    """Convert one feed entry; None for entries that are not papers (error entries)."""
    try:
        aid = parse_arxiv_id(result.get_short_id())
    except InvalidIdError:
        return None
    return Metadata(
        arxiv_id=aid,
        title=_squash(result.title),
        authors=[_squash(a.name) for a in result.authors if _squash(a.name)],
        abstract=_squash(result.summary),
        categories=[c for c in result.categories if c],
        primary_category=result.primary_category or "",
        published=_naive_utc(result.published),
        updated=_naive_utc(result.updated),
        doi=normalize_doi(result.doi) if result.doi else None,
        journal_ref=_squash(result.journal_ref) or None,
        comment=_squash(result.comment) or None,
        pdf_url=_https(result.pdf_url),
    )


def _url_format(api_url: str) -> str:
    base = api_url.strip().replace("{", "{{").replace("}", "}}")
    return base + ("&{}" if "?" in base else "?{}")


def _parse_atom(response: requests.Response) -> _feed.ParsedFeed:
    """Parse strictly: a feed cut short or an HTML page is an error, never "no results"
    (the package's parser recovers from broken XML and would return a partial entry)."""
    from lxml import etree

    content = response.content
    try:
        root = _xml_root(content)
    except etree.XMLSyntaxError as exc:
        raise Retry(f"malformed feed from the arXiv API ({exc.msg})") from None
    if root is None or root.tag != _ATOM_FEED:
        kind = response.headers.get("Content-Type", "unknown content")
        raise Retry(f"the arXiv API answered something that is not an Atom feed ({kind})")
    if summary := _error_in(root):
        raise _Rejected(summary)
    return _feed.parse(content)


class ArxivClient(arxiv.Client):
    """``arxiv.Client`` with our base URL, timeouts, retries and politeness delay."""

    def __init__(self, settings: Settings, http: Http | None = None) -> None:
        super().__init__(
            page_size=BATCH_SIZE,
            delay_seconds=settings.arxiv_delay,
            num_retries=settings.arxiv_retries,
        )
        self.http = http or Http.from_settings(settings)
        self._session = self.http.session
        self.api_url = settings.arxiv_api_url
        self.query_url_format = _url_format(settings.arxiv_api_url)

    def _parse_feed(
        self, url: str, first_page: bool = True, _try_index: int = 0
    ) -> _feed.ParsedFeed:
        """Every page request goes through :class:`Http` (the package's own loop has no
        timeout and drops ``Retry-After``)."""
        try:
            return self.http.fetch(url, _parse_atom, what=f"the arXiv API at {host_of(url)}")
        except HttpStatusError as exc:
            if exc.status == 400:
                raise _Rejected(_error_summary(exc.body) or "HTTP 400 Bad Request") from None
            raise

    def lookup(self, ids: Iterable[ArxivId]) -> dict[str, Metadata | FetchError]:
        """Metadata for each id's base (latest version), in requests of up to 100 ids.

        Raises :class:`paperdesk.errors.NetworkError` when the API cannot be reached; every
        other failure is returned per id.
        """
        bases = list(dict.fromkeys(a.base for a in ids))
        out: dict[str, Metadata | FetchError] = {}
        for start in range(0, len(bases), BATCH_SIZE):
            out.update(self._lookup_batch(bases[start : start + BATCH_SIZE]))
        return out

    def _lookup_batch(self, bases: Sequence[str]) -> dict[str, Metadata | FetchError]:
        search = arxiv.Search(id_list=list(bases), max_results=len(bases))
        try:
            found: dict[str, Metadata] = {}
            for result in self.results(search):
                meta = to_metadata(result)
                if meta is not None and meta.arxiv_id.base in bases:
                    found.setdefault(meta.arxiv_id.base, meta)
        except _Rejected as exc:
            return self._after_rejection(bases, exc.message)
        except FetchError as exc:
            return {b: exc for b in bases}
        return {
            b: found.get(b) or FetchError(f"arXiv does not know {b} (empty answer for this id)")
            for b in bases
        }

    def _after_rejection(
        self, bases: Sequence[str], message: str
    ) -> dict[str, Metadata | FetchError]:
        """Fail the id arXiv complained about and ask again for the others."""
        if len(bases) == 1:
            return {bases[0]: FetchError(f"arXiv rejected {bases[0]}: {message}")}
        named = [b for b in bases if re.search(rf"(?<![\w.]){re.escape(b)}(?![\w.])", message)]
        if named:
            out: dict[str, Metadata | FetchError] = {
                b: FetchError(f"arXiv rejected {b}: {message}") for b in named
            }
            rest = [b for b in bases if b not in named]
            if rest:
                out.update(self._lookup_batch(rest))
            return out
        half = len(bases) // 2
        return {**self._lookup_batch(bases[:half]), **self._lookup_batch(bases[half:])}
