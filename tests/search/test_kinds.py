"""Reference lists, contents pages and acknowledgements are stored but never come back as hits
(keyword, dense, hybrid, similar); a hit names the page its matched words are on; libraries
parsed before passage kinds are fixed by migration 0004."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from paperdesk.library import Library
from paperdesk.parse.document import parse_pdf
from paperdesk.parse.kinds import RANKED
from paperdesk.parse.store import save_result
from paperdesk.search import store
from paperdesk.services import search as svc
from paperdesk.storage.db import Database
from paperdesk.storage.fastread import SessionReader
from paperdesk.storage.models import Embedding, Paper, Passage
from tests.parse.structure_pdfs import Structured, build_structured

MODES = ("keyword", "dense", "hybrid")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Structured:
    return build_structured(tmp_path_factory.mktemp("kinds") / "structured.pdf")


@pytest.fixture(scope="module")
def result(built: Structured) -> dict[str, Any]:
    return parse_pdf(built.path)


def _add_parsed(lib: Library, key: str, title: str, result: dict[str, Any]) -> None:
    with lib.session() as s:
        paper = Paper(key=key, title=title, abstract=None)
        s.add(paper)
        s.flush()
        save_result(s, paper, result, sha256=hashlib.sha256(key.encode()).hexdigest())


@pytest.fixture
def klib(empty_lib: Library, result: dict[str, Any], hash_embedder) -> Library:  # type: ignore[no-untyped-def]
    """Two parsed papers (the structured one twice under different keys), indexed."""
    _add_parsed(empty_lib, "grace2024structures", "Structures That Are Not Text", result)
    _add_parsed(empty_lib, "grace2024again", "Structures Again", result)
    svc.index_library(empty_lib, embedder=hash_embedder)
    return empty_lib


def _kind_of(lib: Library, passage_id: int) -> str:
    with lib.session() as s:
        return s.get(Passage, passage_id).kind


def test_only_ranked_kinds_are_embedded_and_indexed(klib: Library, hash_embedder) -> None:
    with klib.session() as s:
        kinds = {p.content_hash: p.kind for p in s.scalars(select(Passage))}
        embedded = set(s.scalars(select(Embedding.content_hash)))
        ranked = s.scalars(select(Passage).where(Passage.kind.in_(RANKED))).all()
    report = svc.index_library(klib, embedder=hash_embedder)
    assert (report.embedded, report.passages, report.vectors) == (0, len(ranked), len(ranked))
    assert {"refs", "toc", "ack", "caption", "body"} <= set(kinds.values())
    assert embedded == {h for h, k in kinds.items() if k in RANKED}
    idx = store.ensure_index(SessionReader(klib), klib.settings.index_dir, "hash-256")
    assert {_kind_of(klib, int(p)) for p in idx.passage_ids} <= set(RANKED)
    # the papers list marks them indexed: the never-embedded kinds do not count against it
    from paperdesk.services.listing import PaperFilter, list_papers

    rows = {r.id: r for r in list_papers(SessionReader(klib), PaperFilter())}
    assert rows["grace2024structures"].indexed and rows["grace2024again"].indexed


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "query",
    [
        "Lovelace analytical engine Turing computing machinery Shannon",  # the references
        "Contents Introduction Method Data Collection Results Conclusion Appendix Proofs",
        "thank anonymous reviewers funding agency generous support",  # the acknowledgements
    ],
)
def test_references_contents_and_acknowledgements_are_never_hits(
    klib: Library, hash_embedder, mode: str, query: str
) -> None:
    hits = svc.search(klib, query, k=10, mode=mode, embedder=hash_embedder)
    for hit in hits:
        assert _kind_of(klib, hit.passage_id) in RANKED
        assert hit.section not in ("References", "Contents", "Acknowledgments")
        assert "Lovelace" not in hit.snippet and ". . . ." not in hit.snippet


def test_similar_never_returns_reference_lists(klib: Library, hash_embedder) -> None:
    for mode in MODES:
        for hit in svc.similar(klib, "grace2024structures", k=5, mode=mode, embedder=hash_embedder):
            assert _kind_of(klib, hit.passage_id) in RANKED


def test_a_caption_is_a_hit_labelled_by_its_section(klib: Library, hash_embedder) -> None:
    [hit, *_] = svc.search(klib, "pipeline method documents passages figure", mode="keyword")
    assert _kind_of(klib, hit.passage_id) == hit.kind == "caption"
    assert hit.snippet.startswith("Figure 1:") and hit.section == "2.1 Data Collection"


def test_hit_names_the_page_of_its_matching_words(
    klib: Library, built: Structured, result: dict[str, Any], hash_embedder
) -> None:
    checked = 0
    for p in result["passages"]:
        if p["kind"] != "body" or len(p["pages"]) < 2:
            continue
        (_, first), (offset, later) = p["pages"][0], p["pages"][-1]
        markers = [w for w in p["text"].split()[offset:] if re.fullmatch(r"S\d{3}", w)]
        for marker in markers[1:2]:  # not the first: it may start on the page before
            for mode in ("keyword", "hybrid"):
                [hit, *_] = svc.search(klib, marker, k=1, mode=mode, embedder=hash_embedder)
                assert marker in hit.snippet
                assert hit.page == built.sentence_page[int(marker[1:])] == later != first
                checked += 1
    assert checked >= 2


def test_migration_0004_adds_pages_and_retires_old_reference_passages(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    db = Database(url)
    db.migrate(upto="0003_paper_metadata")
    with db.engine.begin() as conn:
        # 0001 is the frozen first schema, so 0003 left passages without pages
        assert "pages" not in {c["name"] for c in inspect(conn).get_columns("passages")}
        conn.execute(
            text(
                "INSERT INTO papers (key, title, authors, categories, reading_state, "
                "replication_state, added_at, updated_at) VALUES ('old', 'Old', '[]', '[]', "
                "'unread', 'none', '2024-01-01', '2024-01-01')"
            )
        )
        for i, section in enumerate(
            ["1 Introduction", "References", "7 References", "Acknowledgments", None], 1
        ):
            conn.execute(
                text(
                    "INSERT INTO passages (paper_id, kind, position, section, text, "
                    "content_hash) VALUES (1, 'body', :i, :s, :t, :h)"
                ),
                {"i": i, "s": section, "t": f"text {i}", "h": f"h{i}"},
            )
    db.close()
    new = Database(url)
    assert "0004_passage_pages" in new.migrate()
    assert new.migrate() == []
    with new.engine.connect() as conn:
        rows = conn.execute(text("SELECT section, kind, pages FROM passages ORDER BY id")).all()
    new.close()
    assert [(r[0], r[1]) for r in rows] == [
        ("1 Introduction", "body"),
        ("References", "refs"),
        ("7 References", "refs"),
        ("Acknowledgments", "ack"),
        (None, "body"),
    ]
    assert all(r[2] is None for r in rows)


def test_kinds_and_pages_on_both_databases(
    any_lib: Library, result: dict[str, Any], built: Structured, hash_embedder
) -> None:
    _add_parsed(any_lib, "grace2024structures", "Structures That Are Not Text", result)
    svc.index_library(any_lib, embedder=hash_embedder)
    for mode in MODES:
        hits = svc.search(any_lib, "Lovelace analytical engine", mode=mode, embedder=hash_embedder)
        assert all(_kind_of(any_lib, h.passage_id) in RANKED for h in hits), mode
    spanning = next(p for p in result["passages"] if p["kind"] == "body" and len(p["pages"]) > 1)
    offset, later = spanning["pages"][-1]
    marker = next(w for w in spanning["text"].split()[offset + 20 :] if re.fullmatch(r"S\d{3}", w))
    [hit, *_] = svc.search(any_lib, marker, k=1, mode="keyword")
    assert hit.page == later == built.sentence_page[int(marker[1:])]


def test_an_old_parse_s_reference_list_stops_being_a_hit_after_migration(
    empty_lib: Library, hash_embedder
) -> None:
    """Before passage kinds, a reference list was stored as ``body`` and embedded: after
    0004 it is ``refs``, and neither the keyword index nor the (rebuilt) vector index
    returns it, without a re-parse."""
    from paperdesk.storage.migrations import _passage_pages

    refs = "Ada Lovelace. 1843. Notes on the analytical engine. Scientific Memoirs."
    with empty_lib.session() as s:
        paper = Paper(key="old2020paper", title="An Old Parse")
        s.add(paper)
        s.flush()
        for i, (section, body) in enumerate(
            [("1 Introduction", "We study old parses of papers."), ("References", refs)], 1
        ):
            digest = hashlib.sha256(body.encode()).hexdigest()
            s.add(Passage(paper_id=paper.id, kind="body", position=i, section=section,
                          page_start=1, page_end=1, text=body, content_hash=digest))  # fmt: skip
    svc.index_library(empty_lib, embedder=hash_embedder)
    query = "Lovelace analytical engine"
    before = svc.search(empty_lib, query, mode="keyword")
    assert [h.section for h in before] == ["References"]  # what an old library did
    with empty_lib.db.engine.begin() as conn:
        _passage_pages(conn)
    for mode in MODES:
        hits = svc.search(empty_lib, query, mode=mode, embedder=hash_embedder)
        assert all(h.section != "References" for h in hits), mode
