"""The ONNX export's manifest is read only when it is whole, ours, and of the asked model
(the real export is tested with the real model in test_model.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperdesk.search import onnx


def _folder(tmp_path: Path, manifest: object) -> Path:
    (tmp_path / "export.json").write_text(json.dumps(manifest))
    (tmp_path / "model.opt.onnx").write_bytes(b"graph")
    (tmp_path / "tokenizer.json").write_text("{}")
    return tmp_path


def _manifest(**kw: object) -> dict[str, object]:
    return {
        "format": onnx.EXPORT_FORMAT,
        "model": "all-MiniLM-L6-v2",
        "dim": 384,
        "max_seq_length": 256,
        "inputs": ["input_ids", "attention_mask"],
        "pooling": "mean",
        "normalise": True,
        "onnxruntime": "1.0",
        **kw,
    }


def test_a_whole_manifest_of_the_model_is_read(tmp_path: Path) -> None:
    meta = onnx.read_export(_folder(tmp_path, _manifest()), "all-MiniLM-L6-v2")
    assert meta is not None and meta["dim"] == 384 and meta["inputs"][0] == "input_ids"


@pytest.mark.parametrize(
    "manifest",
    [[], "text", 3, None, _manifest(format=1), _manifest(model="other")],
    ids=["list", "string", "number", "null", "old-format", "other-model"],
)
def test_anything_else_is_no_export(tmp_path: Path, manifest: object) -> None:
    assert onnx.read_export(_folder(tmp_path, manifest), "all-MiniLM-L6-v2") is None


def test_a_missing_graph_is_no_export(tmp_path: Path) -> None:
    folder = _folder(tmp_path, _manifest())
    (folder / "model.opt.onnx").unlink()
    assert onnx.read_export(folder, "all-MiniLM-L6-v2") is None
