"""The replication part of a vault page: after ``repro new`` the page still lists attempt 1's
claims vs results next to attempt 2's, from the live record and from a backup snapshot."""

from __future__ import annotations

from pathlib import Path

from paperdesk.export.backup import dump
from paperdesk.export.markdown import export_markdown
from paperdesk.export.mdrecord import record_from_snapshot, replication_section
from paperdesk.library import Library
from paperdesk.services import replication as rep

KEY = "vaswani2017attention"  # seeded claims: bleu-en-de 28.4, bleu-en-fr 41.8


def _two_attempts(lib: Library) -> None:
    rep.add_run(lib, KEY, {"bleu-en-de": 25.0})
    rep.set_status(lib, KEY, "failed")
    rep.new_attempt(lib, KEY, goal="the big model")
    rep.add_run(lib, KEY, {"bleu-en-de": 28.3, "bleu-en-fr": 41.9})


def _rows(lines: list[str], start: str) -> list[str]:
    """The claim rows of the table after the heading ``start``."""
    i = lines.index(start)
    j = lines.index("#### Claims vs results", i)
    rows = []
    for line in lines[j + 4 :]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def test_the_vault_page_lists_every_attempt(lib: Library, tmp_path: Path) -> None:
    _two_attempts(lib)
    vault = tmp_path / "vault"
    export_markdown(lib, vault)
    lines = (vault / f"{KEY}.md").read_text(encoding="utf-8").splitlines()
    assert lines.index("### Attempt 2 · running (current)") < lines.index("### Attempt 1 · failed")
    current = _rows(lines, "### Attempt 2 · running (current)")
    earlier = _rows(lines, "### Attempt 1 · failed")
    assert current[0].startswith("| bleu-en-de |") and "| 28.4 | 28.3 | −0.1 |" in current[0]
    assert "| 41.8 | 41.9 | +0.1 |" in current[1]
    assert "| 28.4 | 25 | −3.4 |" in earlier[0] and "| outside |" in earlier[0]
    assert "| 41.8 |  |  |  | unmeasured |" in earlier[1]


def test_a_snapshot_renders_the_same_attempts(lib: Library) -> None:
    _two_attempts(lib)
    paper = next(p for p in dump(lib)["papers"] if p["key"] == KEY)
    live = replication_section(rep.record(lib, KEY))
    from_backup = replication_section(record_from_snapshot(paper))
    heads = [line for line in live if line.startswith("###")]
    assert heads == [line for line in from_backup if line.startswith("###")]
    claim_rows = [line for line in live if line.startswith("| bleu")]
    assert claim_rows == [line for line in from_backup if line.startswith("| bleu")]
    assert len(claim_rows) == 4
