"""The lists' order: the roadmap file, the user's lists after it, and reordering."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from paperdesk import listorder
from paperdesk.config import Settings
from paperdesk.errors import NotFoundError, ReadingListError, StateError
from paperdesk.library import Library
from paperdesk.readinglists import seed_files
from paperdesk.services.listing import list_summaries, open_reader
from paperdesk.storage.fastread import SessionReader, open_fast
from paperdesk.storage.models import Meta
from tests.services.progress_lib import add_list


def names(lib: Library) -> list[str]:
    return [x.name for x in list_summaries(SessionReader(lib))]


def test_the_roadmap_file_names_every_seeded_list_and_is_not_a_list() -> None:
    road = listorder.load_roadmap()
    assert road.lists[:3] == ("deep-learning-foundations", "nlp-foundations", "transformers-core")
    assert road.lists[-1] == "benchmarks-and-ethics"
    seeded = {p.stem for p in seed_files()}
    assert set(road.lists) == seeded
    assert all(not p.name.startswith("_") for p in seed_files())


def test_seeded_lists_follow_the_roadmap_and_user_lists_follow_them(lib: Library) -> None:
    assert names(lib) == list(listorder.load_roadmap().lists)
    add_list(lib, "my-own", ["2101.00001"])
    assert names(lib)[-1] == "my-own"
    assert [x.order for x in list_summaries(SessionReader(lib))] == list(range(1, 10))


def test_fast_path_gives_the_same_order(lib: Library, settings: Settings) -> None:
    fast = open_fast(settings)
    assert fast is not None
    assert [x.name for x in list_summaries(fast)] == names(lib)
    fast.close()


def test_moving_a_list_sticks_and_survives_a_new_roadmap(lib: Library) -> None:
    add_list(lib, "my-own", ["2101.00001"])
    with lib.session() as s:
        order = [r.name for r in listorder.move_list(s, "my-own", 1)]
    assert order[0] == "my-own" and names(lib)[0] == "my-own"
    with lib.session() as s:
        listorder.move_list(s, "transformers-core", 99)  # past the end: last
    assert names(lib)[-1] == "transformers-core"
    with lib.session() as s:  # the roadmap file changes (a new release): the user's order stays
        s.get(Meta, listorder.ROADMAP_META).value = "old"
    lib.ensure_seeded()
    assert names(lib)[0] == "my-own" and names(lib)[-1] == "transformers-core"
    with lib.session() as s:
        back = [r.name for r in listorder.reset_order(s)]
    assert back == [*listorder.load_roadmap().lists, "my-own"]


def test_bad_moves(lib: Library) -> None:
    with lib.session() as s, pytest.raises(NotFoundError, match="no reading list 'nope'"):
        listorder.move_list(s, "nope", 1)
    with lib.session() as s, pytest.raises(StateError, match="position must be 1 or more"):
        listorder.move_list(s, "transformers-core", 0)


def test_a_broken_roadmap_file_names_file_and_problem(tmp_path: Path) -> None:
    bad = tmp_path / "_roadmap.yaml"
    bad.write_text("lists: [a, a]\n")
    with pytest.raises(ReadingListError, match="'a' appears twice"):
        listorder.load_roadmap(bad)
    bad.write_text("lists: nope\n")
    with pytest.raises(ReadingListError, match=r"_roadmap.yaml:1: the roadmap needs 'lists'"):
        listorder.load_roadmap(bad)
    bad.write_text("lists: [Bad Name]\n")
    with pytest.raises(ReadingListError, match="is not a list name"):
        listorder.load_roadmap(bad)
    assert listorder.load_roadmap(tmp_path / "missing.yaml").lists == ()


def test_open_reader_sees_the_order_on_a_library_not_yet_opened(settings: Settings) -> None:
    reader = open_reader(settings)  # migrates and seeds on the way
    assert list_summaries(reader)[0].name == "deep-learning-foundations"
    reader.close()


def test_library_seeded_before_the_roadmap_gets_it(lib: Library) -> None:
    """A library from before 0006 has lists without a place: the next open places them."""
    from paperdesk.storage.models import ReadingList

    with lib.session() as s:
        for r in s.scalars(select(ReadingList)):
            r.position = None
        s.delete(s.get(Meta, listorder.ROADMAP_META))
    assert names(lib)[0] == "benchmarks-and-ethics"  # creation order (alphabetical seeding)
    lib.ensure_seeded()
    assert names(lib)[0] == "deep-learning-foundations"
