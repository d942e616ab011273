"""Reader questions on the seeded library: does ``paperdesk search`` put the right paper first?

    .venv/bin/python bench/reader_questions.py [--home DIR] [--mode hybrid] [--show 3]

A fresh seeded library (no network: the seeded papers carry only what the reading lists say)
plus the two CC-BY PDFs of ``../shared/fixtures/pdfs`` added with ``add --pdf`` (their full
text is the distractor: thousands of words a learner's question may brush against), indexed
with the configured model like ``paperdesk index``. Every question names the paper(s) a
learner means; the table gives the rank of the first of them in ``search QUESTION`` (``-``:
not in the top 10) and the totals: top-1, top-3, MRR@10. A second table asks questions typed
with typos ("atention is al you need", "lorra"), each meaning one paper. ``--home DIR`` keeps
the library (vectors are embedded once; delete it when the reading lists change).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"

#: (question, expected papers: arXiv ids, or "title:" + words of a title).
QUESTIONS: list[tuple[str, tuple[str, ...]]] = [
    # from the session-4 QA report
    ("BERT", ("1810.04805",)),
    ("masked language modeling pretraining objective", ("1810.04805",)),
    ("why divide attention scores by the square root of the dimension", ("1706.03762",)),
    ("rotary position embeddings for long context", ("2104.09864",)),
    # names a learner types
    ("LoRA", ("2106.09685",)),
    ("RoBERTa", ("1907.11692",)),
    ("GPT-3", ("2005.14165",)),
    ("attention is all you need", ("1706.03762",)),
    ("Adam optimizer", ("1412.6980",)),
    # what a paper proposes, in a learner's words
    ("next sentence prediction", ("1810.04805",)),
    ("scaled dot-product attention with multiple heads", ("1706.03762",)),
    ("low-rank adapters for finetuning", ("2106.09685",)),
    ("replaced token detection instead of masking", ("2003.10555",)),
    ("fine-tuning a 4-bit quantized model on one GPU", ("2305.14314",)),
    ("reinforcement learning from human feedback to follow instructions", ("2203.02155",)),
    ("segment-level recurrence and relative positional encodings", ("1901.02860",)),
    ("locality-sensitive hashing attention and reversible layers", ("2001.04451",)),
    ("skip-gram with negative sampling", ("1310.4546", "1301.3781")),
    ("gated memory cell against vanishing gradients", ("title:Long Short-Term Memory",)),
    ("normalise over the features of a layer instead of the batch", ("1607.06450",)),
    ("weight decay decoupled from the adaptive gradient update", ("1711.05101",)),
    ("half precision training with loss scaling", ("1710.03740",)),
    ("train a small student on the soft targets of a large teacher", ("1503.02531",)),
    ("in-context learning from a few examples without gradient updates", ("2005.14165",)),
    ("every NLP task cast as text-to-text", ("1910.10683",)),
    ("permutation language modeling", ("1906.08237",)),
    ("share parameters across layers to make BERT smaller", ("1909.11942",)),
    ("shortcut connections make very deep networks trainable", ("1512.03385",)),
    ("reparameterization trick", ("1312.6114",)),
    ("post-training quantization of GPT weights", ("2210.17323",)),
    ("sentence embeddings with siamese BERT for semantic similarity", ("1908.10084",)),
    ("how many training tokens per parameter is compute-optimal", ("2203.15556",)),
    ("loss follows a power law in model size, data and compute", ("2001.08361",)),
    ("sparse mixture of experts routing each token to one expert", ("2101.03961", "1701.06538")),
    # the distractor PDFs are still found for their own content
    ("document embeddings trained on citations", ("title:SPECTER",)),
    ("literature graph of Semantic Scholar", ("title:Construction of the Literature Graph",)),
]

#: The same kind of questions typed with typos: a word dropped, swapped or doubled letters.
MISSPELT: list[tuple[str, tuple[str, ...]]] = [
    ("atention is al you need", ("1706.03762",)),
    ("lorra", ("2106.09685",)),
    ("instrctgpt", ("2203.02155",)),
    ("robrta", ("1907.11692",)),
    ("chinchila", ("2203.15556",)),
    ("bret", ("1810.04805",)),
    ("transfromer-xl", ("1901.02860",)),
    ("switch tranformers", ("2101.03961",)),
    ("rotery position embeddings", ("2104.09864",)),
    ("low-rank adaptaion of large language models", ("2106.09685",)),
    ("masked langauge modeling pretraining objective", ("1810.04805",)),
    ("scaled dot-product atention with multiple heads", ("1706.03762",)),
    ("deep residual lerning for image recognition", ("1512.03385",)),
    ("outrageously large neural netwroks sparsely gated", ("1701.06538",)),
]


def build(home: Path, pdf_dir: Path) -> object:
    """The seeded library with the two fixture PDFs, indexed (reused when ``home`` has it)."""
    os.environ["PAPERDESK_HOME"] = str(home)
    from paperdesk.config import load_settings
    from paperdesk.library import Library
    from paperdesk.search.embedder import get_embedder
    from paperdesk.services import intake
    from paperdesk.services import search as svc

    lib = Library.open(load_settings())
    pdfs = sorted(pdf_dir.glob("*.pdf"))
    if not pdfs:
        sys.exit(f"no PDFs in {pdf_dir}")
    intake.add_pdfs(lib, pdfs)
    report = svc.index_library(lib, embedder=get_embedder(lib.settings))
    print(f"indexed {report.vectors} vectors (embedded {report.embedded})", file=sys.stderr)
    return lib


def expected_keys(lib: object, wanted: tuple[str, ...]) -> set[str]:
    from sqlalchemy import select

    from paperdesk.storage.models import Paper

    keys: set[str] = set()
    with lib.session() as s:  # type: ignore[attr-defined]
        for w in wanted:
            if w.startswith("title:"):
                stmt = select(Paper.key).where(Paper.title.ilike(w[6:] + "%"))
            else:
                stmt = select(Paper.key).where(Paper.arxiv_id == w)
            keys.update(s.scalars(stmt))
    return keys


def full_text_keys(lib: object) -> set[str]:
    """The papers added from the PDFs (the distractors)."""
    from sqlalchemy import select

    from paperdesk.storage.models import Paper

    with lib.session() as s:  # type: ignore[attr-defined]
        return set(s.scalars(select(Paper.key).where(Paper.parse_status == "parsed")))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--home", type=Path, help="keep the library here (reused when present)")
    ap.add_argument("--mode", default="hybrid", choices=["hybrid", "dense", "keyword"])
    ap.add_argument("--pdfs", type=Path, default=SHARED / "fixtures" / "pdfs")
    ap.add_argument("--show", type=int, default=0, help="print the top N keys of every question")
    args = ap.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="paperdesk-questions-"))
    lib = build(home, args.pdfs)

    from paperdesk.services import search as svc

    encoder = svc.query_encoder(lib)  # type: ignore[arg-type]
    full_text = full_text_keys(lib)
    for name, questions in (("questions", QUESTIONS), ("misspelt", MISSPELT)):
        ask(
            lib,
            name,
            questions,
            mode=args.mode,
            encoder=encoder,
            full_text=full_text,
            show=args.show,
        )
    lib.close()  # type: ignore[attr-defined]


def ask(
    lib: object,
    name: str,
    questions: list[tuple[str, tuple[str, ...]]],
    *,
    mode: str,
    encoder: object,
    full_text: set[str],
    show: int,
) -> None:
    """The rank of the wanted paper for every question, then the totals."""
    from paperdesk.services import search as svc

    ranks: list[int | None] = []
    intruded = asked = 0
    print(f"\n{'rank':>4}  {name:<66} expected")
    for question, wanted in questions:
        keys = expected_keys(lib, wanted)
        hits = svc.search(lib, question, k=10, mode=mode, embedder=encoder)  # type: ignore[arg-type]
        got = [h.key for h in hits]
        rank = next((i + 1 for i, k in enumerate(got) if k in keys), None)
        ranks.append(rank)
        if not keys & full_text:
            asked += 1
            intruded += any(k in full_text for k in got[: (rank or 11) - 1])
        label = ", ".join(sorted(keys)) or f"(not in library: {', '.join(wanted)})"
        print(f"{rank or '-':>4}  {question[:66]:<66} {label}")
        if show:
            print(f"{'':>6}top: {', '.join(got[:show])}")
    n = len(ranks)
    top1 = sum(r == 1 for r in ranks)
    top3 = sum(r is not None and r <= 3 for r in ranks)
    mrr = statistics.mean(1 / r if r else 0.0 for r in ranks)
    print(f"\n{name}, {mode}: top-1 {top1}/{n}, top-3 {top3}/{n}, MRR@10 {mrr:.3f}")
    print(f"a full-text paper ranked above the wanted one: {intruded}/{asked} questions")


if __name__ == "__main__":
    main()
