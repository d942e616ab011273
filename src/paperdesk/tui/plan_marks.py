"""The study plans as the main screen shows them: a status per planned list in the lists panel,
a due day per paper in the detail pane (issue 13).

Both widgets re-read on every library change; the plans are computed once per change and app
(the first widget to ask computes, the other waits for it and shares the result), from the
reading history like ``paperdesk plan``. Call :func:`plan_marks` from a worker thread.
"""

from __future__ import annotations

import threading
import weakref
from typing import TYPE_CHECKING, Any

from paperdesk.services.plans import PlanDue, PlanMarks

if TYPE_CHECKING:
    from datetime import date

_LOCK = threading.Lock()
_CACHE: weakref.WeakKeyDictionary[Any, tuple[tuple[int, date], PlanMarks]] = (
    weakref.WeakKeyDictionary()
)


def plan_marks(app: Any) -> PlanMarks:
    """The marks for the app's library as of its last change (and today)."""
    from paperdesk.dates import today as utc_today
    from paperdesk.services.plans import plan_status

    stamp = (app.change.serial, utc_today())
    with _LOCK:
        cached = _CACHE.get(app)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        reader = app.reader()
        try:
            marks = PlanMarks.of(plan_status(reader))
        finally:
            reader.close()
        _CACHE[app] = (stamp, marks)
        return marks


def due_line(marks: list[PlanDue], *, today: date | None = None) -> str:
    """``due Wed 9 Dec · plan transformers-core`` (and how many other plans have it too)."""
    from paperdesk.dates import short_day

    first = marks[0]
    more = f" (+{len(marks) - 1} more plan{'s' if len(marks) > 2 else ''})" if marks[1:] else ""
    when = short_day(first.due, ref=today) + (" (today)" if first.due == today else "")
    return f"due {when} · plan {first.list_name}{more}"
