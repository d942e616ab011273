"""The real model (all-MiniLM-L6-v2 from the packaged copy) on a handful of abstracts: meaning,
the ONNX query path's agreement with sentence-transformers, and the cold CLI path that must not
import torch. One model load and one export for the whole session."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from paperdesk.library import Library
from paperdesk.search import onnx
from paperdesk.services import search as svc

pytestmark = pytest.mark.slow

QUERIES = [
    "the paper that replaced recurrence with attention",
    "low-rank adapters for finetuning",
    "x",
    "A much longer query that rambles on about optimisers, adaptive moment estimation and "
    "everything else a reader might half remember from a paper they skimmed last year. " * 6,
]


def test_attention_query_ranks_the_transformer_first(
    alib: Library, st_embedder, onnx_export: Path
) -> None:
    _install_export(alib, onnx_export)  # else indexing would export the model again
    report = svc.index_library(alib, embedder=st_embedder)
    assert report.embedded == report.vectors and report.onnx == "present"
    for mode in ("dense", "hybrid"):
        hits = svc.search(
            alib,
            "the paper that replaced recurrence with attention",
            k=3,
            mode=mode,
            embedder=st_embedder,
        )
        assert hits[0].key == "vaswani2017attention", (mode, [h.key for h in hits])
    hits = svc.search(
        alib, "cheap finetuning with low-rank adapters", k=3, mode="dense", embedder=st_embedder
    )
    assert "hu2021lora" in [h.key for h in hits[:2]]  # with QLoRA (title only), rightly
    like = svc.similar(alib, "devlin2018bert", k=3, embedder=st_embedder)
    assert "devlin2018bert" not in {h.key for h in like}


def test_the_weak_cosine_parts_unrelated_queries_from_real_ones(st_embedder) -> None:
    """hybrid.WEAK_COSINE on the real model: a seeded summary against questions about it and
    against queries about nothing in the library."""
    from paperdesk.readinglists import load_list_file, seed_dir
    from paperdesk.search.hybrid import WEAK_COSINE

    spec = load_list_file(seed_dir() / "transformers-core.yaml")
    bert = next(e for e in spec.entries if e.arxiv and e.arxiv.base == "1810.04805")
    asked = ["masked language modeling pretraining objective", "next sentence prediction"]
    unrelated = ["stock market prices today", "how to repair a bicycle tyre", "the of and"]
    vecs = st_embedder.encode([f"{bert.title}\n\n{bert.summary}", *asked, *unrelated])
    cosines = [float(np.dot(vecs[0], v)) for v in vecs[1:]]
    assert min(cosines[: len(asked)]) > WEAK_COSINE > max(cosines[len(asked) :]), cosines


def test_onnx_vectors_match_sentence_transformers(st_embedder, onnx_export: Path) -> None:
    meta = onnx.read_export(onnx_export, "all-MiniLM-L6-v2")
    assert meta is not None and meta["max_seq_length"] == st_embedder.max_seq_length
    encoder = onnx.OnnxEncoder(onnx_export, meta)
    for batch in (QUERIES, QUERIES[:1], QUERIES[3:]):  # padded batches and single queries
        cosine = np.sum(encoder.encode(batch) * st_embedder.encode(batch), axis=1)
        assert cosine.min() >= 0.999
    assert onnx.read_export(onnx_export, "some-other-model") is None


def _install_export(lib: Library, folder: Path) -> None:
    target = onnx.export_dir(lib.settings, "all-MiniLM-L6-v2")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(folder, target)


def test_query_encoder_prefers_the_export(alib: Library, onnx_export: Path) -> None:
    assert not isinstance(svc.query_encoder(alib), onnx.OnnxEncoder)  # nothing exported yet
    _install_export(alib, onnx_export)
    assert isinstance(svc.query_encoder(alib), onnx.OnnxEncoder)
    lazy = svc.QueryEncoder(alib)
    assert lazy.name == "all-MiniLM-L6-v2" and lazy.dim == 384


def test_cold_cli_search_does_not_import_torch(
    alib: Library, st_embedder, onnx_export: Path
) -> None:
    _install_export(alib, onnx_export)
    svc.index_library(alib, embedder=st_embedder)
    probe = (
        "import sys, json\n"
        "from paperdesk.cli.main import cli\n"
        "try:\n"
        "    cli(['search', '--json', 'the paper that replaced recurrence with attention'],"
        " prog_name='paperdesk')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'transformers') "
        "if m in sys.modules]\n"
        "print(json.dumps(heavy), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []
    hits = json.loads(done.stdout)["hits"]
    assert hits[0]["id"] == "vaswani2017attention"
