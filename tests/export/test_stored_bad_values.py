"""Data already stored before the checks at the door (or written by hand into the database)
never crashes an export: each value an import used to accept is loaded as it is, and every
export still ends in files or in one clear error, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from paperdesk.errors import PaperdeskError
from paperdesk.export.backup import dump, to_json
from paperdesk.export.bibtex import bibtex_text
from paperdesk.export.csljson import csl_text
from paperdesk.export.markdown import export_markdown
from paperdesk.library import Library
from paperdesk.storage.models import Claim, ListEntry, Paper, ReadingList, ReproAttempt

# what imports used to accept (issue #17): column -> value, each on its own paper
BAD_PAPERS: list[dict[str, Any]] = [
    {"authors": [["Nested", "List"], {"a": 1}, 5]},
    {"authors": "not a list"},
    {"title": "\x1b[2J\x1b]0;pwned\x07Escapes \u202eevil"},
    {"title": ""},
    {"year": -5},
    {"categories": {"cs": 1}},
    {"metadata_sources": ["not", "a", "map"]},
    {"venue": "x" * 100_000},
    {"doi": "10.1/" + "\x00"},
]


def _load(lib: Library) -> None:
    with lib.session() as s:
        for i, values in enumerate(BAD_PAPERS):
            row = {"key": f"bad{i}", "title": f"Bad {i}", "authors": [], "categories": []}
            row.update(values)
            if lib.db.dialect == "postgresql" and any(
                isinstance(v, str) and "\x00" in v for v in row.values()
            ):
                continue  # PostgreSQL cannot hold it at all
            s.execute(insert(Paper), [row])
        for i in range(700):  # 700 papers with one author, year and title word
            s.add(Paper(title=f"Attention {i}", authors=["Ada Smith"], year=2020))
        s.flush()
        first = s.query(Paper).filter_by(key="bad0").one()
        s.add(Claim(paper_id=first.id, label="inf", metric="BLEU", value=float("inf")))
        s.execute(
            insert(ReproAttempt), [{"paper_id": first.id, "number": 1, "environment_kv": [1, 2]}]
        )
        rl = ReadingList(name="bad name/with spaces", title="Bad", source="user")
        s.add(rl)
        s.flush()
        s.add(ListEntry(list_id=rl.id, paper_id=first.id, position=1))


@pytest.mark.postgres
def test_every_export_survives_bad_stored_values(any_lib: Library, tmp_path: Path) -> None:
    _load(any_lib)
    outcomes = {}
    for name, run in (
        ("bibtex", lambda: bibtex_text(any_lib)),
        ("csl", lambda: csl_text(any_lib)),
        ("json", lambda: to_json(dump(any_lib))),
        ("markdown", lambda: export_markdown(any_lib, tmp_path / "vault")),
    ):
        try:
            run()
            outcomes[name] = "ok"
        except PaperdeskError as exc:  # a clear refusal is fine; a traceback is not
            outcomes[name] = str(exc)
    assert outcomes["bibtex"] == outcomes["csl"] == outcomes["markdown"] == "ok", outcomes
    assert "not finite at papers[" in outcomes["json"]  # the claim of inf, named
    vault = tmp_path / "vault"
    if vault.exists():
        assert all(p.resolve().is_relative_to(vault.resolve()) for p in vault.rglob("*"))
