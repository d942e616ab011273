"""``A``: merge the PDF's annotations into the note, from the papers table or the reading view.

A mixin, so both screens share one worker and one message; the reading view names its paper
with ``key``, the main screen overrides :meth:`ImportsAnnotations.annotation_paper`.
"""

from __future__ import annotations

import asyncio

from textual import work

from paperdesk.tui.jobs import LibraryChanged


class ImportsAnnotations:
    """Mixed into a screen: ``action_import_annotations`` for the key map's ``A``."""

    def annotation_paper(self) -> str | None:
        return getattr(self, "key", None)

    def action_import_annotations(self) -> None:
        if key := self.annotation_paper():
            self.import_annotations(key)

    @work(group="annotations", exit_on_error=False, description="importing annotations")
    async def import_annotations(self, key: str) -> None:
        from paperdesk.services.annotations import import_annotations

        library = self.app.library  # type: ignore[attr-defined]
        report = await asyncio.to_thread(import_annotations, library, key)
        self.notify(f"{key}: {report.summary()} (in the note)")  # type: ignore[attr-defined]
        if report.changed:
            self.post_message(LibraryChanged(key))  # type: ignore[attr-defined]
