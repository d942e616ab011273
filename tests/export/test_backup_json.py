"""The JSON text of a backup (:mod:`paperdesk.export.backup_json`): strict and stable writing,
and reading with every problem named."""

from __future__ import annotations

import json
import math

import pytest

from paperdesk.errors import ExportError
from paperdesk.export.backup import dump
from paperdesk.export.backup_json import load_backup, to_json
from paperdesk.library import Library


def test_to_json_is_stable_indented_utf8_with_a_final_newline() -> None:
    data = {"b": "Jörg — 日本", "a": [1, 2.5]}
    text = to_json(data)
    assert text == to_json(dict(data)) and text.endswith("}\n")
    assert "Jörg — 日本" in text and '\n  "b"' in text
    assert json.loads(text) == data


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
def test_to_json_names_where_a_non_finite_number_is(bad: float) -> None:
    data = {"papers": [{"key": "a"}, {"key": "vaswani2017", "attempts": [{"spent": bad}]}]}
    with pytest.raises(ExportError, match=r"at papers\[1\] \(vaswani2017\)\.attempts\[0\]\.spent;"):
        to_json(data)
    with pytest.raises(ExportError, match="at the top level"):
        to_json(bad)  # type: ignore[arg-type]


def test_a_dumped_library_loads_back_as_it_was(full_lib: Library) -> None:
    original = json.loads(to_json(dump(full_lib)))
    loaded = load_backup(to_json(original), "b.json")
    assert {k: v for k, v in loaded.items() if k != "papers"} == {
        k: v for k, v in original.items() if k != "papers"
    }
    assert [p["key"] for p in loaded["papers"]] == [p["key"] for p in original["papers"]]
    for before, after in zip(original["papers"], loaded["papers"], strict=True):
        # the checks drop the hash of a PDF the paper has no file for (it is null), nothing else
        dropped = before.keys() - after.keys()
        assert dropped <= {"pdf_sha256"} and all(before[k] is None for k in dropped)
        assert {k: before[k] for k in after} == after


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", r"^b\.json is not a paperdesk backup: invalid JSON at line 1 column 2"),
        ('{"x": 1e999}', r"invalid JSON \(number 1e999 is too large\)"),
        ('{"x": NaN}', r"invalid JSON \(NaN is not a JSON number\)"),
        ('{"x": Infinity}', r"Infinity is not a JSON number"),
        ('{"x": ' + "9" * 400 + "}", r"invalid JSON \(number 9{20}\.\.\. is too large\)"),
        ("[" * 100_000 + "]" * 100_000, "JSON nested too deeply"),
        ("[]", r'no "format": "paperdesk-backup"'),
        ('{"format": "other"}', r"make one with 'paperdesk export json FILE'"),
        ('{"format": "paperdesk-backup", "version": 99}', r"version 99; .* upgrade paperdesk"),
        (
            '{"format": "paperdesk-backup", "version": true}',
            r"version True; .*reads versions 1, 2$",
        ),
        ('{"format": "paperdesk-backup"}', "version None"),
    ],
)
def test_load_backup_names_every_problem(text: str, message: str) -> None:
    with pytest.raises(ExportError, match=message):
        load_backup(text, "b.json")


def test_load_backup_runs_the_content_checks(full_lib: Library) -> None:
    data = dump(full_lib)
    data["papers"][0]["authors"] = "not a list"
    with pytest.raises(ExportError, match=r"^b\.json: papers\[0\]"):
        load_backup(to_json(data), "b.json")
