"""Reading time in the TUI (issue 13): a screen that shows one paper (the reading view, the note
editor) records the periods it is on top and in use, through
:class:`~paperdesk.services.reading_time.ActiveTime`.

A period starts when the screen shows (opened, or back on top), goes on with every key or mouse
event (the app calls :meth:`TimedScreen.user_active` on the screen on top), and ends at the
last of them after ``reading_idle_minutes`` without one, or when the screen is covered or
closed, the terminal loses focus, or the app is suspended or quits. Each closed period is
written at once in its own short transaction (a worker thread; synchronously as the screen
goes away), so a killed TUI loses at most the period still open.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from paperdesk.services.reading_time import ActiveTime, Period, record, utc_now

if TYPE_CHECKING:
    from paperdesk.tui.app import PaperdeskApp

IDLE_CHECK_SECONDS = 10.0  # how often an idle period is looked for (its end is exact anyway)


class TimedScreen:
    """Mixin for a :class:`~textual.screen.Screen` with a ``key`` (the paper shown). Set
    ``TIMED_VIEW``; pass ``clock`` to :meth:`init_timing` to drive time by hand (tests)."""

    TIMED_VIEW: ClassVar[str]
    key: str
    app: PaperdeskApp

    def init_timing(self, clock: Callable[[], datetime] | None = None) -> None:
        self.time_clock = clock or utc_now
        self.active_time: ActiveTime | None = None

    def _active(self) -> ActiveTime:
        if self.active_time is None:
            app: Any = self.app  # the TUI, or a test's host app that only has a library
            settings = getattr(app, "settings", None) or app.library.settings
            idle = timedelta(minutes=settings.reading_idle_minutes)
            self.active_time = ActiveTime(
                self.key, self.TIMED_VIEW, idle=idle, clock=self.time_clock
            )
            screen: Any = self
            screen.set_interval(IDLE_CHECK_SECONDS, self.check_idle)
            screen.watch(self.app, "app_focus", self._app_focus, init=False)
            # at once: the process stops right after the signal (ctrl+z), and a callback run
            # on resume would count the time away
            self.app.app_suspend_signal.subscribe(screen, lambda _: self._hidden(), immediate=True)
            self.app.app_resume_signal.subscribe(screen, lambda _: self._shown())
        return self.active_time

    # -- what the screen sees ------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        self._shown()

    def on_screen_suspend(self) -> None:
        self._hidden()

    def on_unmount(self) -> None:
        if self.active_time is not None:
            self._write(self.active_time.end(), now=True)

    def user_active(self) -> None:
        """A key or mouse event while this screen is on top (called by the app)."""
        if self.app.app_focus and self._is_on_top():
            self._write(self._active().activity())

    def check_idle(self) -> None:
        if self.active_time is not None:
            self._write(self.active_time.tick())

    def _app_focus(self, focused: bool) -> None:
        if focused:
            self._shown()
        else:
            self._hidden()

    def _shown(self) -> None:
        if self.app.app_focus and self._is_on_top():
            self._write(self._active().begin())

    def _hidden(self) -> None:
        if self.active_time is not None:
            self._write(self.active_time.end())

    def _is_on_top(self) -> bool:
        return bool(self.app.screen_stack) and self.app.screen is self  # type: ignore[comparison-overlap]

    # -- writing -------------------------------------------------------------------------------

    def _write(self, period: Period | None, *, now: bool = False) -> None:
        if period is None:
            return
        app = self.app
        if now:  # the screen (or the app) is going away: a few milliseconds, then gone
            try:
                record(app.library, period)
            except Exception as exc:  # never keep a closing screen open over reading time
                app.log.error(f"reading time not recorded: {exc}")
            return
        app.run_worker(
            lambda: record(app.library, period),
            thread=True,
            group="reading-time",
            exit_on_error=False,
            description="recording reading time",
        )
