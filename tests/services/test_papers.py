from __future__ import annotations

import re
from pathlib import Path

import pytest

from paperdesk.errors import NotFoundError, StateError
from paperdesk.library import Library
from paperdesk.services import notes, papers
from tests.conftest import seed


def test_add_is_idempotent_and_reports_bad_input(lib: Library) -> None:
    results = papers.add_papers(
        lib, ["https://arxiv.org/abs/1706.03762v7", "1706.3762", "2106.09999"], list_name="mine"
    )
    assert [r.status for r in results] == ["exists", "error", "added"]
    assert "already in the library" in results[0].message
    assert "'1706.3762'" in results[1].message
    assert results[2].lists == ["mine"]
    again = papers.add_papers(lib, ["2106.09999"], list_name="mine")
    assert again[0].status == "exists" and again[0].lists == []


def test_add_paper_not_on_arxiv(lib: Library) -> None:
    res = papers.add_other(
        lib,
        title="Long Short-Term Memory",
        year=1997,
        authors=["S. Hochreiter"],
        url=None,
        doi="10.1162/NECO.1997.9.8.1735",
    )
    assert res.status == "exists" and res.id == "hochreiter1997long", "the seeded LSTM paper"
    res = papers.add_other(
        lib, title="A Note", year=2001, authors=["Ann Smith"], url="https://x.org/n", doi=None
    )
    assert res.status == "added" and res.id == "smith2001note"
    assert papers.paper_detail(lib, "smith2001note").url == "https://x.org/n"


def test_mark_rejects_unknown_states_and_papers(lib: Library) -> None:
    with pytest.raises(StateError, match="unknown state 'finished'"):
        papers.mark(lib, "1706.03762", "finished")
    with pytest.raises(NotFoundError, match=r"no paper '2106\.09999'"):
        papers.mark(lib, "2106.09999", "read")


def test_replication_state_is_its_own_track(lib: Library) -> None:
    key, track, old = papers.mark(lib, "1706.03762", "planned")
    assert (key, track, old) == ("vaswani2017attention", "replication", "none")
    assert papers.mark(lib, "1706.03762", "planned")[2] is None
    d = papers.paper_detail(lib, "1706.03762")
    assert d.replication == "planned" and d.reading == "unread"


def test_note_conflict_keeps_both(lib: Library) -> None:
    start = notes.get_note(lib, "1706.03762")
    notes.save_note(lib, "1706.03762", "written elsewhere\n", base_revision=start.revision)
    mine = notes.save_note(lib, "1706.03762", "my edit\n", base_revision=start.revision)
    assert mine.conflict
    assert mine.body.startswith("written elsewhere") and mine.body.endswith("my edit\n")
    assert notes.get_note(lib, "1706.03762").body == mine.body


def test_seeding_twice_adds_nothing_and_keeps_user_data(lib: Library) -> None:
    papers.mark(lib, "1810.04805", "read")
    notes.save_note(lib, "1810.04805", "mine")
    from paperdesk.storage.models import Meta

    with lib.session() as s:
        for row in s.query(Meta).all():
            row.value = "stale"  # force every seed file to load again
    assert len(lib.ensure_seeded()) == 8
    d = papers.paper_detail(lib, "1810.04805")
    assert d.reading == "read" and d.note == "mine"
    from paperdesk.services.listing import SessionReader, list_summaries

    assert sum(x.total for x in list_summaries(SessionReader(lib))) == sum(seed().lists.values())


def test_a_paper_added_after_its_citer_was_parsed_gets_cited_by(lib: Library) -> None:
    from paperdesk.storage import repository as repo
    from paperdesk.storage.models import Reference

    with lib.session() as s:
        citer = repo.find_paper(s, "1810.04805")
        s.add(
            Reference(
                paper_id=citer.id,
                position=1,
                text="Some et al. arXiv:2106.09999",
                arxiv_id="2106.09999",
            )
        )
    papers.add_papers(lib, ["2106.09999v2"])
    detail = papers.paper_detail(lib, "2106.09999")
    assert [c.id for c in detail.cited_by] == ["devlin2018bert"]


REFERENCES = [
    "Ada Lovelace and Alan Turing. 2019. Sketches of an analytical engine. In Proceedings of "
    "ACL, pages 1-10.",
    "Grace Hopper. 2018. Compiling tiny programs quickly. Journal of Tests, 12(3):45-67.",
    "Edsger Dijkstra. 2017. Goto statements considered harmful again. arXiv preprint "
    "arXiv:1701.00001.",
]


def refs_pdf(path: Path, title: str = "Counting References In Tiny Papers") -> Path:
    """A paper-like PDF (tests/services/paperpdfs.py) with a third page: a reference list."""
    import pymupdf

    from tests.services.paperpdfs import paper_pdf

    paper_pdf(path.with_suffix(".base.pdf"), title, word="zymurgy", year=2020)
    doc = pymupdf.open(path.with_suffix(".base.pdf"))
    page = doc.new_page()
    page.insert_text((72, 72), "References", fontsize=13, fontname="hebo")
    for i, ref in enumerate(REFERENCES):
        page.insert_textbox(pymupdf.Rect(72, 100 + 45 * i, 540, 140 + 45 * i), ref, fontsize=10)
    doc.save(path)
    return path


def test_the_detail_counts_the_parsed_references(any_lib: Library, tmp_path: Path) -> None:
    """``show`` says how many references the parse found: the stored rows, on SQLite and
    PostgreSQL; a paper not parsed has none."""
    from sqlalchemy import func, select

    from paperdesk.services.attach import attach_pdf
    from paperdesk.storage import repository as repo
    from paperdesk.storage.models import Reference

    assert papers.paper_detail(any_lib, "1706.03762").references == 0
    key = attach_pdf(
        any_lib, refs_pdf(tmp_path / "refs.pdf"), title="Counting References In Tiny Papers"
    )
    detail = papers.paper_detail(any_lib, key)
    with any_lib.session() as s:
        pid = repo.find_paper(s, key).id
        stored = s.scalar(select(func.count()).where(Reference.paper_id == pid))
    assert detail.parse_status == "parsed"
    assert detail.references == stored >= 2
    assert detail.to_json()["references"] == stored and list(detail.to_json())[-1] == "references"


def test_set_tags_refuses_an_id_as_a_tag_and_changes_nothing(lib: Library) -> None:
    """The TUI's tag editor goes through set_tags: an id typed as a tag is refused there too,
    and the good tags of the same edit are not half applied."""
    with pytest.raises(StateError, match=re.escape("'1810.04805' is an arXiv id, not a tag")):
        papers.set_tags(lib, "1706.03762", ["fresh", "1810.04805"], [])
    assert "fresh" not in papers.paper_detail(lib, "1706.03762").tags
    assert "fresh" in papers.set_tags(lib, "1706.03762", ["fresh"], [])
