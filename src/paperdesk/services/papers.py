"""Adding, showing, marking and tagging papers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from paperdesk import tracking
from paperdesk.errors import InvalidIdError, NotFoundError, PaperdeskError, StateError
from paperdesk.ids import check_key, parse_arxiv_id
from paperdesk.library import Library
from paperdesk.members import reading_state
from paperdesk.parse.kinds import PARSED as PARSED_KINDS
from paperdesk.services.detail import (
    CiteBrief,
    HistoryEntry,
    ListMembership,
    PaperDetail,
    SectionView,
)
from paperdesk.services.detail import section_label as _section_label
from paperdesk.services.links import link_views
from paperdesk.services.notes import note_of
from paperdesk.states import track_of
from paperdesk.storage import repository as repo
from paperdesk.storage.keying import aliases, holder
from paperdesk.storage.models import (
    Claim,
    ListEntry,
    Paper,
    Passage,
    ReadingList,
    Reference,
    ReproAttempt,
    Section,
)


@dataclass
class AddResult:
    input: str
    status: str  # "added", "exists" or "error"
    id: str | None = None
    message: str = ""
    lists: list[str] = field(default_factory=list)


def add_papers(lib: Library, refs: list[str], list_name: str | None = None) -> list[AddResult]:
    """Add arXiv papers by id or URL. Each input is handled on its own: good ones are added even
    when others are invalid; a paper already present is reported, never added twice."""
    results: list[AddResult] = []
    for ref in refs:
        try:
            aid = parse_arxiv_id(ref)
        except InvalidIdError as exc:
            results.append(AddResult(ref, "error", message=str(exc)))
            continue
        try:
            with lib.session() as s:
                from paperdesk.services.identify import Identity, find_same

                # the arXiv id, or a paper added by title with the arXiv DOI
                match = find_same(s, Identity(arxiv=aid))
                paper = s.get(Paper, match.paper_id) if match is not None else None
                status = "exists"
                if paper is None:
                    paper = Paper(  # its provisional key is made at flush
                        arxiv_id=aid.base,
                        title=f"arXiv:{aid.base}",
                        url=f"https://arxiv.org/abs/{aid.base}",
                        authors=[],
                        categories=[],
                    )
                    s.add(paper)
                    s.flush()
                    status = "added"
                res = AddResult(ref, status, paper.key)
                if status == "exists":
                    res.message = f"{aid.base} is already in the library ({paper.title})"
                if list_name:
                    rl = repo.ensure_list(s, list_name)
                    if repo.append_to_list(s, rl, paper):
                        res.lists.append(rl.name)
        except PaperdeskError as exc:
            res = AddResult(ref, "error", message=str(exc))
        results.append(res)
    if any(r.status == "added" for r in results):
        _relink(lib)
    return results


def _relink(lib: Library) -> None:
    """A new paper may already be cited by parsed papers: link it now ("cited by")."""
    from paperdesk.parse.store import relink_citations

    with lib.session() as s:
        relink_citations(s)


def add_other(
    lib: Library,
    *,
    title: str,
    year: int | None,
    authors: list[str],
    url: str | None,
    doi: str | None,
    pdf_url: str | None = None,
    key: str | None = None,
    list_name: str | None = None,
) -> AddResult:
    """Add a paper that is not on arXiv (title plus URL or DOI)."""
    from paperdesk.ids import normalize_doi
    from paperdesk.library import paper_from_entry
    from paperdesk.readinglists import EntrySpec

    if doi is not None:
        norm = normalize_doi(doi)
        if norm is None:
            raise InvalidIdError(f"not a DOI: {doi!r}")
        doi = norm
    if not (url or doi or pdf_url):
        raise InvalidIdError(f"paper {title!r} is not on arXiv: give it a URL or a DOI")
    if key is not None:
        key = check_key(key)
        with lib.session() as s:
            other = holder(s, key)
            if other is not None and not _same_work(other, title, year, doi):
                raise InvalidIdError(
                    f"key {key!r} is already used by another paper ({other.key}: "
                    f"{other.title}); choose another --key"
                )
    entry = EntrySpec(
        line=0,
        stage=None,
        title=title,
        authors=tuple(authors),
        year=year,
        url=url,
        pdf_url=pdf_url,
        doi=doi,
        key=key,
    )
    with lib.session() as s:
        from paperdesk.services.identify import Identity, find_same

        # the same DOI, or the same title (normalised) in the same year, is the same paper
        match = find_same(s, Identity(doi=doi, title=title, year=year))
        same = s.get(Paper, match.paper_id) if match is not None else None
        if same is not None:
            paper, created = same, False
        else:
            paper, created = paper_from_entry(s, entry)
        res = AddResult(title, "added" if created else "exists", paper.key)
        if not created:
            res.message = f"already in the library as {paper.key} ({paper.title})"
        if list_name:
            rl = repo.ensure_list(s, list_name)
            if repo.append_to_list(s, rl, paper):
                res.lists.append(rl.name)
    if created:
        _relink(lib)
    return res


def _same_work(paper: Paper, title: str, year: int | None, doi: str | None) -> bool:
    from paperdesk.services.identify import normalise_title

    if doi and paper.doi and doi.lower() == paper.doi.lower():
        return True
    return normalise_title(paper.title) == normalise_title(title) and (
        year is None or paper.year in (None, year)
    )


def mark(lib: Library, ref: str, state: str) -> tuple[str, str, str | None]:
    """Set the reading or replication state (whichever ``state`` names). Returns
    (paper key, track, previous state or None when nothing changed)."""
    track = track_of(state)
    with lib.session() as s:
        paper = repo.find_paper(s, ref)
        if track == "replication":
            from paperdesk.services import replication_hook

            change = replication_hook.set_paper_status(s, paper, state)
        else:
            change = tracking.set_state(s, paper, track, state)
        return paper.key, track, change.old_state if change else None


def set_tags(lib: Library, ref: str, add: list[str], remove: list[str]) -> list[str]:
    """Add and remove tags; removing a tag the paper does not have is an error (a typo)."""

    def work(s: Session) -> list[str]:  # re-run when it lost a race (Database.run)
        paper = repo.find_paper(s, ref)
        for name in add:
            _not_a_paper(s, name)  # as tag_many: an id typed as a tag is a mistake
        for name in add:
            repo.tag_paper(s, paper, name)
        for name in remove:
            if not repo.untag_paper(s, paper, name):
                raise NotFoundError(f"{paper.key} has no tag {name.strip().lower()!r}")
        s.flush()
        return repo.tags_of(s, paper.id)

    return lib.db.run(work)


@dataclass(frozen=True)
class StateChangeView:
    """One paper's state change by ``mark``: ``old`` is None when it already was ``new``."""

    id: str
    track: str
    old: str | None
    new: str


