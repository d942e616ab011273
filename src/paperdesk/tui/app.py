"""The paperdesk TUI application: owns the library, the long jobs, the live-change watch and
the app-wide keys; screens own what they show.

Start-up path: settings → stdlib-sqlite3 fast reader → first paint. The SQLAlchemy-backed
:class:`~paperdesk.library.Library` is opened in a worker right after the first paint (or by
whichever worker needs it first), the embedding model only when search is first used.

Data flows one way: screens post :class:`~paperdesk.tui.jobs.LibraryChanged` after a write;
the app (which also polls a cheap change counter for writes by other processes) sets its
``change`` attribute, and every screen watches that attribute and re-reads what it shows.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.notifications import Notification, Notify
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from paperdesk.config import Settings
from paperdesk.storage.fastread import Reader, SessionReader, open_fast
from paperdesk.tui.commands import LibraryJobs, screen_commands
from paperdesk.tui.jobs import Change, JobProgress, LibraryChanged, UiProgress, WorkerFailures
from paperdesk.tui.keys import APP_KEYS, BACK, CANCEL, Key, bindings, key_names

if TYPE_CHECKING:
    from textual.await_complete import AwaitComplete

    from paperdesk.library import Library
    from paperdesk.storage.changes import ChangeCounter
    from paperdesk.tui.screens.main import MainScreen

EXIT_AFTER_PAINT = "PAPERDESK_TUI_EXIT_AFTER_PAINT"
"""Benchmark hook: a file path. The app writes ``time.time()`` of its first paint (and the CPU
time used until then) there and exits (see bench/tui_start.py)."""
EXIT_AFTER_DETAIL = "PAPERDESK_TUI_EXIT_AFTER_DETAIL"
"""Benchmark hook: as :data:`EXIT_AFTER_PAINT`, plus a second line when the detail pane first
shows a full record (the library is open by then); then the app exits."""

NOTICES_KEPT = 500  # notifications remembered in PaperdeskApp.notices
POLL_SECONDS = 1.0  # how often the change counter is read (a few microseconds on SQLite)
KEY_GUARD = 0.4  # a screen closed: keys are dropped until typing pauses this long
GOING_BACK = frozenset(key_names(BACK).split(",") + key_names(CANCEL).split(","))
JOBS = "jobs"  # the worker group of the long jobs shown in the jobs bar


@dataclass(frozen=True)
class JobInfo:
    """One line of the jobs bar."""

    worker: Worker[Any]
    label: str
    total: int | None = None
    done: int = 0
    item: str | None = None


class PaperdeskApp(LibraryJobs, WorkerFailures, App[None]):
    """``PaperdeskApp(settings, embedder=HashEmbedder())`` in tests; ``paperdesk`` otherwise."""

    TITLE = "paperdesk"
    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [  # type: ignore[misc]
        (0, "-narrow"),
        (100, "-medium"),
        (150, "-wide"),
    ]
    KEYS: ClassVar[tuple[Key, ...]] = APP_KEYS
    BINDINGS: ClassVar[list[BindingType]] = bindings(APP_KEYS)

    change: reactive[Change] = reactive(Change(), init=False)
    """The last change to the library (from here or elsewhere); screens watch it."""
    jobs: reactive[tuple[JobInfo, ...]] = reactive((), init=False)
    """The long jobs running now; the jobs bar watches it."""
    model: reactive[str] = reactive("idle", init=False)
    """The search model: "idle", "loading", "ready" or "failed" (``model_error`` says why)."""

    def __init__(self, settings: Settings, *, embedder: Any = None) -> None:
        super().__init__()
        self.settings = settings
        self.embedder: Any = embedder
        self.given_embedder: Any = embedder  # used for indexing too (tests: HashEmbedder)
        self.model_error: str | None = None
        if embedder is not None:
            self.set_reactive(PaperdeskApp.model, "ready")
        self._library: Library | None = None
        self._lib_lock = threading.Lock()
        self._counter: ChangeCounter | None = None
        self._seen: str | None = None
        self._keys_blocked_until = 0.0
        self._last_key = ("", 0.0)  # the last key let through, and when (time.monotonic)
        self.quitting = False
        self.first_paint_at: float | None = None
        self.notices: deque[Notification] = deque(maxlen=NOTICES_KEPT)
        """What the app told the user this session, oldest first: a toast goes after a few
        seconds, this record stays (tests read it)."""

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
        """The main screen (tests look at it; the app itself only talks to screens through
        ``change`` and messages)."""
        from paperdesk.tui.screens.main import MainScreen

        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("the main screen is not installed")

    def first_paint_done(self) -> None:
        if self.first_paint_at is not None:
            return
        self.first_paint_at = time.time()
        if target := os.environ.get(EXIT_AFTER_PAINT) or os.environ.get(EXIT_AFTER_DETAIL):
            with open(target, "w") as fh:  # wall clock, and CPU seconds used so far
                fh.write(f"{self.first_paint_at:.6f} {time.process_time():.6f}\n")
            if os.environ.get(EXIT_AFTER_PAINT):
                self.quitting = True
                self.exit()
                return
        self.open_library()

    def on_detail_pane_filled(self) -> None:
        if (target := os.environ.get(EXIT_AFTER_DETAIL)) and not self.quitting:
            self.quitting = True
            with open(target, "a") as fh:
                fh.write(f"{time.time():.6f} {time.process_time():.6f}\n")
            self.exit()

    @work(thread=True, group="library", exit_on_error=False, description="opening the library")
    def open_library(self) -> None:
        """Open the library (migrations, seeding), then start watching it for changes."""
        from paperdesk.storage.changes import ChangeCounter

        counter = ChangeCounter(self.settings, self.library)
        self._seen = counter.read()
        self._counter = counter
        self.call_from_thread(self.set_interval, POLL_SECONDS, self.check_changes)

    # -- live changes ---------------------------------------------------------------------------

    def on_library_changed(self, message: LibraryChanged) -> None:
        self.change = Change(self.change.serial + 1, message.key)

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def check_changes(self) -> None:
        """Poll the change counter; a change made elsewhere refreshes every screen."""
        if self._counter is None:
            return
        seen = self._counter.read()
        if seen != self._seen:
            self._seen = seen
            if not get_current_worker().is_cancelled:
                self.call_from_thread(self.post_message, LibraryChanged(None))

    # -- keys typed as a screen closes ---------------------------------------------------------

    def pop_screen(self) -> AwaitComplete:
        """Keys typed in the moment a dialog closes were meant for it: they are dropped rather
        than sent to the screen below (an ``n`` that opens a note editor, say), until typing
        pauses for :data:`KEY_GUARD` seconds. Not after escape (Back, Cancel): whoever types
        it means to go back, and the keys behind it are for the screen below."""
        key, at = self._last_key
        if key in GOING_BACK and time.monotonic() - at < KEY_GUARD:
            return super().pop_screen()
        self._keys_blocked_until = time.monotonic() + KEY_GUARD
        popped = super().pop_screen()
        self.call_after_refresh(self._guard_from_now)  # counted from when the screen below shows
        return popped

    def _guard_from_now(self) -> None:
        self._keys_blocked_until = max(self._keys_blocked_until, time.monotonic() + KEY_GUARD)

    async def on_event(self, event: events.Event) -> None:
        user = isinstance(event, (events.Key, events.MouseEvent)) and not event.is_forwarded
        if user and (active := getattr(self.screen, "user_active", None)) is not None:
            active()  # the reading time of the paper shown (tui/reading_timer.py)
        if isinstance(event, events.Key):
            if not event.is_forwarded:
                now = time.monotonic()
                if now < self._keys_blocked_until:
                    self._keys_blocked_until = now + KEY_GUARD  # the same burst of typing
                    return
                self._last_key = (event.key, now)
                event.paperdesk_screen = self.screen  # type: ignore[attr-defined]
            elif getattr(event, "paperdesk_screen", self.screen) not in self.screen_stack:
                return  # back from a dialog that has closed since: its bindings are gone too
        await super().on_event(event)

    # -- the search model -----------------------------------------------------------------------

    def ensure_embedder(self) -> None:
        """Start loading the search model (once); ``model`` turns "ready" or "failed"."""
        if self.model == "idle":
            self.model = "loading"
            self._load_model()

    @work(group=JOBS, exit_on_error=False, description="loading the search model")
    async def _load_model(self) -> None:
        """The load runs in a daemon thread, so that quitting never waits for a model."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[tuple[Any, str | None]] = loop.create_future()

        def load() -> None:
            try:
                from paperdesk.services.search import QueryEncoder

                emb = QueryEncoder(self.library)
                emb.encode(["warm up"])  # loads the ONNX export or the model, once
                result: tuple[Any, str | None] = (emb, None)
            except Exception as exc:  # no model files, no runtime: search falls back to keywords
                result = (None, f"{type(exc).__name__}: {exc}")

            def finish() -> None:
                if not done.done():
                    done.set_result(result)

            loop.call_soon_threadsafe(finish)

        threading.Thread(target=load, name="paperdesk-model", daemon=True).start()
        try:
            self.embedder, self.model_error = await done
        except asyncio.CancelledError:  # x: the next search starts the load again
            self.model = "idle"
            raise
        if self.model_error:
            self.notify(
                f"Search model unavailable, keyword search only: {self.model_error}",
                severity="warning",
            )
        self.model = "ready" if self.embedder is not None else "failed"

    @property
    def embedder_ready(self) -> bool:
        return self.embedder is not None

    # -- long jobs ------------------------------------------------------------------------------

    def progress(self, label: str | None = None) -> UiProgress:
        """The progress of the calling job's worker (call it inside the worker); ``label``
        names the job in the jobs bar."""
        worker = get_current_worker()
        if label:
            self.post_message(JobProgress(worker, None, 0, None, label))
        return UiProgress(self, worker)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != JOBS:
            return
        if event.state == WorkerState.RUNNING:
            self.jobs = (*self.jobs, JobInfo(worker, worker.description or worker.name))
        elif worker.is_finished:
            self.jobs = tuple(j for j in self.jobs if j.worker is not worker)
            if event.state == WorkerState.CANCELLED and not self.quitting:
                self.notify(
                    f"{worker.description}: cancelled; work done so far is kept.",
                    severity="warning",
                )

    def on_job_progress(self, message: JobProgress) -> None:
        self.jobs = tuple(
            replace(
                j,
                label=message.label or j.label,
                total=message.total,
                done=message.done,
                item=message.item or j.item,
            )
            if j.worker is message.worker
            else j
            for j in self.jobs
        )

    def on_notify(self, event: Notify) -> None:
        self.notices.append(event.notification)

    def cancel_jobs(self) -> int:
        return len(self.workers.cancel_group(self, JOBS))

    @property
    def busy(self) -> bool:
        """Anything still to come (workers, debounce timers)? Tests wait for this to clear."""
        if any(w.group != "watch" and not w.is_finished for w in self.workers):
            return True
        return self.model == "loading" or any(getattr(s, "busy", False) for s in self.screen_stack)

    def finish(self, text: str, *, failed: bool = False, key: str | None = None) -> None:
        """From a job's thread: say how it went and tell every screen the library changed."""
        if get_current_worker().is_cancelled:
            return
        self.call_from_thread(self.notify, text, severity="warning" if failed else "information")
        self.post_message(LibraryChanged(key))

    # -- actions --------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Save notes being edited, tell running jobs to stop, exit."""
        from paperdesk.tui.screens.note import NoteScreen

        self.quitting = True
        self.workers.cancel_group(self, JOBS)
        for screen in self.screen_stack:
            if isinstance(screen, NoteScreen):
                screen.save_now()
        self.exit()

    def action_help(self) -> None:
        from paperdesk.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_feed(self) -> None:
        from paperdesk.tui.screens.feed import FeedScreen

        if not isinstance(self.screen, FeedScreen):
            self.push_screen(FeedScreen())

    def action_suggestions(self) -> None:
        from paperdesk.tui.screens.suggestions import SuggestionsScreen

        if not isinstance(self.screen, SuggestionsScreen):
            self.push_screen(SuggestionsScreen())

    def action_team(self) -> None:
        from paperdesk.tui.screens.team import TeamScreen

        if not isinstance(self.screen, TeamScreen):  # a paper chosen there: the table shows it
            self.push_screen(TeamScreen(), lambda key: self.main.jump_to(key) if key else None)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette: the keys of the screen it was opened on, the app's own, then the jobs
        that have no key (parse, index, sync) and Textual's (theme, screenshot...)."""
        yield from screen_commands(self, screen)
        yield from super().get_system_commands(screen)
