"""arXiv metadata from the API's Atom feed, through :class:`Http`.

The client owns the three things the API needs: query URLs (``id_list`` or ``search_query``,
``start`` and ``max_results``), paging by ``opensearch:totalResults``, and a strict parse of the
Atom entries into :class:`Metadata` (a feed cut short or an HTML page is an error, never "no
results"). Timeouts, retries, ``Retry-After`` and the politeness delay are :class:`Http`'s.

:meth:`ArxivClient.lookup` asks for up to 100 ids per request and answers, for each id, either
its :class:`Metadata` or the :class:`FetchError` that explains why there is none. An HTTP 400
(arXiv rejects an id's format) only fails the id it names: the rest are asked again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import requests

from paperdesk.config import Settings
from paperdesk.errors import FetchError, InvalidIdError
from paperdesk.fetch.http import Http, HttpStatusError, Retry, host_of
from paperdesk.ids import ArxivId, normalize_doi, parse_arxiv_id

BATCH_SIZE = 100
_ATOM_FEED = "{http://www.w3.org/2005/Atom}feed"
_NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}


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
    """The message of an arXiv API error entry (``incorrect id format for abc``), if any."""
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


def _text(elem: Any, path: str) -> str | None:
    found = elem.find(path, _NS)
    return found.text if found is not None else None


def _timestamp(value: str | None) -> datetime | None:
    """An Atom timestamp (``2017-06-12T17:57:34Z``) as naive UTC; None when absent or bad."""
    if not value:
        return None
    try:
        return _naive_utc(datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
    except ValueError:
        return None


def to_metadata(entry: Any) -> Metadata | None:
    """One ``<entry>`` as :class:`Metadata`; None for entries that are not papers (no arXiv id
    or no ``<published>``, like the API's error entries)."""
    entry_id = _text(entry, "atom:id") or ""
    published = _timestamp(_text(entry, "atom:published"))
    if published is None:
        return None
    try:
        aid = parse_arxiv_id(entry_id.split("arxiv.org/abs/")[-1])
    except InvalidIdError:
        return None
    primary = entry.find("arxiv:primary_category", _NS)
    pdf = [a.get("href") for a in entry.iterfind("atom:link", _NS) if a.get("title") == "pdf"]
    doi = _squash(_text(entry, "arxiv:doi"))
    return Metadata(
        arxiv_id=aid,
        title=_squash(_text(entry, "atom:title")),
        authors=[
            name
            for a in entry.iterfind("atom:author", _NS)
            if (name := _squash(_text(a, "atom:name")))
        ],
        abstract=_squash(_text(entry, "atom:summary")),
        categories=[t for c in entry.iterfind("atom:category", _NS) if (t := c.get("term"))],
        primary_category=(primary.get("term") if primary is not None else "") or "",
        published=published,
        updated=_timestamp(_text(entry, "atom:updated")),
        doi=normalize_doi(doi) if doi else None,
        journal_ref=_squash(_text(entry, "arxiv:journal_ref")) or None,
        comment=_squash(_text(entry, "arxiv:comment")) or None,
        pdf_url=_https(pdf[0]) if pdf else None,
    )


@dataclass(frozen=True)
class Page:
    """One page of an API answer: its papers and how many the whole query matches."""

    entries: list[Metadata]
    total: int


def parse_feed(content: bytes, kind: str = "unknown content") -> Page:
    """Parse strictly: a feed cut short or an HTML page is :class:`Retry`, an error entry is
    :class:`_Rejected` (``kind`` is the answer's Content-Type, for the message)."""
    from lxml import etree

    try:
        root = _xml_root(content)
    except etree.XMLSyntaxError as exc:
        raise Retry(f"malformed feed from the arXiv API ({exc.msg})") from None
    if root is None or root.tag != _ATOM_FEED:
        raise Retry(f"the arXiv API answered something that is not an Atom feed ({kind})")
    if summary := _error_in(root):
        raise _Rejected(summary)
    total = (_text(root, "opensearch:totalResults") or "").strip()
    entries = [m for e in root.iterfind("atom:entry", _NS) if (m := to_metadata(e))]
    return Page(entries=entries, total=int(total) if total.isdigit() else len(entries))


def _url_format(api_url: str) -> str:
    base = api_url.strip().replace("{", "{{").replace("}", "}}")
    return base + ("&{}" if "?" in base else "?{}")


def _parse_atom(response: requests.Response) -> Page:
    return parse_feed(response.content, response.headers.get("Content-Type", "unknown content"))


class ArxivClient:
    """The arXiv API at the settings' base URL, with :class:`Http`'s timeouts, retries and
    politeness delay."""

    def __init__(self, settings: Settings, http: Http | None = None) -> None:
        self.http = http or Http.from_settings(settings)
        self.api_url = settings.arxiv_api_url
        self.query_url_format = _url_format(settings.arxiv_api_url)

    def page(self, params: dict[str, str], start: int, size: int) -> Page:
        """One request: ``size`` entries from ``start`` of the query ``params``."""
        query = {**params, "start": str(start), "max_results": str(size)}
        url = self.query_url_format.format(urlencode(query))
        try:
            return self.http.fetch(url, _parse_atom, what=f"the arXiv API at {host_of(url)}")
        except HttpStatusError as exc:
            if exc.status == 400:
                raise _Rejected(_error_summary(exc.body) or "HTTP 400 Bad Request") from None
            raise

    def query(self, params: dict[str, str], limit: int) -> Iterator[Metadata]:
        """Up to ``limit`` entries of the query, a page of :data:`BATCH_SIZE` at a time (the
        next page only when the caller asks for more)."""
        start = 0
        while start < limit:
            page = self.page(params, start, min(BATCH_SIZE, limit - start))
            yield from page.entries
            start += len(page.entries)
            if not page.entries or start >= page.total:
                return

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
        try:
            found: dict[str, Metadata] = {}
            for meta in self.query({"id_list": ",".join(bases)}, limit=len(bases)):
                if meta.arxiv_id.base in bases:
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
