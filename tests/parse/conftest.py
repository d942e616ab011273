"""Fixtures of the parse tests: generated paper-like PDFs, parsed once per session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.parse.pdfs import Built, build_paper


@pytest.fixture(scope="session")
def paper(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_paper(tmp_path_factory.mktemp("pdf") / "synthetic.pdf")


@pytest.fixture(scope="session")
def parsed(paper: Built) -> dict[str, Any]:
    from paperdesk.parse.document import parse_pdf

    return parse_pdf(paper.path)


@pytest.fixture
def pdfdir(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    return d
