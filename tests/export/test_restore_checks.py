"""A JSON backup's values are checked before anything is written: each bad one is named by its
place in the file, a PDF path never leaves the library, and the library is left untouched."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from paperdesk.config import Settings
from paperdesk.errors import ExportError
from paperdesk.export.backup import export_json, import_json
from paperdesk.library import Library
from paperdesk.storage.models import Claim, Paper, ReproAttempt


@pytest.fixture
def backup(tmp_path: Path) -> dict[str, Any]:
    lib = Library.open(Settings(home=tmp_path / "src"), seed=False)
    try:
        with lib.session() as s:
            p = Paper(key="vaswani2017attention", title="Attention", authors=["A. V."], year=2017)
            s.add(p)
            s.flush()
            s.add(Claim(paper_id=p.id, label="bleu", metric="BLEU", value=28.4))
            s.add(ReproAttempt(paper_id=p.id, environment_kv={"gpu": "A100"}))
        export_json(lib, tmp_path / "good.json")
    finally:
        lib.close()
    return json.loads((tmp_path / "good.json").read_text())


def _restore(tmp_path: Path, data: dict[str, Any] | str) -> Library:
    path = tmp_path / "b.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    lib = Library.open(Settings(home=tmp_path / "dst"), seed=False)
    try:
        import_json(lib, path)
    except ExportError:
        with lib.session() as s:
            assert s.scalar(select(func.count()).select_from(Paper)) == 0  # nothing partial
        lib.close()
        raise
    return lib


def _paper(data: dict[str, Any]) -> dict[str, Any]:
    return data["papers"][0]


def _note(data: dict[str, Any], body: str) -> None:
    data["members"] = [{"name": "ana", "created_at": None}]
    _paper(data)["notes"] = [{"member": "ana", "body": body}]


def _tag(data: dict[str, Any], tag: str) -> None:
    data["members"] = [{"name": "ana", "created_at": None}]
    _paper(data)["tags"] = [{"member": "ana", "tag": tag}]


BAD: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("nested-authors", lambda d: _paper(d).update(authors=[["A", "B"]]), r"\.authors: expected"),
    ("authors-object", lambda d: _paper(d).update(authors={"a": 1}), r"\.authors: expected"),
    ("title-number", lambda d: _paper(d).update(title=5), r"no \"title\""),
    ("year-text", lambda d: _paper(d).update(year="abc"), r"\.year: 'year' must be a whole"),
    ("year-huge", lambda d: _paper(d).update(year=10**12), r"\.year: 'year' must be between"),
    ("doi-250", lambda d: _paper(d).update(doi="10.1/" + "x" * 250), r"\.doi: is 255 characters"),
    ("nul-title", lambda d: _paper(d).update(title="a\x00b"), r"\.title: contains a NUL"),
    ("nul-note", lambda d: _note(d, "x\x00"), r"notes\[0\]\.body: contains"),
    # JSON's "\ud800" alone is no text a database stores (it was a traceback)
    (
        "surrogate-title",
        lambda d: _paper(d).update(title="a\ud800b"),
        r"\.title: is not text: a lone surrogate \\ud800 at 1",
    ),
    ("surrogate-authors", lambda d: _paper(d).update(authors=["\udfff"]), r"\.authors: is not"),
    ("surrogate-note", lambda d: _note(d, "x\udc80"), r"notes\[0\]\.body: is not text"),
    (
        "env-kv-list",
        lambda d: _paper(d)["attempts"][0].update(environment_kv=[1, 2]),
        r"attempts\[0\]\.environment_kv: 'environment_kv' must be an object",
    ),
    (
        "env-kv-nested",
        lambda d: _paper(d)["attempts"][0].update(environment_kv={"a": {"b": 1}}),
        r"must be text or a number",
    ),
    (
        "claim-value-text",
        lambda d: _paper(d)["claims"][0].update(value="high"),
        r"claims\[0\]\.value: 'value' must be a number",
    ),
    (
        "claim-metric-long",
        lambda d: _paper(d)["claims"][0].update(metric="m" * 101),
        r"claims\[0\]\.metric: is 101 characters long \(at most 100\)",
    ),
    ("bool-text", lambda d: _paper(d).update(key_provisional="yes"), r"expected true or false"),
    (
        "list-name-slash",
        lambda d: d["lists"].append({"name": "a/b c", "title": "x", "entries": []}),
        r"lists\[\d\]\.name: list name 'a/b c'",
    ),
    ("tag-spaces", lambda d: _tag(d, "two words"), r"\.tags\[0\]\.tag: tag 'two words'"),
]


@pytest.mark.parametrize(
    ("change", "message"), [(c, m) for _, c, m in BAD], ids=[n for n, _, _ in BAD]
)
def test_a_bad_value_is_named_and_nothing_is_written(
    tmp_path: Path, backup: dict[str, Any], change: Callable[[dict[str, Any]], None], message: str
) -> None:
    change(backup)
    with pytest.raises(ExportError, match=r"b\.json: .*" + message):
        _restore(tmp_path, backup)


@pytest.mark.parametrize("value", ["1e999", "-1e999", "NaN", "Infinity"])
def test_numbers_that_are_not_finite_are_refused(
    tmp_path: Path, backup: dict[str, Any], value: str
) -> None:
    text = json.dumps(backup).replace('"value": 28.4', f'"value": {value}')
    with pytest.raises(ExportError, match=r"b\.json"):
        _restore(tmp_path, text)


def test_deeply_nested_json_is_a_message(tmp_path: Path, backup: dict[str, Any]) -> None:
    text = json.dumps(backup)[:-1] + ', "x": ' + "[" * 200_000 + "]" * 200_000 + "}"
    with pytest.raises(ExportError, match="nested too deeply"):
        _restore(tmp_path, text)


@pytest.mark.parametrize(
    "pdf_path", ["/etc/passwd", "../../../etc/passwd", "a/../../x.pdf", "C:\\Windows\\x.pdf"]
)
def test_a_pdf_path_outside_the_library_is_dropped(
    tmp_path: Path, backup: dict[str, Any], pdf_path: str
) -> None:
    _paper(backup).update(pdf_path=pdf_path, pdf_sha256="0" * 64)
    lib = _restore(tmp_path, backup)
    try:
        with lib.session() as s:
            p = s.scalar(select(Paper))
            assert (p.pdf_path, p.pdf_sha256) == (None, None)
    finally:
        lib.close()


def test_a_pdf_path_inside_the_library_is_kept(tmp_path: Path, backup: dict[str, Any]) -> None:
    _paper(backup).update(pdf_path="vaswani2017attention.pdf", pdf_sha256="0" * 64)
    (tmp_path / "dst" / "pdfs").mkdir(parents=True)
    (tmp_path / "dst" / "pdfs" / "vaswani2017attention.pdf").write_bytes(b"%PDF-1.7\n")
    lib = _restore(tmp_path, backup)
    try:
        with lib.session() as s:
            assert s.scalar(select(Paper.pdf_path)) == "vaswani2017attention.pdf"
    finally:
        lib.close()


def test_text_is_restored_exactly(tmp_path: Path, backup: dict[str, Any]) -> None:
    _paper(backup).update(title="  Escapes \x1b[31m stay in the data  ")
    lib = _restore(tmp_path, backup)
    try:
        with lib.session() as s:
            assert s.scalar(select(Paper.title)) == "  Escapes \x1b[31m stay in the data  "
    finally:
        lib.close()
