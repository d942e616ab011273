"""The cold query path: the same model exported once to ONNX, run with onnxruntime + tokenizers.

Importing sentence-transformers costs 5–6 s; onnxruntime and tokenizers cost ~0.4 s and a query
takes ~3 ms instead of ~11 ms. The export is made when indexing (the model is loaded then
anyway), checked against sentence-transformers on probe sentences (cosine ≥ 0.999) and stored
under ``cache_dir/onnx/<model key>/`` with a manifest naming the model. Only models made of a
transformer, mean or CLS pooling and an optional normalisation are exported; anything else
keeps using sentence-transformers.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict, cast

from paperdesk import fsutil
from paperdesk.config import Settings
from paperdesk.errors import SearchError
from paperdesk.paths import safe_stem
from paperdesk.search.index import os_reason

if TYPE_CHECKING:
    import numpy as np

    from paperdesk.search.embedder import Embedder, SentenceTransformerEmbedder

EXPORT_FORMAT = 2


class Manifest(TypedDict):
    """``export.json``: what the export was made from and how it encodes (a JSON file)."""

    format: int
    model: str
    dim: int
    max_seq_length: int
    inputs: list[str]  # the ONNX graph's input names, in order
    pooling: str  # "mean" or "cls"
    normalise: bool
    onnxruntime: str  # the version that optimised the graph
    cosine: NotRequired[float]  # the worst agreement with the model on the probes


MIN_COSINE = 0.999
PROBES = [
    "Attention is all you need.",
    "We replace recurrence with self-attention in a sequence transduction model.",
    "Low-rank adapters make finetuning large language models cheap. " * 20,
    "x",
]


def export_dir(settings: Settings, model: str) -> Path:
    digest = hashlib.sha256(model.encode()).hexdigest()[:10]
    return settings.cache_dir / "onnx" / f"{safe_stem(Path(model).name or model)[:40]}-{digest}"


def read_export(folder: Path, model: str) -> Manifest | None:
    """The export's manifest when it exists, is complete and was made from ``model``."""
    try:
        meta = json.loads((folder / "export.json").read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict):
        return None
    if meta.get("format") != EXPORT_FORMAT or meta.get("model") != model:
        return None
    if not (folder / "model.opt.onnx").is_file() or not (folder / "tokenizer.json").is_file():
        return None
    return cast(Manifest, meta)  # written by export() in this format


def _pipeline(st_model: Any) -> tuple[str, bool] | None:
    """(pooling, normalise) when the model is transformer → pooling [→ normalize], else None."""
    names = [type(m).__name__ for m in st_model]
    if len(names) not in (2, 3) or names[0] != "Transformer" or names[1] != "Pooling":
        return None
    if len(names) == 3 and names[2] != "Normalize":
        return None
    pooling = getattr(st_model[1], "pooling_mode", None)
    if pooling is None:  # sentence-transformers < 5
        pooling = (
            "mean"
            if getattr(st_model[1], "pooling_mode_mean_tokens", False)
            else ("cls" if getattr(st_model[1], "pooling_mode_cls_token", False) else None)
        )
    if pooling not in ("mean", "cls"):
        return None
    return str(pooling), len(names) == 3


