"""A corpus of real-layout papers with known reference counts, compiled by LaTeX with the
publishers' own classes and bibliography styles.

    python bench/refcorpus.py OUT_DIR [--split dev|held-out] [--n 40]
    python bench/references.py OUT_DIR/dev      # then score

Each paper takes a template (IEEEtran conference, acmart sigconf numbered or author-year,
llncs with splncs04, elsarticle numbered or Harvard, an ACL and an ICML look-alike with
natbib author-year, NeurIPS-style one column with unsrtnat, ...), 10–80 entries drawn from the
real arXiv records in ``../shared/data/arxiv-metadata`` (articles with a journal and DOI,
conference papers, arXiv preprints, books, reports), body text made of the records' abstracts
with citations, a table, and often an appendix after the references. Entries run across
columns and pages as they fall. The truth beside each ``X.pdf`` is ``X.json`` with
``"references"``: the number of ``\\bibitem`` in the ``.bbl`` BibTeX wrote.

The two splits draw from different seeds, and the held-out split also uses templates the dev
split never has (apalike, abbrvnat numbered, elsarticle 5p Harvard), so tuning on dev says
little about held-out by construction. Needs ``pdflatex`` and ``bibtex`` (texlive-publishers).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "arxiv-metadata"


@dataclass(frozen=True)
class Template:
    name: str
    preamble: str  # up to \begin{document}
    style: str  # \bibliographystyle
    front: str = "\\title{{{title}}}\\author{{{author}}}\\maketitle"
    before_bib: str = ""


_NATBIB_AY = "\\usepackage[authoryear,round]{natbib}"
_NATBIB_NUM = "\\usepackage[numbers,square]{natbib}"
_ACM_FRONT = (
    "\\title{{{title}}}\\author{{{author}}}\\affiliation{{\\institution{{Univ}}\\country{{X}}}}"
    "\\begin{{abstract}}{abstract}\\end{{abstract}}\\maketitle"
)
_ELS_FRONT = (
    "\\begin{{frontmatter}}\\title{{{title}}}\\author{{{names}}}"
    "\\begin{{abstract}}{abstract}\\end{{abstract}}\\end{{frontmatter}}"
)

DEV = [
    Template("ieee", "\\documentclass[conference]{IEEEtran}\\usepackage{cite}", "IEEEtran"),
    Template(
        "acm-num", "\\documentclass[sigconf,nonacm]{acmart}", "ACM-Reference-Format", _ACM_FRONT
    ),
    Template(
        "acm-ay",
        "\\documentclass[sigconf,nonacm]{acmart}\\citestyle{acmauthoryear}",
        "ACM-Reference-Format",
        _ACM_FRONT,
    ),
    Template(
        "lncs",
        "\\documentclass{llncs}",
        "splncs04",
        "\\title{{{title}}}\\author{{{author}}}\\institute{{Univ}}\\maketitle",
    ),
    Template("els-num", "\\documentclass[preprint,12pt]{elsarticle}", "elsarticle-num", _ELS_FRONT),
    Template(
        "acl",
        "\\documentclass[11pt,twocolumn]{article}\\usepackage{times}"
        "\\usepackage[margin=2.5cm]{geometry}" + _NATBIB_AY + "\\setlength{\\bibsep}{2pt}",
        "plainnat",
        before_bib="\\small",
    ),
    Template(
        "icml",
        "\\documentclass[10pt,twocolumn]{article}\\usepackage{times}"
        "\\usepackage[margin=2cm,columnsep=0.25in]{geometry}" + _NATBIB_AY,
        "plainnat",
        before_bib="\\small",
    ),
    Template(
        "neurips",
        "\\documentclass[10pt]{article}\\usepackage{times}"
        "\\usepackage[margin=1.5in]{geometry}" + _NATBIB_NUM,
        "unsrtnat",
        before_bib="\\small",
    ),
]
HELD_OUT = [
    *DEV,
    Template(
        "apalike",
        "\\documentclass[twocolumn]{article}\\usepackage{times}\\usepackage[margin=2cm]{geometry}",
        "apalike",
    ),
    Template(
        "abbrvnat-num",
        "\\documentclass[10pt,twocolumn]{article}"
        "\\usepackage[margin=1.8cm]{geometry}" + _NATBIB_NUM,
        "abbrvnat",
        before_bib="\\footnotesize",
    ),
    Template(
        "els-5p-harv", "\\documentclass[5p,authoryear]{elsarticle}", "elsarticle-harv", _ELS_FRONT
    ),
    Template(
        "dotted",
        "\\documentclass[twocolumn]{article}\\makeatletter"
        "\\renewcommand\\@biblabel[1]{#1.}\\makeatother",
        "unsrt",
    ),
    Template("alpha", "\\documentclass[11pt]{article}\\usepackage[margin=1in]{geometry}", "alpha"),
    Template("ieee-journal", "\\documentclass[journal]{IEEEtran}", "IEEEtran"),
]
# options a paper may take on top of its template: a review copy's line numbers, running
# headers, entries without space between them, URLs, and authors cited more than once
LINENO = "\\usepackage{lineno}\\linenumbers"
HEADERS = "\\usepackage{fancyhdr}\\pagestyle{fancy}\\fancyhead[L]{Preprint under review}"
TIGHT = (
    "\\makeatletter\\let\\oldbib\\thebibliography\\renewcommand\\thebibliography[1]"
    "{\\oldbib{#1}\\setlength{\\itemsep}{0pt}\\setlength{\\parskip}{0pt}}\\makeatother"
)

VENUES = [
    (
        "inproceedings",
        "Proceedings of the Annual Meeting of the Association for Computational Linguistics",
    ),
    ("inproceedings", "Advances in Neural Information Processing Systems"),
    ("inproceedings", "International Conference on Machine Learning"),
    (
        "inproceedings",
        "Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition",
    ),
    ("inproceedings", "International Conference on Learning Representations"),
    (
        "inproceedings",
        "Proceedings of the 2019 Conference on Empirical Methods in Natural Language Processing",
    ),
    ("article", "Physical Review D"),
    ("article", "Journal of Machine Learning Research"),
    ("article", "IEEE Transactions on Pattern Analysis and Machine Intelligence"),
    ("article", "Communications of the ACM"),
    ("article", "Nature"),
    ("article", "The Astrophysical Journal"),
]
PUBLISHERS = ["Springer", "MIT Press", "Cambridge University Press", "Elsevier"]
_SAFE = re.compile(r"[^A-Za-z0-9 ,.:;()'?!/\-]")


FLOAT = (
    "\\begin{figure*}[p]\\centering\\fbox{\\parbox{0.8\\textwidth}{\\small Encoder \\hfill "
    "Decoder \\hfill Softmax\\\\[4pt] 0.0 \\hfill 0.5 \\hfill 1.0}}\\caption{Overview of the "
    "model: the encoder reads the input and the decoder writes the output.}\\end{figure*}"
    "\\begin{table*}[p]\\centering\\caption{Ablations.}\\begin{tabular}{lccc}\\hline Setting & "
    "BLEU & ROUGE & Time\\\\\\hline full & 27.3 & 41.0 & 12 h\\\\ no attention & 22.1 & 35.2 & 9 h"
    "\\\\\\hline\\end{tabular}\\end{table*}"
)


def records() -> list[dict]:
    """Titles, authors, years and DOIs of real arXiv records (authors of the CS records, which
    have none, are borrowed from the other file)."""
    old = [json.loads(x) for x in (DATA / "kaggle_first2000.jsonl").open()]
    cs = [json.loads(x) for x in (DATA / "cs_1800.jsonl").open()]
    out = []
    for i, r in enumerate(old + cs):
        donor = r if r.get("authors") else old[i % len(old)]
        names = [n.strip() for n in re.split(r",|\band\b", donor["authors"]) if n.strip()]
        names = [n for n in names if re.fullmatch(r"[A-Za-z.\-' \\{}\"`~^]+", n)]
        if not names:
            continue
        year = int(r["year"]) if r.get("year") else 2007  # the old records are of 0704
        out.append(
            {
                "id": r["id"].split("v")[0] if "." in r["id"] else r["id"],
                "title": clean(r["title"]),
                "authors": names[:30],
                "year": year,
                "doi": r.get("doi"),
                "abstract": clean(r.get("abstract") or ""),
            }
        )
    return out


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", _SAFE.sub(" ", re.sub(r"\$[^$]*\$", "x", text))).strip()


def bib_entry(key: str, r: dict, rng: random.Random, authors: list[str] | None = None) -> str:
    kind = rng.random()
    f = {
        "title": "{" + r["title"] + "}" if rng.random() < 0.3 else r["title"],
        "author": " and ".join(authors or r["authors"]),
        "year": str(r["year"]),
    }
    if rng.random() < 0.15:
        f["url"] = f"https://example.org/papers/{r['id'].replace('/', '-')}/full-text.pdf"
    if kind < 0.25:
        typ = "misc"
        f["howpublished"] = f"arXiv preprint arXiv:{r['id']}"
        f["eprint"], f["archivePrefix"] = r["id"], "arXiv"
    elif kind < 0.85:
        typ, venue = rng.choice(VENUES)
        f["journal" if typ == "article" else "booktitle"] = venue
        if typ == "article":
            f["volume"], f["number"] = str(rng.randint(1, 120)), str(rng.randint(1, 12))
        first = rng.randint(1, 9000)
        f["pages"] = f"{first}--{first + rng.randint(5, 20)}"
        if r["doi"] and rng.random() < 0.7:
            f["doi"] = r["doi"]
    elif kind < 0.93:
        typ = "book"
        f["publisher"] = rng.choice(PUBLISHERS)
        f["address"] = "Berlin"
    else:
        typ = "techreport"
        f["institution"] = "University of Toronto"
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in f.items())
    return f"@{typ}{{{key},\n{body}\n}}\n"


def document(t: Template, recs: list[dict], rng: random.Random) -> tuple[str, str]:
    """The LaTeX source and the .bib of one paper."""
    n = rng.randint(10, 80)
    cited = rng.sample(recs, n + 1)
    own, refs = cited[0], cited[1:]
    keys = [f"r{i}" for i in range(n)]
    # a few authors cited twice (IEEEtran prints a dash for the repeated names)
    again = [refs[rng.randrange(n)]["authors"] if rng.random() < 0.1 else None for _ in refs]
    bib = "".join(bib_entry(k, r, rng, a) for k, r, a in zip(keys, refs, again, strict=True))
    extras = [x for x, p in ((LINENO, 0.2), (HEADERS, 0.3), (TIGHT, 0.2)) if rng.random() < p]
    if "acmart" in t.preamble or "elsarticle" in t.preamble:
        extras = [x for x in extras if x is not HEADERS]
    order = keys[:]
    rng.shuffle(order)
    paras, sections = (
        [],
        ["Introduction", "Related Work", "Method", "Experiments", "Discussion", "Conclusion"],
    )
    per = max(1, n // len(sections) + 1)
    for s, name in enumerate(sections):
        paras.append(f"\\section{{{name}}}")
        chunk = order[s * per : (s + 1) * per]
        for j in range(0, max(1, len(chunk)), 3):
            text = rng.choice(recs)["abstract"][:900] or "We study the problem."
            ks = chunk[j : j + 3]
            paras.append(text + (f" \\cite{{{','.join(ks)}}}." if ks else "") + "\n")
        if s == 3:
            paras.append(
                "\\begin{table}[t]\\centering\\caption{Results on the test set.}"
                "\\begin{tabular}{lrr}\\hline Model & Acc & F1\\\\\\hline Ours & 91.2 & 88.0\\\\"
                "Base & 87.5 & 84.1\\\\\\hline\\end{tabular}\\end{table}"
            )
    if rng.random() < 0.3:  # a float deferred to the reference pages, with its own text
        paras.append(FLOAT)
    if rng.random() < 0.3:
        paras.append("A last remark.\\footnote{" + rng.choice(recs)["abstract"][:200] + "}")
    if rng.random() < 0.2:
        paras.append(
            "\\providecommand{\\bibname}{}\\renewcommand{\\refname}{Bibliography}"
            "\\renewcommand{\\bibname}{Bibliography}"
        )
    appendix = "\\onecolumn" if rng.random() < 0.2 and "twocolumn" in t.preamble else ""
    if rng.random() < 0.6:
        appendix += "\\appendix\\section{Additional Proofs}" + " ".join(
            rng.choice(recs)["abstract"][:700] for _ in range(rng.randint(1, 4))
        )
    front = t.front.format(
        title=own["title"],
        author=" \\and ".join(own["authors"][:3]),
        names=", ".join(own["authors"][:3]),
        abstract=own["abstract"][:600],
    )
    hyper = "\\usepackage{url}" if "acmart" not in t.preamble else ""
    src = (
        f"{t.preamble}{hyper}{''.join(extras)}\n\\begin{{document}}\n{front}\n"
        + "\n".join(paras)
        + f"\n{t.before_bib}\\bibliographystyle{{{t.style}}}\\bibliography{{refs}}\n"
        + appendix
        + "\n\\end{document}\n"
    )
    return src, bib


def compile_one(src: str, bib: str, out: Path) -> int | None:
    """The PDF at ``out`` and its number of \\bibitem, or None when LaTeX failed."""
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        (d / "paper.tex").write_text(src)
        (d / "refs.bib").write_text(bib)
        run = {"cwd": d, "capture_output": True, "timeout": 120}
        latex = ["pdflatex", "-interaction=nonstopmode", "paper.tex"]
        subprocess.run(latex, **run)
        subprocess.run(["bibtex", "paper"], **run)
        subprocess.run(latex, **run)
        subprocess.run(latex, **run)
        pdf, bbl = d / "paper.pdf", d / "paper.bbl"
        log = (d / "paper.log").read_text(errors="replace") if pdf.exists() else ""
        if not bbl.exists() or re.search(r"^! ", log, re.M):
            return None
        count = len(re.findall(r"\\bibitem\b", bbl.read_text(errors="replace")))
        shutil.copy(pdf, out)
        return count


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--split", choices=("dev", "held-out"), default="dev")
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, help="another draw of the split (default: its own)")
    args = ap.parse_args()
    templates = DEV if args.split == "dev" else HELD_OUT
    rng = random.Random(args.seed or (1 if args.split == "dev" else 7919))
    recs = records()
    out = args.out / args.split
    out.mkdir(parents=True, exist_ok=True)
    made = 0
    for i in range(args.n):
        t = templates[i % len(templates)]
        src, bib = document(t, recs, rng)
        name = f"{t.name}-{i:03d}"
        count = compile_one(src, bib, out / f"{name}.pdf")
        if count is None:
            print(f"{name}: LaTeX failed")
            continue
        (out / f"{name}.json").write_text(json.dumps({"references": count, "template": t.name}))
        (out / f"{name}.tex").write_text(src)
        made += 1
        print(f"{name}: {count} references")
    print(f"{made} papers in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
