"""Vectors in the database, keyed by (content hash, model name).

The database is the source of truth: the on-disk index is rebuilt from these rows without
re-embedding, an unchanged passage is never embedded twice, and a new model simply has no rows
yet. Vectors are stored as little-endian float32 bytes. Reading goes through a
:class:`~paperdesk.storage.fastread.Reader` (stdlib sqlite3 on the cold path, SQLAlchemy
otherwise); writing through an ORM session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from paperdesk.errors import SearchError
from paperdesk.parse.kinds import ranked_sql
from paperdesk.storage.fastread import Reader

if TYPE_CHECKING:
    import numpy as np
    from sqlalchemy.orm import Session


def to_bytes(vector: np.ndarray) -> bytes:
    import numpy as np

    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(blob: bytes, dim: int) -> np.ndarray:
    import numpy as np

    vec = np.frombuffer(blob, dtype="<f4")
    if vec.shape[0] != dim:
        raise SearchError(f"stored vector has {vec.shape[0]} numbers, expected {dim}")
    return vec


# the passages with no vector for :model (one definition for embedding and for counting)
#: only the kinds search ranks: a reference list or contents page is never embedded
_UNEMBEDDED = (
    f"FROM passages ps WHERE {ranked_sql('ps')} AND NOT EXISTS (SELECT 1 FROM embeddings em "
    "WHERE em.content_hash = ps.content_hash AND em.model = :model)"
)


def missing(session: Session, model: str) -> list[tuple[str, str]]:
    """(content_hash, text) of every distinct passage text that has no vector for ``model``,
    shortest first so that batches pad little."""
    from sqlalchemy import text

    rows = session.execute(
        text(f"SELECT ps.content_hash, MIN(ps.text) {_UNEMBEDDED} GROUP BY ps.content_hash"),
        {"model": model},
    ).all()
    return sorted(((h, t) for h, t in rows), key=lambda r: len(r[1]))


def missing_count(reader: Reader, model: str) -> tuple[int, int]:
    """(passages, papers) that :func:`missing` would embed: what search cannot rank yet."""
    rows = reader.rows(
        f"SELECT COUNT(*), COUNT(DISTINCT ps.paper_id) {_UNEMBEDDED}", {"model": model}
    )
    return int(rows[0][0] or 0), int(rows[0][1] or 0)


def without_vector(session: Session, model: str, hashes: list[str]) -> set[str]:
    """Those of ``hashes`` that have no vector for ``model`` yet."""
    from sqlalchemy import select

    from paperdesk.storage.models import Embedding

    have = set(
        session.scalars(
            select(Embedding.content_hash).where(
                Embedding.model == model, Embedding.content_hash.in_(hashes)
            )
        )
    )
    return set(hashes) - have


def store(session: Session, model: str, hashes: list[str], vectors: np.ndarray) -> None:
    """Insert vectors for new hashes (a hash that gained a vector meanwhile is left alone)."""
    from sqlalchemy import select

    from paperdesk.storage.models import Embedding

    if not hashes:
        return
    dim = int(vectors.shape[1])
    have = set(
        session.scalars(
            select(Embedding.content_hash).where(
                Embedding.model == model, Embedding.content_hash.in_(hashes)
            )
        )
    )
    session.add_all(
        Embedding(content_hash=h, model=model, dim=dim, vector=to_bytes(v))
        for h, v in zip(hashes, vectors, strict=True)
        if h not in have
    )
    session.flush()


@dataclass
class StoredVectors:
    """Every passage that has a vector for one model, in passage-id order."""

    passage_ids: np.ndarray  # int64
    paper_ids: np.ndarray  # int64
    hash64: np.ndarray  # uint64: first 16 hex digits of the content hash, to detect drift
    matrix: np.ndarray  # float32 (n, dim)


def hash64(content_hash: str) -> int:
    return int(content_hash[:16], 16)


def load_all(reader: Reader, model: str) -> StoredVectors:
    """Every ranked passage's vector for ``model`` (no embedding: just reading the rows; a
    reference list embedded by an older release stays out of the index)."""
    import numpy as np

    rows = reader.rows(
        "SELECT ps.id, ps.paper_id, ps.content_hash, em.dim, em.vector FROM passages ps "
        "JOIN embeddings em ON em.content_hash = ps.content_hash AND em.model = :model "
        f"WHERE {ranked_sql('ps')} ORDER BY ps.id",
        {"model": model},
    )
    n = len(rows)
    dims = {r[3] for r in rows}
    if len(dims) > 1:
        raise SearchError(
            f"stored vectors for model {model!r} have mixed sizes {sorted(dims)}; "
            "re-run 'paperdesk index'"
        )
    dim = dims.pop() if dims else 0
    matrix = np.empty((n, dim), dtype=np.float32)
    for i, r in enumerate(rows):
        matrix[i] = from_bytes(bytes(r[4]), dim)
    return StoredVectors(
        passage_ids=np.fromiter((r[0] for r in rows), dtype=np.int64, count=n),
        paper_ids=np.fromiter((r[1] for r in rows), dtype=np.int64, count=n),
        hash64=np.fromiter((hash64(r[2]) for r in rows), dtype=np.uint64, count=n),
        matrix=matrix,
    )


def count(reader: Reader, model: str) -> int:
    rows = reader.rows("SELECT COUNT(*) FROM embeddings WHERE model = :model", {"model": model})
    return int(rows[0][0] or 0)
