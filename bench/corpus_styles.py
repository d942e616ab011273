"""The layouts of ``bench/corpus.py``: each turns a paper into LaTeX source and the truth of
what its first page prints (title, authors, year, DOI; None where it prints none)."""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

MONTHS = "January February March April May June July August September October November December"
MONTHS_L = MONTHS.split()
AFFILIATIONS = [
    ("Department of Computer Science", "Stanford University", "Stanford, CA", "USA"),
    ("", "Google Research", "Mountain View, CA", "USA"),
    ("", "Google DeepMind", "London", "United Kingdom"),
    ("School of Computer Science", "Carnegie Mellon University", "Pittsburgh, PA", "USA"),
    ("Department of Computer Science and Technology", "Tsinghua University", "Beijing", "China"),
    ("", "Max Planck Institute for Intelligent Systems", "Tübingen", "Germany"),
    ("Informatics Institute", "University of Amsterdam", "Amsterdam", "The Netherlands"),
    ("", "Microsoft Research", "Redmond, WA", "USA"),
    ("", "Meta AI", "Paris", "France"),
    ("Department of Engineering", "University of Cambridge", "Cambridge", "United Kingdom"),
    ("", "Mila -- Québec AI Institute", "Montréal, QC", "Canada"),
    ("Department of Electrical Engineering", "KAIST", "Daejeon", "South Korea"),
    ("", "ETH Zürich", "Zürich", "Switzerland"),
    ("Institute of Automation", "Chinese Academy of Sciences", "Beijing", "China"),
    ("", "Allen Institute for AI", "Seattle, WA", "USA"),
    ("Faculty of Informatics", "Università della Svizzera italiana", "Lugano", "Switzerland"),
    ("", "NVIDIA", "Santa Clara, CA", "USA"),
    ("Paul G. Allen School", "University of Washington", "Seattle, WA", "USA"),
    ("", "The University of Tokyo", "Tokyo", "Japan"),
    ("", "Inria", "Grenoble", "France"),
]
TEMPLATE_TITLES = [
    "Formatting Instructions for NeurIPS 2023",
    "Submission and Formatting Instructions for ICML 2023",
    "Instructions for *ACL Proceedings",
    "Paper Title (use style: paper title)",
]
CATEGORIES = ["cs.CL", "cs.LG", "cs.CV", "stat.ML", "cs.AI", "cs.IR", "cs.RO"]
CITED = [
    ("Vaswani et al.", 2017),
    ("Devlin et al.", 2019),
    ("Brown et al.", 2020),
    ("He et al.", 2016),
    ("Kingma and Ba", 2015),
    ("Radford et al.", 2021),
    ("Hochreiter and Schmidhuber", 1997),
    ("LeCun et al.", 1998),
]


