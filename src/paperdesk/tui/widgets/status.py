"""Running background jobs, one line each, just above the footer; hidden when idle."""

from __future__ import annotations

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
        super().__init__(id=f"job-{job_id}")
        self._label = label

    def compose(self) -> ComposeResult:
        yield Label(self._label, classes="job-line--label")
        yield ProgressBar(total=None, show_eta=False)
        yield Label("", classes="job-line--item")

    def update_job(self, label: str, total: int | None, done: int, item: str | None) -> None:
        counts = f" {done}/{total}" if total else (f" {done}" if done else "")
        self.query_one(".job-line--label", Label).update(label + counts)
        self.query_one(ProgressBar).update(total=total, progress=done)
        if item:
            self.query_one(".job-line--item", Label).update(item)


class JobsBar(Vertical):
    """Between the panels and the footer of the main screen; takes no room when idle."""

    DEFAULT_CSS = """
    JobsBar { height: auto; max-height: 4; background: $panel; padding: 0 1;
              display: none; }
    JobsBar.-busy { display: block; }
    """

    def add_job(self, job_id: int, label: str) -> None:
        self.mount(JobLine(job_id, label))
        self.add_class("-busy")

    def update_job(
        self, job_id: int, label: str, total: int | None, done: int, item: str | None
    ) -> None:
        for line in self.query(f"#job-{job_id}").results(JobLine):
            line.update_job(label, total, done, item)

    def remove_job(self, job_id: int) -> None:
        for line in self.query(f"#job-{job_id}"):
            line.remove()
        if not any(c for c in self.children if c.id != f"job-{job_id}"):
            self.remove_class("-busy")
