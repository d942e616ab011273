"""Reference lists on real PDFs: entries found against the true count, and parsed titles.

    python bench/references.py [PDF_OR_FOLDER ...] [--truth DIR] [--refextract] [--labels]
                               [--bib FILE.bib[.gz]]

Ground truth for a PDF, whichever is there: a GROBID TEI beside it (``X.tei.xml``: its
``listBibl/biblStruct`` entries, their titles and raw text), a truth JSON beside it
(``X.json`` with ``"references": N``), or a file in ``--truth`` (default ``bench/truth``) whose
``"pdf"`` names it (or whose name starts with its stem) and that has ``"references": N``.
Without arguments: every PDF those truth files name, and ``../shared/fixtures/pdfs``.
With ``--labels``, a PDF with none of these counts when its plain text (PyMuPDF's own reading,
not ours) has, after its last References/Bibliography line, the labels ``[1]`` … ``[N]`` at line
starts, each once and in order: then N is its truth (numbered lists of any PDF collection,
e.g. ``python bench/references.py --labels /usr/share/doc/texlive-doc``).

With ``--bib``, titles are also scored against a BibTeX file the PDFs were made from (the
acmart samples' ``sample-base.bib.gz``): an entry whose text holds a .bib title must have parsed
exactly that title.

Prints, per paper, entries found and true, and whether within ±10%; then the share of papers
within ±10%, the mean count recall (min(found, true) / true), and on the TEI papers how often
the parsed title of an entry equals GROBID's. ``--refextract`` also scores refextract's titles
on the same entries (it must be importable).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "fixtures" / "pdfs"
TEI_NS = {"t": "http://www.tei-c.org/ns/1.0"}
sys.path.insert(0, str(ROOT / "src"))


@dataclass
class TeiEntry:
    raw: str  # GROBID's raw_reference
    title: str
    year: int | None
    surname: str  # first author's


@dataclass
class Truth:
    count: int
    source: str
    entries: list[TeiEntry] = field(default_factory=list)  # from a TEI


def tei_truth(path: Path) -> Truth:
    from xml.etree import ElementTree

    def text(node: object) -> str:
        return "".join(node.itertext()) if node is not None else ""  # type: ignore[attr-defined]

    root = ElementTree.parse(path)
    entries = []
    bibls = root.findall(".//t:listBibl/t:biblStruct", TEI_NS)
    for b in bibls:
        title = b.find("t:analytic/t:title", TEI_NS)
        if title is None:
            title = b.find("t:monogr/t:title", TEI_NS)
        date = b.find(".//t:imprint/t:date[@when]", TEI_NS)
        when = date.get("when", "")[:4] if date is not None else ""
        entries.append(
            TeiEntry(
                text(b.find("t:note[@type='raw_reference']", TEI_NS)),
                text(title),
                int(when) if when.isdigit() else None,
                text(b.find(".//t:author/t:persName/t:surname", TEI_NS)),
            )
        )
    return Truth(len(bibls), "tei", entries)


def truth_files(folder: Path) -> dict[str, Truth]:
    """PDF path (or stem) → truth, from every truth JSON with a reference count."""
    out: dict[str, Truth] = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        data = json.loads(path.read_text())
        if isinstance(data.get("references"), int):
            key = data.get("pdf") or path.name.split(".")[0]
            out[key] = Truth(data["references"], f"truth/{path.name}")
    return out


def find_truth(pdf: Path, files: dict[str, Truth]) -> Truth | None:
    tei = pdf.with_suffix(".tei.xml")
    if tei.exists():
        return tei_truth(tei)
    beside = pdf.with_suffix(".json")
    if beside.exists():
        data = json.loads(beside.read_text())
        if isinstance(data, dict) and isinstance(data.get("references"), int):
            return Truth(data["references"], beside.name)
    return files.get(str(pdf)) or files.get(pdf.stem)


def label_truth(pdf: Path) -> Truth | None:
    import re

    import pymupdf

    try:
        with pymupdf.open(str(pdf)) as doc:
            if doc.page_count > 40:
                return None
            text = "\n".join(page.get_text() for page in doc)
    except Exception:  # a broken file has no truth; the parse reports it
        return None
    heads = [text.rfind(f"\n{h}\n") for h in ("References", "REFERENCES", "Bibliography")]
    if max(heads) < 0:
        return None
    labels = [int(n) for n in re.findall(r"^\[(\d{1,3})\]", text[max(heads) :], re.M)]
    if len(labels) < 5 or labels != list(range(1, len(labels) + 1)):
        return None
    return Truth(len(labels), "labels")


def norm(text: str) -> str:
    from paperdesk.parse.refparse import title_norm

    return title_norm(text) or ""


@dataclass
class FieldScores:
    """Of the TEI entries with the field, how many of ours agree (refextract: titles only)."""

    titles: list[int] = field(default_factory=lambda: [0, 0, 0])  # total, ours, refextract
    years: list[int] = field(default_factory=lambda: [0, 0])
    authors: list[int] = field(default_factory=lambda: [0, 0])  # first author's surname in ours

    def add(self, refs: list[dict], truth: Truth, refextract: bool) -> None:
        from rapidfuzz import fuzz, process

        from paperdesk.keys import words

        texts = [norm(r["text"]) for r in refs]
        for e in truth.entries:
            best = process.extractOne(norm(e.raw), texts, scorer=fuzz.ratio) if texts else None
            ref = refs[best[2]] if best is not None and best[1] >= 60 else None
            if e.title.strip():
                self.titles[0] += 1
                if ref is not None:
                    want = norm(e.title)
                    self.titles[1] += fuzz.ratio(norm(ref.get("title") or ""), want) >= 90
                    if refextract:
                        got = norm(_refextract_title(ref["text"]))
                        self.titles[2] += fuzz.ratio(got, want) >= 90
            if e.year is not None:
                self.years[0] += 1
                self.years[1] += ref is not None and ref.get("year") == e.year
            if e.surname.strip():
                self.authors[0] += 1
                first = ((ref or {}).get("authors") or [""])[0]
                # GROBID's surname (all its words: "Van Gysel") is in our first author's name
                self.authors[1] += bool(first) and set(words(e.surname)) <= set(words(first))


def bib_titles(path: Path) -> list[str]:
    import gzip
    import re

    import bibtexparser

    if path.suffix == ".gz":
        with gzip.open(path, "rt") as fh:
            raw = fh.read()
    else:
        raw = path.read_text()
    out = []
    for entry in bibtexparser.parse_string(raw).entries:
        field_ = entry.fields_dict.get("title")
        key = norm(re.sub(r"[{}\\]", "", field_.value)) if field_ else ""
        if len(key) > 10:
            out.append(key)
    return out


def bib_scores(refs: list[dict], titles: list[str]) -> tuple[int, int]:
    """(entries holding a .bib title, of them with exactly that title parsed)."""
    held = same = 0
    for ref in refs:
        text = norm(ref["text"])
        found = [t for t in titles if t in text]
        if found:
            held += 1
            same += norm(ref.get("title") or "") == max(found, key=len)
    return held, same


def _refextract_title(text: str) -> str:
    from refextract import extract_references_from_string

    found = extract_references_from_string(text)
    titles = [t for r in found for t in r.get("title", [])]
    return titles[0] if titles else ""


def pdfs_of(args: list[str], files: dict[str, Truth]) -> list[Path]:
    if not args:
        named = [Path(k) for k in files if k.endswith(".pdf") and Path(k).exists()]
        shared = sorted(SHARED.glob("*.pdf")) if SHARED.is_dir() else []
        return sorted(set(named)) + shared
    out: list[Path] = []
    for a in args:
        p = Path(a)
        out += sorted(p.rglob("*.pdf")) if p.is_dir() else [p]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdfs", nargs="*")
    ap.add_argument("--truth", type=Path, default=ROOT / "bench" / "truth")
    ap.add_argument("--refextract", action="store_true", help="also score refextract's titles")
    ap.add_argument("--labels", action="store_true", help="truth from printed [n] labels too")
    ap.add_argument("--bib", type=Path, help="score titles against this BibTeX file too")
    args = ap.parse_args()
    from paperdesk.parse.document import PdfProblem, parse_pdf

    files = truth_files(args.truth)
    rows = []
    scores = FieldScores()
    bib = bib_titles(args.bib) if args.bib else []
    bibbed = [0, 0]
    started = time.perf_counter()
    print(f"{'paper':44} {'found':>5} {'true':>5}  ±10%  truth")
    for pdf in pdfs_of(args.pdfs, files):
        truth = find_truth(pdf, files) or (label_truth(pdf) if args.labels else None)
        if truth is None:
            continue
        try:
            refs = parse_pdf(pdf)["references"]
        except PdfProblem as exc:
            print(f"{pdf.name[:44]:44} failed: {exc.reason}")
            continue
        found, true = len(refs), truth.count
        ok = abs(found - true) <= 0.1 * true if true else found == 0
        recall = min(found, true) / true if true else 1.0
        rows.append((ok, recall))
        print(f"{pdf.name[:44]:44} {found:5d} {true:5d}  {'yes' if ok else 'NO ':4} {truth.source}")
        if truth.entries:
            scores.add(refs, truth, args.refextract)
        if bib:
            for i, n in enumerate(bib_scores(refs, bib)):
                bibbed[i] += n
    if not rows:
        print("no PDF with ground truth")
        return 1
    within = sum(ok for ok, _ in rows) / len(rows)
    recall = sum(r for _, r in rows) / len(rows)
    print(f"\npapers: {len(rows)}  within ±10% of the true count: {within:.0%}")
    print(f"mean count recall: {recall:.1%}   ({time.perf_counter() - started:.1f} s)")
    t, y, a = scores.titles, scores.years, scores.authors
    if t[0]:
        print(f"fields on the TEI papers (GROBID's parse as truth, {t[0]} entries):")
        print(f"  title {t[1] / t[0]:.1%}", end="")
        print(f" (refextract {t[2] / t[0]:.1%})" if args.refextract else "", end="")
        print(f"   year {y[1] / max(1, y[0]):.1%}   first author {a[1] / max(1, a[0]):.1%}")
    if bibbed[0]:
        share = bibbed[1] / bibbed[0]
        print(f"titles against {args.bib.name}: {bibbed[1]}/{bibbed[0]} = {share:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
