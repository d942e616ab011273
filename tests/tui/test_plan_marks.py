"""Study plans on the main screen: each planned list's status in the lists panel, the due day
of a paper in the detail pane, both live after a paper is read."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from paperdesk.dates import short_day, today
from paperdesk.library import Library
from paperdesk.services import papers, plans
from paperdesk.storage.fastread import SessionReader
from tests.tui.conftest import key_of, make_app, screen_text, settle

LIST = "transformers-core"


def test_panel_status_and_detail_due_day_follow_the_reading(lib: Library) -> None:
    day = today()
    # four weeks in at 3 a week: all 8 papers were due; one read since the start
    plans.set_plan(lib, LIST, "3/week", start=(day - timedelta(weeks=4)).isoformat())
    papers.mark(lib, "1409.0473", "read")
    (plan,) = plans.plan_status(SessionReader(lib)).plans
    asyncio.run(_follow(lib, short_day(day), len(plan.due_this_week)))


async def _follow(lib: Library, today_text: str, due: int) -> None:
    app = make_app(lib.settings, view=f"list:{LIST}")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert f"plan  3/wk · behind 7 · {due} due" in text  # due this week
        assert text.count("plan  ") == 1  # unplanned lists show no plan line
        app.main.table.move_to(key_of(lib, "1508.04025"))
        await settle(pilot)
        assert f"due {today_text} (today) · plan {LIST}" in screen_text(app)
        app.main.table.move_to(key_of(lib, "1409.0473"))  # read: not due any more
        await settle(pilot)
        assert "· plan " not in screen_text(app)

        papers.mark(lib, "1508.04025", "read")  # as if from another process
        app.main.changed(None)
        await settle(pilot)
        assert "plan  3/wk · behind 6" in screen_text(app)
        app.main.table.move_to(key_of(lib, "1706.03762"))
        await settle(pilot)
        assert f"due {today_text} (today) · plan {LIST}" in screen_text(app)

        plans.clear_plan(lib, LIST)
        app.main.changed(None)
        await settle(pilot)
        assert "plan  " not in screen_text(app) and "· plan " not in screen_text(app)


def test_narrow_panel_keeps_the_status(lib: Library) -> None:
    start = today() + timedelta(days=3)
    plans.set_plan(lib, LIST, "12/week", start=start.isoformat())
    asyncio.run(_narrow(lib, f"12/wk · starts {short_day(start)}"))


async def _narrow(lib: Library, expected: str) -> None:
    app = make_app(lib.settings, view=f"list:{LIST}")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        # the panel is ~20 columns at 80: the "plan" label gives way, then the pace
        shown = [x for x in lines if "starts" in x]
        assert shown, "\n".join(lines)
        assert shown[0].strip().split("  ")[0].strip() in (expected, expected.split(" · ")[1])
