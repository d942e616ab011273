"""One rich progress bar for every long command (fetch, parse, index, sync).

It implements :class:`paperdesk.progress.Progress` on stderr: items done of total, the rate,
bytes downloaded, time left and the current item; each phase (``start``) gets its own line, and
messages (failures, skipped papers) print above the bars. When stderr is not a terminal it
draws nothing, and messages go to stderr only if ``echo`` is set (otherwise the command's
summary says everything).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from paperdesk.paths import human_size

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID
from paperdesk.printable import for_terminal


class RichProgress:
    def __init__(self, unit: str = "papers", *, enabled: bool = True, echo: bool = False) -> None:
        self.unit = unit
        self.enabled = enabled and sys.stderr.isatty()
        self.echo = echo
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._bytes = 0

    def __enter__(self) -> RichProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _ensure_bar(self) -> Progress:
        if self._bar is None:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TextColumn("{task.fields[size]}"),
                TimeRemainingColumn(),
                TextColumn("{task.fields[item]}", style="cyan"),
                console=Console(stderr=True, highlight=False),
                transient=True,
            )
            self._bar.start()
        return self._bar

    def start(self, total: int | None, label: str = "") -> None:
        if not self.enabled:
            return
        bar = self._ensure_bar()
        if self._task is not None:
            bar.update(self._task, visible=False)
        self._bytes = 0
        self._task = bar.add_task(label or "Working", total=total, rate="", size="", item="")

    def advance(self, n: int = 1, *, item: str | None = None, nbytes: int = 0) -> None:
        if self._bar is None or self._task is None:
            return
        self._bytes += nbytes
        fields: dict[str, Any] = {"size": human_size(self._bytes) if self._bytes else ""}
        if item is not None:
            fields["item"] = for_terminal(item)  # a paper's title, from a file or a server
        self._bar.update(self._task, advance=n, **fields)
        speed = self._bar.tasks[-1].speed
        if speed:
            self._bar.update(self._task, rate=f"{speed:.1f} {self.unit}/s")

    def message(self, text: str) -> None:
        text = for_terminal(text)
        if self._bar is not None:
            from rich.markup import escape

            self._bar.console.print(escape(text))
        elif self.echo:
            click.echo(text, err=True)

    def cancelled(self) -> bool:
        return False

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
            self._task = None
