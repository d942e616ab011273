"""Keeping the on-disk index in step with the database.

The index's manifest records the database revision it was built from: passage count, largest
and summed passage ids, the model's vector count and largest vector id, and a counter in
``meta`` that the abstract refresh bumps. Deleting a paper (its passages go by ON DELETE
CASCADE), parsing one, or embedding more all change it, so the next search or ``index`` sees a
stale index and rebuilds it from the stored vectors — no re-embedding. A missing, unreadable or
corrupt index is rebuilt the same way. Searches also compare the content hashes of the rows
they return with the database, which catches the one change the counters could miss (a
passage rewritten in place under the same id).

Everything here reads through a :class:`~paperdesk.storage.fastread.Reader`, so that a cold
``paperdesk search`` can run on stdlib sqlite3 without importing SQLAlchemy.

An index folder that cannot be written (read-only, a file in its place, disk full) is an error
for ``index``, whose job is to write it; a search instead builds the index in memory from the
stored vectors and leaves a note (:func:`take_notes`) for the CLI to show, once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperdesk.errors import SearchError
from paperdesk.parse.kinds import ranked_sql
from paperdesk.search import index as vindex
from paperdesk.search import vectors
from paperdesk.storage.fastread import Reader, SessionReader

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from paperdesk.config import Settings
    from paperdesk.library import Library

MODEL_KEY = "search:model"
REVISION_KEY = "search:revision"
FINGERPRINT_KEY = "search:abstracts"

#: Indexes loaded by this process, per (index folder, model).
_LOADED: dict[tuple[str, str], vindex.VectorIndex] = {}
#: Notes for the user not yet taken, and every note made (each is made once per process).
_NOTES: list[str] = []
_NOTED: set[str] = set()


class IndexNotWritable(SearchError):
    """The index folder cannot be written: read-only, a file in its place, no space left."""


def take_notes() -> list[str]:
    """Notes for the user made since the last call (core code never prints: the CLI shows
    them on stderr after a search)."""
    notes = list(_NOTES)
    _NOTES.clear()
    return notes


def _note(text: str) -> None:
    if text not in _NOTED:
        _NOTED.add(text)
        _NOTES.append(text)


def dialect(reader: Reader) -> str:
    if isinstance(reader, SessionReader):
        return str(reader.library.db.dialect)
    return "sqlite"


def in_list(name: str, values: Sequence[int]) -> tuple[str, dict[str, Any]]:
    """``(:name0, :name1, ...)`` and its parameters: an IN list both sqlite3 and SQLAlchemy
    accept."""
    params = {f"{name}{i}": int(v) for i, v in enumerate(values)}
    return "(" + ", ".join(f":{k}" for k in params) + ")" if params else "(NULL)", params


def meta_value(reader: Reader, key: str) -> str | None:
    rows = reader.rows("SELECT value FROM meta WHERE key = :k", {"k": key})
    return rows[0][0] if rows else None


def papers_fingerprint(reader: Reader) -> str:
    """A cheap stamp of the papers table: any insert, delete or update changes it. The abstract
    refresh stores it (through its session) and searches compare it (through any reader)."""
    row = reader.rows("SELECT COUNT(*), MAX(id), MAX(updated_at) FROM papers")[0]
    return f"{row[0]}:{row[1]}:{row[2]}"


def abstracts_current(reader: Reader) -> bool:
    """True when abstract passages were refreshed since the papers table last changed."""
    return meta_value(reader, FINGERPRINT_KEY) == papers_fingerprint(reader)


def revision(reader: Reader, model: str) -> str:
    # the ranked count: a passage whose kind changes in place (migration 0004) leaves the index
    p = reader.rows(
        "SELECT COUNT(*), COALESCE(MAX(id), 0), COALESCE(SUM(id), 0), "
        f"COALESCE(SUM(CASE WHEN {ranked_sql('')} THEN 1 ELSE 0 END), 0) FROM passages"
    )[0]
    e = reader.rows(
        "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM embeddings WHERE model = :m", {"m": model}
    )[0]
    return f"p{p[0]}:{p[1]}:{p[2]}:{p[3]}|e{e[0]}:{e[1]}|r{meta_value(reader, REVISION_KEY) or 0}"


@contextlib.contextmanager
def _write_lock(folder: Path) -> Iterator[None]:
    """Serialise index writers across processes (readers need no lock: writes are atomic)."""
    from paperdesk import fsutil

    folder.mkdir(parents=True, exist_ok=True)
    fsutil.sweep(folder)  # temporary files of index writers that were killed
    with fsutil.file_lock(folder / ".lock"):
        yield


def _load_current(folder: Path, model: str, rev: str) -> vindex.VectorIndex | None:
    info = vindex.read_manifest(folder)
    if info is None or info.model != model or info.revision != rev:
        return None
    try:
        return vindex.load(folder, info)
    except SearchError:
        return None  # corrupt: the caller rebuilds


def _good_enough(idx: vindex.VectorIndex, approximate: bool, threshold: int) -> bool:
    """An exact index of a large library is fine for searching, but ``index`` should try to
    replace it with an approximate one (unless that was tried and refused already)."""
    return (
        not approximate
        or idx.count < threshold
        or idx.hnsw is not None
        or idx.info.recall_at_10 is not None
    )


def ensure_index(
    reader: Reader,
    folder: Path,
    model: str,
    *,
    rebuild: bool = False,
    approximate: bool = False,
    threshold: int | None = None,
    persist: bool | None = None,
) -> vindex.VectorIndex:
    """The current index for ``model``: from memory, from disk, or rebuilt from stored vectors.

    Building an HNSW graph takes minutes on a large library, so only ``approximate=True``
    (what ``paperdesk index`` passes) builds one; a search that finds the index stale rebuilds
    an exact one, which is correct at once and merely slower per query.

    ``persist`` (default: ``approximate``, i.e. only ``index`` insists) turns a folder that
    cannot be written into :class:`IndexNotWritable`; otherwise the rebuilt index lives in this
    process's memory only and a note says why.
    """
    threshold = vindex.APPROX_THRESHOLD if threshold is None else threshold
    persist = approximate if persist is None else persist
    rev = revision(reader, model)
    key = (str(folder), model)
    if not rebuild:
        hit = _LOADED.get(key)
        if (
            hit is not None
            and hit.info.revision == rev
            and _good_enough(hit, approximate, threshold)
        ):
            return hit
        loaded = _load_current(folder, model, rev)
        if loaded is not None and _good_enough(loaded, approximate, threshold):
            _LOADED[key] = loaded
            return loaded
    built: vindex.VectorIndex | None = None
    try:
        with _write_lock(folder):
            rev = revision(reader, model)
            built = None if rebuild else _load_current(folder, model, rev)  # another process?
            if built is None or not _good_enough(built, approximate, threshold):
                built = _build(reader, model, rev, approximate, threshold)
                vindex.save(built, folder)
    except OSError as exc:
        problem = f"cannot write the search index in {folder}: {vindex.os_reason(folder, exc)}"
        if persist:
            raise IndexNotWritable(
                f"{problem} (the vectors are stored in the database; run 'paperdesk index' "
                "again once the folder is writable)"
            ) from None
        if built is None or not _good_enough(built, approximate, threshold):
            built = _build(reader, model, revision(reader, model), approximate, threshold)
        _note(
            f"{problem}; searching with an index built in memory for now "
            "(run 'paperdesk index' once the folder is writable)"
        )
    _LOADED[key] = built
    return built


def _build(
    reader: Reader, model: str, rev: str, approximate: bool, threshold: int
) -> vindex.VectorIndex:
    stored = vectors.load_all(reader, model)
    return vindex.build(
        stored, model=model, revision=rev, threshold=threshold if approximate else 2**62
    )


def forget(owner: Library | Settings | None = None) -> None:
    """Drop this process's loaded indexes (all, or those of a library / settings)."""
    from paperdesk.config import Settings

    if owner is None:
        _LOADED.clear()
        return
    settings = owner if isinstance(owner, Settings) else owner.settings
    folder = str(settings.index_dir)
    for key in [k for k in _LOADED if k[0] == folder]:
        del _LOADED[key]


def check_rows(reader: Reader, index: vindex.VectorIndex, rows: list[int]) -> bool:
    """True when the passages behind ``rows`` still have the content the index was built from."""
    if not rows:
        return True
    ids = [int(index.passage_ids[r]) for r in rows]
    sql, params = in_list("id", ids)
    found = dict(reader.rows(f"SELECT id, content_hash FROM passages WHERE id IN {sql}", params))
    for r, pid in zip(rows, ids, strict=True):
        digest = found.get(pid)
        if digest is None or vectors.hash64(digest) != int(index.hash64[r]):
            return False
    return True


def set_index_model(session: Session, model: str) -> None:
    """Record which model the library is indexed with (the list views' 'indexed' marker)."""
    from paperdesk.storage.models import Meta

    row = session.get(Meta, MODEL_KEY)
    if row is None:
        session.add(Meta(key=MODEL_KEY, value=model))
    elif row.value != model:
        row.value = model
