"""Counts in messages agree with their nouns."""

from __future__ import annotations

import pytest

from paperdesk.wording import plural


@pytest.mark.parametrize(
    ("n", "one", "many", "text"),
    [
        (1, "entry", "entries", "1 entry"),
        (2, "entry", "entries", "2 entries"),
        (0, "attempt", None, "0 attempts"),
        (1, "record", None, "1 record"),
        (1, "new paper", None, "1 new paper"),
        (5, "passage", None, "5 passages"),
    ],
)
def test_plural(n: int, one: str, many: str | None, text: str) -> None:
    assert plural(n, one, many) == text


def test_one_of_each_reads_in_the_singular(tmp_path, home) -> None:  # type: ignore[no-untyped-def]
    """The QA repro: one entry imported, one new paper listed."""
    from tests.conftest import run_cli

    f = tmp_path / "mine.yaml"
    f.write_text("name: mine\ntitle: Mine\npapers:\n  - id: 2106.09999\n")
    out = run_cli("lists", "import", str(f))
    assert out.returncode == 0, out.stderr
    assert "mine: 1 entry added (1 new paper, 0 already listed)" in out.stdout
    bib = tmp_path / "one.bib"
    bib.write_text("@article{x, title={A Single Entry Here}, author={Ann Author}, year={2020}}\n")
    out = run_cli("import", "bibtex", str(bib))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("one.bib: 1 entry: 1 added")