def tex(text: str) -> str:
    """Plain text safe for LaTeX."""
    repl = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "$": r"\$", "~": r"\~{}"}
    repl |= {"^": r"\^{}", "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "<": "$<$"}
    repl |= {">": "$>$"}
    return "".join(repl.get(ch, ch) for ch in text)


def ascii_word(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z]", "", "".join(c for c in text if not unicodedata.combining(c)).lower())


@dataclass
class Paper:
    title: str
    authors: list[str]
    year: int  # of the first arXiv version
    abstract: str
    arxiv_id: str  # versioned, as stamped
    stamp: str | None  # the margin stamp's text, when stamped
    caps: bool  # set the title in capitals
    info: str  # "none", "right" or "stale": what \hypersetup puts in the Info dict
    cite_dois: bool  # running text and a footnote cite other papers' DOIs and years
    affils: list[tuple[str, str, str, str]]
    title_mark: bool = False  # a raised mark after the title (a funding note)
    title_break: bool = False  # the title broken by hand across two lines

    @classmethod
    def draw(cls, rng: random.Random, rec: dict, authors: list[str]) -> Paper:
        base = rec["id"].split("v")[0]
        version = rng.choice([1, 1, 2, 2, 3, 4])
        yymm = base.split(".")[0]
        year = (1900 if int(yymm[:2]) >= 91 else 2000) + int(yymm[:2])
        month = int(yymm[2:])
        later = month + (rng.randint(0, 16) if version > 1 else rng.randint(0, 0))
        s_year, s_month = year + (later - 1) // 12, (later - 1) % 12 + 1
        stamp = (
            f"arXiv:{base}v{version}  [{rng.choice(CATEGORIES)}]  "
            f"{rng.randint(1, 28)} {MONTHS_L[s_month - 1][:3]} {s_year}"
        )
        n = rng.choice([len(authors)] * 3 + [min(len(authors), rng.randint(1, 4))])
        return cls(
            title=rec["title"],
            authors=authors[:n],
            year=year,
            abstract=rec["abstract"],
            arxiv_id=f"{base}v{version}",
            stamp=stamp if rng.random() < 0.5 else None,
            caps=rng.random() < 0.12,
            info=rng.choices(["none", "right", "stale"], [0.65, 0.27, 0.08])[0],
            cite_dois=rng.random() < 0.4,
            affils=rng.sample(AFFILIATIONS, 4),
            title_mark=rng.random() < 0.15,
            title_break=rng.random() < 0.25,
        )

    @property
    def stamp_year(self) -> int | None:
        return self.year if self.stamp else None

    def email(self, i: int) -> str:
        name = self.authors[i % len(self.authors)].split()
        domain = ascii_word(self.affils[i % len(self.affils)][1].split()[0]) or "mail"
        return f"{ascii_word(name[0])[:1]}{ascii_word(name[-1])}@{domain}.edu"

    def affil(self, i: int, sep: str = r" \\ ") -> str:
        dept, inst, city, country = self.affils[i % len(self.affils)]
        return sep.join(tex(p) for p in (dept, inst, f"{city}, {country}") if p)


def preamble(paper: Paper, rng: random.Random) -> str:
    """Fonts, and \\hypersetup as authors leave it (empty, right, or the template's)."""
    out = "\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n"
    out += "\\usepackage{" + rng.choice(["times", "lmodern", "mathptmx"]) + "}\n"
    out += "\\usepackage{amsmath}\\usepackage{url}\n"
    if paper.info == "right":
        names = " and ".join(paper.authors)
        out += (
            "\\usepackage[hidelinks]{hyperref}\n"
            f"\\hypersetup{{pdftitle={{{tex(paper.title)}}},pdfauthor={{{tex(names)}}}}}\n"
        )
    elif paper.info == "stale":
        stale = rng.choice(TEMPLATE_TITLES)
        out += (
            "\\usepackage[hidelinks]{hyperref}\n"
            f"\\hypersetup{{pdftitle={{{tex(stale)}}},pdfauthor={{Anonymous Authors}}}}\n"
        )
    return out


def title_tex(paper: Paper) -> str:
    words = paper.title.split()
    if paper.title_break and len(words) >= 6:
        half = len(words) // 2
        t = tex(" ".join(words[:half])) + " \\\\ " + tex(" ".join(words[half:]))
    else:
        t = tex(paper.title)
    t = f"\\MakeUppercase{{{t}}}" if paper.caps else t
    return t + ("\\textsuperscript{$\\star$}" if paper.title_mark else "")


def body(paper: Paper, rng: random.Random, *, footnote: bool = True) -> str:
    """An introduction that cites other papers (their years, and sometimes DOIs)."""
    who, when = rng.choice(CITED)
    who2, when2 = rng.choice(CITED)
    text = f"Recent work \\cite{{a}} builds on {who} ({when}) and on {who2} [{when2}]. " + tex(
        paper.abstract[:700]
    )
    if footnote and paper.cite_dois:
        text += (
            "\\footnote{We follow the protocol of "
            f"{who} ({when}); see https://doi.org/10.18653/v1/N{when % 100:02d}-1423 "
            "and the data at https://doi.org/10.5281/zenodo.4567"
            f"{rng.randint(100, 999)}.}}"
        )
    text += " " + tex(paper.abstract[700:1500])
    return (
        "\\section{Introduction}\n"
        + text
        + "\n\n\\begin{thebibliography}{9}\\bibitem{a} A. Author and B. Author. "
        f"Another paper. In \\emph{{Proceedings of ACL {when}}}, {when}. "
        f"doi:10.1000/cited.{when}\\end{{thebibliography}}\n"
    )


def truth(paper: Paper, year: int | None, doi: str | None = None) -> dict:
    return {"title": paper.title, "authors": paper.authors, "year": year, "doi": doi}


Layout = Callable[[Paper, random.Random], tuple[str, dict]]
LAYOUTS: dict[str, Layout] = {}


def layout(fn: Layout) -> Layout:
    LAYOUTS[fn.__name__] = fn
    return fn


from bench import corpus_conf, corpus_more, corpus_pub  # noqa: E402,F401  (they register their layouts)
