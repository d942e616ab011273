"""What counts as an empty library for a restore, and clearing its seed
(:mod:`paperdesk.export.restore_empty`)."""

from __future__ import annotations

from sqlalchemy import func, select

from paperdesk.export.backup_format import SEED_META_PREFIX
from paperdesk.export.restore_empty import clear_seeded, user_data
from paperdesk.library import Library
from paperdesk.services.notes import save_note
from paperdesk.storage.models import ListEntry, Meta, Paper, ReadingList
from tests.conftest import seed


def test_a_fresh_seeded_library_is_empty(lib: Library) -> None:
    with lib.session() as s:
        assert user_data(s) == []


def test_user_data_says_what_makes_a_library_non_empty(full_lib: Library) -> None:
    with full_lib.session() as s:
        found = dict(item.split(": ") for item in user_data(s))
    # what tests/export/sample.py puts in: every kind of record but plans and reading time
    assert found == {
        "papers of your own": "5",
        "lists of your own": "2",
        "notes": "2",
        "tagged papers": "2",
        "state changes": "5",
        "reading states": "2",
        "papers with a replication state": "1",
        "replication attempts": "2",
        "claims of your own": "1",
    }


def test_one_note_is_user_data(lib: Library) -> None:
    with lib.session() as s:
        key = s.scalars(select(Paper.key).order_by(Paper.id)).first()
    save_note(lib, key, "a thought")
    with lib.session() as s:
        assert user_data(s) == ["notes: 1"]


def test_clear_seeded_removes_the_seed_and_its_markers(lib: Library) -> None:
    with lib.session() as s:
        assert s.scalar(select(func.count()).select_from(ReadingList)) == len(seed().lists)
        assert s.scalar(select(func.count()).select_from(Paper)) == seed().papers
        clear_seeded(s)
    with lib.session() as s:
        for model in (ReadingList, ListEntry, Paper):
            assert s.scalar(select(func.count()).select_from(model)) == 0
        assert s.scalars(select(Meta.key).where(Meta.key.startswith(SEED_META_PREFIX))).all() == []
