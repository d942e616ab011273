"""Metadata from real PDFs against ground truth: how often each field is found and agrees.

    python bench/metadata.py [--pdfs DIR ...] [--truth DIR] [--set dev|heldout] [--show]
    python bench/metadata.py --corpus /tmp/corpus --set dev      # pages of bench/corpus.py

PDFs: every ``*.pdf`` in each ``--pdfs DIR``; by default the two CC-BY papers of
../shared/fixtures/pdfs plus every PDF a truth file names (publisher templates' sample papers
under /usr/share/doc/texlive-doc, when installed). Ground truth, merged per PDF:

- ``NAME.tei.xml`` beside ``NAME.pdf`` (GROBID): title, authors, year, DOI, reference count
  (``listBibl/biblStruct``);
- JSON files in ``--truth`` (default ``bench/truth``) with a ``"pdf"`` path (absolute, or
  relative to the repository) and any of ``title``, ``authors``, ``year``, ``doi``, ``venue``,
  ``arxiv_id``, ``references``, ``set``. A key set to null means "not printed": it is
  scored as found-or-not only.

``--corpus DIR`` reads a folder written by ``bench/corpus.py`` (first pages typeset by the
publisher classes from real arXiv records, a JSON truth file beside each PDF) and also scores
each layout. Tune on its ``dev`` set; measure ``heldout`` once.

Per field: found = share of PDFs with a value; agrees = share of the PDFs whose truth has a
value where ours matches (titles and venues fuzzily, authors by surname, the rest exactly);
"found, none printed" = a value where the truth says the page prints none (a false find).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
FIXTURES = ROOT.parent / "shared" / "fixtures" / "pdfs"
TRUTH = ROOT / "bench" / "truth"
FIELDS = ("title", "first author", "authors", "year", "doi", "venue", "arxiv_id")
TEI = "{http://www.tei-c.org/ns/1.0}"


def tei_truth(path: Path) -> dict[str, Any]:
    """Title, authors, year, DOI and reference count of a GROBID TEI file."""
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    out: dict[str, Any] = {}
    title = root.find(f".//{TEI}titleStmt/{TEI}title")
    if title is not None and (title.text or "").strip():
        out["title"] = title.text.strip()
    head = root.find(f".//{TEI}sourceDesc/{TEI}biblStruct")
    if head is not None:
        names = []
        for pers in head.findall(f"{TEI}analytic/{TEI}author/{TEI}persName"):
            parts = [e.text or "" for e in pers if e.tag in (f"{TEI}forename", f"{TEI}surname")]
            if parts:
                names.append(" ".join(p for p in parts if p))
        if names:
            out["authors"] = names
        date = head.find(f".//{TEI}imprint/{TEI}date")
        if date is not None and (m := re.search(r"\d{4}", date.get("when") or date.text or "")):
            out["year"] = int(m[0])
        doi = head.find(f".//{TEI}idno[@type='DOI']")
        if doi is not None and doi.text:
            out["doi"] = doi.text.strip().lower()
    bibl = root.find(f".//{TEI}listBibl")
    if bibl is not None:
        out["references"] = len(bibl.findall(f"{TEI}biblStruct"))
    return out


def load_truth(
    pdfs: list[Path], truth_dir: Path, only_set: str | None, *, named: bool
) -> dict[Path, dict]:
    """Truth per PDF: for ``pdfs``, and (``named``) for every PDF a truth file names."""
    truth: dict[Path, dict[str, Any]] = {p.resolve(): {} for p in pdfs}
    for path in sorted(truth_dir.glob("*.json")) if truth_dir.is_dir() else []:
        data = json.loads(path.read_text())
        pdf = Path(data.get("pdf") or path.name.split(".")[0] + ".pdf")
        pdf = (pdf if pdf.is_absolute() else ROOT / pdf).resolve()
        if not pdf.exists() or (pdf not in truth and not named):
            continue
        entry = truth.setdefault(pdf, {})
        entry.update({k: v for k, v in data.items() if k not in ("pdf",) and "_how" not in k})
    for pdf in list(truth):
        tei = pdf.with_suffix("").with_suffix(".tei.xml")
        if tei.exists():
            truth[pdf] = {**tei_truth(tei), **truth[pdf]}
    if only_set:
        truth = {p: t for p, t in truth.items() if t.get("set", "dev") == only_set}
    return truth


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("LaTeX", "latex").replace("LATEX", "latex")
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def surname(name: str) -> str:
    toks = norm(name).split()
    toks = [t for t in toks if t not in ("jr", "sr", "ii", "iii")]
    return toks[-1] if toks else ""


def agrees(name: str, ours: Any, truth: Any) -> bool:
    from rapidfuzz import fuzz

    if ours in (None, [], ""):
        return False
    if name == "title":
        return fuzz.ratio(norm(ours), norm(truth)) >= 90
    if name == "venue":
        return fuzz.token_set_ratio(norm(ours), norm(truth)) >= 85
    if name == "first author":
        return surname(ours[0]) == surname(truth[0])
    if name == "authors":
        return [surname(a) for a in ours] == [surname(a) for a in truth]
    if name == "arxiv_id":
        return ours == truth or ours.split("v")[0] == truth
    if name == "doi":
        return ours.lower() == truth.lower()
    return ours == truth


@dataclass
class Tally:
    papers: int = 0
    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    truth: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    agree: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    # found although the truth says the page prints none (a placeholder DOI, a cited one)
    extra: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    refs: list[tuple[int, int]] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def _value(meta: dict[str, Any], name: str) -> Any:
    if name == "first author":
        return meta["authors"][:1] or None
    return meta.get(name) or None


def _said_none(truth: dict[str, Any], name: str) -> bool:
    key = "authors" if name == "first author" else name
    return key in truth and truth[key] is None


def _truth_value(truth: dict[str, Any], name: str) -> Any:
    if name == "first author":
        return truth.get("authors", [])[:1] or None
    return truth.get(name)


def run(truth: dict[Path, dict[str, Any]], show: bool) -> dict[str, Tally]:
    """One tally for all PDFs ("all") and one per truth set ("dev", "heldout", …)."""
    from paperdesk.parse.document import PdfProblem, parse_pdf

    tallies: dict[str, Tally] = {"all": Tally()}
    for pdf, want in sorted(truth.items()):
        try:
            result = parse_pdf(pdf)
        except PdfProblem as exc:
            tallies["all"].misses.append(f"{pdf.name}: cannot parse ({exc.reason})")
            continue
        group = [tallies.setdefault(want.get("set", "dev"), Tally())]
        if want.get("layout"):  # a bench/corpus.py page: also by its layout
            group.append(tallies.setdefault(f"{want.get('set', 'dev')}:{want['layout']}", Tally()))
        for tally in (tallies["all"], *group):
            _score(tally, pdf, want, result)
        if show:
            print(pdf.name, json.dumps(result["metadata"], ensure_ascii=False))
    return tallies


def _score(tally: Tally, pdf: Path, want: dict[str, Any], result: dict[str, Any]) -> None:
    tally.papers += 1
    meta = result["metadata"]
    for name in FIELDS:
        ours = _value(meta, name)
        tally.found[name] += ours is not None
        expected = _truth_value(want, name)
        if expected in (None, [], ""):
            if ours is not None and _said_none(want, name):
                tally.extra[name] += 1
                tally.misses.append(f"{pdf.name} {name}: ours {ours!r}, truth: none printed")
            continue
        tally.truth[name] += 1
        if agrees(name, ours, expected):
            tally.agree[name] += 1
        else:
            tally.misses.append(f"{pdf.name} {name}: ours {ours!r}, truth {expected!r}")
    if isinstance(want.get("references"), int):
        tally.refs.append((len(result["references"]), want["references"]))


def _table(title: str, tally: Tally) -> None:
    print(f"{title} ({tally.papers} PDFs)")
    print(f"{'field':<14}{'found':>12}{'agrees':>16}{'found, none printed':>22}")
    for name in FIELDS:
        found = f"{tally.found[name]}/{tally.papers}"
        n = tally.truth[name]
        agree = f"{tally.agree[name]}/{n} ({100 * tally.agree[name] / n:.0f}%)" if n else "-"
        print(f"{name:<14}{found:>12}{agree:>16}{tally.extra[name]:>22}")


def report(tallies: dict[str, Tally], seconds: float, quiet: bool = False) -> None:
    tally = tallies["all"]
    print(f"{tally.papers} PDFs parsed in {seconds:.1f} s")
    sets = sorted(name for name in tallies if name != "all" and ":" not in name)
    for name in ["all"] + (sets if len(sets) > 1 else []):
        _table(f"set {name}", tallies[name])
    if tally.refs:
        within = sum(abs(ours - true) <= 0.1 * true for ours, true in tally.refs)
        ours_total = sum(o for o, _ in tally.refs)
        true_total = sum(t for _, t in tally.refs)
        print(
            f"references: {ours_total} entries found of {true_total} true over "
            f"{len(tally.refs)} PDFs; within ±10% of the true count: {within}/{len(tally.refs)} "
            f"({100 * within / len(tally.refs):.0f}%)"
        )
    groups = [name for name in tallies if name != "all"]
    if len(groups) > 1:
        print("agrees, by truth set and layout:")
        print(f"{'group':<24}{'PDFs':>5}" + "".join(f"{n[:12]:>14}" for n in FIELDS))
        for name in sorted(groups):
            t = tallies[name]
            cells = [f"{t.agree[f]}/{t.truth[f]}" if t.truth[f] else "-" for f in FIELDS]
            print(f"{name:<24}{t.papers:>5}" + "".join(f"{c:>14}" for c in cells))
    if tally.misses and not quiet:
        print("disagreements:")
        for miss in tally.misses:
            print("  " + miss)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pdfs", type=Path, action="append", default=[])
    ap.add_argument("--truth", type=Path, default=TRUTH)
    ap.add_argument("--set", dest="only_set", help="only this truth set (dev, heldout, ...)")
    ap.add_argument(
        "--corpus", type=Path, help="a bench/corpus.py folder: its PDFs and its truth files"
    )
    ap.add_argument("--quiet", action="store_true", help="no list of disagreements")
    ap.add_argument("--show", action="store_true", help="print each PDF's metadata")
    args = ap.parse_args()
    if args.corpus:
        args.pdfs.append(args.corpus)
        args.truth = args.corpus
    named = not args.pdfs
    pdfs: list[Path] = []
    for folder in args.pdfs:
        pdfs += sorted(folder.glob("*.pdf"))
    if named and FIXTURES.is_dir():
        pdfs += sorted(FIXTURES.glob("*.pdf"))
    truth = load_truth(pdfs, args.truth, args.only_set, named=named)
    start = time.perf_counter()
    tallies = run(truth, args.show)
    report(tallies, time.perf_counter() - start, args.quiet)


if __name__ == "__main__":
    main()