@dataclass(frozen=True)
class TagChange:
    id: str
    tags: list[str]
    added: list[str]
    removed: list[str]


def _papers(s: Any, refs: list[str]) -> list[Paper]:
    """Every paper ``refs`` names, each once, in the order given (an unknown one fails all)."""
    return list(dict.fromkeys(repo.find_paper(s, ref) for ref in refs))


def mark_many(lib: Library, refs: list[str], state: str) -> list[StateChangeView]:
    """``mark`` for several papers, all or none: one transaction, every id checked first."""
    track = track_of(state)
    new = state.strip().lower()
    out = []
    with lib.session() as s:
        for paper in _papers(s, refs):
            if track == "replication":
                from paperdesk.services import replication_hook

                change = replication_hook.set_paper_status(s, paper, new)
            else:
                change = tracking.set_state(s, paper, track, new)
            out.append(StateChangeView(paper.key, track, change.old_state if change else None, new))
    return out


def tag_many(lib: Library, refs: list[str], add: list[str], remove: list[str]) -> list[TagChange]:
    """``set_tags`` for several papers in one transaction; says what changed on each."""

    def work(s: Session) -> list[TagChange]:  # re-run when it lost a race (Database.run)
        for name in add:
            _not_a_paper(s, name)
        out = []
        for paper in _papers(s, refs):
            before = set(repo.tags_of(s, paper.id))
            for name in add:
                repo.tag_paper(s, paper, name)
            for name in remove:
                if not repo.untag_paper(s, paper, name):
                    raise NotFoundError(f"{paper.key} has no tag {name.strip().lower()!r}")
            s.flush()
            now = repo.tags_of(s, paper.id)
            added = [n for n in now if n not in before]
            removed = sorted(before - set(now))
            out.append(TagChange(paper.key, now, added, removed))
        return out

    return lib.db.run(work)


