"""The jobs bar: one line per running job, the latest label and counts, hidden when idle."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.reactive import reactive
from textual.widgets import Label

from paperdesk.tui.app import JobInfo
from paperdesk.tui.widgets.status import JobLine, JobsBar

pytestmark = pytest.mark.anyio


class BarApp(App[None]):
    """Just the bar, watching the app's ``jobs`` as in the real app."""

    jobs: reactive[tuple[JobInfo, ...]] = reactive((), init=False)

    def compose(self) -> ComposeResult:
        yield JobsBar()


def label_text(line: JobLine) -> str:
    return str(line.query_one(".job-line--label", Label).content)


def job(worker: Any, label: str, **kw: Any) -> JobInfo:
    return JobInfo(worker, label, **kw)


async def test_a_line_shows_the_update_that_came_before_it_was_mounted() -> None:
    """The race behind a flaky fetch test: the job renamed itself ("fetch KEY") and reported
    its count while its line was still being mounted; the line kept the first name."""
    app = BarApp()
    async with app.run_test() as pilot:
        line = JobLine(1, "fetch")
        line.update_job("fetch vaswani2017attention", 2, 1, "Fetching")
        await app.query_one(JobsBar).mount(line)
        await pilot.pause()
        assert label_text(line) == "fetch vaswani2017attention 1/2"
        assert str(line.query_one(".job-line--item", Label).content) == "Fetching"
        line.update_job("fetch vaswani2017attention", 2, 2, None)  # no item: the last one stays
        await pilot.pause()
        assert label_text(line) == "fetch vaswani2017attention 2/2"
        assert str(line.query_one(".job-line--item", Label).content) == "Fetching"


async def test_the_bar_follows_the_apps_jobs() -> None:
    app = BarApp()
    first, second = object(), object()
    async with app.run_test() as pilot:
        bar = app.query_one(JobsBar)
        assert not bar.display
        app.jobs = (job(first, "fetch"),)
        app.jobs = (job(first, "fetch list core", total=3, done=1), job(second, "parse PDFs"))
        await pilot.pause()
        assert bar.has_class("-busy") and bar.display
        lines = list(bar.query(JobLine))
        assert [label_text(x) for x in lines] == ["fetch list core 1/3", "parse PDFs"]
        app.jobs = (job(second, "parse PDFs", total=2, done=2),)
        await pilot.pause()
        assert [label_text(x) for x in bar.query(JobLine)] == ["parse PDFs 2/2"]
        app.jobs = ()
        await pilot.pause()
        assert not bar.has_class("-busy") and not bar.display and not bar.query(JobLine)
