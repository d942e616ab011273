"""How long-running services report progress and learn that they should stop.

The CLI passes a rich progress bar, the TUI a worker that posts messages, tests nothing.
Services call these methods and never print.
"""

from __future__ import annotations

from typing import Protocol


class Cancelled(Exception):
    """Raised inside a service when ``Progress.cancelled()`` turned true; work done so far is
    committed, nothing partial is left on disk."""


class Progress(Protocol):
    def start(self, total: int | None, label: str = "") -> None:
        """A phase begins: ``total`` items (None when unknown)."""

    def advance(self, n: int = 1, *, item: str | None = None, nbytes: int = 0) -> None:
        """``n`` items done; ``item`` names the current one; ``nbytes`` downloaded meanwhile."""

    def message(self, text: str) -> None:
        """A line worth showing (a skipped or failed paper)."""

    def cancelled(self) -> bool:
        """True when the user asked to stop (TUI quit, Ctrl-C)."""


class NullProgress:
    def start(self, total: int | None, label: str = "") -> None:
        pass

    def advance(self, n: int = 1, *, item: str | None = None, nbytes: int = 0) -> None:
        pass

    def message(self, text: str) -> None:
        pass

    def cancelled(self) -> bool:
        return False
