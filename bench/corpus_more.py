"""More layouts for ``bench/corpus.py``: a Springer journal's first page (svjour3 is not in
TeX Live: a look-alike), PMLR/AISTATS, CVF open-access (CVPR/ICCV) and AAAI."""

from __future__ import annotations

import random

from bench.corpus_conf import venue_year
from bench.corpus_styles import (
    MONTHS_L,
    Paper,
    body,
    layout,
    preamble,
    tex,
    title_tex,
    truth,
)

DOT = " $\\cdot$ "


def _date(rng: random.Random, year: int) -> str:
    return f"{rng.randint(1, 28)} {MONTHS_L[rng.randrange(12)]} {year}"


@layout
def springer_journal(paper: Paper, rng: random.Random) -> tuple[str, dict]:
    """ "Machine Learning (2023) 112:345–367" above, names separated by dots, the
    Received/Accepted line and "© The Author(s)" below."""
    year = paper.year + rng.choice([0, 1])
    journal, code = rng.choice(
        [("Machine Learning", "s10994"), ("International Journal of Computer Vision", "s11263")]
    )
    doi = f"10.1007/{code}-{year % 100:02d}{rng.randint(1000, 9999)}-{rng.randint(0, 9)}"
    vol, p0 = rng.randint(100, 130), rng.randint(1, 900)
    names = DOT.join(
        tex(a) + (f"\\textsuperscript{{{i % 2 + 1}}}" if rng.random() < 0.5 else "")
        for i, a in enumerate(paper.authors)
    )
    src = (
        "\\documentclass[10pt]{article}\n"
        + preamble(paper, rng)
        + "\\usepackage[a4paper,margin=2.4cm]{geometry}\n\\pagestyle{plain}\n"
        "\\begin{document}\n\\noindent{\\small " + f"{journal} ({year}) {vol}:{p0}--{p0 + 22}"
        f"\\\\ https://doi.org/{doi}}}\\vskip 12pt\n"
        f"{{\\raggedright\\LARGE\\bf {title_tex(paper)}\\par}}\\vskip 10pt\n"
        f"\\noindent{{\\large {names}}}\\vskip 8pt\n"
        f"\\noindent{{\\small Received: {_date(rng, year - 1)} / Revised: {_date(rng, year - 1)}"
        f" / Accepted: {_date(rng, year)}\\\\ \\copyright{{}} The Author(s) {year}}}\\vskip 10pt\n"
        f"\\noindent{{\\small\\bf Abstract}} {{\\small {tex(paper.abstract[:900])}}}\n\n"
        "{\\let\\thefootnote\\relax\\footnotetext{Editor: A. Editor. \\\\ "
        f"\\Letter{{}} {tex(paper.authors[0])} \\\\ {paper.email(0)} \\\\ "
        f"$^1$ {paper.affil(0, ', ')}}}}}\n" + body(paper, rng) + "\\end{document}\n"
    ).replace("\\Letter{}", "")
    return src, truth(paper, year, doi)


@layout
def pmlr(paper: Paper, rng: random.Random) -> tuple[str, dict]:
    """COLT's header ("Proceedings of Machine Learning Research vol 195:1–30, 2023") or
    AISTATS's footnote; names flush left with the e-mail on the right."""
    year = venue_year(paper, rng)
    colt = rng.random() < 0.5
    blocks = "\n".join(
        f"\\noindent\\textbf{{{tex(a)}}} \\hfill \\texttt{{{paper.email(i)}}}\\\\"
        f"{paper.affil(i, ', ')}\\vskip 6pt"
        for i, a in enumerate(paper.authors)
    )
    head = foot = ""
    if colt:
        head = (
            f"\\noindent{{\\small Proceedings of Machine Learning Research vol {year - 1828}:"
            f"1--{rng.randint(20, 40)}, {year} \\hfill {year - 1987}th Annual Conference on "
            "Learning Theory}\\vskip 20pt\n"
        )
    else:
        foot = (
            "{\\let\\thefootnote\\relax\\footnotetext{Proceedings of the "
            f"{year - 1997}th International Conference on Artificial Intelligence and "
            f"Statistics (AISTATS) {year}, Valencia, Spain. PMLR: Volume {year - 1817}. "
            f"Copyright {year} by the author(s).}}}}\n"
        )
    src = (
        "\\documentclass[11pt]{article}\n"
        + preamble(paper, rng)
        + "\\usepackage[letterpaper,margin=1in]{geometry}\n\\begin{document}\n"
        + head
        + f"{{\\centering\\LARGE\\bf {title_tex(paper)}\\par}}\\vskip 20pt\n{blocks}\n"
        "\\vskip 10pt\\noindent{\\small Editors: A. Editor and B. Editor}\\vskip 10pt\n"
        + foot
        + f"\\begin{{center}}\\bf Abstract\\end{{center}}\n{{\\small {tex(paper.abstract[:900])}}}"
        "\n\n" + body(paper, rng) + "\\end{document}\n"
    )
    return src, truth(paper, year)


