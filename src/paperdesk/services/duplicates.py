"""``paperdesk duplicates``: pairs of papers in the library that are likely the same work.

The same evidence as recognition on ``add`` (see :mod:`paperdesk.services.identify`): the same
DOI (an arXiv DOI counts as the arXiv id), the same stored file, the same normalised title and
year; plus near-identical titles (rapidfuzz ratio, for a typo, a dropped subtitle word or a
different hyphenation) in the same year. Two papers whose arXiv ids or DOIs differ are never
proposed: "GPT-3" and "GPT-4 Technical Report" are two papers. Each pair names the paper to
keep (the one with an arXiv id, else with a PDF, else the older) and the one to merge into it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from paperdesk.errors import InvalidIdError
from paperdesk.ids import parse_arxiv_id
from paperdesk.library import Library
from paperdesk.services.identify import distinctive, normalise_title
from paperdesk.storage.models import Paper

SIMILAR = 93.0  # rapidfuzz ratio (0-100) of normalised titles from which two are "near-identical"
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(\S+)", re.IGNORECASE)
_NUMBERS = re.compile(r"\d+")
_STRENGTH = {"arxiv": 0, "doi": 1, "file": 2, "title": 3, "similar": 4}
_WHY = {
    "arxiv": "same arXiv id",
    "doi": "same DOI",
    "file": "same PDF file",
    "title": "same title and year",
    "similar": "near-identical title",
}


@dataclass(frozen=True)
class Duplicate:
    keep: str  # key of the paper to keep
    other: str  # key of the paper to merge into it (``paperdesk merge KEEP OTHER``)
    how: str  # "arxiv", "doi", "file", "title" or "similar"
    reason: str
    score: float  # 100 for exact evidence, the title similarity otherwise
    keep_title: str
    other_title: str
    keep_year: int | None
    other_year: int | None


@dataclass
class _Row:
    id: int
    key: str
    title: str
    year: int | None
    arxiv: str | None
    doi: str | None
    sha: str | None
    has_pdf: bool
    norm: str

    @property
    def rank(self) -> tuple[int, int, int]:
        """Lower is a better paper to keep."""
        return (0 if self.arxiv else 1, 0 if self.has_pdf else 1, self.id)


def _rows(lib: Library) -> list[_Row]:
    with lib.session() as s:
        rows = s.execute(
            select(
                Paper.id,
                Paper.key,
                Paper.title,
                Paper.year,
                Paper.arxiv_id,
                Paper.doi,
                Paper.pdf_sha256,
                Paper.pdf_path,
            ).order_by(Paper.id)
        ).all()
    out = []
    for pid, key, title, year, arxiv, doi, sha, pdf in rows:
        doi = (doi or "").strip().lower() or None
        if not arxiv and doi and (m := _ARXIV_DOI.fullmatch(doi)):
            with contextlib.suppress(InvalidIdError):
                arxiv = parse_arxiv_id(m.group(1)).base
        placeholder = bool(arxiv) and title == f"arXiv:{arxiv}"
        norm = "" if placeholder else normalise_title(title)
        out.append(_Row(pid, key, title, year, arxiv, doi, sha, bool(pdf), norm))
    return out


def _conflict(x: _Row, y: _Row) -> bool:
    """Evidence that they are different works, whatever their titles say."""
    if x.arxiv and y.arxiv and x.arxiv != y.arxiv:
        return True
    if x.doi and y.doi and x.doi != y.doi:
        # an arXiv DOI and a publisher's DOI may name one work; two publisher DOIs do not
        return not (_ARXIV_DOI.match(x.doi) or _ARXIV_DOI.match(y.doi))
    return bool(x.year and y.year and x.year != y.year)


def find_duplicates(lib: Library, *, similar: float = SIMILAR) -> list[Duplicate]:
    """Likely duplicates, strongest evidence first; a paper appears as ``other`` once."""
    rows = _rows(lib)
    found: dict[tuple[int, int], tuple[str, float]] = {}

    def note(x: _Row, y: _Row, how: str, score: float = 100.0) -> None:
        pair = (min(x.id, y.id), max(x.id, y.id))
        old = found.get(pair)
        if old is None or _STRENGTH[how] < _STRENGTH[old[0]]:
            found[pair] = (how, score)

    for how, attr in (("arxiv", "arxiv"), ("doi", "doi"), ("file", "sha")):
        groups: dict[str, list[_Row]] = {}
        for r in rows:
            if value := getattr(r, attr):
                groups.setdefault(value, []).append(r)
        for group in groups.values():
            for y in group[1:]:
                note(group[0], y, how, 100.0)
    _titles(rows, note, similar)
    by_id = {r.id: r for r in rows}
    return _pairs(by_id, found)


_Note = Callable[[_Row, _Row, str, float], None]


def _titles(rows: list[_Row], note: _Note, similar: float) -> None:
    """Equal and near-identical normalised titles, compared within a year (and against the
    papers with no year): a library of 10,000 papers makes a few million comparisons, not 10^8."""
    from rapidfuzz import fuzz, process

    usable = [r for r in rows if distinctive(r.norm)]
    by_year: dict[int | None, list[_Row]] = {}
    for r in usable:
        by_year.setdefault(r.year, []).append(r)
    undated = by_year.get(None, [])
    for year, group in by_year.items():
        others = group + ([] if year is None else undated)
        if len(others) < 2:
            continue
        scores = process.cdist(
            [r.norm for r in group],
            [r.norm for r in others],
            scorer=fuzz.ratio,
            score_cutoff=similar,
            dtype="uint8",
        )
        for i, x in enumerate(group):
            for j in scores[i].nonzero()[0]:
                y = others[int(j)]
                if y.id == x.id or _conflict(x, y):
                    continue
                if x.norm == y.norm:
                    note(x, y, "title", 100.0)
                elif _NUMBERS.findall(x.norm) == _NUMBERS.findall(y.norm):
                    note(x, y, "similar", float(scores[i][j]))


def _pairs(
    by_id: dict[int, _Row], found: dict[tuple[int, int], tuple[str, float]]
) -> list[Duplicate]:
    """One row per paper to merge away: groups (A~B~C) keep their best paper and list the
    others against it."""
    parent = {pid: pid for pair in found for pid in pair}

    def root(pid: int) -> int:
        while parent[pid] != pid:
            parent[pid] = parent[parent[pid]]
            pid = parent[pid]
        return pid

    for x, y in found:
        parent[root(x)] = root(y)
    groups: dict[int, list[int]] = {}
    for pid in parent:
        groups.setdefault(root(pid), []).append(pid)
    out: list[Duplicate] = []
    for members in groups.values():
        keep = min((by_id[m] for m in members), key=lambda r: r.rank)
        for m in sorted(members):
            if m == keep.id:
                continue
            how, score = found.get((min(m, keep.id), max(m, keep.id))) or min(
                (v for k, v in found.items() if m in k), key=lambda v: _STRENGTH[v[0]]
            )
            other = by_id[m]
            out.append(
                Duplicate(
                    keep.key,
                    other.key,
                    how,
                    _WHY[how] + (f" ({score:.0f}%)" if how == "similar" else ""),
                    score,
                    keep.title,
                    other.title,
                    keep.year,
                    other.year,
                )
            )
    out.sort(key=lambda d: (_STRENGTH[d.how], -d.score, d.keep, d.other))
    return out
