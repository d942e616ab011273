"""parse.store: a parse result written into the library as a whole (outline, passages,
references, citation links); unchanged passages left alone; a failure keeps the old rows."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select, update

from paperdesk.library import Library
from paperdesk.parse import PARSER_VERSION
from paperdesk.parse.refparse import title_norm
from paperdesk.parse.result import ParseResult
from paperdesk.parse.store import FAILED, content_hash, save_failure, save_result
from paperdesk.storage.models import Cite, Paper, Passage, Reference, Section

CITED = "Adam: A Method for Stochastic Optimization"


def result(*, passage_text: str = "Body text of the method.", refs: int = 2) -> ParseResult:
    references: list[dict[str, Any]] = [
        {
            "text": f"[{k}] D. Kingma and J. Ba. 2015. {CITED}. In ICLR." if k == 1 else f"[{k}] X",
            "arxiv_id": None,
            "doi": "10.1/" + "x" * 300 if k == 2 else None,
            "title": CITED if k == 1 else "",
            "authors": ["D. Kingma", "J. Ba"] if k == 1 else None,
            "year": 2015 if k == 1 else None,
            "venue": "ICLR" if k == 1 else "",
        }
        for k in range(1, refs + 1)
    ]
    return {
        "ok": True,
        "sections": [
            {"level": 1, "number": "1", "title": "Introduction", "page": 1},
            {"level": 2, "number": "1.1", "title": "T" * 3000, "page": 2},
        ],
        "passages": [
            {"section": "1 Introduction", "page_start": 1, "page_end": 1, "text": "Intro."},
            {
                "section": "1.1",
                "page_start": 2,
                "page_end": 3,
                "pages": [[0, 2], [3, 3]],
                "text": passage_text,
                "kind": "caption",
            },
        ],
        "references": references,
        "abstract": "What the PDF's abstract says.",
        "metadata": {"year": 2030, "sources": {"year": "pdf:layout"}},
    }


def new_paper(lib: Library, **fields: Any) -> int:
    with lib.session() as s:
        paper = Paper(key="test2030paper", title="A Paper Under Test", **fields)
        s.add(paper)
        s.flush()
        return paper.id


def test_content_hash_is_sha256_of_the_text() -> None:
    assert content_hash("héllo") == hashlib.sha256("héllo".encode()).hexdigest()


def test_save_result_writes_every_part(lib: Library) -> None:
    pid = new_paper(lib)
    with lib.session() as s:
        paper = s.get(Paper, pid)
        assert paper is not None
        save_result(s, paper, result(), "e" * 64)
    with lib.session() as s:
        paper = s.get(Paper, pid)
        assert paper is not None
        assert (paper.parse_status, paper.parsed_sha256) == ("parsed", "e" * 64)
        assert paper.parser_version == PARSER_VERSION
        assert paper.abstract == "What the PDF's abstract says."  # it had none
        assert paper.year == 2030 and paper.metadata_sources == {"year": "pdf:layout"}
        sections = s.scalars(
            select(Section).where(Section.paper_id == pid).order_by(Section.position)
        ).all()
        assert [(x.position, x.number, x.level, x.page) for x in sections] == [
            (1, "1", 1, 1),
            (2, "1.1", 2, 2),
        ]
        assert len(sections[1].title) == 2000  # capped to the column
        passages = s.scalars(
            select(Passage).where(Passage.paper_id == pid).order_by(Passage.position)
        ).all()
        assert [(p.position, p.kind, p.page_start, p.page_end) for p in passages] == [
            (1, "body", 1, 1),  # no kind given: body
            (2, "caption", 2, 3),
        ]
        assert passages[0].pages is None and passages[1].pages == [[0, 2], [3, 3]]
        assert all(p.content_hash == content_hash(p.text) for p in passages)
        refs = s.scalars(
            select(Reference).where(Reference.paper_id == pid).order_by(Reference.position)
        ).all()
        assert refs[0].title == CITED and refs[0].title_norm == title_norm(CITED)
        assert (refs[0].authors, refs[0].year, refs[0].venue) == (
            ["D. Kingma", "J. Ba"],
            2015,
            "ICLR",
        )
        # empty strings stored as NULL, a long DOI capped
        assert (refs[1].title, refs[1].title_norm, refs[1].venue, refs[1].authors) == (
            None,
            None,
            None,
            [],
        )
        assert refs[1].doi is not None and len(refs[1].doi) == 200


def test_a_reference_to_a_library_paper_becomes_a_cites_link(lib: Library) -> None:
    pid = new_paper(lib)
    with lib.session() as s:
        adam = s.scalars(select(Paper).where(Paper.arxiv_id == "1412.6980")).one()
        paper = s.get(Paper, pid)
        assert paper is not None
        added = save_result(s, paper, result(), "e" * 64)
        links = s.scalars(select(Cite.cited_id).where(Cite.citing_id == pid)).all()
        assert adam.id in links and added == len(links)
        # the same result again adds no link
        assert save_result(s, paper, result(), "e" * 64) == 0


def test_a_reparse_replaces_rows_and_leaves_identical_passages_alone(lib: Library) -> None:
    pid = new_paper(lib, abstract="Typed by the user.")
    mine = Passage.paper_id == pid
    with lib.session() as s:
        paper = s.get(Paper, pid)
        assert paper is not None
        save_result(s, paper, result(), "e" * 64)
        # mark the stored rows (a column the comparison does not read): a rewrite would undo it
        s.execute(update(Passage).where(mine).values(text="MARK"))
    with lib.session() as s:
        paper = s.get(Paper, pid)
        assert paper is not None and paper.abstract == "Typed by the user."  # never replaced
        save_result(s, paper, result(refs=1), "f" * 64)
        assert s.scalars(select(Passage.text).where(mine)).all() == ["MARK", "MARK"]
        assert s.scalars(select(Reference.position).where(Reference.paper_id == pid)).all() == [1]
        save_result(s, paper, result(passage_text="Changed text."), "a" * 64)
        rows = s.execute(
            select(Passage.text, Passage.content_hash).where(mine).order_by(Passage.position)
        ).all()
        assert [t for t, _ in rows] == ["Intro.", "Changed text."]  # all rewritten
        assert rows[1][1] == content_hash("Changed text.")


def test_a_failure_keeps_the_rows_of_the_last_good_parse(lib: Library) -> None:
    pid = new_paper(lib)
    with lib.session() as s:
        paper = s.get(Paper, pid)
        assert paper is not None
        save_result(s, paper, result(), "e" * 64)
        save_failure(s, paper, "timeout after 60 s", None)
    with lib.session() as s:
        paper = s.get(Paper, pid)
        assert paper is not None
        assert paper.parse_status == f"{FAILED}: timeout after 60 s"
        assert paper.parsed_sha256 is None and paper.parser_version == PARSER_VERSION
        assert len(s.scalars(select(Passage).where(Passage.paper_id == pid)).all()) == 2
        assert len(s.scalars(select(Section).where(Section.paper_id == pid)).all()) == 2
