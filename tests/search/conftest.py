"""Fixtures for the search tests: a library with a few real abstracts, the hashing embedder,
and one real sentence-transformers model shared by the whole session (loading costs ~6 s)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from paperdesk.library import Library
from paperdesk.search.embedder import HashEmbedder, SentenceTransformerEmbedder
from paperdesk.storage.models import Paper

# Short summaries of the abstracts of seeded papers, by arXiv id.
ABSTRACTS: dict[str, str] = {
    "1706.03762": (
        "The dominant sequence transduction models are based on complex recurrent or "
        "convolutional neural networks in an encoder-decoder configuration. We propose a new "
        "simple network architecture, the Transformer, based solely on attention mechanisms, "
        "dispensing with recurrence and convolutions entirely. Experiments on two machine "
        "translation tasks show these models to be superior in quality while being more "
        "parallelizable and requiring significantly less time to train."
    ),
    "1810.04805": (
        "We introduce a new language representation model called BERT, which stands for "
        "Bidirectional Encoder Representations from Transformers. BERT is designed to pre-train "
        "deep bidirectional representations from unlabeled text by jointly conditioning on both "
        "left and right context in all layers. The pre-trained model can be fine-tuned with just "
        "one additional output layer for question answering and language inference."
    ),
    "2106.09685": (
        "We propose Low-Rank Adaptation, or LoRA, which freezes the pre-trained model weights "
        "and injects trainable rank decomposition matrices into each layer of the Transformer "
        "architecture, greatly reducing the number of trainable parameters for downstream "
        "tasks. Compared to GPT-3 175B fine-tuned with Adam, LoRA can reduce the number of "
        "trainable parameters by 10,000 times and the GPU memory requirement by 3 times."
    ),
    "1412.6980": (
        "We introduce Adam, an algorithm for first-order gradient-based optimization of "
        "stochastic objective functions, based on adaptive estimates of lower-order moments. "
        "The method is straightforward to implement, computationally efficient, has little "
        "memory requirements and is well suited for problems that are large in terms of data "
        "and parameters."
    ),
    "1207.0580": (
        "When a large feedforward neural network is trained on a small training set, it "
        "typically performs poorly on held-out test data. This overfitting is greatly reduced "
        "by randomly omitting half of the feature detectors on each training case, which "
        "prevents complex co-adaptations of feature detectors."
    ),
    "1607.04606": (
        "Continuous word representations, trained on large unlabeled corpora, are useful for "
        "many natural language processing tasks. We propose a new approach based on the "
        "skipgram model, where each word is represented as a bag of character n-grams, so that "
        "representations for rare words and words outside the vocabulary can be computed."
    ),
    "2302.13971": (
        "We introduce LLaMA, a collection of foundation language models ranging from 7B to 65B "
        "parameters. We train our models on trillions of tokens, and show that it is possible "
        "to train state-of-the-art models using publicly available datasets exclusively."
    ),
    "1606.05250": (
        "We present the Stanford Question Answering Dataset (SQuAD), a new reading "
        "comprehension dataset consisting of 100,000+ questions posed by crowdworkers on a set "
        "of Wikipedia articles, where the answer to each question is a segment of text from the "
        "corresponding reading passage."
    ),
}


def add_abstracts(lib: Library, abstracts: dict[str, str] = ABSTRACTS) -> None:
    with lib.session() as s:
        for paper in s.scalars(select(Paper).where(Paper.arxiv_id.in_(list(abstracts)))):
            paper.abstract = abstracts[paper.arxiv_id]


@pytest.fixture
def hash_embedder() -> HashEmbedder:
    return HashEmbedder(256)


@pytest.fixture
def alib(lib: Library) -> Library:
    """The seeded library with abstracts for eight papers."""
    add_abstracts(lib)
    return lib


@pytest.fixture(scope="session")
def st_embedder() -> SentenceTransformerEmbedder:
    """The real default model, loaded once for every slow test."""
    embedder = SentenceTransformerEmbedder(threads=2)
    embedder.model  # noqa: B018 - load now, so a failure shows up here
    return embedder


@pytest.fixture(scope="session")
def onnx_export(
    st_embedder: SentenceTransformerEmbedder, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """The real model exported to ONNX once for the session."""
    from paperdesk.search import onnx

    folder = tmp_path_factory.mktemp("onnx") / "export"
    assert onnx.export(st_embedder, folder) is not None
    yield folder
