"""Parse throughput: the whole parse stage against bare ``page.get_text()``.

    python bench/parse.py [--copies 8] [--synthetic 4]

PDFs: the two real papers of ../shared/fixtures/pdfs (when present) and some generated
two-column papers, each copied ``--copies`` times (copies are distinct files, as in a library).
Timed, each as a whole run from a cold start of its worker processes:

- ``get_text``: open each PDF and call ``page.get_text()`` on every page, in this process;
- ``workers``: the parse itself in 1 worker process and in the default number (one per core,
  at most 4), results shipped back as JSON: layout analysis, headings, passages, references;
- ``parse_papers``: the service on a throwaway library, i.e. the above plus hashing every file,
  writing sections, passages (with the FTS index), references and citation links.

Also prints how the parses of the two real papers agree with GROBID and S2ORC.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
FIXTURES = ROOT.parent / "shared" / "fixtures" / "pdfs"
REAL = ["2020.acl-main.207.pdf", "N18-3011.pdf"]


def make_files(folder: Path, copies: int, synthetic: int) -> list[Path]:
    from tests.parse.pdfs import build_paper

    sources = [FIXTURES / name for name in REAL if (FIXTURES / name).exists()]
    for i in range(synthetic):
        sources.append(build_paper(folder / f"synthetic{i}.pdf", paragraphs=4 + 3 * i).path)
    files = []
    for src in sources:
        for c in range(copies):
            dst = folder / f"{src.stem}-{c}.pdf"
            shutil.copyfile(src, dst)
            with dst.open("ab") as fh:  # distinct bytes, same document
                fh.write(f"\n% copy {c}\n".encode())
            files.append(dst)
    return files


def cpu() -> float:
    """CPU seconds of this process and of its finished children (the workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one call."""
    wall, used = time.perf_counter(), cpu()
    fn()
    return time.perf_counter() - wall, cpu() - used


def bare(files: list[Path]) -> int:
    import pymupdf

    pages = 0
    for f in files:
        with pymupdf.open(f) as doc:
            for page in doc:
                page.get_text()
                pages += 1
    return pages


def workers(files: list[Path], n: int) -> None:
    from paperdesk.parse.worker import WorkerPool

    with WorkerPool(timeout=120, memory_mb=2048, workers=n) as pool:
        for _, result in pool.map(enumerate(files)):
            assert result["ok"], result


def library(files: list[Path], home: Path) -> object:
    from paperdesk.config import load_settings
    from paperdesk.library import Library
    from paperdesk.paths import pdf_target, stored_pdf_path
    from paperdesk.services.parse import sha256_file
    from paperdesk.storage.models import Paper

    os.environ["PAPERDESK_HOME"] = str(home)
    lib = Library.open(load_settings(), seed=False)
    with lib.session() as s:
        for i, f in enumerate(files):
            key = f"2112.{i + 1:05d}"
            target = pdf_target(lib.settings, key)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, target)
            s.add(
                Paper(
                    key=key,
                    arxiv_id=key,
                    title=f.stem,
                    pdf_path=stored_pdf_path(lib.settings, target),
                    pdf_sha256=sha256_file(target),
                )
            )
    return lib


def service(lib: object) -> None:
    from paperdesk.services.parse import parse_papers

    report = parse_papers(lib)  # type: ignore[arg-type]
    assert report.counts()["failed"] == 0, report.counts()


def agreement_table() -> None:
    from tests.parse.agreement import agreement

    from paperdesk.parse.document import parse_pdf

    present = [FIXTURES / n for n in REAL if (FIXTURES / n).exists()]
    if not present:
        print("\n(../shared/fixtures/pdfs absent: no agreement figures)")
        return
    print(
        f"\n{'paper':<22} {'title':>5} {'abstract':>12} {'main sec.':>9} {'all sec.':>9} "
        f"{'refs (S2ORC)':>12} {'entries':>7} {'arXiv ids':>9}"
    )
    for path in present:
        a = agreement(parse_pdf(path), path)
        print(
            f"{path.stem:<22} {'yes' if a.title else 'no':>5} "
            f"{a.abstract[0]:>5.2f}/{a.abstract[1]:<5.2f} "
            f"{a.sections_main[0]:>4}/{a.sections_main[1]:<4} "
            f"{a.sections_all[0]:>4}/{a.sections_all[1]:<4} "
            f"{a.references[0]:>6}/{a.references[1]:<5} {a.entries:>7} "
            f"{a.arxiv[0]:>4}/{a.arxiv[1]:<4}"
        )
    print(
        "abstract: share of our words in S2ORC's / of S2ORC's words in ours; sections: "
        "S2ORC numbered sections found with the same number and name"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=16)
    ap.add_argument("--synthetic", type=int, default=4)
    args = ap.parse_args()
    from paperdesk.parse.worker import default_workers

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pdfs"
        folder.mkdir()
        files = make_files(folder, args.copies, args.synthetic)
        pages = bare(files)  # also warms the file cache
        base = min((timed(lambda: bare(files)) for _ in range(3)), key=lambda t: t[0])
        n = default_workers(len(files))
        rows = [("get_text (bare, in process)", 1, base)]
        rows.append(("workers: parse", 1, timed(lambda: workers(files, 1))))
        if n > 1:
            rows.append(("workers: parse", n, timed(lambda: workers(files, n))))
        lib = library(files, Path(tmp) / "home")
        rows.append(("parse_papers (+hash, DB, FTS)", n, timed(lambda: service(lib))))
        load = os.getloadavg()[0]
        print(f"{len(files)} PDFs, {pages} pages, {os.cpu_count()} cores, load {load:.1f}\n")
        print(
            f"{'stage':<30} {'procs':>5} {'wall s':>7} {'pages/s':>8} {'vs bare':>8} "
            f"{'CPU s':>7} {'pages/CPU-s':>11} {'vs bare':>8}"
        )
        for name, procs, (wall, used) in rows:
            print(
                f"{name:<30} {procs:>5} {wall:>7.2f} {pages / wall:>8.0f} {base[0] / wall:>8.2f} "
                f"{used:>7.2f} {pages / used:>11.0f} {base[1] / used:>8.2f}"
            )
    agreement_table()


if __name__ == "__main__":
    main()
