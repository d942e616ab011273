"""Reading time recorded by the reading view and the note editor, on a clock driven by hand:
periods with their start and end, idle time excluded, a blur, a suspend (ctrl+z), a covering
screen and a close ending the period."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from sqlalchemy import select
from textual import events

from paperdesk.library import Library
from paperdesk.storage.models import ReadingPeriod
from paperdesk.tui.screens.note import NoteScreen
from paperdesk.tui.screens.reader import ReaderScreen
from tests.tui.conftest import key_of, make_app, settle

T0 = datetime(2026, 12, 2, 10, 0, 0)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


def periods(lib: Library) -> list[tuple[str, datetime, datetime, int]]:
    with lib.session() as s:
        rows = s.scalars(select(ReadingPeriod).order_by(ReadingPeriod.started_at))
        return [(r.view, r.started_at, r.ended_at, r.seconds) for r in rows]


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_reader_periods_exclude_idle_time_and_end_on_blur_and_close(lib: Library) -> None:
    asyncio.run(_reader(lib))


async def _reader(lib: Library) -> None:
    clock = Clock()
    app = make_app(lib.settings, view="all")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = ReaderScreen(key_of(lib, "1706.03762"), clock=clock)
        app.push_screen(screen)
        await settle(pilot)  # shown at 10:00
        clock.advance(2)
        await pilot.press("j")  # in use at 10:02
        clock.advance(4)
        screen.check_idle()  # 4 minutes without a key: still the same period
        await settle(pilot)
        assert periods(lib) == []
        clock.advance(3)
        screen.check_idle()  # 7 minutes: the period ended at the last key, 10:02
        await settle(pilot)
        assert periods(lib) == [("reader", at(0), at(2), 120)]

        clock.advance(1)
        await pilot.press("j")  # back at 10:10: a new period
        clock.advance(3)
        app.post_message(events.AppBlur())
        await settle(pilot)  # the terminal lost focus at 10:13
        assert periods(lib)[-1] == ("reader", at(10), at(13), 180)
        clock.advance(20)
        app.post_message(events.AppFocus())
        await settle(pilot)  # focus again at 10:33: a new period
        clock.advance(1.5)
        await pilot.press("j")
        app.app_suspend_signal.publish(app)  # ctrl+z at 10:34:30
        clock.advance(60)
        app.app_resume_signal.publish(app)  # back an hour later: a new period
        await settle(pilot)
        assert periods(lib)[-1] == ("reader", at(33), at(34.5), 90)
        clock.advance(2)
        await pilot.press("escape")  # closed at 11:36:30
        await settle(pilot)
        assert not isinstance(app.screen, ReaderScreen)
        assert periods(lib)[-1] == ("reader", at(94.5), at(96.5), 120)
        assert len(periods(lib)) == 4


def test_note_editor_records_its_time_and_quit_closes_the_period(lib: Library) -> None:
    asyncio.run(_note(lib))


async def _note(lib: Library) -> None:
    clock = Clock()
    app = make_app(lib.settings, view="all")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        key = key_of(lib, "1810.04805")
        app.push_screen(NoteScreen(key, "BERT", clock=clock))
        await settle(pilot)
        for _ in range(3):  # typing on and off for three minutes
            clock.advance(1)
            await pilot.press("a")
        await settle(pilot)
        clock.advance(0.5)
        await app.action_quit()  # quitting with the editor open ends the period now
    assert periods(lib) == [("note", at(0), at(3.5), 210)]


def test_a_screen_covered_by_another_stops_counting(lib: Library) -> None:
    asyncio.run(_covered(lib))


async def _covered(lib: Library) -> None:
    from paperdesk.tui.screens.help import HelpScreen

    clock = Clock()
    app = make_app(lib.settings, view="all")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ReaderScreen(key_of(lib, "1706.03762"), clock=clock))
        await settle(pilot)
        clock.advance(1)
        app.push_screen(HelpScreen())  # the help over the reading view, at 10:01
        await settle(pilot)
        clock.advance(10)
        await pilot.press("j")  # keys in the help are not reading time
        app.pop_screen()  # back at 10:11
        await settle(pilot)
        clock.advance(2)
        app.pop_screen()  # closed at 10:13
        await settle(pilot)
    assert periods(lib) == [("reader", at(0), at(1), 60), ("reader", at(11), at(13), 120)]
