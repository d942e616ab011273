"""Background work: a :class:`~paperdesk.progress.Progress` that talks to the UI thread.

Services run in Textual thread workers and report through :class:`UiProgress`, which only posts
messages (thread-safe, never waits on the UI thread, so it cannot deadlock). ``cancelled()``
turns true when the user cancels jobs or quits; services then stop between items and leave no
partial files.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump


class JobProgress(Message):
    """A job started a phase or advanced."""

    def __init__(
        self, job_id: int, label: str, total: int | None, done: int, item: str | None
    ) -> None:
        super().__init__()
        self.job_id, self.label, self.total, self.done, self.item = (
            job_id,
            label,
            total,
            done,
            item,
        )


class JobNote(Message):
    """A line worth showing (a skipped or failed paper)."""

    def __init__(self, job_id: int, text: str) -> None:
        super().__init__()
        self.job_id, self.text = job_id, text


class JobEnded(Message):
    """A job finished: ``status`` is "done", "failed" or "cancelled"."""

    def __init__(self, job_id: int, status: str, result: Any = None, error: str = "") -> None:
        super().__init__()
        self.job_id, self.status, self.result, self.error = job_id, status, result, error


@dataclass
class UiProgress:
    """Implements :class:`paperdesk.progress.Progress` by posting messages to ``target``."""

    target: MessagePump
    job_id: int
    label: str
    total: int | None = None
    done: int = 0
    phase: str = ""
    cancel_event: threading.Event = field(default_factory=threading.Event)
    notes: list[str] = field(default_factory=list)

    def start(self, total: int | None, label: str = "") -> None:
        self.total, self.done, self.phase = total, 0, label
        self.target.post_message(JobProgress(self.job_id, self.label, total, 0, label or None))

    def advance(self, n: int = 1, *, item: str | None = None, nbytes: int = 0) -> None:
        self.done += n
        text = " · ".join(x for x in (self.phase, item) if x) or None
        self.target.post_message(JobProgress(self.job_id, self.label, self.total, self.done, text))

    def message(self, text: str) -> None:
        self.notes.append(text)
        self.target.post_message(JobNote(self.job_id, text))

    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def cancel(self) -> None:
        self.cancel_event.set()