def _not_a_paper(s: Session, name: str) -> None:
    """Refuse a tag that names a paper (an arXiv id, a DOI, a key): it is nearly always a
    second paper id given where tags were expected (``tag 1706.03762 1810.04805 new``)."""
    from paperdesk.ids import is_arxiv_id, normalize_doi

    text = name.strip()
    what = (
        "an arXiv id"
        if is_arxiv_id(text)
        else "a DOI"
        if normalize_doi(text)
        else "the key of a paper"
        if text and holder(s, text) is not None
        else None
    )
    if what:
        raise StateError(
            f"{text!r} is {what}, not a tag; to tag several papers give the tags with -a: "
            f"paperdesk tag ID ID... -a TAG"
        )


def _pdf_on_disk(lib: Library, stored: str) -> bool:
    from paperdesk.paths import pdf_file

    path = pdf_file(lib.settings, stored)
    return path is not None and path.is_file()


def _cite_brief(link: repo.CiteLink) -> CiteBrief:
    """A cites / cited-by entry of ``show``: the paper and how the link was made."""
    return CiteBrief(link.paper.key, link.paper.title, link.paper.year, link.method)


def paper_detail(lib: Library, ref: str, *, sections: bool = False) -> PaperDetail:
    """Everything ``paperdesk show`` prints (``.to_json()`` is what ``show --json`` prints);
    with ``sections`` the parsed outline too."""
    with lib.session() as s:
        p = repo.find_paper(s, ref)
        memberships = s.execute(
            select(ReadingList.name, ListEntry.stage, ListEntry.position, ListEntry.why)
            .join(ListEntry, ListEntry.list_id == ReadingList.id)
            .where(ListEntry.paper_id == p.id)
            .order_by(ReadingList.name)
        ).all()
        note = note_of(s, p.id)
        n_claims = len(s.scalars(select(Claim.id).where(Claim.paper_id == p.id)).all())
        n_attempts = len(
            s.scalars(select(ReproAttempt.id).where(ReproAttempt.paper_id == p.id)).all()
        )
        return PaperDetail(
            id=p.key,
            key_provisional=p.key_provisional,
            aliases=aliases(s, p),
            arxiv_id=p.arxiv_id,
            version=p.version,
            title=p.title,
            authors=list(p.authors or []),
            abstract=p.abstract,
            year=p.year,
            published=p.published,
            updated=p.updated,
            categories=list(p.categories or []),
            primary_category=p.primary_category,
            doi=p.doi,
            journal_ref=p.journal_ref,
            venue=p.venue,
            metadata_sources=dict(p.metadata_sources or {}),
            comment=p.comment,
            url=p.url,
            pdf_url=p.pdf_url,
            pdf_path=p.pdf_path,
            pdf_missing=bool(p.pdf_path and not _pdf_on_disk(lib, p.pdf_path)),
            pdf_sha256=p.pdf_sha256,
            pdf_version=p.pdf_version,
            newer_version=p.newer_version_available,
            parse_status=p.parse_status,
            reading=reading_state(s, p.id),
            replication=p.replication_state,
            lists=[ListMembership(n, st, pos, why) for n, st, pos, why in memberships],
            tags=repo.tags_of(s, p.id),
            note=note.body if note else "",
            note_updated=note.updated_at if note else None,
            history=[
                HistoryEntry(h.track, h.old_state, h.new_state, h.at)
                for h in tracking.history(s, p)
            ],
            cites=[_cite_brief(x) for x in repo.cites(s, p)],
            cited_by=[_cite_brief(x) for x in repo.cited_by(s, p)],
            claims=n_claims,
            attempts=n_attempts,
            links=link_views(s, p),  # code and data links the paper prints
            references=s.scalar(
                select(func.count()).select_from(Reference).where(Reference.paper_id == p.id)
            )
            or 0,
            sections=_outline(s, p) if sections else None,
        )


def _outline(s: Session, p: Paper) -> list[SectionView]:
    """The paper's headings in order, each with its passages of the parsed kinds."""
    secs = s.scalars(
        select(Section).where(Section.paper_id == p.id).order_by(Section.position)
    ).all()
    counts: dict[str, int] = {}
    for sec_name in s.scalars(
        select(Passage.section).where(Passage.paper_id == p.id, Passage.kind.in_(PARSED_KINDS))
    ):
        counts[sec_name or ""] = counts.get(sec_name or "", 0) + 1
    return [
        SectionView(
            x.number, x.title, x.level, x.page, counts.get(_section_label(x.number, x.title), 0)
        )
        for x in secs
    ]