@layout
def cvf(paper: Paper, rng: random.Random) -> tuple[str, dict]:
    """CVF's open-access watermark names the conference and year; an author grid below a
    centred title; no other date on the page."""
    year = venue_year(paper, rng)
    conf = rng.choice(["CVPR", "ICCV", "WACV"])
    mark = (
        f"This {conf} {year} paper is the Open Access version, provided by the Computer "
        "Vision Foundation. Except for this watermark, it is identical to the accepted "
        "version; the final published version of the proceedings is available on IEEE "
        "Xplore."
    )
    cells = " \\and ".join(
        f"{tex(a)}\\\\ {paper.affil(i, ', ')}\\\\ {{\\tt\\small {paper.email(i)}}}"
        for i, a in enumerate(paper.authors[:8])
    )
    paper.authors = paper.authors[:8]
    src = (
        "\\documentclass[10pt,twocolumn,letterpaper]{article}\n"
        + preamble(paper, rng)
        + "\\usepackage[letterpaper,margin=0.8in,top=1in]{geometry}\n"
        "\\usepackage{fancyhdr}\\pagestyle{fancy}\\fancyhf{}\\renewcommand{\\headrulewidth}{0pt}"
        "\\fancyhead[C]{\\parbox{\\textwidth}{\\centering\\scriptsize\\color{gray} "
        f"{mark}}}}}"
        "\\fancyfoot[C]{\\thepage}\n\\usepackage{xcolor}\n"
        "\\makeatletter\\renewcommand{\\@maketitle}{\\newpage\\null\\vskip .375in\\begin{center}"
        "{\\Large\\bf \\@title\\par}\\vskip .5in{\\large\\lineskip .5em\\begin{tabular}[t]{c}"
        "\\@author\\end{tabular}\\par}\\vskip .5in\\end{center}}\\makeatother\n"
        f"\\title{{{title_tex(paper)}}}\n\\author{{{cells}}}\n"
        "\\begin{document}\\maketitle\\thispagestyle{fancy}\n"
        f"\\begin{{abstract}}{tex(paper.abstract[:900])}\\end{{abstract}}\n"
        + body(paper, rng)
        + "\\end{document}\n"
    )
    return src, truth(paper, year)


@layout
def aaai(paper: Paper, rng: random.Random) -> tuple[str, dict]:
    """Names on one centred line with superscript affiliation numbers, the affiliations
    below, and AAAI's copyright footnote in the left column."""
    year = venue_year(paper, rng)
    names = ", ".join(
        f"{tex(a)}\\textsuperscript{{{i % 3 + 1}}}" for i, a in enumerate(paper.authors)
    )
    affs = "\\\\ ".join(f"\\textsuperscript{{{k + 1}}}{paper.affil(k, ', ')}" for k in range(3))
    src = (
        "\\documentclass[letterpaper,twocolumn]{article}\n"
        + preamble(paper, rng)
        + "\\usepackage[letterpaper,margin=0.75in,columnsep=0.33in]{geometry}\n"
        "\\begin{document}\n\\twocolumn[{\\begin{center}"
        f"{{\\LARGE\\bf {title_tex(paper)}\\par}}\\vskip 12pt{{\\large\\bf {names}}}\\\\[6pt]"
        f"{affs}\\\\ {paper.email(0)}, {paper.email(1)}\\end{{center}}\\vskip 18pt}}]\n"
        "{\\let\\thefootnote\\relax\\footnotetext{Copyright \\copyright{} "
        f"{year}, Association for the Advancement of Artificial Intelligence (www.aaai.org). All "
        "rights reserved.}}\n"
        f"\\begin{{center}}\\bf Abstract\\end{{center}}{{\\small {tex(paper.abstract[:900])}}}\n\n"
        + body(paper, rng)
        + "\\end{document}\n"
    )
    return src, truth(paper, year)
