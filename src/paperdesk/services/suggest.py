"""``paperdesk suggest``: works the library's papers cite that the library does not hold.

Every parsed reference is a vote for the work it names. References are merged into one work
when they share an arXiv id, a DOI or a normalised title (:func:`paperdesk.parse.refparse.
title_norm`, the key citation links match on), and a work the library already holds (the same
arXiv id, DOI, or title within a year, as :mod:`paperdesk.parse.citations` links them) is no
suggestion. Works are ranked by how many library papers cite them, then by how many of those
the user has read. Everything comes from the stored references: no network.

A reference whose "title" is no title (a venue phrase, an identifier, numbers: see
:mod:`paperdesk.parse.reftitles`) is matched by its arXiv id or DOI only, and a work with no
real title is labelled by its id; broken venue fragments are not shown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from paperdesk.errors import InvalidIdError, StateError
from paperdesk.ids import parse_arxiv_id
from paperdesk.library import Library
from paperdesk.members import my_reading
from paperdesk.parse.refparse import title_norm
from paperdesk.parse.reftitles import is_title, is_venue
from paperdesk.services.identify import distinctive
from paperdesk.storage import repository as repo
from paperdesk.storage.models import (
    ListEntry,
    Paper,
    Reference,
    SuggestionDismissal,
)

_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(.+)", re.IGNORECASE)
FILL_REFS = 20


@dataclass(frozen=True)
class Citer:
    """A library paper that cites the suggested work."""

    key: str
    title: str
    read: bool


@dataclass
class Suggestion:
    """One cited work missing from the library, with what its references say about it."""

    rank: int
    key: str  # the merge key: "arxiv:1706.03762", "doi:10.…" or "title:attention is all …"
    title: str
    year: int | None
    authors: list[str]
    arxiv_id: str | None
    doi: str | None
    venue: str | None
    url: str | None
    cited_by: list[Citer]
    titled: bool = True  # False: ``title`` is the id, the references giving no real title

    @property
    def cites(self) -> int:
        return len(self.cited_by)

    @property
    def read_cites(self) -> int:
        return sum(c.read for c in self.cited_by)

    @property
    def link(self) -> str | None:
        """Where to read about it: its arXiv page, its DOI, or the URL a reference gave."""
        if self.arxiv_id:
            return f"https://arxiv.org/abs/{self.arxiv_id}"
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url


@dataclass
class SuggestReport:
    suggestions: list[Suggestion] = field(default_factory=list)
    total: int = 0  # works that passed the filters (``suggestions`` may be the first ``limit``)
    references: int = 0  # references read
    dismissed: int = 0  # works hidden because the user dismissed them


@dataclass(slots=True)
class _Ref:
    """A reference as grouping needs it; authors, venue and URL are read later, for the works
    shown only (decoding 500,000 author lists would cost seconds)."""

    id: int
    paper_id: int
    arxiv: str | None
    doi: str | None
    title: str | None
    norm: str | None
    year: int | None
    keys: list[str] = field(default_factory=list)


_NEW_STYLE = re.compile(r"\d{4}\.\d{4,5}")


@lru_cache(maxsize=65536)
def _arxiv_base(value: str | None) -> str | None:
    """The base id of a stored reference's arXiv id (parsed ones are already bases: the common
    case skips the parser; a classic is cited thousands of times, hence the cache)."""
    if not value:
        return None
    if _NEW_STYLE.fullmatch(value):
        return value
    try:
        return parse_arxiv_id(value).base
    except InvalidIdError:
        return None


def _keys(ref: _Ref) -> list[str]:
    keys = []
    if ref.arxiv:
        keys.append(f"arxiv:{ref.arxiv}")
    if ref.doi:
        keys.append(f"doi:{ref.doi}")
    if ref.norm and distinctive(ref.norm):
        keys.append(f"title:{ref.norm}")
    return keys


class _Library:
    """What the library holds, as the keys references are matched on."""

    def __init__(self, session: Session) -> None:
        self.arxiv: set[str] = set()
        self.doi: set[str] = set()
        self.titles: dict[str, list[int | None]] = {}
        rows = session.execute(select(Paper.arxiv_id, Paper.doi, Paper.title, Paper.year))
        for arxiv_id, doi, title, year in rows:
            if arxiv_id:
                self.arxiv.add(arxiv_id)
            if doi:
                self.doi.add(doi.lower())
                if m := _ARXIV_DOI.fullmatch(doi):
                    self.arxiv.add(_arxiv_base(m.group(1)) or m.group(1))
            norm = title_norm(title)
            if norm and distinctive(norm):
                self.titles.setdefault(norm, []).append(year)

    def holds(self, ref: _Ref) -> bool:
        if ref.arxiv and ref.arxiv in self.arxiv:
            return True
        if ref.doi and ref.doi in self.doi:
            return True
        years = self.titles.get(ref.norm or "")
        if years is None:
            return False
        return any(y is None or ref.year is None or abs(y - ref.year) <= 1 for y in years)


def _references(session: Session, citing: set[int] | None) -> Iterable[_Ref]:
    query = select(
        Reference.id,
        Reference.paper_id,
        Reference.arxiv_id,
        Reference.doi,
        Reference.title,
        Reference.title_norm,
        Reference.year,
    ).order_by(Reference.id)  # the primary key: no sort on SQLite, ties decided the same way
    # Core rows (no ORM bookkeeping): a large library has half a million references
    for rid, pid, arxiv, doi, title, norm, year in session.connection().execute(query).all():
        if citing is not None and pid not in citing:
            continue
        doi = (doi or "").lower() or None
        if title and not is_title(title):
            title = norm = None
        if arxiv:
            arxiv = _arxiv_base(arxiv)
        elif doi and (m := _ARXIV_DOI.fullmatch(doi)):
            arxiv = _arxiv_base(m.group(1))
        ref = _Ref(
            rid, pid, arxiv, doi, title, norm or (title_norm(title) if title else None), year
        )
        ref.keys = _keys(ref)
        yield ref


def _group(refs: list[_Ref]) -> list[list[_Ref]]:
    """References that share any key are one work (union-find over the keys)."""
    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    firsts: list[str] = []
    for ref in refs:
        keys = ref.keys
        for k in keys:
            parent.setdefault(k, k)
        root = find(keys[0])
        for k in keys[1:]:
            other = find(k)
            if other != root:
                parent[other] = root
        firsts.append(keys[0])
    groups: dict[str, list[_Ref]] = {}
    for ref, first in zip(refs, firsts, strict=True):
        groups.setdefault(find(first), []).append(ref)
    return list(groups.values())


def _most_common(values: Iterable[object]) -> object | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _work(refs: list[_Ref], papers: dict[int, tuple[str, str, bool]]) -> Suggestion:
    """One work from its references: the most given arXiv id, DOI, title and year; every
    citing paper once (authors, venue and URL come from :func:`_fill`)."""
    if len(refs) == 1:  # most works: one reference, nothing to vote on
        r = refs[0]
        arxiv, doi, title, year = r.arxiv, r.doi, r.title, r.year
        norm = r.norm if r.norm and distinctive(r.norm) else None
    else:
        arxiv = _most_common(r.arxiv for r in refs)  # type: ignore[assignment]
        doi = _most_common(r.doi for r in refs)  # type: ignore[assignment]
        title = _most_common(r.title for r in refs)  # type: ignore[assignment]
        year = _most_common(r.year for r in refs)  # type: ignore[assignment]
        norm = _most_common(r.norm for r in refs if r.norm and distinctive(r.norm))  # type: ignore[assignment]
    key = f"arxiv:{arxiv}" if arxiv else f"doi:{doi}" if doi else f"title:{norm}"
    citers = []
    for pid in dict.fromkeys(r.paper_id for r in refs):
        pkey, ptitle, read = papers[pid]
        citers.append(Citer(pkey, ptitle, read))
    return Suggestion(
        rank=0,
        key=key,
        titled=bool(title),
        title=str(title or (f"arXiv:{arxiv}" if arxiv else doi or norm or "")),
        year=year,
        authors=[],
        arxiv_id=arxiv,
        doi=doi,
        venue=None,
        url=None,
        cited_by=citers,
    )


def _fill(session: Session, works: list[Suggestion], refs_of: dict[str, list[int]]) -> None:
    """Authors (the longest list given), venue and URL (the most given) of the works shown,
    from their first :data:`FILL_REFS` references (a classic is cited by thousands)."""
    ids = [i for w in works for i in refs_of[w.key][:FILL_REFS]]
    rows: dict[int, tuple[list[str], str | None, str | None]] = {}
    conn = session.connection()
    for start in range(0, len(ids), 500):
        query = select(Reference.id, Reference.authors, Reference.venue, Reference.url).where(
            Reference.id.in_(ids[start : start + 500])
        )
        for rid, authors, venue, url in conn.execute(query).all():
            rows[rid] = (list(authors or []), venue, url)
    for w in works:
        got = [rows[i] for i in refs_of[w.key][:FILL_REFS] if i in rows]
        if got:
            w.authors = max((g[0] for g in got), key=len)
            w.venue = _most_common(g[1] for g in got if is_venue(g[1]))  # type: ignore[assignment]
            w.url = _most_common(g[2] for g in got)  # type: ignore[assignment]


def suggest(
    lib: Library,
    *,
    list_name: str | None = None,
    min_cites: int = 1,
    limit: int | None = None,
    include_dismissed: bool = False,
) -> SuggestReport:
    """Cited-but-missing works, best first (see the module docstring). ``list_name`` counts
    only the references of that list's papers; ranks are 1-based over everything that passed
    the filters, so ``--add`` by rank names the rows shown."""
    if min_cites < 1:
        raise StateError(f"--min-cites must be at least 1 (got {min_cites})")
    if limit is not None and limit < 1:
        raise StateError(f"--limit must be at least 1 (got {limit})")
    report = SuggestReport()
    with lib.session() as s:
        citing: set[int] | None = None
        if list_name is not None:
            rl = repo.find_list(s, list_name)
            citing = set(s.scalars(select(ListEntry.paper_id).where(ListEntry.list_id == rl.id)))
        held = _Library(s)
        refs = []
        for ref in _references(s, citing):
            report.references += 1
            if ref.keys and not held.holds(ref):
                refs.append(ref)
        readings, on, my_state = my_reading(s)
        papers = {
            pid: (key, title, state == "read")
            for pid, key, title, state in s.execute(
                select(Paper.id, Paper.key, Paper.title, my_state).outerjoin(readings, on)
            )
        }
        hidden = set(s.scalars(select(SuggestionDismissal.key)))
        works: list[Suggestion] = []
        refs_of: dict[str, list[int]] = {}
        for group in _group(refs):
            w = _work(group, papers)
            if w.cites < min_cites:
                continue
            # dismissed under any of its keys: a title-only work that later references give an
            # arXiv id stays dismissed
            if not include_dismissed and hidden and any(k in hidden for r in group for k in r.keys):
                report.dismissed += 1
                continue
            works.append(w)
            refs_of.setdefault(w.key, []).extend(r.id for r in group)
        works.sort(key=lambda w: (-w.cites, -w.read_cites, -(w.year or 0), w.title.lower()))
        for n, w in enumerate(works, start=1):
            w.rank = n
        report.total = len(works)
        report.suggestions = works[:limit] if limit else works
        _fill(s, report.suggestions, refs_of)
    return report


@dataclass
class AddedWork:
    suggestion: Suggestion
    paper_key: str
    created: bool  # False: the library had it already (added since the listing)


def add_suggestions(lib: Library, chosen: list[Suggestion], list_name: str) -> list[AddedWork]:
    """Add the chosen works as papers (with what their references say: title, authors, year,
    DOI, venue) at the end of ``list_name`` (created if new). A work with an arXiv id is an
    arXiv paper, so ``paperdesk fetch`` fills its metadata and PDF later, as for any id added;
    a work already there is only put on the list."""
    from paperdesk.library import paper_from_entry
    from paperdesk.readinglists import EntrySpec

    out: list[AddedWork] = []
    with lib.session() as s:
        rl = repo.ensure_list(s, list_name)  # a bad name fails before anything is added
        for w in chosen:
            entry = EntrySpec(
                line=0,
                stage=None,
                arxiv=parse_arxiv_id(w.arxiv_id) if w.arxiv_id else None,
                title=w.title if w.titled or not w.arxiv_id else None,
                authors=tuple(w.authors),
                year=w.year,
                doi=w.doi,
                venue=w.venue,
                url=w.url,
            )
            paper, created = paper_from_entry(s, entry, source="reference")
            repo.append_to_list(s, rl, paper)
            out.append(AddedWork(w, paper.key, created))
    if any(a.created for a in out):
        from paperdesk.parse.citations import relink_citations

        with lib.session() as s:
            relink_citations(s)  # the papers that cite them now say so
    return out


def pick(report: SuggestReport, ranks: list[int]) -> list[Suggestion]:
    """The suggestions with these rank numbers (all shown when none are given)."""
    if not ranks:
        return list(report.suggestions)
    by_rank = {w.rank: w for w in report.suggestions}
    unknown = [r for r in ranks if r not in by_rank]
    if unknown:
        last = report.suggestions[-1].rank if report.suggestions else 0
        raise StateError(
            f"no suggestion numbered {', '.join(map(str, unknown))} (the ranks shown are 1-{last})"
        )
    return [by_rank[r] for r in dict.fromkeys(ranks)]


def dismiss(lib: Library, keys: list[str]) -> int:
    """Never suggest these works again (by merge key); returns how many were new."""
    with lib.session() as s:
        have = set(s.scalars(select(SuggestionDismissal.key)))
        new = [k for k in dict.fromkeys(keys) if k not in have]
        s.add_all(SuggestionDismissal(key=k) for k in new)
    return len(new)
