"""The long jobs (fetch, parse, index, sync, export, open a PDF) and the command palette.

Each job is a thread worker of the app in the ``jobs`` group, so it shows in the jobs bar, ``x``
cancels it and a failure becomes a notification (see :mod:`paperdesk.tui.jobs`). Its result is
a notification and a :class:`~paperdesk.tui.jobs.LibraryChanged`, never a call into a screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import SystemCommand
from textual.screen import Screen

from paperdesk.reports import summary
from paperdesk.tui.jobs import LibraryChanged
from paperdesk.tui.keys import PALETTE_JOBS, palette_title
from paperdesk.wording import plural

if TYPE_CHECKING:
    from paperdesk.tui.app import PaperdeskApp

_JOB = {"thread": True, "group": "jobs", "exit_on_error": False}


class LibraryJobs:
    """Mixed into :class:`~paperdesk.tui.app.PaperdeskApp`."""

    @work(**_JOB, description="fetch")  # type: ignore[call-overload]
    def fetch(
        self: PaperdeskApp,
        refs: list[str] | None,
        *,
        list_name: str | None = None,
        all_papers: bool = False,
        what: str,
        key: str | None = None,
    ) -> None:
        from paperdesk.services.fetch import fetch_papers

        report = fetch_papers(
            self.library,
            refs,
            list_name=list_name,
            all_papers=all_papers,
            pdf=True,
            progress=self.progress(f"fetch {what}"),
        )
        text = summary(f"Fetch {what}", report)
        if any(r.status == "fetched" for r in report.results) and (indexed := self.index_new()):
            text += "\n" + indexed  # as 'paperdesk fetch' does
        self.finish(text, failed=bool(report.failed), key=key)

    def index_new(self: PaperdeskApp) -> str:
        """From a job's thread: embed the text a job brought in, as the CLI's auto-index does
        (:mod:`paperdesk.services.autoindex`); the line that says so, or "" when off."""
        from paperdesk.services.autoindex import auto_index

        progress = self.progress("index the new text")
        done = auto_index(self.library, embedder=self.given_embedder, progress=progress)
        if done.note:
            return done.note[0].upper() + done.note[1:] + "."
        if done.status == "indexed" and done.report is not None:
            return f"Indexed {plural(done.report.embedded, 'new passage')}: search finds them now."
        return ""  # off (PAPERDESK_AUTO_INDEX=0), or nothing new

    @work(**_JOB, description="parse PDFs")  # type: ignore[call-overload]
    def parse(self: PaperdeskApp, refs: list[str] | None = None, what: str = "all papers") -> None:
        """Parse the fetched PDFs of ``refs`` (None: whatever is new or changed)."""
        from paperdesk.services.parse import parse_papers

        report = parse_papers(self.library, refs, progress=self.progress(f"parse {what}"))
        text = summary(f"Parse {what}", report)
        if any(r.status == "parsed" for r in report.results) and (indexed := self.index_new()):
            text += "\n" + indexed  # as 'paperdesk parse' does
        self.finish(text, failed=bool(report.failed))

    @work(**_JOB, description="index for search")  # type: ignore[call-overload]
    def index(self: PaperdeskApp) -> None:
        from paperdesk.services.search import index_library

        report = index_library(self.library, embedder=self.given_embedder, progress=self.progress())
        self.finish(
            f"The search index is up to date: {plural(report.embedded, 'passage')} embedded, "
            f"{plural(report.vectors, 'vector')}."
        )

    @work(**_JOB, description="sync")  # type: ignore[call-overload]
    def sync(self: PaperdeskApp) -> None:
        """Fetch what is new, parse it, index it (as ``paperdesk sync``)."""
        from paperdesk.services.sync import sync

        report = sync(self.library, embedder=self.given_embedder, progress=self.progress())
        parts = [f"Fetch skipped: {report.offline}"] if report.offline else []
        parts += [summary(f"{name.title()} all papers", step) for name, step in report.steps()]
        self.finish("\n".join(parts), failed=bool(report.failed))

    @work(**_JOB, description="export")  # type: ignore[call-overload]
    def export(self: PaperdeskApp, fmt: str, target: Path, list_name: str | None) -> None:
        from paperdesk.tui.screens.export import describe, exporter

        self.progress(f"export {fmt}")
        result = exporter(fmt)(self.library, target, list_name=list_name)
        self.finish(describe(result, target))

    @work(thread=True, group="open", exit_on_error=False, description="open the PDF")
    def open_pdf(self: PaperdeskApp, key: str, page: int | None = None) -> None:
        """Open the stored PDF of ``key`` at ``page``; no viewer, no PDF: the error says so."""
        from paperdesk.services.fetch import open_pdf

        path = open_pdf(self.library, key, page=page)
        at = f" at page {page}" if page else ""
        self.call_from_thread(self.notify, f"Opened {path}{at}.")

    # -- palette-only actions (``app.x``) ---------------------------------------------------

    def action_parse(self: PaperdeskApp) -> None:
        self.parse()

    def action_index(self: PaperdeskApp) -> None:
        self.index()

    def action_sync(self: PaperdeskApp) -> None:
        self.sync()

    def action_export(self: PaperdeskApp) -> None:
        from paperdesk.tui.screens.export import ExportScreen

        self.push_screen(ExportScreen(None))

    def action_cancel_jobs(self: PaperdeskApp) -> None:
        n = self.cancel_jobs()
        self.notify(f"Cancelling {n} job{'s' if n != 1 else ''}." if n else "No jobs running.")

    def changed(self: PaperdeskApp, key: str | None = None) -> None:
        self.post_message(LibraryChanged(key))


def screen_commands(app: PaperdeskApp, screen: Screen[Any]) -> Iterable[SystemCommand]:
    """Palette entries: the screen's keys (its ``KEYS``), the app's, then the jobs; each one
    runs the action its key runs, on that screen."""
    seen: set[str] = set()
    for key in (*getattr(screen, "KEYS", ()), *app.KEYS, *PALETTE_JOBS):
        if not key.action or key.title in seen or key.action == "app.quit":
            continue  # Textual's own "Quit" entry follows
        seen.add(key.title)
        run = partial(app.call_later, screen.run_action, key.action)
        yield SystemCommand(palette_title(key), key.help, run)
