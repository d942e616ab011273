"""An imported reference checked at the door (:mod:`paperdesk.export.bibcheck`)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from paperdesk.export.bibcheck import checked
from paperdesk.export.bibimport import BibRecord
from paperdesk.export.refextras import RefExtras
from paperdesk.validate import InvalidValue


def _record(**kw: object) -> BibRecord:
    base = BibRecord(
        line=3,
        key="k",
        title="T",
        authors=["A B"],
        year=2020,
        arxiv=None,
        doi=None,
        url=None,
        journal=None,
        abstract=None,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def test_values_are_cleaned() -> None:
    rec = _record(
        key="k\x1b[2J",
        title="  A\n  title\x07 ",
        authors=["  Ada\tLovelace ", "", "Alan Turing"],
        doi=" 10.1/x ",
        url="https://x.org/\n",
        journal="Neural\nComputation",
        abstract="line one\nline two\x00",
        extras=RefExtras(entry_type=" article ", tags=["a", " b "], note=" n \n", files=["f.pdf"]),
    )
    out = checked(rec)
    assert out.key == "k[2J"
    assert out.title == "A title"
    assert out.authors == ["Ada Lovelace", "Alan Turing"]
    assert (out.doi, out.url, out.journal) == ("10.1/x", "https://x.org/", "Neural Computation")
    assert out.abstract == "line one\nline two"
    assert out.extras.entry_type == "article"
    assert out.extras.tags == ["a", "b"] and out.extras.note == "n"
    assert out.extras.files == ["f.pdf"]
    assert (out.line, out.year) == (3, 2020)


def test_an_empty_title_becomes_empty_text() -> None:
    assert checked(_record(title="   ")).title == ""


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"doi": "10.1/" + "x" * 400}, "doi"),
        ({"authors": [["nested"]]}, "author"),
        ({"title": "x" * 2_000_000}, "title"),
        ({"extras": RefExtras(volume="v" * 500)}, "volume"),
        ({"extras": RefExtras(tags=["t" * 51])}, "keywords"),
        ({"extras": RefExtras(pages=["1", "2"])}, "pages"),
    ],
)
def test_a_value_that_cannot_be_stored_names_its_field(
    change: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidValue, match=field):
        checked(_record(**change))
