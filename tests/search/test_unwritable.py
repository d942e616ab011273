"""An index or cache folder that cannot be written: ``index`` says so in one line, searches go
on with an index built in memory, and a failed ONNX export leaves ``index`` working.

The tests run as root, for whom chmod changes nothing, so a file in the folder's place stands
for a read-only folder, and a failing ``os.replace`` for a read-only file system."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from paperdesk.errors import SearchError
from paperdesk.library import Library
from paperdesk.search import index as vindex
from paperdesk.search import onnx, store, vectors
from paperdesk.search.embedder import SentenceTransformerEmbedder
from paperdesk.services import search as svc
from paperdesk.storage.fastread import SessionReader
from tests.conftest import run_cli

HASH = {"PAPERDESK_MODEL": "hash"}


@pytest.fixture(autouse=True)
def _fresh_notes() -> None:
    store.take_notes()
    store._NOTED.clear()


def _block(folder: Path) -> None:
    """Put a file where ``folder`` should be (root ignores permissions, not file types)."""
    if folder.is_dir():
        shutil.rmtree(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder\n")


def _read_only_fs(monkeypatch: pytest.MonkeyPatch) -> None:
    def replace(src: object, dst: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(dst))

    monkeypatch.setattr(os, "replace", replace)


def test_index_into_a_blocked_folder_is_one_clear_error(alib: Library, hash_embedder) -> None:
    folder = alib.settings.index_dir
    _block(folder)
    with pytest.raises(store.IndexNotWritable) as caught:
        svc.index_library(alib, embedder=hash_embedder)
    message = str(caught.value)
    assert isinstance(caught.value, SearchError)
    assert str(folder) in message and "is a file, not a folder" in message
    # The vectors are stored all the same: the next 'index' has nothing to embed.
    assert vectors.count(SessionReader(alib), "hash-256") > 0


def test_index_on_a_read_only_file_system(
    alib: Library, hash_embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    _read_only_fs(monkeypatch)
    with pytest.raises(store.IndexNotWritable, match="Read-only file system"):
        svc.index_library(alib, embedder=hash_embedder)
    assert not (alib.settings.index_dir / "manifest.json").exists()


def test_search_falls_back_to_an_index_in_memory(alib: Library, hash_embedder) -> None:
    svc.index_library(alib, embedder=hash_embedder)
    want = svc.search(alib, "adaptive moments optimizer", mode="dense", embedder=hash_embedder)
    store.forget(alib)
    _block(alib.settings.index_dir)
    got = svc.search(alib, "adaptive moments optimizer", mode="dense", embedder=hash_embedder)
    assert got == want and got
    notes = store.take_notes()
    assert len(notes) == 1
    assert str(alib.settings.index_dir) in notes[0] and "in memory" in notes[0]
    # Said once: later searches (and similar) reuse the index in memory without a new note.
    assert svc.search(alib, "adaptive moments", mode="dense", embedder=hash_embedder)
    assert svc.similar(alib, "vaswani2017attention", mode="dense", embedder=hash_embedder)
    assert store.take_notes() == []
    assert alib.settings.index_dir.is_file()


def test_stale_index_on_a_read_only_file_system(
    alib: Library, hash_embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index on disk is readable but stale (a paper's abstract changed): searches must not
    fail trying to rewrite it, and they see the new text."""
    svc.index_library(alib, embedder=hash_embedder)
    manifest = (alib.settings.index_dir / "manifest.json").read_bytes()
    with alib.session() as s:
        from sqlalchemy import select

        from paperdesk.storage.models import Paper

        paper = s.scalars(select(Paper).where(Paper.arxiv_id == "1207.0580")).one()
        paper.abstract = "Zebrafish quaternion lullabies."
    svc.index_library(alib, embedder=hash_embedder)  # embeds the new text, rewrites the index
    store.forget(alib)
    (alib.settings.index_dir / "manifest.json").write_bytes(manifest)  # ...then lose that write
    _read_only_fs(monkeypatch)
    hits = svc.search(
        alib, "zebrafish quaternion lullabies", mode="dense", k=1, embedder=hash_embedder
    )
    assert hits[0].key == "hinton2012improving"
    assert len(store.take_notes()) == 1
    reader = SessionReader(alib)
    rev = store.revision(reader, "hash-256")
    assert vindex.read_manifest(alib.settings.index_dir).revision != rev  # disk untouched


def test_persist_can_be_asked_for_by_a_search(alib: Library, hash_embedder) -> None:
    svc.index_library(alib, embedder=hash_embedder)
    store.forget(alib)
    _block(alib.settings.index_dir)
    with pytest.raises(store.IndexNotWritable):
        store.ensure_index(SessionReader(alib), alib.settings.index_dir, "hash-256", persist=True)


def test_cli_index_and_search_with_a_blocked_index_folder(alib: Library) -> None:
    folder = alib.settings.index_dir
    alib.close()
    assert run_cli("index", env=HASH).returncode == 0
    _block(folder)
    done = run_cli("index", env=HASH)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"error: cannot write the search index in {folder}")
    assert done.stderr.count("\n") == 1
    for args in (["search", "adaptive", "moments"], ["similar", "vaswani2017attention"]):
        done = run_cli(*args, env=HASH)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        assert done.stderr.count("note: cannot write the search index") == 1
        assert "kingma2014adam" in done.stdout or args[0] == "similar"


def test_onnx_export_that_cannot_write_leaves_index_working(
    alib: Library, st_embedder: SentenceTransformerEmbedder
) -> None:
    _block(alib.settings.cache_dir)
    messages: list[str] = []

    class Progress(svc.NullProgress):
        def message(self, text: str) -> None:
            messages.append(text)

    report = svc.index_library(alib, embedder=st_embedder, progress=Progress())
    assert report.vectors > 0 and report.onnx.startswith("failed: cannot write the ONNX export")
    assert any(
        str(alib.settings.cache_dir) in m and "queries will load the model" in m for m in messages
    )
    assert onnx.load_encoder(alib.settings, st_embedder.name) is None
    assert isinstance(svc.query_encoder(alib), SentenceTransformerEmbedder)
    hits = svc.search(alib, "adaptive moments optimizer", mode="dense", k=1, embedder=st_embedder)
    assert hits[0].key == "kingma2014adam"
