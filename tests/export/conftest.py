"""Fixtures: a library with every kind of record, and further empty libraries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from paperdesk.config import Settings
from paperdesk.library import Library
from tests.export.sample import place_pdfs, populate


@pytest.fixture(autouse=True)
def _sample_pdfs(settings: Settings) -> None:
    """The test home holds the sample's PDF files (as a home restored into after copying its
    PDF folder): round trips stay exact."""
    place_pdfs(settings.pdf_dir)


@pytest.fixture
def full_lib(empty_lib: Library) -> Library:
    populate(empty_lib)
    return empty_lib


@pytest.fixture
def make_lib(tmp_path: Path) -> Iterator[Callable[..., Library]]:
    """Open further libraries, each in its own home (closed at the end)."""
    opened: list[Library] = []

    def make(name: str, *, seed: bool = False) -> Library:
        library = Library.open(Settings(home=tmp_path / name), seed=seed)
        place_pdfs(library.settings.pdf_dir)
        opened.append(library)
        return library

    yield make
    for library in opened:
        library.close()


@pytest.fixture
def as_member() -> Iterator[Callable[[Library, str], Library]]:
    """``as_member(lib, "ana")``: the library ``lib`` opened again as the member ``ana``
    (``PAPERDESK_USER``, as a second user's process would open it); closed at the end."""
    import os

    opened: list[Library] = []

    def open_as(lib: Library, name: str) -> Library:
        before = os.environ.get("PAPERDESK_USER")
        os.environ["PAPERDESK_USER"] = name
        try:
            other = Library.open(lib.settings, seed=False)
        finally:
            if before is None:
                del os.environ["PAPERDESK_USER"]
            else:
                os.environ["PAPERDESK_USER"] = before
        opened.append(other)
        return other

    yield open_as
    for library in opened:
        library.close()
