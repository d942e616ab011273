"""The state machines on a real library: a change is appended to the history, the same state
again changes nothing, an unknown state is refused before anything is written."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from paperdesk.errors import StateError
from paperdesk.library import Library
from paperdesk.members import current_member, reading_state
from paperdesk.storage import repository as repo
from paperdesk.tracking import history, set_state


def test_changes_form_an_unbroken_history(lib: Library) -> None:
    with lib.session() as s:
        paper = repo.find_paper(s, "1706.03762")
        first = set_state(s, paper, "reading", "reading")
        assert first is not None and (first.old_state, first.new_state) == ("unread", "reading")
        assert set_state(s, paper, "reading", "Reading") is None  # unchanged: no row
        set_state(s, paper, "reading", "read")
        set_state(s, paper, "replication", "planned")
        reading = history(s, paper, "reading")
        assert [(c.old_state, c.new_state) for c in reading] == [
            ("unread", "reading"),
            ("reading", "read"),
        ]
        assert [c.track for c in history(s, paper)] == ["reading", "reading", "replication"]
        assert reading_state(s, paper.id) == "read" and paper.replication_state == "planned"


def test_a_change_can_be_dated(lib: Library) -> None:
    when = datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
    with lib.session() as s:
        paper = repo.find_paper(s, "1810.04805")
        change = set_state(s, paper, "reading", "read", at=when)
        assert change is not None and change.at == when


def test_an_unknown_state_writes_nothing(lib: Library) -> None:
    with lib.session() as s:
        paper = repo.find_paper(s, "1706.03762")
        with pytest.raises(StateError, match="did you mean 'read'"):
            set_state(s, paper, "reading", "raed")
        assert reading_state(s, paper.id) == "unread" and history(s, paper) == []
        assert current_member(s) is None  # nothing written: not even my member row
