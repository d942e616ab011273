"""The replication screen with the keyboard, read back from the database: j/k and results on
the selected claim, attempts switched and compared, goal / scope / environment / compute,
the repository without a browser, fast typing and paste in the forms, and snapshots.

A minimal host app stands in for the real TUI (which binds ``p`` to this screen). No async
test plugin is needed: each test drives its scenario with asyncio.run.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from textual import events
from textual.app import App
from textual.reactive import reactive
from textual.widgets import DataTable, Input, Select, Static

import paperdesk.tui
from paperdesk.library import Library
from paperdesk.services import replication as rep
from paperdesk.storage.models import ReproLog
from paperdesk.tui.jobs import Change
from paperdesk.tui.screens.replication import FormScreen, ReplicationScreen
from paperdesk.tui.widgets.claims_table import COMPARE_HEADERS

ATTENTION = "1706.03762"
APP_CSS = Path(paperdesk.tui.__file__).with_name("app.tcss")
# shown columns: claim, claimed, obtained, gap, gap %, tol, verdict, metric, setting, source
OBTAINED, GAP, TOL, VERDICT = 2, 3, 5, 6


class Host(App[None]):
    CSS_PATH = str(APP_CSS)
    change: reactive[Change] = reactive(Change(), init=False)  # as PaperdeskApp's

    def __init__(self, library: Library, key: str) -> None:
        super().__init__()
        self.library = library
        self.key = key
        self.closed = False

    def on_mount(self) -> None:
        self.push_screen(ReplicationScreen(self.key), self.screen_closed)

    def screen_closed(self, _: None) -> None:
        self.closed = True


async def ready(pilot: Any) -> None:
    """Wait for the screen's workers (loading, saving) and the repaint after them."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _type(pilot: Any, text: str) -> None:
    await pilot.press("home", "ctrl+k", *text)


