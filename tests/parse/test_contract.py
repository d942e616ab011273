"""Contract tests on two real CC-BY papers, against their GROBID and S2ORC parses (skipped
when ../shared is absent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import shared_path
from tests.parse.agreement import agreement

SPECTER = "2020.acl-main.207.pdf"
LITGRAPH = "N18-3011.pdf"


@pytest.fixture(scope="module")
def parses() -> dict[str, tuple[Path, dict[str, Any]]]:
    from paperdesk.parse.document import parse_pdf

    out = {}
    for name in (SPECTER, LITGRAPH):
        path = shared_path("fixtures", "pdfs", name)
        out[name] = (path, parse_pdf(path))
    return out


@pytest.mark.parametrize("name", [SPECTER, LITGRAPH])
def test_title_abstract_and_sections_match_s2orc(name: str, parses: dict) -> None:
    path, parsed = parses[name]
    a = agreement(parsed, path)
    assert a.title
    # S2ORC and GROBID both glue N18-3011's first footnote onto its abstract
    assert a.abstract[0] >= 0.98 and a.abstract[1] >= 0.85
    assert a.sections_main[0] == a.sections_main[1], a.missing_sections
    assert a.sections_all[0] >= 0.9 * a.sections_all[1], a.missing_sections
    assert [s["title"] for s in parsed["sections"]][:2] == ["Abstract", "Introduction"]
    assert "References" in [s["title"] for s in parsed["sections"]]


def test_specter_references_are_split_and_arxiv_ids_found(parses: dict) -> None:
    path, parsed = parses[SPECTER]
    a = agreement(parsed, path)
    assert a.references[1] == 54
    assert a.references[0] >= 0.9 * 54
    assert abs(a.entries - 57) <= 3  # GROBID finds 57 entries; S2ORC kept 54 of them
    assert a.arxiv == (8, 8)
    cited = {r["arxiv_id"] for r in parsed["references"]}
    assert {"1907.11692", "1906.08237", "1412.6980", "1609.08144"} <= cited


def test_literature_graph_references(parses: dict) -> None:
    path, parsed = parses[LITGRAPH]
    a = agreement(parsed, path)
    assert a.references[0] >= 0.9 * a.references[1]
    assert a.entries == a.references[1] == 27
