"""Running background jobs, one line each, just above the footer; hidden when idle."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, ProgressBar


class JobLine(Horizontal):
    DEFAULT_CSS = """
    JobLine { height: 1; }
    JobLine > .job-line--label { width: 28; text-wrap: nowrap; text-overflow: ellipsis;
                                 color: $text-accent; }
    JobLine > ProgressBar { width: 30; }
    JobLine > ProgressBar > Bar { width: 1fr; }
    JobLine > .job-line--item { width: 1fr; padding-left: 1; color: $text-muted;
                                text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, job_id: int, label: str) -> None:
        super().__init__()
        self.job_id = job_id
        self._label = label
        self._state: tuple[str, int | None, int, str | None] | None = None

    def compose(self) -> ComposeResult:
        yield Label(self._label, classes="job-line--label")
        yield ProgressBar(total=None, show_eta=False)
        yield Label("", classes="job-line--item")

    def on_mount(self) -> None:
        self._show()

    def update_job(self, label: str, total: int | None, done: int, item: str | None) -> None:
        self._state = (label, total, done, item)
        # Not `is_mounted`: Textual sets it only after on_mount returns, so an update that came
        # before then would be lost. Once composed, the labels take updates; before, on_mount
        # shows the latest state.
        if self.children:
            self._show()

    def _show(self) -> None:
        if self._state is None:
            return
        label, total, done, item = self._state
        counts = f" {done}/{total}" if total else (f" {done}" if done else "")
        # The children can be half there (still mounting, or going as the job ends): skip what
        # is missing; on_mount shows the latest state once they all are.
        for title in self.query(".job-line--label").results(Label):
            title.update(label + counts)
        for bar in self.query(ProgressBar).results(ProgressBar):
            bar.update(total=total, progress=done)
        if item:
            for line in self.query(".job-line--item").results(Label):
                line.update(item)


class JobsBar(Vertical):
    """Between the panels and the footer of the main screen; takes no room when idle. It shows
    the app's ``jobs`` attribute (watched), one line per job."""

    DEFAULT_CSS = """
    JobsBar { height: auto; max-height: 4; background: $panel; padding: 0 1;
              display: none; }
    JobsBar.-busy { display: block; }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "jobs", self.show_jobs)

    def show_jobs(self, jobs: tuple[Any, ...]) -> None:
        lines = {line.job_id: line for line in self.query(JobLine)}
        wanted = {id(job.worker): job for job in jobs}
        for job_id, line in lines.items():
            if job_id not in wanted:
                line.remove()
        for job_id, job in wanted.items():
            shown = lines.get(job_id)
            if shown is None:
                shown = JobLine(job_id, job.label)
                self.mount(shown)
            shown.update_job(job.label, job.total, job.done, job.item)
        self.set_class(bool(jobs), "-busy")
