"""The one-line summaries behind notifications and the detail pane."""

from __future__ import annotations

import pytest

from paperdesk.library import Library
from paperdesk.services.papers import mark
from paperdesk.tui.reports import replication_summary


def test_replication_summary(lib: Library) -> None:
    assert replication_summary(lib, "1706.03762") == "none · claims met 0/2"
    mark(lib, "1706.03762", "planned")
    assert replication_summary(lib, "1706.03762").startswith("planned · claims met 0/2")


def test_replication_summary_names_who_made_the_attempt(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paperdesk.services.replication import new_attempt

    mark(lib, "1706.03762", "planned")  # mine (the library's one member)
    assert replication_summary(lib, "1706.03762") == "planned · claims met 0/2 · attempt 1"
    monkeypatch.setenv("PAPERDESK_USER", "ana")
    ana = Library.open(lib.settings)
    try:
        new_attempt(ana, "1706.03762")
        assert replication_summary(ana, "1706.03762").endswith(" · attempt 2 by ana")
    finally:
        ana.close()
