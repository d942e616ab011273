"""``paperdesk suggest``: works the library's papers cite that the library does not hold.

Every parsed reference is a vote for the work it names. References are merged into one work
when they share an arXiv id, a DOI or a normalised title (:func:`paperdesk.parse.refparse.
title_norm`, the key citation links match on), and a work the library already holds (the same
arXiv id, DOI, or title within a year, as :mod:`paperdesk.parse.citations` links them) is no
suggestion. Works are ranked by how many library papers cite them, then by how many of those
the user has read. Everything comes from the stored references: no network.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from paperdesk.errors import InvalidIdError, StateError
from paperdesk.ids import parse_arxiv_id
from paperdesk.library import Library
from paperdesk.parse.refparse import title_norm
from paperdesk.services.identify import distinctive
from paperdesk.storage import repository as repo
from paperdesk.storage.models import (
    ListEntry,
    Paper,
    Reference,
    SuggestionDismissal,
)

_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(.+)", re.IGNORECASE)


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


@dataclass
class _Ref:
    paper_id: int
    arxiv: str | None
    doi: str | None
    title: str | None
    norm: str | None
    authors: list[str]
    year: int | None
    venue: str | None
    url: str | None


def _arxiv_base(value: str | None) -> str | None:
    if not value:
        return None
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
        Reference.paper_id,
        Reference.arxiv_id,
        Reference.doi,
        Reference.title,
        Reference.title_norm,
        Reference.authors,
        Reference.year,
        Reference.venue,
        Reference.url,
    ).order_by(Reference.paper_id, Reference.position)
    for pid, arxiv, doi, title, norm, authors, year, venue, url in session.execute(query):
        if citing is not None and pid not in citing:
            continue
        doi = (doi or "").lower() or None
        arxiv = _arxiv_base(arxiv) or (
            _arxiv_base(m.group(1)) if doi and (m := _ARXIV_DOI.fullmatch(doi)) else None
        )
        yield _Ref(
            pid, arxiv, doi, title, norm or title_norm(title), list(authors or []), year, venue, url
        )


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
        keys = _keys(ref)
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
    """One work from its references: the most given arXiv id, DOI, title and year; the longest
    author list; every citing paper once."""
    arxiv = _most_common(r.arxiv for r in refs)
    doi = _most_common(r.doi for r in refs)
    title = _most_common(r.title for r in refs)
    norm = _most_common(r.norm for r in refs if r.norm and distinctive(r.norm))
    key = f"arxiv:{arxiv}" if arxiv else f"doi:{doi}" if doi else f"title:{norm}"
    citers = []
    for pid in dict.fromkeys(r.paper_id for r in refs):
        pkey, ptitle, read = papers[pid]
        citers.append(Citer(pkey, ptitle, read))
    return Suggestion(
        rank=0,
        key=key,
        title=str(title or (f"arXiv:{arxiv}" if arxiv else doi or norm or "")),
        year=_most_common(r.year for r in refs),  # type: ignore[arg-type]
        authors=max((r.authors for r in refs), key=len),
        arxiv_id=arxiv,  # type: ignore[arg-type]
        doi=doi,  # type: ignore[arg-type]
        venue=_most_common(r.venue for r in refs),  # type: ignore[arg-type]
        url=_most_common(r.url for r in refs),  # type: ignore[arg-type]
        cited_by=citers,
    )


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
            if _keys(ref) and not held.holds(ref):
                refs.append(ref)
        papers = {
            pid: (key, title, state == "read")
            for pid, key, title, state in s.execute(
                select(Paper.id, Paper.key, Paper.title, Paper.reading_state)
            )
        }
        hidden = set(s.scalars(select(SuggestionDismissal.key)))
    works = [_work(g, papers) for g in _group(refs)]
    works = [w for w in works if w.cites >= min_cites]
    if not include_dismissed:
        report.dismissed = sum(w.key in hidden for w in works)
        works = [w for w in works if w.key not in hidden]
    works.sort(key=lambda w: (-w.cites, -w.read_cites, -(w.year or 0), w.title.lower()))
    for n, w in enumerate(works, start=1):
        w.rank = n
    report.total = len(works)
    report.suggestions = works[:limit] if limit else works
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
                title=w.title if not w.title.startswith("arXiv:") else None,
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
