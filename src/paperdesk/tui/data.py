"""What the main screen shows, read through a :class:`~paperdesk.storage.fastread.Reader`.

Pure data (no Textual) so that it is cheap at start-up, easy to test, and usable from worker
threads: each call takes the reader it should use.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field

from paperdesk.config import Settings
from paperdesk.services.listing import (
    ListSummary,
    PaperFilter,
    PaperRow,
    list_papers,
    list_summaries,
)
from paperdesk.storage.fastread import Reader

# my tags and my papers in progress (``:member``: Reader.member())
TAG_COUNTS = (
    "SELECT t.name, COUNT(pt.paper_id) FROM tags t JOIN paper_tags pt ON pt.tag_id = t.id "
    "WHERE pt.member_id = :member GROUP BY t.id, t.name ORDER BY t.name"
)
PAPER_COUNTS = (
    "SELECT (SELECT COUNT(*) FROM papers), "
    "(SELECT COUNT(*) FROM readings r WHERE r.member_id = :member AND r.state = 'reading')"
)


@dataclass(frozen=True)
class View:
    """One entry of the lists panel: which papers the table shows."""

    kind: str  # "all" | "reading" | "list" | "tag"
    name: str | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.name}" if self.name else self.kind

    @property
    def is_list(self) -> bool:
        return self.kind == "list"

    def paper_filter(self) -> PaperFilter:
        if self.kind == "reading":
            return PaperFilter(reading="reading")
        if self.kind == "list":
            return PaperFilter(list_name=self.name)
        if self.kind == "tag":
            return PaperFilter(tag=self.name)
        return PaperFilter()

    def describe(self) -> str:
        return {"all": "All papers", "reading": "Reading now"}.get(
            self.kind, f"#{self.name}" if self.kind == "tag" else str(self.name)
        )


ALL = View("all")
READING = View("reading")


@dataclass(frozen=True)
class Reload:
    """What a reload of the main screen's table asks for: the panel's counts too (``sidebar``),
    the remembered view (``choose_view``, at start-up), the cursor on paper ``keep`` or on the
    first row (``top``); with neither, on the paper under it when the rows arrive."""

    sidebar: bool = False
    choose_view: bool = False
    top: bool = False
    keep: str | None = None

    def then(self, newer: Reload) -> Reload:
        """``newer``, which cancelled this one before its rows arrived, asking for what this one
        asked for too (a write's counts, a view change's first row) unless it says otherwise."""
        top = newer.top or (self.top and newer.keep is None)
        return Reload(
            sidebar=self.sidebar or newer.sidebar,
            choose_view=self.choose_view or newer.choose_view,
            top=top,
            keep=newer.keep or (None if newer.top else self.keep),
        )


@dataclass
class Sidebar:
    """Counts for the lists panel."""

    total: int = 0
    reading: int = 0
    lists: list[ListSummary] = field(default_factory=list)
    tags: list[tuple[str, int]] = field(default_factory=list)

    def list_names(self) -> list[str]:
        return [s.name for s in self.lists]

    def views(self) -> list[View]:
        return [
            ALL,
            READING,
            *(View("list", s.name) for s in self.lists),
            *(View("tag", name) for name, _ in self.tags),
        ]


def load_sidebar(reader: Reader) -> Sidebar:
    mine = {"member": reader.member()}
    ((total, reading),) = reader.rows(PAPER_COUNTS, mine)
    return Sidebar(
        total=int(total or 0),
        reading=int(reading or 0),
        lists=list_summaries(reader),
        tags=[(str(name), int(n)) for name, n in reader.rows(TAG_COUNTS, mine)],
    )


def load_rows(reader: Reader, view: View) -> list[PaperRow]:
    """The table's rows for ``view``, in list order for a reading list."""
    return list_papers(reader, view.paper_filter())


def load_first_rows(reader: Reader, view: View, limit: int) -> list[PaperRow]:
    """The first ``limit`` rows of :func:`load_rows` (same SQL, same row objects): enough for
    the first paint, which then need not build 10,000 row objects."""
    return list_papers(reader, view.paper_filter(), limit=limit)


def view_count(sidebar: Sidebar, view: View) -> int | None:
    """How many papers ``view`` has, from the panel's counts (None if not known there)."""
    if view.kind == "all":
        return sidebar.total
    if view.kind == "reading":
        return sidebar.reading
    if view.kind == "list":
        return next((s.total for s in sidebar.lists if s.name == view.name), None)
    return dict(sidebar.tags).get(view.name or "")


# -- the view the main screen opens on ----------------------------------------------------------

STATE_FILE = "tui-state.json"  # per user (beside the library, not in it: a team shares that)


def first_view(settings: Settings, sidebar: Sidebar) -> View:
    """The view the user was last on; the first time, the start of the seeded roadmap: the
    first seeded list in roadmap order, as ``paperdesk lists`` shows them (else All papers)."""
    views = sidebar.views()
    try:
        saved = json.loads((settings.home / STATE_FILE).read_text()).get("view")
    except (OSError, ValueError, AttributeError):
        saved = None
    for view in views:
        if view.key == saved:
            return view
    seeded = [s.name for s in sidebar.lists if s.source == "seed"]
    return View("list", seeded[0]) if seeded else ALL


def save_last_view(settings: Settings, view: View) -> None:
    """Remember ``view`` for the next start (best effort: a read-only home only forgets)."""
    from paperdesk import fsutil
    from paperdesk.errors import DiskFullError

    with contextlib.suppress(OSError, DiskFullError):
        fsutil.write_atomic(settings.home / STATE_FILE, json.dumps({"view": view.key}).encode())
