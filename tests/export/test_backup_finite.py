"""The JSON backup is strict JSON: a non-finite number in the library is an error naming
where it is (never ``Infinity`` in the file), and a backup holding one is refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from paperdesk.errors import ExportError
from paperdesk.export.backup import dump, export_json, import_json, to_json
from paperdesk.library import Library
from paperdesk.storage.models import Claim

MakeLib = Callable[..., Library]


def test_a_non_finite_number_is_named_not_written(full_lib: Library, tmp_path: Path) -> None:
    with full_lib.session() as s:  # as an older paperdesk could have stored it
        s.scalar(select(Claim).where(Claim.label == "ppl")).tolerance = float("inf")
    target = tmp_path / "backup.json"
    with pytest.raises(
        ExportError,
        match=r"not finite at papers\[\d+\] \(vaswani2017attention\)\."
        r"claims\[\d+\]\.tolerance",
    ):
        export_json(full_lib, target)
    assert not target.exists()


@pytest.mark.parametrize("number", ["Infinity", "-Infinity", "NaN", "1e999", "1" * 400])
def test_a_backup_with_a_non_finite_number_is_refused(
    full_lib: Library, make_lib: MakeLib, tmp_path: Path, number: str
) -> None:
    other = make_lib("other")
    text = to_json(dump(full_lib)).replace('"value": 28.4', f'"value": {number}', 1)
    assert number in text
    path = tmp_path / "b.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ExportError, match="is not a paperdesk backup: invalid JSON"):
        import_json(other, path)
    assert dump(other)["papers"] == []
    json.loads(to_json(dump(full_lib)), parse_constant=lambda name: pytest.fail(name))
