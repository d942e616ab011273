"""The selected paper: what it is, where it stands, what the note says.

Shown in two steps: the table's row (instant, no database round trip) and then the full record
from :func:`paperdesk.services.papers.paper_detail`, loaded in a worker.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from paperdesk.presenter import markers

if TYPE_CHECKING:
    from paperdesk.members import Reader
    from paperdesk.services.detail import CiteBrief, PaperDetail
    from paperdesk.services.listing import PaperRow
    from paperdesk.services.plans import PlanDue

NOTE_LINES = 6
ALSO_SHOWN = 4  # other members named on the "also" line; the rest are counted
DATED = ("read", "skimmed", "dropped")  # states the "also" line gives the day of
ALSO_DELAY = 0.15  # seconds the cursor rests on a paper before its other readers are read
LINKS_SHOWN = 3  # code and data links the paper prints (all of them in 'paperdesk show')


@dataclass(frozen=True)
class _Shown:
    """What the pane's head shows: the table row's facts, or the full record's once loaded
    (``pdf``, ``parsed`` and ``indexed`` come from the row only: the record has no such
    fields)."""

    id: str
    title: str | None
    authors: list[str]
    arxiv_id: str | None
    version: int | None
    year: int | None
    primary_category: str | None
    reading: str
    replication: str
    tags: list[str]
    pdf: bool
    pdf_version: int | None
    parsed: bool | None  # None: the row does not say (then parse_status does)
    parse_status: str | None
    indexed: bool | None  # None: not known (no row)
    newer_version: bool


def _shown(row: PaperRow | None, detail: PaperDetail | None) -> _Shown | None:
    """None when there is neither (no paper selected)."""
    if detail is None:
        if row is None:
            return None
        return _Shown(
            id=row.id,
            title=row.title,
            authors=list(row.authors),
            arxiv_id=row.arxiv_id,
            version=row.version,
            year=row.year,
            primary_category=None,
            reading=row.reading,
            replication=row.replication,
            tags=list(row.tags),
            pdf=row.pdf,
            pdf_version=None,
            parsed=row.parsed,
            parse_status=row.parse_status,
            indexed=row.indexed,
            newer_version=row.newer_version,
        )
    return _Shown(
        id=detail.id,
        title=detail.title,
        authors=detail.authors,
        arxiv_id=detail.arxiv_id,
        version=detail.version,
        year=detail.year,
        primary_category=detail.primary_category,
        reading=detail.reading,
        replication=detail.replication,
        tags=detail.tags,
        pdf=bool((row and row.pdf) or detail.pdf_sha256),
        pdf_version=detail.pdf_version,
        parsed=row.parsed if row else None,
        parse_status=detail.parse_status,
        indexed=row.indexed if row else None,
        newer_version=detail.newer_version,
    )


def _facts(d: _Shown) -> str:
    version = f"v{d.version}" if d.version else ""
    ident = f"arXiv:{d.arxiv_id}{version}" if d.arxiv_id else d.id
    return " · ".join(x for x in (ident, str(d.year or ""), d.primary_category or "") if x)


def _markers_text(d: _Shown) -> str:
    have = []
    have.append("PDF" + (f" v{d.pdf_version}" if d.pdf_version else "") if d.pdf else "no PDF")
    parsed = d.parsed if d.parsed is not None else d.parse_status == "parsed"
    status = d.parse_status or ""
    failed = "parse failed" + status.removeprefix("parse_failed")  # and why, as 'show' says
    have.append("text parsed" if parsed else failed if status else "not parsed")
    if d.indexed is not None:
        have.append("indexed" if d.indexed else "not indexed")
    if d.newer_version:
        have.append("↑ newer version on arXiv")
    return " · ".join(have)


def also_line(readers: list[Reader]) -> str | None:
    """Who else reads the paper: ``also: ana reading · bo read 3 Dec`` (None: nobody)."""
    if not readers:
        return None
    from paperdesk.dates import stored_day, today

    this_year = today().year
    parts = []
    for r in readers[:ALSO_SHOWN]:
        text = f"{r.name} {r.state}"
        if r.state in DATED and r.since is not None:
            day = stored_day(r.since)
            text += f" {day.day} {day:%b}" + (f" {day.year}" if day.year != this_year else "")
        parts.append(text)
    if len(readers) > ALSO_SHOWN:
        parts.append(f"{len(readers) - ALSO_SHOWN} more")
    return "also: " + " · ".join(parts)


def render_detail(
    row: PaperRow | None,
    detail: PaperDetail | None = None,
    replication: str | None = None,
    loading: bool = False,
    due: str | None = None,
    also: str | None = None,
) -> Text:
    """The pane's text. ``row`` is the table row; ``detail`` the full record when loaded;
    ``due`` when the paper is due in a study plan (``due Wed 9 Dec · plan transformers-core``);
    ``also`` who else reads it (:func:`also_line`)."""
    if (d := _shown(row, detail)) is None:
        return Text("No paper selected.", style="italic")
    out = Text()
    out.append(d.title or d.id, style="bold")
    out.append("\n")
    if d.authors:
        more = f" and {len(d.authors) - 6} more" if len(d.authors) > 6 else ""
        shown = ", ".join(d.authors[:6]) + more
        out.append(shown + "\n", style="italic")
    out.append(_facts(d) + "\n", style="dim")
    out.append("reading: ", style="dim")
    out.append(d.reading, style="bold")
    out.append(" · replication: ", style="dim")
    out.append(d.replication, style="bold")
    if d.tags:
        out.append(" · " + " ".join(f"#{t}" for t in d.tags), style="dim")
    out.append("\n")
    if also:
        out.append(also + "\n", style="italic")
    # the P T I marks as in the table: from the row (the record only knows a newer version)
    flags = markers(
        bool(row and row.pdf), bool(row and row.parsed), bool(row and row.indexed), d.newer_version
    )
    out.append(_markers_text(d) + f"  [{flags}]\n", style="dim")
    if due:
        out.append(due + "\n", style="bold")
    if row and row.why:
        out.append(row.why + "\n", style="italic")
    if detail is None:
        if loading:
            out.append("\nloading…", style="dim italic")
        return out
    for link in detail.links[:LINKS_SHOWN]:  # the code first: what to run
        out.append(f"{link.kind.capitalize()}: ", style="bold")
        out.append(link.url, style=Style(link=link.url, underline=True))
        out.append(f"  p. {link.page}\n", style="dim")
    if detail.abstract:
        out.append("\nAbstract\n", style="bold")
        out.append(detail.abstract.strip() + "\n")
    cites, cited_by = detail.cites, detail.cited_by
    out.append("\nIn your library: ", style="bold")
    out.append(
        f"cites {len(cites)}"
        + _some(cites)
        + f" · cited by {len(cited_by)}"
        + _some(cited_by)
        + "\n"
    )
    out.append("Replication: ", style="bold")
    out.append((replication or _replication_fallback(detail)) + "\n")
    out.append("\nNote\n", style="bold")
    note = detail.note.strip("\n")
    if note:
        lines = note.splitlines()
        out.append("\n".join(lines[:NOTE_LINES]) + "\n")
        if len(lines) > NOTE_LINES:
            out.append(f"… {len(lines) - NOTE_LINES} more lines (n to edit)\n", style="dim")
    else:
        out.append("no note yet (n to write one)\n", style="dim")
    return out


def _some(papers: list[CiteBrief], n: int = 4) -> str:
    """The first few linked papers, each with how the link was made (``by title match``)."""
    if not papers:
        return ""
    shown = [p.id + (f" by {p.how}" if p.how else "") for p in papers[:n]]
    return " (" + ", ".join(shown) + (", …" if len(papers) > n else "") + ")"


def _replication_fallback(d: PaperDetail) -> str:
    from paperdesk.wording import plural

    return f"{d.replication} · {plural(d.claims, 'claim')} · {plural(d.attempts, 'attempt')}"


class DetailPane(VerticalScroll):
    """Scrolls when the abstract is long; never takes focus from the table by itself."""

    DEFAULT_CSS = """
    DetailPane { padding: 0 1; background: $surface; height: 1fr; }
    DetailPane > Static { width: 1fr; }
    """

    def __init__(self, row: PaperRow | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.row: PaperRow | None = row  # the first frame shows the first paper already
        self.detail: PaperDetail | None = None
        self.replication: str | None = None
        self.due: dict[str, list[PlanDue]] = {}  # paper key → when its plans have it due
        self.also: tuple[str, str | None] | None = None  # (paper key, its "also" line)

    def compose(self) -> ComposeResult:
        yield Static(render_detail(self.row, loading=self.row is not None), id="detail-text")

    def on_mount(self) -> None:
        self.watch(self.app, "change", self._library_changed, init=False)
        self.call_after_refresh(self.load_plans)
        self.call_after_refresh(self._load_also)

    def _library_changed(self, _change: object) -> None:
        self.load_plans()
        self._load_also(delay=0)

    def _load_also(self, delay: float = ALSO_DELAY) -> None:
        if self.row is not None:
            self.load_also(self.row.id, delay)

    @work(exclusive=True, group="detail-also", exit_on_error=False, description="readers")
    async def load_also(self, key: str, delay: float = ALSO_DELAY) -> None:
        """Who else reads paper ``key``, once the cursor has rested on it for ``delay``; read
        again on every change (another member marking it shows within the change poll)."""
        await asyncio.sleep(delay)
        app: Any = self.app
        while app.first_paint_at is None:  # the first paint needs no SQLAlchemy import
            await asyncio.sleep(0.05)
        if app.quitting:
            return
        from paperdesk.services.team import others_reading

        line = also_line(await asyncio.to_thread(others_reading, app.library, key))
        if self.row is None or self.row.id != key or self.also == (key, line):
            return
        self.also = (key, line)
        self._show_text(loading=self.detail is None)

    @work(exclusive=True, group="detail-plans", exit_on_error=False, description="plans")
    async def load_plans(self) -> None:
        """When each paper is due in its plans, re-read on every change."""
        from paperdesk.tui.plan_marks import plan_marks

        marks = await asyncio.to_thread(plan_marks, self.app)
        if marks.due != self.due:
            self.due = marks.due
            self._show_text(loading=self.detail is None and self.row is not None)

    def _due_line(self) -> str | None:
        from paperdesk.dates import today

        key = self.row.id if self.row else None
        if key is None or not (marks := self.due.get(key)):
            return None
        from paperdesk.tui.plan_marks import due_line

        return due_line(marks, today=today())

    def _also_line(self) -> str | None:
        key = self.row.id if self.row else None
        return self.also[1] if self.also is not None and self.also[0] == key else None

    def _show_text(self, *, loading: bool = False) -> None:
        self.query_one("#detail-text", Static).update(
            render_detail(
                self.row,
                self.detail,
                self.replication,
                loading=loading,
                due=self._due_line(),
                also=self._also_line(),
            )
        )

    def show_row(self, row: PaperRow | None, *, loading: bool = True) -> None:
        moved = row is None or self.row is None or row.id != self.row.id
        if moved:
            self.detail = self.replication = None
            self.scroll_home(animate=False)
        self.row = row
        self._show_text(loading=loading and row is not None)
        if moved:
            self._load_also()

    class Filled(Message):
        """The full record of the paper shown is on screen (the start-up benchmark waits for
        the first one)."""

    def show_detail(self, key: str, detail: PaperDetail, replication: str | None) -> None:
        if self.row is None or self.row.id != key:
            return
        self.detail, self.replication = detail, replication
        self._show_text()
        self.post_message(self.Filled())
