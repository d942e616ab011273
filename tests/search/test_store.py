"""search.store: the current index for a model, from memory, from disk or rebuilt from the
stored vectors; the stamps that tell when it is stale; row checks against passage content."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from sqlalchemy import select, update

from paperdesk.library import Library
from paperdesk.search import store, vectors
from paperdesk.search.abstracts import refresh, refresh_if_changed
from paperdesk.search.embedder import HashEmbedder
from paperdesk.storage.fastread import SessionReader
from paperdesk.storage.models import Meta, Paper, Passage

MODEL = "hash-256"


@pytest.fixture
def embedded(alib: Library, hash_embedder: HashEmbedder) -> Iterator[Library]:
    """The library with abstract passages and their hash vectors stored (no index yet)."""
    with alib.session() as s:
        refresh(s)
        todo = vectors.missing(s, MODEL)
        vectors.store(s, MODEL, [h for h, _ in todo], hash_embedder.encode([t for _, t in todo]))
    yield alib
    store.forget(alib)


def test_in_list_binds_one_parameter_per_value(lib: Library) -> None:
    sql, params = store.in_list("id", [3, 1, 2])
    assert sql == "(:id0, :id1, :id2)" and params == {"id0": 3, "id1": 1, "id2": 2}
    assert store.in_list("id", []) == ("(NULL)", {})
    reader = SessionReader(lib)
    ids = [r[0] for r in reader.rows("SELECT id FROM papers ORDER BY id LIMIT 3")]
    sql, params = store.in_list("p", ids)
    assert [r[0] for r in reader.rows(f"SELECT id FROM papers WHERE id IN {sql}", params)] == ids
    assert reader.rows(f"SELECT id FROM papers WHERE id IN {store.in_list('p', [])[0]}") == []
    assert store.dialect(reader) == "sqlite"


def test_the_papers_fingerprint_changes_with_any_paper_change(alib: Library) -> None:
    reader = SessionReader(alib)
    with alib.session() as s:
        refresh_if_changed(s, force=True)  # stores the fingerprint it refreshed for
    before = store.papers_fingerprint(reader)
    assert store.abstracts_current(reader)
    with alib.session() as s:
        paper = s.scalars(select(Paper).order_by(Paper.id)).first()
        assert paper is not None
        paper.title = paper.title + " (revised)"
    assert store.papers_fingerprint(reader) != before
    assert not store.abstracts_current(reader)


def test_the_revision_changes_with_passages_vectors_and_the_stored_revision(
    embedded: Library,
) -> None:
    reader = SessionReader(embedded)
    first = store.revision(reader, MODEL)
    assert store.revision(reader, MODEL) == first
    assert store.revision(reader, "hash-64") != first  # another model has no vectors
    with embedded.session() as s:
        s.merge(Meta(key=store.REVISION_KEY, value="7"))
    assert store.revision(reader, MODEL).endswith("|r7")


def test_ensure_index_from_memory_from_disk_and_rebuilt(embedded: Library) -> None:
    reader = SessionReader(embedded)
    folder = embedded.settings.index_dir
    idx = store.ensure_index(reader, folder, MODEL)
    assert idx.count == vectors.count(reader, MODEL) > 0
    assert (folder / "manifest.json").exists()
    assert store.ensure_index(reader, folder, MODEL) is idx  # this process's copy
    store.forget(embedded)
    again = store.ensure_index(reader, folder, MODEL)  # read back from the folder
    assert again is not idx
    assert np.array_equal(again.passage_ids, idx.passage_ids)
    assert np.array_equal(again.matrix, idx.matrix)
    assert store.ensure_index(reader, folder, MODEL, rebuild=True) is not again
    # a paper's abstract rewritten (its passage gets new text and a new vector): the index
    # is stale and the next call rebuilds it with the new content
    with embedded.session() as s:
        paper = s.scalars(select(Paper).where(Paper.abstract.is_not(None))).first()
        assert paper is not None
        paper.abstract = "A brand new abstract about sparse mixtures of experts."
        refresh(s)
        todo = vectors.missing(s, MODEL)
        assert len(todo) == 1
        vectors.store(s, MODEL, [todo[0][0]], HashEmbedder(256).encode([todo[0][1]]))
        pid = s.scalar(select(Passage.id).where(Passage.content_hash == todo[0][0]))
    fresh = store.ensure_index(reader, folder, MODEL)
    assert fresh is not again and fresh.count == idx.count
    assert fresh.info.revision == store.revision(reader, MODEL) != idx.info.revision
    row = int(np.flatnonzero(fresh.passage_ids == pid)[0])
    assert int(fresh.hash64[row]) == vectors.hash64(todo[0][0])


def test_check_rows_catches_a_passage_rewritten_in_place(embedded: Library) -> None:
    reader = SessionReader(embedded)
    idx = store.ensure_index(reader, embedded.settings.index_dir, MODEL)
    rows = list(range(idx.count))
    assert store.check_rows(reader, idx, rows) and store.check_rows(reader, idx, [])
    victim = int(idx.passage_ids[0])
    with embedded.session() as s:
        s.execute(update(Passage).where(Passage.id == victim).values(content_hash="f" * 64))
    assert not store.check_rows(reader, idx, [0])
    assert store.check_rows(reader, idx, rows[1:])


def test_set_index_model_records_and_updates_the_model(lib: Library) -> None:
    reader = SessionReader(lib)
    with lib.session() as s:
        store.set_index_model(s, "hash-256")
    assert store.meta_value(reader, store.MODEL_KEY) == "hash-256"
    with lib.session() as s:
        store.set_index_model(s, "all-MiniLM-L6-v2")
    assert store.meta_value(reader, store.MODEL_KEY) == "all-MiniLM-L6-v2"
    assert store.meta_value(reader, "no such key") is None


def test_an_unwritable_folder_gives_an_index_in_memory_and_one_note(
    embedded: Library, tmp_path
) -> None:
    reader = SessionReader(embedded)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    store.take_notes()
    idx = store.ensure_index(reader, blocked, MODEL)
    assert idx.count == vectors.count(reader, MODEL)
    notes = store.take_notes()
    assert len(notes) == 1 and str(blocked) in notes[0]
    store.ensure_index(reader, blocked, MODEL, rebuild=True)
    assert store.take_notes() == []  # the same note is made once per process
    with pytest.raises(store.IndexNotWritable):
        store.ensure_index(reader, blocked, MODEL, rebuild=True, persist=True)
    store.forget()
