"""One imported reference (a BibTeX entry or a CSL item, as a ``BibRecord``) checked at
the door: every value fit for both databases (:mod:`paperdesk.validate`), or an
:class:`~paperdesk.validate.InvalidValue` naming the field, so that the importer skips that
entry, named, and imports the rest."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from paperdesk import validate
from paperdesk.printable import strip_controls
from paperdesk.storage.models import Paper


def checked(rec: Any) -> Any:
    """``rec`` with its values cleaned (controls stripped, lengths checked)."""
    doi = rec.doi and validate.text(rec.doi, "doi", max_len=validate.length(Paper, "doi"))
    x = rec.extras
    return replace(
        rec,
        key=strip_controls(rec.key, lines=False),
        title=validate.text(rec.title, "title", lines=False) or "",
        authors=validate.text_list(rec.authors, "author"),
        doi=doi,
        url=validate.text(rec.url, "url", lines=False),
        journal=validate.text(rec.journal, "journal", lines=False),
        abstract=validate.text(rec.abstract, "abstract"),
        extras=replace(
            x,
            entry_type=validate.field(Paper, "entry_type", x.entry_type, lines=False),
            volume=validate.field(Paper, "volume", x.volume, lines=False),
            pages=validate.field(Paper, "pages", x.pages, lines=False),
            primary_category=validate.field(
                Paper, "primary_category", x.primary_category, lines=False
            ),
            tags=validate.text_list(x.tags, "keywords", max_len=50),
            note=validate.text(x.note, "note"),
            files=validate.text_list(x.files, "file", max_len=4096),
        ),
    )
