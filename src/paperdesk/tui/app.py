"""The paperdesk TUI application: owns the library, the background jobs and the key map.

Start-up path: settings → stdlib-sqlite3 fast reader → first paint. The SQLAlchemy-backed
:class:`~paperdesk.library.Library` is opened in a worker right after the first paint (or by
whichever worker needs it first), the embedding model only when search is first used.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from paperdesk.config import Settings
from paperdesk.errors import PaperdeskError
from paperdesk.progress import Cancelled, Progress
from paperdesk.storage.fastread import Reader, SessionReader, open_fast
from paperdesk.tui.jobs import JobEnded, JobNote, JobProgress, UiProgress
from paperdesk.tui.keys import HELP_KEY, MAIN_KEYS, palette_title

if TYPE_CHECKING:
    from paperdesk.library import Library
    from paperdesk.tui.screens.main import MainScreen

EXIT_AFTER_PAINT = "PAPERDESK_TUI_EXIT_AFTER_PAINT"
"""Benchmark hook: a file path. The app writes ``time.time()`` of its first paint (and the CPU
time used until then) there and exits (see bench/tui_start.py)."""

MODEL_JOB = 0  # the jobs bar's line for the model load (jobs count from 1)


@dataclass
class Job:
    label: str
    progress: UiProgress
    on_done: Callable[[Any], None] | None
    quiet: bool
    on_error: Callable[[str], None] | None = None


class PaperdeskApp(App[None]):
    """``PaperdeskApp(settings, embedder=HashEmbedder())`` in tests; ``paperdesk`` otherwise."""

    TITLE = "paperdesk"
    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [
        (0, "-narrow"),
        (100, "-medium"),
        (150, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(self, settings: Settings, *, embedder: Any = None) -> None:
        super().__init__()
        self.settings = settings
        self.embedder: Any = embedder
        self.given_embedder: Any = embedder  # used for indexing too (tests: HashEmbedder)
        self.embedder_error: str | None = None
        self._embedder_loading = False
        self._embedder_waiters: list[Callable[[], None]] = []
        self._library: Library | None = None
        self._lib_lock = threading.Lock()
        self._jobs: dict[int, Job] = {}
        self._job_ids = itertools.count(1)
        self.quitting = False
        self.first_paint_at: float | None = None

    def get_default_screen(self) -> Screen[Any]:
        from paperdesk.tui.screens.main import MainScreen

        return MainScreen()

    # -- the library ----------------------------------------------------------------------------

    @property
    def library(self) -> Library:
        """The full library, opened on first use (thread-safe). Call it from workers: opening
        imports SQLAlchemy and may migrate or seed."""
        with self._lib_lock:
            if self._library is None:
                from paperdesk.library import Library

                self._library = Library.open(self.settings)
            return self._library

    def fast_reader(self) -> Reader | None:
        """A stdlib-sqlite3 reader when the library is current, else None."""
        return open_fast(self.settings)

    def reader(self) -> Reader:
        """A reader for this thread: the fast one when possible, else through the library."""
        return open_fast(self.settings) or SessionReader(self.library)

    @property
    def main(self) -> MainScreen:
        from paperdesk.tui.screens.main import MainScreen

        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("the main screen is not installed")

    def first_paint_done(self) -> None:
        if self.first_paint_at is not None:
            return
        self.first_paint_at = time.time()
        if target := os.environ.get(EXIT_AFTER_PAINT):
            with open(target, "w") as fh:  # wall clock, and CPU seconds used so far
                fh.write(f"{self.first_paint_at:.6f} {time.process_time():.6f}\n")
            self.exit()
            return
        self.run_job("opening the library", lambda p: self.library and None, quiet=True)

    # -- optional services ----------------------------------------------------------------------

    def optional_service(self, module: str, attr: str, what: str) -> Any | None:
        """``module.attr``, or None after telling the user that ``what`` is not available."""
        try:
            return getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as exc:
            self.notify(
                f"{what.capitalize()} is not available in this installation ({exc}).",
                severity="error",
                title="Not available",
            )
            return None

    # -- the embedding model --------------------------------------------------------------------

    def ensure_embedder(self, on_ready: Callable[[], None] | None = None) -> None:
        """Load the search model in a background thread (once); ``on_ready`` runs on the UI
        thread when it is there. A daemon thread: quitting never waits for a model load."""
        if self.embedder is not None or self.embedder_error is not None:
            if on_ready is not None:
                on_ready()
            return
        if on_ready is not None:
            self._embedder_waiters.append(on_ready)
        if self._embedder_loading:
            return
        self._embedder_loading = True
        self._jobs_bar_call("add_job", MODEL_JOB, "loading the search model")

        def load() -> None:
            try:
                from paperdesk.services.search import QueryEncoder

                emb = QueryEncoder(self.library)
                emb.encode(["warm up"])  # loads the ONNX export or the model, once
                error = None
            except (PaperdeskError, ImportError, OSError, RuntimeError) as exc:
                emb, error = None, str(exc)
            with contextlib.suppress(RuntimeError):  # RuntimeError: the app has gone
                self.call_from_thread(self._embedder_loaded, emb, error)

        threading.Thread(target=load, name="paperdesk-model", daemon=True).start()

    def _embedder_loaded(self, emb: Any, error: str | None) -> None:
        self._embedder_loading = False
        self._jobs_bar_call("remove_job", MODEL_JOB)
        self.embedder, self.embedder_error = emb, error
        if error:
            self.notify(
                f"Search model unavailable, keyword search only: {error}", severity="warning"
            )
        waiters, self._embedder_waiters = self._embedder_waiters, []
        for callback in waiters:
            callback()

    @property
    def embedder_ready(self) -> bool:
        return self.embedder is not None

    # -- background jobs ------------------------------------------------------------------------

    def run_job(
        self,
        label: str,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None] | None = None,
        *,
        quiet: bool = False,
        on_error: Callable[[str], None] | None = None,
    ) -> int:
        """Run ``work(progress)`` in a thread worker. Errors (PaperdeskError) become a
        notification; ``on_done(result)`` runs on the UI thread, ``on_error(message)`` when it
        failed or was cancelled. ``quiet`` jobs (short reads and writes) do not show in the jobs
        bar."""
        job_id = next(self._job_ids)
        progress = UiProgress(self, job_id, label)
        self._jobs[job_id] = Job(label, progress, on_done, quiet, on_error)

        def run() -> None:
            try:
                result = work(progress)
            except Cancelled:
                self.post_message(JobEnded(job_id, "cancelled"))
            except PaperdeskError as exc:
                self.post_message(JobEnded(job_id, "failed", error=str(exc)))
            except Exception as exc:  # a bug: say so, keep the UI alive
                self.post_message(
                    JobEnded(job_id, "failed", error=f"{label} failed: {type(exc).__name__}: {exc}")
                )
            else:
                self.post_message(JobEnded(job_id, "done", result=result))

        if not quiet:
            self._jobs_bar_call("add_job", job_id, label)
        self.run_worker(run, name=label, group="jobs", thread=True, exit_on_error=False)
        return job_id

    def _jobs_bar_call(self, method: str, *args: Any) -> None:
        from paperdesk.tui.widgets.status import JobsBar

        try:
            bar = self.main.query_one(JobsBar)
        except Exception:  # no main screen (yet), or it is being torn down
            return
        getattr(bar, method)(*args)

    def on_job_progress(self, message: JobProgress) -> None:
        job = self._jobs.get(message.job_id)
        if job is not None and not job.quiet:
            self._jobs_bar_call(
                "update_job",
                message.job_id,
                message.label,
                message.total,
                message.done,
                message.item,
            )

    def on_job_note(self, message: JobNote) -> None:
        job = self._jobs.get(message.job_id)
        if job is not None and not job.quiet:
            self._jobs_bar_call(
                "update_job",
                message.job_id,
                job.progress.label,
                job.progress.total,
                job.progress.done,
                message.text,
            )

    def on_job_ended(self, message: JobEnded) -> None:
        job = self._jobs.pop(message.job_id, None)
        if job is None:
            return
        if not job.quiet:
            self._jobs_bar_call("remove_job", message.job_id)
        if self.quitting or self._exit:
            return
        if message.status != "done" and job.on_error is not None:
            job.on_error(message.error or message.status)
        if message.status == "failed":
            self.notify(message.error, severity="error", title=job.label)
        elif message.status == "cancelled":
            self.notify(f"{job.label}: cancelled; work done so far is kept.", severity="warning")
        elif job.on_done is not None:
            job.on_done(message.result)

    def cancel_jobs(self) -> int:
        running = [j for j in self._jobs.values() if not j.quiet]
        for job in running:
            job.progress.cancel()
        return len(running)

    @property
    def busy(self) -> bool:
        """Anything still to come (jobs, debounce timers)? Tests wait for this to clear."""
        if self._jobs or self._embedder_loading:
            return True
        return any(getattr(s, "busy", False) for s in self.screen_stack)

    # -- actions --------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Save notes being edited, tell running jobs to stop, exit."""
        from paperdesk.tui.screens.note import NoteScreen

        self.quitting = True
        for job in self._jobs.values():
            job.progress.cancel()
        for screen in self.screen_stack:
            if isinstance(screen, NoteScreen):
                screen.save_now()
        self.exit()

    def action_help(self) -> None:
        from paperdesk.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        from paperdesk.tui.screens.main import MainScreen

        if not isinstance(screen, MainScreen):
            return
        for key in MAIN_KEYS:
            if key.action and key.action not in ("quit", "help"):
                yield SystemCommand(
                    palette_title(key), key.help, getattr(screen, f"action_{key.action}")
                )
        yield SystemCommand(
            "Parse PDFs", "Extract the text of the fetched PDFs of the list shown", self.parse_view
        )
        yield SystemCommand(
            "Index for search", "Embed new passages and update the search index", self.index_library
        )
        yield SystemCommand(palette_title(HELP_KEY), HELP_KEY.help, self.action_help)

    def parse_view(self) -> None:
        """Parse the fetched PDFs of the view shown (all papers: whatever changed)."""
        from paperdesk.tui.reports import report_failures, report_summary

        parse_papers = self.optional_service("paperdesk.services.parse", "parse_papers", "parsing")
        if parse_papers is None:
            return
        main = self.main
        view = main.view
        refs = [r["id"] for r in main.table.rows if r.get("pdf")]
        if view.kind != "all" and not refs:
            self.notify(
                f"No fetched PDFs in {view.describe()}: press F to fetch them first.",
                severity="warning",
            )
            return

        def work(progress: Progress) -> Any:
            if view.kind == "all":
                return parse_papers(self.library, progress=progress)
            return parse_papers(self.library, refs, progress=progress)

        def done(report: Any) -> None:
            self.notify(
                report_summary("Parse", view.describe(), report),
                severity="warning" if report_failures(report) else "information",
            )
            main.after_change(main.table.current_key)

        self.run_job(f"parse {view.describe()}", work, done)

    def index_library(self) -> None:
        index = self.optional_service("paperdesk.services.search", "index_library", "indexing")
        if index is None:
            return

        def start() -> None:
            def work(progress: Progress) -> Any:
                return index(self.library, embedder=self.given_embedder, progress=progress)

            def done(report: Any) -> None:
                self.notify("The search index is up to date.")
                self.main.after_change(self.main.table.current_key)

            self.run_job("index for search", work, done)

        start()
