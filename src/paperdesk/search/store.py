"""Keeping the on-disk index in step with the database.

The index's manifest records the database revision it was built from: passage count, largest
and summed passage ids, the model's vector count and largest vector id, and a counter in
``meta`` that the abstract refresh bumps. Deleting a paper (its passages go by ON DELETE
CASCADE), parsing one, or embedding more all change it, so the next search or ``index`` sees a
stale index and rebuilds it from the stored vectors — no re-embedding. A missing, unreadable or
corrupt index is rebuilt the same way. Searches also compare the content hashes of the rows
they return with the database, which catches the one change the counters could miss (a
passage rewritten in place under the same id).
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from paperdesk.errors import SearchError
from paperdesk.search import index as vindex
from paperdesk.search import vectors
from paperdesk.search.abstracts import REVISION_KEY

MODEL_KEY = "search:model"

#: Indexes loaded by this process, per library and model, with the revision they match.
_LOADED: weakref.WeakKeyDictionary[Any, dict[str, vindex.VectorIndex]] = (
    weakref.WeakKeyDictionary()
)


def revision(session: Session, model: str) -> str:
    p = session.execute(
        text("SELECT COUNT(*), COALESCE(MAX(id), 0), COALESCE(SUM(id), 0) FROM passages")
    ).one()
    e = session.execute(
        text("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM embeddings WHERE model = :m"),
        {"m": model},
    ).one()
    counter = session.scalar(text("SELECT value FROM meta WHERE key = :k"), {"k": REVISION_KEY})
    return f"p{p[0]}:{p[1]}:{p[2]}|e{e[0]}:{e[1]}|r{counter or 0}"


@contextlib.contextmanager
def _write_lock(folder: Path) -> Iterator[None]:
    """Serialise index writers across processes (readers need no lock: writes are atomic)."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: renames are still atomic
        yield
        return
    with (folder / ".lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ensure_index(lib: Any, model: str, *, rebuild: bool = False,
                 threshold: int = vindex.APPROX_THRESHOLD) -> vindex.VectorIndex:
    """The current index for ``model``: from memory, from disk, or rebuilt from stored vectors."""
    folder: Path = lib.settings.index_dir
    with lib.session() as s:
        rev = revision(s, model)
    cache = _LOADED.setdefault(lib, {})
    if not rebuild:
        hit = cache.get(model)
        if hit is not None and hit.info.revision == rev:
            return hit
        info = vindex.read_manifest(folder)
        if info is not None and info.model == model and info.revision == rev:
            try:
                loaded = vindex.load(folder, info)
            except SearchError:
                loaded = None  # corrupt: fall through to a rebuild
            if loaded is not None:
                cache[model] = loaded
                return loaded
    with _write_lock(folder):
        with lib.session() as s:
            rev = revision(s, model)
            stored = vectors.load_all(s, model)
        built = vindex.build(stored, model=model, revision=rev, threshold=threshold)
        try:
            vindex.save(built, folder)
        except OSError as exc:
            raise SearchError(
                f"cannot write the search index in {folder}: {exc.strerror}") from None
    cache[model] = built
    return built


def forget(lib: Any) -> None:
    """Drop this process's loaded indexes for ``lib`` (the next search reloads)."""
    _LOADED.pop(lib, None)


def check_rows(session: Session, index: vindex.VectorIndex, rows: list[int]) -> bool:
    """True when the passages behind ``rows`` still have the content the index was built from."""
    if not rows:
        return True
    ids = [int(index.passage_ids[r]) for r in rows]
    found = dict(session.execute(
        text("SELECT id, content_hash FROM passages WHERE id IN :ids").bindparams(
            _expanding("ids")), {"ids": ids},
    ).all())
    for r, pid in zip(rows, ids, strict=True):
        digest = found.get(pid)
        if digest is None or vectors.hash64(digest) != int(index.hash64[r]):
            return False
    return True


def _expanding(name: str) -> Any:
    from sqlalchemy import bindparam

    return bindparam(name, expanding=True)


def set_index_model(session: Session, model: str) -> None:
    """Record which model the library is indexed with (the list views' 'indexed' marker)."""
    from paperdesk.storage.models import Meta

    row = session.get(Meta, MODEL_KEY)
    if row is None:
        session.add(Meta(key=MODEL_KEY, value=model))
    elif row.value != model:
        row.value = model
