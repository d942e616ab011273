"""The change counter the TUI polls: it moves when another connection writes, not on reads."""

from __future__ import annotations

from paperdesk.library import Library
from paperdesk.services.papers import mark, paper_detail
from paperdesk.storage.changes import ChangeCounter


def test_the_counter_moves_on_writes_only(any_lib: Library) -> None:
    counter = ChangeCounter(any_lib.settings, any_lib)
    try:
        before = counter.read()
        paper_detail(any_lib, "1706.03762")  # a read
        assert counter.read() == before
        mark(any_lib, "1706.03762", "reading")  # a write through the library's own engine
        after = counter.read()
        assert after != before
        assert counter.read() == after  # stable until the next write
    finally:
        counter.close()