def export(embedder: SentenceTransformerEmbedder, folder: Path) -> Manifest | None:
    """Export ``embedder``'s model to ``folder`` (atomically: a temp folder renamed into place).
    Returns the manifest, or None when the model's pipeline cannot be exported faithfully."""
    import torch

    st_model = embedder.model
    shape = _pipeline(st_model)
    if shape is None:
        return None
    pooling, normalise = shape
    transformer = st_model[0]
    hf_model = transformer.auto_model
    hf_tokenizer = transformer.tokenizer
    if not getattr(hf_tokenizer, "is_fast", True):
        return None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        fsutil.sweep(folder.parent)  # exports of killed runs
        tmp = fsutil.make_temp_dir(folder)
    except OSError as exc:
        raise SearchError(
            f"cannot write the ONNX export in {folder.parent}: {os_reason(folder.parent, exc)}"
        ) from None
    try:
        hf_tokenizer.backend_tokenizer.save(str(tmp / "tokenizer.json"))
        encoded = hf_tokenizer(["a b c", "d"], padding=True, return_tensors="pt")
        names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in encoded]
        dynamic = {n: {0: "batch", 1: "sequence"} for n in names}
        dynamic["last_hidden_state"] = {0: "batch", 1: "sequence"}

        class _Wrapper(torch.nn.Module):
            def __init__(self, inner: Any) -> None:
                super().__init__()
                self.inner = inner

            def forward(self, *args: Any) -> Any:
                return self.inner(**dict(zip(names, args, strict=True))).last_hidden_state

        was_training = hf_model.training
        hf_model.eval()
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tracer chatter about shapes; the probes check it
            torch.onnx.export(
                _Wrapper(hf_model),
                tuple(encoded[n] for n in names),
                str(tmp / "model.onnx"),
                input_names=names,
                output_names=["last_hidden_state"],
                dynamic_axes=dynamic,
                opset_version=17,
                dynamo=False,
            )
        hf_model.train(was_training)
        _optimise(tmp / "model.onnx", tmp / "model.opt.onnx")
        import onnxruntime as ort

        meta: Manifest = {
            "format": EXPORT_FORMAT,
            "model": embedder.name,
            "dim": embedder.dim,
            "max_seq_length": int(st_model.max_seq_length),
            "inputs": names,
            "pooling": pooling,
            "normalise": normalise,
            "onnxruntime": ort.__version__,
        }
        (tmp / "export.json").write_text(json.dumps(meta, indent=2))
        check = OnnxEncoder(tmp, meta, threads=embedder.threads)
        cosine = agreement(check, embedder, PROBES)
        if cosine < MIN_COSINE:
            raise SearchError(
                f"ONNX export of {embedder.name!r} disagrees with the model (cosine {cosine:.4f})"
            )
        meta["cosine"] = cosine
        (tmp / "export.json").write_text(json.dumps(meta, indent=2))
        try:
            if folder.exists():
                shutil.rmtree(folder)
            os.replace(tmp, folder)
        except OSError as exc:
            raise SearchError(
                f"cannot write the ONNX export in {folder}: {os_reason(folder, exc)}"
            ) from None
        return meta
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _optimise(source: Path, target: Path) -> None:
    """Save the graph with onnxruntime's extended optimisations applied, so that loading it
    for a query can skip optimising (half the session start-up), then drop the raw graph."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    options.optimized_model_filepath = str(target)
    options.log_severity_level = 3
    ort.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])
    source.unlink()


def agreement(a: Embedder, b: Embedder, texts: list[str]) -> float:
    """The lowest cosine between the two embedders' vectors for the same texts."""
    import numpy as np

    va, vb = a.encode(texts), b.encode(texts)
    return float(np.min(np.sum(va * vb, axis=1)))


class OnnxEncoder:
    """Encodes like the exported sentence-transformers model (same tokenizer, truncation,
    pooling and normalisation), without torch."""

    def __init__(self, folder: Path, meta: Manifest, *, threads: int = 2) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.name: str = meta["model"]
        self._dim = int(meta["dim"])
        self.meta = meta
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=int(meta["max_seq_length"]))
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # Optimised at export; re-optimise only under a different onnxruntime.
        options.graph_optimization_level = (
            ort.GraphOptimizationLevel.ORT_DISABLE_ALL
            if meta.get("onnxruntime") == ort.__version__
            else ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        )
        self.session = ort.InferenceSession(
            str(folder / "model.opt.onnx"), options, providers=["CPUExecutionProvider"]
        )

    @property
    def dim(self) -> int:
        return self._dim

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        import numpy as np

        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            out[start : start + batch_size] = self._batch(texts[start : start + batch_size])
        return out

    def _batch(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        encs = self.tokenizer.encode_batch(list(texts))
        length = max(len(e.ids) for e in encs)
        ids = np.zeros((len(encs), length), dtype=np.int64)
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for i, e in enumerate(encs):
            n = len(e.ids)
            ids[i, :n], mask[i, :n], types[i, :n] = e.ids, e.attention_mask, e.type_ids
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        hidden = self.session.run(None, {n: feeds[n] for n in self.meta["inputs"]})[0]
        if self.meta["pooling"] == "cls":
            pooled = hidden[:, 0]
        else:
            m = mask[:, :, None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
        # Always unit length: the embedder contract (sentence-transformers is asked for it too).
        pooled = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return pooled.astype(np.float32)


def load_encoder(settings: Settings, model: str) -> OnnxEncoder | None:
    """The ONNX encoder for ``model`` if an export exists and loads, else None."""
    folder = export_dir(settings, model)
    meta = read_export(folder, model)
    if meta is None:
        return None
    try:
        return OnnxEncoder(folder, meta, threads=settings.embed_threads)
    except Exception:  # a broken export is a cache miss: the caller uses the model itself
        return None
