"""tui/data.py: what the main screen shows, read without Textual — the lists panel's counts, the
table's rows for each view, the P T I marks, the view a reload asks for and the view the app
opens on — on a real SQLite and PostgreSQL library."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from paperdesk.config import Settings
from paperdesk.library import Library
from paperdesk.listorder import load_roadmap
from paperdesk.presenter import markers, row_markers
from paperdesk.services.listing import (
    ListSummary,
    PaperFilter,
    PaperRow,
    list_papers,
    list_summaries,
)
from paperdesk.services.papers import mark, set_tags
from paperdesk.storage.fastread import SessionReader
from paperdesk.tui.data import (
    ALL,
    READING,
    STATE_FILE,
    Reload,
    Sidebar,
    View,
    first_view,
    load_first_rows,
    load_rows,
    load_sidebar,
    save_last_view,
    view_count,
)
from tests.conftest import seed
from tests.services.progress_lib import add_list

ATTENTION, BERT, LORA = "1706.03762", "1810.04805", "2106.09685"
CORE = View("list", "transformers-core")


def _ids(rows: list[PaperRow]) -> list[str | None]:
    return [r.arxiv_id for r in rows]


def test_a_view_names_its_filter_key_and_title() -> None:
    assert (ALL.key, READING.key, CORE.key, View("tag", "nlp").key) == (
        "all",
        "reading",
        "list:transformers-core",
        "tag:nlp",
    )
    assert CORE.is_list and not ALL.is_list and not View("tag", "nlp").is_list
    assert ALL.paper_filter() == PaperFilter()
    assert READING.paper_filter() == PaperFilter(reading="reading")
    assert CORE.paper_filter() == PaperFilter(list_name="transformers-core")
    assert View("tag", "nlp").paper_filter() == PaperFilter(tag="nlp")
    assert [v.describe() for v in (ALL, READING, CORE, View("tag", "nlp"))] == [
        "All papers",
        "Reading now",
        "transformers-core",
        "#nlp",
    ]


def test_the_panel_counts_are_mine(any_lib: Library) -> None:
    add_list(any_lib, "mine", [LORA, ATTENTION])
    mark(any_lib, ATTENTION, "reading")
    mark(any_lib, LORA, "reading")
    mark(any_lib, BERT, "read")
    set_tags(any_lib, ATTENTION, ["core", "attention"], [])
    set_tags(any_lib, BERT, ["core"], [])
    reader = SessionReader(any_lib)
    sidebar = load_sidebar(reader)
    assert (sidebar.total, sidebar.reading) == (seed().papers, 2)
    assert sidebar.tags == [("attention", 1), ("core", 2)]  # by name
    assert sidebar.lists == list_summaries(reader)
    assert sidebar.list_names() == [*load_roadmap().lists, "mine"]
    assert sidebar.views() == [
        ALL,
        READING,
        *(View("list", name) for name in sidebar.list_names()),
        View("tag", "attention"),
        View("tag", "core"),
    ]


def test_each_view_has_its_rows_and_the_panel_knows_how_many(any_lib: Library) -> None:
    add_list(any_lib, "mine", [LORA, ATTENTION, BERT])
    mark(any_lib, BERT, "reading")
    set_tags(any_lib, LORA, ["peft"], [])
    reader = SessionReader(any_lib)
    sidebar = load_sidebar(reader)
    assert _ids(load_rows(reader, View("list", "mine"))) == [LORA, ATTENTION, BERT]  # list order
    assert _ids(load_rows(reader, READING)) == [BERT]
    assert _ids(load_rows(reader, View("tag", "peft"))) == [LORA]
    assert load_rows(reader, ALL) == list_papers(reader, PaperFilter())
    for view in sidebar.views():
        assert view_count(sidebar, view) == len(load_rows(reader, view)), view
    assert view_count(sidebar, View("list", "gone")) is None
    assert view_count(sidebar, View("tag", "gone")) is None


def test_the_first_rows_are_the_start_of_the_rows(lib: Library) -> None:
    reader = SessionReader(lib)
    for view in (ALL, CORE):
        rows = load_rows(reader, view)
        assert load_first_rows(reader, view, 3) == rows[:3] and len(rows) > 3
    assert load_first_rows(reader, CORE, 1000) == load_rows(reader, CORE)


def test_marks_say_pdf_text_index_and_a_newer_version() -> None:
    assert markers(False, False, False, False) == "···"
    assert markers(True, True, True, False) == "PTI"
    assert markers(True, False, True, True) == "P·I↑"


def test_a_rows_marks_come_from_the_paper(lib: Library) -> None:
    from sqlalchemy import update

    from paperdesk.storage.models import Paper

    with lib.session() as s:
        s.execute(
            update(Paper)
            .where(Paper.arxiv_id == ATTENTION)
            .values(version=5, pdf_sha256="ab" * 32, pdf_version=4, parse_status="parsed")
        )
    rows = {r.arxiv_id: r for r in load_rows(SessionReader(lib), CORE)}
    assert row_markers(rows[ATTENTION]) == "PT·↑"
    assert row_markers(rows[BERT]) == "···"


def test_a_reload_keeps_what_an_older_one_asked_for() -> None:
    counts = Reload(sidebar=True)
    assert counts.then(Reload(keep="k1")) == Reload(sidebar=True, keep="k1")
    view_change = Reload(top=True)
    assert view_change.then(Reload()) == Reload(top=True)  # the first row still
    assert view_change.then(Reload(keep="k2")) == Reload(keep="k2")  # a paper asked for wins
    assert Reload(keep="k1").then(Reload(top=True)) == Reload(top=True)
    assert Reload(keep="k1").then(Reload()) == Reload(keep="k1")
    start = Reload(sidebar=True, choose_view=True)
    assert start.then(Reload()) == start


def test_the_app_opens_where_the_user_was_else_on_the_roadmap(lib: Library) -> None:
    settings = lib.settings
    sidebar = load_sidebar(SessionReader(lib))
    first_seeded = View("list", load_roadmap().lists[0])
    (settings.home / STATE_FILE).unlink(missing_ok=True)
    assert first_view(settings, sidebar) == first_seeded
    save_last_view(settings, View("tag", "nlp"))  # not a tag any more: the roadmap's start
    assert json.loads((settings.home / STATE_FILE).read_text()) == {"view": "tag:nlp"}
    assert first_view(settings, sidebar) == first_seeded
    save_last_view(settings, CORE)
    assert first_view(settings, sidebar) == CORE
    save_last_view(settings, READING)
    assert first_view(settings, sidebar) == READING
    for broken in ("[1, 2]", "not json", '{"view": 7}'):
        (settings.home / STATE_FILE).write_text(broken)
        assert first_view(settings, sidebar) == first_seeded, broken


def test_without_seeded_lists_it_opens_on_all_papers(empty_lib: Library) -> None:
    add_list(empty_lib, "mine", [ATTENTION])
    sidebar = load_sidebar(SessionReader(empty_lib))
    assert sidebar.list_names() == ["mine"]
    (empty_lib.settings.home / STATE_FILE).unlink(missing_ok=True)
    assert first_view(empty_lib.settings, sidebar) == ALL
    assert first_view(empty_lib.settings, Sidebar()) == ALL


def test_a_home_that_cannot_be_written_only_forgets(settings: Settings, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    nowhere = dataclasses.replace(settings, home=blocked)
    save_last_view(nowhere, CORE)  # no error: the next start opens on the roadmap instead
    assert blocked.read_text() == "not a folder"
    assert first_view(nowhere, Sidebar()) == ALL


@pytest.mark.parametrize("view", [ALL, READING, CORE, View("tag", "nlp")])
def test_a_saved_view_round_trips(settings: Settings, view: View) -> None:
    sidebar = Sidebar(lists=[], tags=[("nlp", 1)])
    if view.is_list:
        core = ListSummary(1, "transformers-core", "Core", None, "seed", 8, 0, 0, 0, 0)
        sidebar = Sidebar(lists=[core])
    save_last_view(settings, view)
    assert first_view(settings, sidebar) == view
