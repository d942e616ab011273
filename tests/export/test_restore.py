"""Restoring a backup into a library (:mod:`paperdesk.export.restore`): an exact restore, a
merge, PDFs that are not here, and a database error named by its part."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from paperdesk.errors import ExportError
from paperdesk.export.backup import dump
from paperdesk.export.backup_format import BackupReport
from paperdesk.export.backup_json import load_backup, to_json
from paperdesk.export.restore import restore
from paperdesk.library import Library
from paperdesk.storage.models import Member, Paper

MakeLib = Callable[..., Library]


def _backup(lib: Library) -> dict[str, Any]:
    return load_backup(to_json(dump(lib)), "b.json")


def _restore(lib: Library, data: dict[str, Any], **kw: Any) -> BackupReport:
    report = BackupReport(None)
    with lib.session() as s:
        restore(s, data, report=report, where="b.json", **{"merge": False, **kw})
    return report


def test_an_exact_restore_into_a_seeded_library(full_lib: Library, make_lib: MakeLib) -> None:
    data = _backup(full_lib)
    target = make_lib("seeded", seed=True)
    report = _restore(target, copy.deepcopy(data))
    assert report.cleared_seed is True
    assert report.added_papers == len(data["papers"]) and report.merged_papers == 0
    assert report.members == [m["name"] for m in data["members"]] == [report.me]
    assert _backup(target) == data
    with target.session() as s:
        assert s.scalars(select(Member.name)).all() == report.members


def test_restore_into_a_library_with_user_data_is_refused(
    full_lib: Library, make_lib: MakeLib
) -> None:
    data = _backup(make_lib("other"))
    with pytest.raises(ExportError, match=r"the library is not empty \(papers of your own: 5.*"):
        _restore(full_lib, data)


def test_merge_adds_what_is_missing_and_matches_the_rest(
    full_lib: Library, make_lib: MakeLib
) -> None:
    data = _backup(full_lib)
    extra = copy.deepcopy(data["papers"][0])
    extra.update(key="newpaper2024", arxiv_id=None, doi=None, title="A new paper", year=2024)
    extra.update(notes=[], readings=[], tags=[], history=[], claims=[], attempts=[], cites=[])
    extra.update(aliases=[], reading_time=[], pdf_path=None)
    data["papers"].append(extra)
    report = _restore(full_lib, data, merge=True)
    assert (report.added_papers, report.merged_papers) == (1, len(data["papers"]) - 1)
    assert report.notes_kept_both == []  # the same notes: nothing to keep twice
    keys = [p["key"] for p in _backup(full_lib)["papers"]]
    assert "newpaper2024" in keys and len(keys) == len(data["papers"])


def test_a_pdf_not_in_the_pdf_folder_is_dropped(full_lib: Library, make_lib: MakeLib) -> None:
    data = _backup(full_lib)
    with_pdf = [p["key"] for p in data["papers"] if p.get("pdf_path")]
    assert with_pdf  # the sample has one
    target = make_lib("elsewhere")
    empty_dir = target.settings.home / "no-pdfs"
    empty_dir.mkdir()
    report = _restore(target, data, pdf_dir=empty_dir)
    assert report.pdfs_not_here == with_pdf
    with target.session() as s:
        assert s.scalars(select(Paper.pdf_path).where(Paper.pdf_path.is_not(None))).all() == []

    kept = make_lib("here")
    assert _restore(kept, _backup(full_lib), pdf_dir=kept.settings.pdf_dir).pdfs_not_here == []


def test_a_database_error_names_the_part_and_nothing_is_restored(
    full_lib: Library, make_lib: MakeLib, tmp_path: Path
) -> None:
    data = _backup(full_lib)
    data["papers"][1]["title"] = None  # past the checks at the door: NOT NULL in the database
    target = make_lib("broken")
    with pytest.raises(ExportError, match=r"^b\.json: papers: cannot be restored \(.*\); nothing"):
        _restore(target, data)
    with target.session() as s:
        assert s.scalar(select(func.count()).select_from(Paper)) == 0
