"""What every background worker of the TUI shares: progress reported as messages, the
``LibraryChanged`` message, and one way to turn a failed worker into a notification.

Long jobs (fetch, parse, index, sync, export) are thread workers of the app in the ``jobs``
group; they report through :class:`UiProgress`, which only posts messages (thread-safe, never
waits on the UI thread, so it cannot deadlock), and stop between items once their worker is
cancelled (``x``, quitting). Short reads are async workers that await a thread; an exclusive
group makes the latest one win, so no generation counters are needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.message_pump import MessagePump
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState

from paperdesk.errors import PaperdeskError
from paperdesk.progress import Cancelled

if TYPE_CHECKING:
    from textual.widget import Widget


class LibraryChanged(Message):
    """Posted by a screen after it wrote to the library (``key``: the paper, None: many or
    unknown). The app turns it, and changes seen from other processes, into its ``change``
    attribute, which every screen watches."""

    def __init__(self, key: str | None = None) -> None:
        super().__init__()
        self.key = key


@dataclass(frozen=True)
class Change:
    """The app's last library change: ``serial`` grows by one each time."""

    serial: int = 0
    key: str | None = None  # None: from another process, or many papers


class JobProgress(Message):
    """A job started a phase, advanced, or has a line worth showing."""

    def __init__(
        self,
        worker: Worker[Any],
        total: int | None,
        done: int,
        item: str | None,
        label: str | None = None,
    ) -> None:
        super().__init__()
        self.worker, self.total, self.done, self.item = worker, total, done, item
        self.label = label  # a new name for the job ("fetch list long-context")


@dataclass
class UiProgress:
    """Implements :class:`paperdesk.progress.Progress` for a thread worker."""

    target: MessagePump
    worker: Worker[Any]
    total: int | None = None
    done: int = 0
    phase: str = ""
    notes: list[str] = field(default_factory=list)

    def start(self, total: int | None, label: str = "") -> None:
        self.total, self.done, self.phase = total, 0, label
        self.target.post_message(JobProgress(self.worker, total, 0, label or None))

    def advance(self, n: int = 1, *, item: str | None = None, nbytes: int = 0) -> None:
        self.done += n
        text = " · ".join(x for x in (self.phase, item) if x) or None
        self.target.post_message(JobProgress(self.worker, self.total, self.done, text))

    def message(self, text: str) -> None:
        self.notes.append(text)
        self.target.post_message(JobProgress(self.worker, self.total, self.done, text))

    def cancelled(self) -> bool:
        return self.worker.is_cancelled


def failure_text(worker: Worker[Any]) -> str:
    """Why ``worker`` failed, in one line: a project error says it itself; anything else is a
    bug, named with its type so it can be reported."""
    error = worker.error
    what = worker.description or worker.name or "a background task"
    if isinstance(error, PaperdeskError):
        return str(error)
    if isinstance(error, Cancelled):
        return f"{what}: cancelled; work done so far is kept."
    return f"{what} failed: {type(error).__name__}: {error}"


class WorkerFailures:
    """Mixed into screens: a worker of the screen that fails becomes a notification."""

    def on_worker_state_changed(self: Widget, event: Worker.StateChanged) -> None:  # type: ignore[misc]
        if event.state == WorkerState.ERROR and not getattr(self.app, "quitting", False):
            severity: SeverityLevel = (
                "warning" if isinstance(event.worker.error, Cancelled) else "error"
            )
            self.notify(failure_text(event.worker), severity=severity)
