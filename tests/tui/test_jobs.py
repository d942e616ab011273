"""What background workers share: progress posted as messages from the worker's thread, the
worker's cancel seen by the service, and one line for a worker that failed."""

from __future__ import annotations

from typing import Any

import pytest
from textual import work
from textual.app import App
from textual.worker import Worker, get_current_worker

from paperdesk.errors import FetchError
from paperdesk.progress import Cancelled
from paperdesk.tui.jobs import JobProgress, UiProgress, failure_text

pytestmark = pytest.mark.anyio


class JobsApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[int | None, int, str | None]] = []
        self.progress: UiProgress | None = None

    def on_job_progress(self, message: JobProgress) -> None:
        self.seen.append((message.total, message.done, message.item))

    @work(thread=True, exit_on_error=False, description="fetch list core")
    def job(self, error: BaseException | None = None) -> None:
        self.progress = progress = UiProgress(self, get_current_worker())
        progress.start(2, "Fetching")
        progress.advance(item="vaswani2017attention")
        progress.message("devlin2018bert: not on arXiv")
        if error is not None:
            raise error


async def finished(pilot: Any, worker: Worker[Any]) -> Worker[Any]:
    for _ in range(500):
        if worker.is_finished:
            break
        await pilot.pause(0.01)
    await pilot.pause()
    return worker


async def test_progress_reaches_the_app_as_messages_in_order() -> None:
    app = JobsApp()
    async with app.run_test() as pilot:
        await finished(pilot, app.job())
        assert app.seen == [
            (2, 0, "Fetching"),
            (2, 1, "Fetching · vaswani2017attention"),
            (2, 1, "devlin2018bert: not on arXiv"),
        ]
        assert app.progress is not None and app.progress.notes == ["devlin2018bert: not on arXiv"]


async def test_a_cancelled_worker_is_seen_by_the_service() -> None:
    app = JobsApp()
    async with app.run_test() as pilot:
        worker = await finished(pilot, app.job())
        assert app.progress is not None and not app.progress.cancelled()
        worker.cancel()
        assert app.progress.cancelled()


@pytest.mark.parametrize(
    ("error", "line"),
    [
        (FetchError("1706.03762: the arXiv API did not answer"), "1706.03762: the arXiv API"),
        (Cancelled(), "fetch list core: cancelled; work done so far is kept."),
        (KeyError("pdf"), "fetch list core failed: KeyError: 'pdf'"),
    ],
)
async def test_a_failed_worker_is_one_line(error: BaseException, line: str) -> None:
    app = JobsApp()
    async with app.run_test() as pilot:
        worker = await finished(pilot, app.job(error))
        assert failure_text(worker).startswith(line)
