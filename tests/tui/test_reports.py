"""The one-line summaries behind notifications and the detail pane."""

from __future__ import annotations

from paperdesk.library import Library
from paperdesk.services.papers import mark
from paperdesk.tui.reports import replication_summary


def test_replication_summary(lib: Library) -> None:
    assert replication_summary(lib, "1706.03762") == "none · claims met 0/2"
    mark(lib, "1706.03762", "planned")
    assert replication_summary(lib, "1706.03762").startswith("planned · claims met 0/2")
