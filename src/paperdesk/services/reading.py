"""A paper's parsed text for reading: its outline, its passages in reading order with their
pages and kinds, search within it, and quoting a passage into the paper's note.

Read-only over what ``paperdesk parse`` stored (except :func:`quote_into_note`, which goes
through the notes service). Passages were cut for search with a small overlap; the text shown
for reading drops the sentences a passage repeats from the one before it, so the paper reads
once through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select

from paperdesk.library import Library
from paperdesk.parse.kinds import PARSED
from paperdesk.services import notes
from paperdesk.storage import repository as repo
from paperdesk.storage.models import Passage, Section

READ_KINDS = PARSED
"""Passage kinds shown when reading (``abstract`` passages are metadata for search)."""

MAX_OVERLAP_WORDS = 80  # passages repeat at most ~40 words of the previous one


@dataclass(frozen=True)
class OutlineEntry:
    """One heading: ``first`` is the index of the passage the section starts at."""

    number: str | None
    title: str
    level: int
    page: int | None
    first: int

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True)
class ReadPassage:
    id: int
    kind: str
    section: str | None
    page_start: int | None
    page_end: int | None
    text: str  # as shown: without the words repeated from the previous passage

    @property
    def pages(self) -> str:
        """``p. 7`` or ``pp. 7–8`` ("" when the page is unknown)."""
        if self.page_start is None:
            return ""
        if self.page_end is None or self.page_end == self.page_start:
            return f"p. {self.page_start}"
        return f"pp. {self.page_start}–{self.page_end}"


@dataclass(frozen=True)
class Match:
    passage: int  # index into PaperText.passages
    start: int
    end: int


@dataclass(frozen=True)
class PaperText:
    """What the reading view shows. ``problem`` is set (and the lists are empty) when there
    is nothing to read yet, saying why and what to run."""

    key: str
    title: str
    passages: list[ReadPassage] = field(default_factory=list)
    outline: list[OutlineEntry] = field(default_factory=list)
    problem: str | None = None

    def index_of(self, passage_id: int) -> int | None:
        return next((i for i, p in enumerate(self.passages) if p.id == passage_id), None)

    def section_at(self, index: int) -> int | None:
        """The outline entry the passage at ``index`` belongs to (the last one starting at or
        before it)."""
        found = None
        for i, entry in enumerate(self.outline):
            if entry.first > index:
                break
            found = i
        return found

    def find(self, query: str) -> list[Match]:
        """Every case-insensitive occurrence of ``query`` (spaces match any run of
        whitespace), in reading order."""
        words = query.split()
        if not words:
            return []
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
        return [
            Match(i, m.start(), m.end())
            for i, p in enumerate(self.passages)
            for m in pattern.finditer(p.text)
        ]


def _problem(key: str, arxiv_id: str | None, status: str | None, has_pdf: bool) -> str | None:
    if status == "parsed":
        return None
    if status and status.startswith("parse_failed"):
        reason = status.partition(":")[2].strip() or "unknown reason"
        return f"{key} could not be parsed ({reason}); try again with 'paperdesk parse {key}'"
    if not has_pdf:
        return (
            f"{key} has no PDF yet: run 'paperdesk fetch {key}' then 'paperdesk parse {key}' "
            f"(a local file: 'paperdesk add --pdf FILE --id {arxiv_id or key}')"
        )
    return f"{key} is not parsed yet: run 'paperdesk parse {key}'"


def _without_overlap(previous: str, text: str) -> str:
    """``text`` minus its leading words that repeat the end of ``previous``."""
    prev, cur = previous.split(), text.split()
    for n in range(min(len(prev), len(cur) - 1, MAX_OVERLAP_WORDS), 0, -1):
        if prev[-n:] == cur[:n]:
            return " ".join(cur[n:])
    return text


def _outline(sections: list[Section], passages: list[ReadPassage]) -> list[OutlineEntry]:
    """Each heading with the passage it starts at: passages name their section by label, in
    order, so a forward walk pairs them even when two headings share a label."""
    labels = [f"{s.number} {s.title}" if s.number else s.title for s in sections]
    firsts: list[int | None] = [None] * len(sections)
    cursor = 0
    for i, p in enumerate(passages):
        if p.section is None or p.kind != "body":
            continue
        for j in range(cursor, len(sections)):
            if labels[j] == p.section:
                if firsts[j] is None:
                    firsts[j] = i
                cursor = j
                break
    # a heading without passages of its own (e.g. followed at once by a subheading) starts
    # where the next heading that has one starts
    nxt = len(passages) - 1 if passages else 0
    for j in range(len(sections) - 1, -1, -1):
        if firsts[j] is None:
            firsts[j] = nxt
        nxt = firsts[j]  # type: ignore[assignment]
    return [
        OutlineEntry(s.number, s.title, s.level, s.page, first or 0)
        for s, first in zip(sections, firsts, strict=True)
    ]


def paper_text(lib: Library, ref: str) -> PaperText:
    """The paper's outline and passages, or a :attr:`PaperText.problem` saying what to run."""
    with lib.session() as s:
        paper = repo.find_paper(s, ref)
        key, title = paper.key, paper.title
        problem = _problem(key, paper.arxiv_id, paper.parse_status, bool(paper.pdf_path))
        rows = s.execute(
            select(
                Passage.id,
                Passage.kind,
                Passage.section,
                Passage.page_start,
                Passage.page_end,
                Passage.text,
            )
            .where(Passage.paper_id == paper.id, Passage.kind.in_(READ_KINDS))
            .order_by(Passage.position, Passage.id)
        ).all()
        sections = list(
            s.scalars(
                select(Section).where(Section.paper_id == paper.id).order_by(Section.position)
            )
        )
    if not rows:
        if problem is None:
            problem = f"{key} was parsed but no text was found in its PDF"
        return PaperText(key, title, problem=problem)
    passages: list[ReadPassage] = []
    for i, r in enumerate(rows):
        text = r.text
        prev = rows[i - 1] if i else None
        if prev is not None and prev.kind == r.kind == "body" and prev.section == r.section:
            text = _without_overlap(prev.text, text)  # measured against the stored text
        passages.append(ReadPassage(r.id, r.kind, r.section, r.page_start, r.page_end, text))
    return PaperText(key, title, passages, _outline(sections, passages))


def quote_markdown(passage: ReadPassage) -> str:
    """The passage as a Markdown block quote ending with its page: ``> text (p. 7)``."""
    text = " ".join(passage.text.split())
    pages = f" ({passage.pages})" if passage.pages else ""
    return f"> {text}{pages}"


def quote_into_note(lib: Library, ref: str, passage: ReadPassage) -> notes.NoteState:
    """Append the passage as a quote to the paper's note. The append happens inside one
    transaction on the stored note, so text saved meanwhile by an editor is kept."""
    return notes.append_note(lib, ref, quote_markdown(passage))