def burst(app: App[Any], keys: list[str]) -> None:
    """Keys as a fast typist (or tmux send-keys) delivers them: all queued before the first
    is handled."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


def _row(table: DataTable[Any], label: str) -> list[str]:
    return [str(cell) for cell in table.get_row(label)]


def _claims(app: App[Any]) -> DataTable[Any]:
    return app.screen.query_one("#repro-claims", DataTable)


def test_j_k_and_results_on_the_selected_claim(lib: Library) -> None:
    asyncio.run(_j_k_and_results_on_the_selected_claim(lib))


async def _j_k_and_results_on_the_selected_claim(lib: Library) -> None:
    app = Host(lib, ATTENTION)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, ReplicationScreen)
        table = _claims(app)
        assert table.row_count == 2 and screen.selected_label() == "bleu-en-de"
        assert _row(table, "bleu-en-de")[VERDICT] == "unmeasured"

        # edit the claim: tolerance 0.2, then save with Enter
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-tolerance", Input).focus()
        await _type(pilot, "0.2")
        await pilot.press("enter")
        await ready(pilot)
        assert app.screen is screen

        # j moves to the second claim: its result is set, not the first claim's
        await pilot.press("j")
        assert screen.selected_label() == "bleu-en-fr"
        await pilot.press("r")
        assert isinstance(app.screen, FormScreen)
        await _type(pilot, "41.5")
        await pilot.press("enter")
        await ready(pilot)
        assert app.screen is screen
        fr = _row(table, "bleu-en-fr")
        assert fr[OBTAINED] == "41.5" and fr[GAP] == "−0.3" and fr[VERDICT] == "within"
        assert _row(table, "bleu-en-de")[OBTAINED] == ""
        assert screen.selected_label() == "bleu-en-fr"

        # typed in one burst: the cursor moves before r reads it (second claim, not first)
        burst(app, ["k", "j", "r", *"41.7", "enter"])
        await ready(pilot)
        assert app.screen is screen
        assert _row(table, "bleu-en-fr")[OBTAINED] == "41.7"
        assert _row(table, "bleu-en-de")[OBTAINED] == ""

        # k goes back up: a result for the first claim, outside its new tolerance
        await pilot.press("k")
        assert screen.selected_label() == "bleu-en-de"
        await pilot.press("r")
        await _type(pilot, "28.1")
        await pilot.press("enter")
        await ready(pilot)
        de = _row(table, "bleu-en-de")
        assert de[OBTAINED] == "28.1" and de[TOL] == "0.2" and de[VERDICT] == "outside"

    rec = rep.record(lib, ATTENTION)
    claims = {c["label"]: c for c in rec["claims"]}
    assert claims["bleu-en-de"]["tolerance"] == 0.2
    assert claims["bleu-en-de"]["obtained"] == 28.1
    assert claims["bleu-en-fr"]["obtained"] == 41.7
    runs = rec["attempts"][0]["runs"]
    assert len(runs) == 1 and runs[0]["notes"] == "entered by hand"
    assert runs[0]["results"] == {"bleu-en-fr": 41.7, "bleu-en-de": 28.1}
    assert rec["status"] == "running"


def test_bad_input_stays_in_the_form(lib: Library) -> None:
    asyncio.run(_bad_input_stays_in_the_form(lib))


async def _bad_input_stays_in_the_form(lib: Library) -> None:
    app = Host(lib, ATTENTION)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        screen = app.screen
        await pilot.press("r")
        form = app.screen
        await _type(pilot, "lots")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#form-error", Static).render())
        assert "result for bleu-en-de must be a number, not 'lots'" in error
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
    assert rep.record(lib, ATTENTION)["attempts"] == []


def test_opening_the_screen_changes_nothing(lib: Library) -> None:
    asyncio.run(_opening_the_screen_changes_nothing(lib))


async def _opening_the_screen_changes_nothing(lib: Library) -> None:
    rep.set_status(lib, ATTENTION, "running")
    rep.set_repo(lib, ATTENTION, "https://example.org/[t2t]", "a1b2c3d")
    before = rep.record(lib, ATTENTION)
    app = Host(lib, ATTENTION)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert screen.query_one("#repro-status", Select).value == "running"
        facts = str(screen.query_one("#repro-facts", Static).render())
        assert "https://example.org/[t2t] @ a1b2c3d" in facts
    assert rep.record(lib, ATTENTION) == before


def test_status_log_and_a_claim_typed_fast(lib: Library) -> None:
    asyncio.run(_status_log_and_a_claim_typed_fast(lib))


async def _status_log_and_a_claim_typed_fast(lib: Library) -> None:
    app = Host(lib, ATTENTION)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        screen = app.screen
        screen.query_one("#repro-status", Select).value = "planned"
        await ready(pilot)
        await pilot.press("l", *"OOM b64", "enter")
        await ready(pilot)
        log = str(screen.query_one("#repro-log-text", Static).render())
        assert "OOM b64" in log
        await pilot.press("escape")  # leaves the log input, not the screen
        assert app.screen is screen and not app.closed
        assert screen.focused is _claims(app)

        # the whole form typed in one burst, right after the key that opens it: every key
        # lands in its own field (this used to give label 'bleu-baseBLEU' and an empty metric)
        burst(app, ["a", *"ppl-base", "tab", *"PPL", "tab", *"WMT14 dev", "tab", *"4.33"])
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        values = form.values()
        assert (values["label"], values["metric"]) == ("ppl-base", "PPL")
        assert (values["setting"], values["value"]) == ("WMT14 dev", "4.33")
        # a paste goes into the focused field, whole
        form.query_one("#field-source", Input).focus()
        app.post_message(events.Paste("Table 3 (dev)\nsecond line"))
        await pilot.pause()
        assert form.values()["source"] == "Table 3 (dev)"
        form.query_one("#flag-lower").focus()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert app.screen is screen
        assert _claims(app).row_count == 3
        await pilot.press("escape")  # back to the caller, which is told
        await pilot.pause()
        assert app.closed and app.screen is not screen

    rec = rep.record(lib, ATTENTION)
    assert rec["status"] == "planned"
    assert rec["attempts"][0]["log"][0]["text"] == "OOM b64"
    ppl = next(c for c in rec["claims"] if c["label"] == "ppl-base")
    assert ppl["value"] == pytest.approx(4.33) and ppl["higher_is_better"] is False
    assert (ppl["metric"], ppl["setting"], ppl["source"]) == ("PPL", "WMT14 dev", "Table 3 (dev)")


def _two_attempts(lib: Library) -> None:
    rep.add_run(
        lib,
        ATTENTION,
        {"bleu-en-de": "27.0"},
        command="python train.py",
        ran_at="2026-01-02T09:00",
    )
    rep.new_attempt(lib, ATTENTION, goal="more steps")
    rep.add_run(
        lib,
        ATTENTION,
        {"bleu-en-de": "28.3", "bleu-en-fr": "41.0"},
        command="python train.py --steps 300k",
        commit="a1b2c3d",
        ran_at="2026-01-05T18:30",
    )


def test_attempts_switch_and_compare(lib: Library) -> None:
    _two_attempts(lib)
    asyncio.run(_attempts_switch_and_compare(lib))


async def _attempts_switch_and_compare(lib: Library) -> None:
    app = Host(lib, ATTENTION)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, ReplicationScreen)
        table = _claims(app)
        facts = str(screen.query_one("#repro-facts", Static).render())
        assert "attempt 2 of 2" in facts and "goal more steps" in facts
        assert _row(table, "bleu-en-de")[OBTAINED] == "28.3"

        await pilot.press("left_square_bracket")  # attempt 1: its own result and run
        await pilot.pause()
        assert screen.is_current  # Textual's "current screen" (it repaints only then)
        assert "attempt 1 of 2" in str(screen.query_one("#repro-facts", Static).render())
        assert _row(table, "bleu-en-de")[OBTAINED] == "27"
        assert _row(table, "bleu-en-de")[VERDICT] == "outside"
        runs = screen.query_one("#repro-runs", DataTable)
        assert runs.row_count == 1
        assert "python train.py" in [str(c) for c in runs.get_row_at(0)]

        # a new run goes to the current attempt only: refused here, nothing written
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen

        await pilot.press("c")  # side by side: A = attempt 1, B = attempt 2
        await pilot.pause()
        headers = tuple(str(c.label) for c in table.columns.values())
        assert headers == COMPARE_HEADERS
        de = _row(table, "bleu-en-de")
        assert de[2:5] == ["27", "−1.4", "outside"] and de[5:8] == ["28.3", "−0.1", "within"]
        fr = _row(table, "bleu-en-fr")
        assert fr[2] == "" and fr[4] == "unmeasured" and fr[5] == "41"
        title = str(screen.query_one("#repro-claims-title", Static).render())
        assert "attempt 1 (A) vs 2 (B)" in title

        # a result typed while attempt 1 is shown goes into attempt 1's run
        await pilot.press("r")
        await _type(pilot, "27.5")
        await pilot.press("enter")
        await ready(pilot)
        assert _row(table, "bleu-en-de")[2] == "27.5"

        await pilot.press("right_square_bracket", "c")  # attempt 2 alone again
        await pilot.pause()
        assert "attempt 2 of 2" in str(screen.query_one("#repro-facts", Static).render())
        assert tuple(str(c.label) for c in table.columns.values())[2] == "obtained"

    rec = rep.record(lib, ATTENTION)
    first, second = rec["attempts"]
    assert [r["results"] for r in first["runs"]] == [{"bleu-en-de": 27.5}]
    assert len(second["runs"]) == 1 and second["runs"][0]["results"]["bleu-en-de"] == 28.3


def test_escape_closes_the_comparison_not_the_screen(lib: Library) -> None:
    _two_attempts(lib)
    asyncio.run(_escape_closes_the_comparison(lib))


async def _escape_closes_the_comparison(lib: Library) -> None:
    app = Host(lib, ATTENTION)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        table = _claims(app)
        await pilot.press("c")
        await pilot.pause()
        assert tuple(str(c.label) for c in table.columns.values()) == COMPARE_HEADERS

        await pilot.press("escape")  # the comparison closes, the screen stays
        await pilot.pause()
        assert app.screen is screen and not app.closed
        assert tuple(str(c.label) for c in table.columns.values())[2] == "obtained"
        title = str(screen.query_one("#repro-claims-title", Static).render())
        assert "(B)" not in title

        await pilot.press("l", *"still here", "enter")  # the next keys act on this screen
        await ready(pilot)
        assert "still here" in str(screen.query_one("#repro-log-text", Static).render())

        await pilot.press("escape", "escape")  # out of the log, then off the screen
        await pilot.pause()
        assert app.closed


def test_goal_scope_environment_compute(lib: Library) -> None:
    asyncio.run(_goal_scope_environment_compute(lib))


async def _goal_scope_environment_compute(lib: Library) -> None:
    app = Host(lib, ATTENTION)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        screen = app.screen
        burst(
            app,
            [
                *("d", *"base BLEU", "tab", *"en-de only", "tab", *"1xA100", "tab"),
                *(*"python=3.11; torch=2.3", "tab", *"40", "tab", *"lots", "tab", *"GPU-h"),
            ],
        )
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # a bad number: nothing written, the form stays
        assert "compute spent must be a number" in str(
            form.query_one("#form-error", Static).render()
        )
        assert rep.record(lib, ATTENTION)["attempts"] == []
        form.query_one("#field-spent", Input).focus()
        await _type(pilot, "12.5")
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert app.screen is screen
        facts = str(screen.query_one("#repro-facts", Static).render())
        assert "goal base BLEU" in facts and "scope en-de only" in facts
        assert "1xA100; python=3.11; torch=2.3" in facts and "12.5 of 40 GPU-h" in facts

        # edit again: drop one version, change the goal
        await pilot.press("d")
        form = app.screen
        assert form.query_one("#field-env_kv", Input).value == "python=3.11; torch=2.3"
        form.query_one("#field-env_kv", Input).focus()
        await _type(pilot, "python=3.12")
        form.query_one("#field-goal", Input).focus()
        await _type(pilot, "big BLEU")
        await pilot.press("enter")
        await ready(pilot)

    a = rep.record(lib, ATTENTION)["attempts"][-1]
    assert (a["goal"], a["scope"], a["environment"]) == ("big BLEU", "en-de only", "1xA100")
    assert a["environment_kv"] == {"python": "3.12"}
    assert (a["compute_budget"], a["compute_spent"], a["compute_unit"]) == (40, 12.5, "GPU-h")


def test_repository_without_a_browser(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    asyncio.run(_repository_without_a_browser(lib))


async def _repository_without_a_browser(lib: Library) -> None:
    app = Host(lib, ATTENTION)
    notes: list[str] = []
    app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        await pilot.press("o")
        await ready(pilot)
        assert notes[-1] == "No repository yet: press u to set one."
        await pilot.press("u", *"https://github.com/tensorflow/tensor2tensor", "enter")
        await ready(pilot)
        await pilot.press("o")
        await ready(pilot)
        assert "no graphical display here" in notes[-1]
        assert "https://github.com/tensorflow/tensor2tensor (copied" in notes[-1]
        assert app.clipboard == "https://github.com/tensorflow/tensor2tensor"
    assert rep.record(lib, ATTENTION)["attempts"][0]["repo_url"].endswith("tensor2tensor")


def test_every_key_is_in_the_footer_or_help() -> None:
    from paperdesk.tui.keys import HELP_SECTIONS, REPLICATION_KEYS

    assert ("Replication", REPLICATION_KEYS) in HELP_SECTIONS
    bound = {b.action for b in ReplicationScreen.BINDINGS}  # type: ignore[union-attr]
    actions = {k.action for k in REPLICATION_KEYS if k.action}
    assert bound == actions
    for action in actions:
        assert hasattr(ReplicationScreen, f"action_{action}"), action


# -- snapshots ----------------------------------------------------------------------------------


def _snapshot_record(lib: Library) -> None:
    _two_attempts(lib)
    rep.set_repo(lib, ATTENTION, "https://github.com/tensorflow/tensor2tensor", "a1b2c3d")
    rep.set_goal(lib, ATTENTION, "base model BLEU on WMT14 en-de")
    rep.set_compute(lib, ATTENTION, budget="40", spent="12", unit="GPU-h")
    rep.add_log(lib, ATTENTION, "step 100k: loss 1.9")
    with lib.session() as s:  # a fixed time, not the clock's
        s.execute(update(ReproLog).values(at=datetime(2026, 1, 6, 8, 0)))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot(lib: Library, snap_compare: Any, size: tuple[int, int]) -> None:
    _snapshot_record(lib)

    async def run_before(pilot: Any) -> None:
        await ready(pilot)

    assert snap_compare(Host(lib, ATTENTION), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_compare(lib: Library, snap_compare: Any, size: tuple[int, int]) -> None:
    _snapshot_record(lib)

    async def run_before(pilot: Any) -> None:
        await ready(pilot)
        await pilot.press("c")
        await pilot.pause()

    assert snap_compare(Host(lib, ATTENTION), terminal_size=size, run_before=run_before)


def test_a_change_made_elsewhere_shows(lib: Library) -> None:
    asyncio.run(_change_elsewhere(lib))


async def _change_elsewhere(lib: Library) -> None:
    app = Host(lib, ATTENTION)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        # as `paperdesk repro log` in another terminal would; the app's change poll then says so
        rep.add_log(lib, ATTENTION, "written in another terminal")
        app.change = Change(1, None)
        await ready(pilot)
        log = str(app.screen.query_one("#repro-log-text", Static).render())
        assert "written in another terminal" in log


# -- several members: who made each attempt, claim, run and log entry ------------------------


def _two_members(lib: Library, monkeypatch: pytest.MonkeyPatch) -> Library:
    """me ran attempt 1; ana started attempt 2, added a claim, ran it and logged; me logged
    too. Returns the library as me opens it."""
    monkeypatch.setenv("PAPERDESK_USER", "me")
    me = Library.open(lib.settings)
    rep.add_run(me, ATTENTION, {"bleu-en-de": "27.0"}, command="make train")
    monkeypatch.setenv("PAPERDESK_USER", "ana")
    ana = Library.open(lib.settings)
    try:
        rep.new_attempt(ana, ATTENTION, goal="more steps")
        rep.add_claim(ana, ATTENTION, metric="BLEU", setting="base", value="27.3")
        rep.add_run(ana, ATTENTION, {"bleu-en-de": "28.1"}, command="python train.py")
        rep.add_log(ana, ATTENTION, "with gradient checkpointing")
    finally:
        ana.close()
    rep.add_log(me, ATTENTION, "looks good")
    return me


def test_with_several_members_each_row_says_who_made_it(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    me = _two_members(lib, monkeypatch)
    try:
        asyncio.run(_who_made_it(me))
    finally:
        me.close()


def _headers(table: DataTable[Any]) -> list[str]:
    return [str(c.label) for c in table.columns.values()]


async def _who_made_it(lib: Library) -> None:
    app = Host(lib, ATTENTION)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = app.screen
        facts = str(screen.query_one("#repro-facts", Static).render())
        assert facts.startswith("attempt 2 of 2 by ana")
        claims = _claims(app)
        by = _headers(claims).index("by")
        assert _headers(claims)[by - 1] == "metric"
        assert _row(claims, "bleu-base")[by] == "ana"
        assert _row(claims, "bleu-en-de")[by] == ""  # seeded: nobody made it
        runs = screen.query_one("#repro-runs", DataTable)
        assert _headers(runs)[:3] == ["run", "date", "by"]
        assert [str(c) for c in runs.get_row_at(0)][2] == "ana"
        log = str(screen.query_one("#repro-log-text", Static).render()).splitlines()
        assert log[0].endswith("ana: with gradient checkpointing")
        assert log[1].endswith("me: looks good")

        await pilot.press("left_square_bracket")  # attempt 1 is me's
        await pilot.pause()
        assert "attempt 1 of 2 by me" in str(screen.query_one("#repro-facts", Static).render())
        assert [str(c) for c in runs.get_row_at(0)][2] == "me"
        await pilot.press("c")
        await pilot.pause()
        title = str(screen.query_one("#repro-claims-title", Static).render())
        assert "attempt 1 by me (A) vs 2 by ana (B)" in title
        assert _headers(claims)[-1] == "by" and _row(claims, "bleu-base")[-1] == "ana"


def test_a_single_member_sees_no_authors(lib: Library) -> None:
    _two_attempts(lib)
    asyncio.run(_no_authors(lib))


async def _no_authors(lib: Library) -> None:
    app = Host(lib, ATTENTION)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert " by " not in str(screen.query_one("#repro-facts", Static).render())
        assert "by" not in _headers(_claims(app))
        assert "by" not in _headers(screen.query_one("#repro-runs", DataTable))
