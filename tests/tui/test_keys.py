"""The key map: Textual key names derived from what people read, bindings only for keys that
run something, escaped palette titles, no key bound twice on one screen, and the README table
naming every key of help."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import pytest
from textual.binding import Binding
from textual.content import Content

from paperdesk.library import Library
from paperdesk.tui import keys as km
from paperdesk.tui.keys import Key, bindings, key_names, markdown_table, palette_title

SCREENS = {name: value for name, value in vars(km).items() if name.endswith("_KEYS")}


def test_key_names_follow_what_people_read() -> None:
    assert key_names(Key("n  enter", "note", "Note", "Edit the note")) == "n,enter"
    assert key_names(Key("↑ ↓  j k", "", "Move", "Move the cursor")) == "up,down,j,k"
    assert key_names(Key("/  ?", "x", "X", "x")) == "slash,question_mark"
    assert key_names(Key("esc", "x", "X", "x", bind="escape")) == "escape"


def test_bindings_are_the_keys_that_run_an_action() -> None:
    keys = (
        Key("r", "read", "Read", "Set the reading state", priority=True),
        Key("↑ ↓", "", "Move", "Move the cursor"),  # help only
        Key("x", "cancel", "Cancel", "Cancel the job", show=False),
    )
    made = bindings(keys)
    assert all(isinstance(b, Binding) for b in made)
    assert [(b.key, b.action, b.show, b.priority) for b in made] == [  # type: ignore[union-attr]
        ("r", "read", True, True),
        ("x", "cancel", False, False),
    ]


@pytest.mark.parametrize("keys", ["[", "[ ]", "[b]", "[/]", "/", "?"])
def test_palette_titles_read_as_written(keys: str) -> None:
    """Textual reads a palette title as markup: a key such as ``[b]`` must not turn bold."""
    title = palette_title(Key(keys, "prev", "Previous", "Previous page"))
    assert Content.from_markup(title).plain == f"Previous  ·  {keys}"
    assert palette_title(Key("", "sync", "Sync", "Fetch, parse, index")) == "Sync"


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_no_key_is_bound_twice_on_one_screen(name: str) -> None:
    names = Counter(
        part
        for b in bindings(SCREENS[name])
        for part in b.key.split(",")  # type: ignore[union-attr]
    )
    assert [k for k, n in names.items() if n > 1] == [], name


def test_the_readme_table_names_every_key_of_help() -> None:
    table = markdown_table()
    for title, section in km.HELP_SECTIONS:
        for key in section:
            assert f"| `{key.keys}` | {key.help} |" in table, (title, key)


def test_ctrl_c_says_how_to_quit(lib: Library) -> None:
    """Textual binds ctrl+c to copy (nothing selected: its "press ctrl+q to quit" hint); no
    key of ours may take ctrl+c from it, on the main screen or in the note editor."""
    asyncio.run(_ctrl_c_says_how_to_quit(lib))


async def _ctrl_c_says_how_to_quit(lib: Library) -> None:
    from tests.tui.conftest import make_app, settle

    app = make_app(lib.settings)
    said: list[str] = []
    shown = app.notify

    def notify(message: str, **kw: Any) -> None:  # what the toast says, then the toast
        said.append(Content.from_markup(str(message)).plain)
        shown(message, **kw)

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert said == ["Press ctrl+q to quit the app"]
        await pilot.press("n")
        await settle(pilot)
        assert type(app.screen).__name__ == "NoteScreen"
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert said[-1] == "Press ctrl+q to quit the app" and app.is_running
