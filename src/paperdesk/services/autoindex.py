"""Keeping search current: ``add``, ``parse`` and ``fetch`` embed what they brought in, and
``search`` can tell how much it cannot rank yet.

Auto-indexing (``PAPERDESK_AUTO_INDEX``, on by default) runs only when there is something new
to embed and the model loads without a network (the packaged default, a model folder, a name in
the local Hugging Face cache, or the hash embedder); otherwise the command says so and
``paperdesk index`` does it later. It never fails the command that brought the text in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from paperdesk.config import Settings
from paperdesk.errors import PaperdeskError
from paperdesk.progress import NullProgress, Progress
from paperdesk.search import vectors

if TYPE_CHECKING:
    from paperdesk.library import Library
    from paperdesk.search.embedder import Embedder
    from paperdesk.services.search import IndexReport
    from paperdesk.storage.fastread import Reader

_NO_PROGRESS = NullProgress()


@dataclass
class AutoIndex:
    status: str  # "indexed", "current" (nothing new), "off", "unavailable" or "failed"
    detail: str = ""
    report: IndexReport | None = None

    @property
    def note(self) -> str | None:
        """A line for the user when the new text is not searchable by meaning yet."""
        if self.status in ("unavailable", "failed"):
            return f"not indexed: {self.detail}; run 'paperdesk index' to search the new text"
        return None


@dataclass(frozen=True)
class Unindexed:
    """Passages search cannot rank by meaning because they have no vector for the model."""

    model: str
    passages: int
    papers: int
    embedded: int  # vectors the model has at all (0: nothing is indexed yet)


def model_problem(settings: Settings) -> str | None:
    """Why the configured model cannot be loaded offline, or None when it can."""
    from paperdesk.search.embedder import is_hash_model, resolve_model

    name = settings.model
    if is_hash_model(name) or Path(resolve_model(name)).exists():
        return None
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return f"the model {name!r} is not installed"
    for repo in dict.fromkeys((name, f"sentence-transformers/{name}")):
        try:
            if isinstance(try_to_load_from_cache(repo, "config.json"), str):
                return None
        except ValueError:  # not a valid repository name
            continue
    return f"the model {name!r} is not available offline (PAPERDESK_MODEL)"


def auto_index(
    lib: Library, *, embedder: Embedder | None = None, progress: Progress = _NO_PROGRESS
) -> AutoIndex:
    """Embed what has no vector yet, when the settings and the model allow it."""
    if not lib.settings.auto_index:
        return AutoIndex("off")
    from paperdesk.search import abstracts
    from paperdesk.search.embedder import get_embedder
    from paperdesk.storage.fastread import SessionReader

    with lib.session() as s:
        abstracts.refresh_if_changed(s)
    name = embedder.name if embedder is not None else get_embedder(lib.settings).name
    if vectors.missing_count(SessionReader(lib), name)[0] == 0:
        return AutoIndex("current")
    if embedder is None and (problem := model_problem(lib.settings)):
        return AutoIndex("unavailable", problem)
    from paperdesk.services.search import index_library

    try:
        report = index_library(lib, embedder=embedder, progress=progress)
    except PaperdeskError as exc:
        return AutoIndex("failed", str(exc))
    return AutoIndex("indexed", report=report)


def unindexed(settings: Settings) -> Unindexed:
    """What search would leave out, read without opening the ORM when possible."""
    from paperdesk.search.embedder import get_embedder
    from paperdesk.storage.fastread import SessionReader, open_fast

    model = get_embedder(settings).name
    reader = open_fast(settings)
    if reader is None:
        from paperdesk.library import Library

        lib = Library.open(settings, seed=False)  # counting must not load the seeded lists
        try:
            return _count(SessionReader(lib), model)
        finally:
            lib.close()
    try:
        return _count(reader, model)
    finally:
        reader.close()


def _count(reader: Reader, model: str) -> Unindexed:
    passages, papers = vectors.missing_count(reader, model)
    return Unindexed(model, passages, papers, vectors.count(reader, model))
