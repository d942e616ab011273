"""The note editor: a Markdown TextArea that saves itself.

Saves happen after a short pause in typing, at least every few seconds while typing goes on,
on leaving the editor and on quit, so a crash loses at most the last moments. The time the
editor is open and in use is recorded (:mod:`paperdesk.tui.reading_timer`). Every save names
the revision it started from; when another process saved meanwhile, the notes service keeps
both texts, and the editor shows the merged note and says so.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Label, TextArea

from paperdesk.errors import PaperdeskError
from paperdesk.tui.jobs import Change, LibraryChanged, WorkerFailures
from paperdesk.tui.keys import NOTE_KEYS, Key, bindings
from paperdesk.tui.reading_timer import TimedScreen

if TYPE_CHECKING:
    from paperdesk.services.notes import NoteState
    from paperdesk.tui.app import PaperdeskApp

AUTOSAVE_IDLE = 1.0  # seconds without typing
AUTOSAVE_MAX = 10.0  # seconds of continuous typing between saves
CONFLICT_MESSAGE = "This note changed elsewhere meanwhile; both versions were kept."


class NoteScreen(TimedScreen, WorkerFailures, Screen[None]):
    KEYS: ClassVar[tuple[Key, ...]] = NOTE_KEYS
    TIMED_VIEW = "note"
    BINDINGS: ClassVar[list[BindingType]] = bindings(NOTE_KEYS)
    DEFAULT_CSS = """
    NoteScreen > TextArea { height: 1fr; border: none; }
    NoteScreen > .note--status { height: 1; padding: 0 1; background: $panel;
                                 color: $text-muted; }
    """

    app: PaperdeskApp

    def __init__(
        self, key: str, title: str, *, clock: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__()
        self.key = key
        self.init_timing(clock)
        self.paper_title = title
        self.loaded = False
        self.base_revision = 0
        self.saved_text = ""
        self._lock = threading.Lock()
        self._timer: Timer | None = None
        self._dirty_since: float | None = None
        self._saving = 0

    def compose(self) -> ComposeResult:
        yield Header()
        # Markdown highlighting when tree-sitter is installed; plain text otherwise.
        area = TextArea(
            "",
            language="markdown",
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="indent",
            id="note-text",
        )
        area.read_only = True
        yield area
        yield Label("loading…", classes="note--status", id="note-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = f"note · {self.key} · {self.paper_title}"
        self.query_one(TextArea).focus()
        self.load()
        self.watch(self.app, "change", self._library_changed, init=False)

    @work(exclusive=True, group="load", exit_on_error=False, description="loading the note")
    async def load(self) -> None:
        from paperdesk.services.notes import get_note

        state = await asyncio.to_thread(get_note, self.app.library, self.key)
        if not self.loaded:
            self._loaded(state)
        elif (
            state.revision != self.base_revision
            and not self.busy
            and self.area.text == self.saved_text
        ):  # changed elsewhere, nothing typed here since the last save: show it
            self.base_revision, self.saved_text = state.revision, state.body
            area = self.area
            where, at_end = area.cursor_location, area.cursor_location == area.document.end
            area.load_text(state.body)
            if at_end:  # typing goes on at the end, as before
                area.move_cursor(area.document.end)
            else:
                row = min(where[0], area.document.line_count - 1)
                area.move_cursor((row, min(where[1], len(area.document.get_line(row)))))
            self._status("saved · updated from elsewhere")

    def _library_changed(self, change: Change) -> None:
        if change.key in (None, self.key) and self.loaded and not self.busy:
            self.load()

    @property
    def area(self) -> TextArea:
        return self.query_one(TextArea)

    @property
    def busy(self) -> bool:
        return self._timer is not None or self._saving > 0

    def _status(self, text: str) -> None:
        if self.is_mounted:
            self.query_one("#note-status", Label).update(text)

    def _loaded(self, state: NoteState) -> None:
        self.base_revision, self.saved_text = state.revision, state.body
        area = self.area
        area.load_text(state.body)
        area.read_only = False
        self.loaded = True
        area.move_cursor(area.document.end)
        self._status("saved" if state.body else "new note · saved as you type")

    # -- autosave ---------------------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._schedule()

    def _schedule(self) -> None:
        if not self.loaded or self.area.text == self.saved_text:
            return
        now = time.monotonic()
        if self._dirty_since is None:
            self._dirty_since = now
        if self._timer is not None:
            self._timer.stop()
        self._status("editing…")
        if now - self._dirty_since >= AUTOSAVE_MAX:
            self._timer = None
            self._save_in_background()
        else:
            self._timer = self.set_timer(AUTOSAVE_IDLE, self._save_in_background)

    def _save_in_background(self) -> None:
        self._timer = None
        text = self.area.text
        if text == self.saved_text:
            return
        self._dirty_since = None
        self._saving += 1
        self._status("saving…")
        self._autosave(text)

    @work(group="save", exit_on_error=False, description="saving the note")
    async def _autosave(self, text: str) -> None:
        try:
            state = await asyncio.to_thread(self._save, text)
        except PaperdeskError as exc:
            self.notify(f"The note could not be saved: {exc}", severity="error")
            self._status("NOT SAVED (will retry when you type)")
            return
        finally:
            self._saving -= 1
        self._after_save(text, state)

    def _save(self, text: str) -> NoteState | None:
        """Store ``text`` (any thread). Saves are serialised, each based on the previous one."""
        from paperdesk.services.notes import save_note

        with self._lock:
            if text == self.saved_text:
                return None
            state = save_note(
                self.app.library,
                self.key,
                text,
                base_revision=self.base_revision,
                base_body=self.saved_text,
            )
            self.base_revision, self.saved_text = state.revision, state.body
            return state

    def _after_save(self, text: str, state: NoteState | None) -> None:
        if state is not None:
            self.post_message(LibraryChanged(self.key))
        if state is None:
            self._status("saved")
            return
        if state.conflict or state.merged:
            if state.conflict:
                self.notify(CONFLICT_MESSAGE, severity="warning", title=self.key, timeout=8)
            now = self.area.text
            if now.startswith(text):  # show the merged note, plus what was typed meanwhile
                self.area.load_text(state.body + now[len(text) :])
                self.area.move_cursor(self.area.document.end)
                self._schedule()
            else:  # edited in the middle meanwhile: the next save must keep both again
                self.base_revision = -1
            self._status(
                "saved · changed elsewhere, both versions kept"
                if state.conflict
                else "saved · merged with a change made elsewhere"
            )
            return
        self._status("saved" if self.area.text == self.saved_text else "editing…")

    def save_now(self) -> NoteState | None:
        """Save synchronously (leaving the editor, quitting). Never loses the text."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self.loaded or not self.is_mounted:
            return None
        text = self.area.text
        if text == self.saved_text:
            return None
        try:
            state = self._save(text)
        except Exception as exc:  # keep the editor open rather than lose the text
            self.notify(f"The note could not be saved: {exc}", severity="error")
            raise
        if state is not None and state.conflict and not self.app.quitting:
            self.notify(CONFLICT_MESSAGE, severity="warning", title=self.key, timeout=8)
        return state

    def action_save(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._save_in_background()

    def action_leave(self) -> None:
        """Save in a worker, then go back; if the save fails, stay (the text is still here)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        text = self.area.text if self.loaded else self.saved_text
        if text == self.saved_text:
            self.dismiss(None)
            return
        self._status("saving…")
        self._save_and_leave(text)

    @work(group="save", exit_on_error=False, description="saving the note")
    async def _save_and_leave(self, text: str) -> None:
        try:
            state = await asyncio.to_thread(self._save, text)
        except PaperdeskError as exc:
            self.notify(f"The note could not be saved: {exc}", severity="error")
            self._status(f"NOT SAVED: {exc}")
            return
        if self.is_mounted and self.area.text != self.saved_text:
            # typed meanwhile, or merged with another editor's text: stay and show it
            self._after_save(text, state)
            return
        if state is not None:
            self.post_message(LibraryChanged(self.key))
        self.dismiss(None)

    def on_unmount(self) -> None:
        # Last line of defence (e.g. the app closing without action_quit).
        try:
            if self.loaded and self.is_mounted:
                self.save_now()
        except Exception:
            pass
