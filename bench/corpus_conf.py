"""Look-alikes of the ML conference styles (NeurIPS, ICLR, ICML, ACL) and a plain arXiv
preprint: the same title block, author block and first-page notices as the real .sty files,
which TeX Live does not ship."""

from __future__ import annotations

import random

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

AND = " \\And "
QUAD = " \\quad "


def venue_year(paper: Paper, rng: random.Random) -> int:
    """A conference's year: the preprint's, or the next one for a paper posted in autumn."""
    month = int(paper.arxiv_id[2:4])
    return paper.year + (1 if month >= 9 and rng.random() < 0.6 else 0)


def _marks(rng: random.Random) -> str:
    return rng.choice(
        [
            "",
            "",
            "\\thanks{Equal contribution.}",
            "$^{*}$",
            "$^{\\dagger}$",
            "\\thanks{Work done while at Google.}",
        ]
    )


@layout
def neurips(paper: Paper, rng: random.Random) -> tuple[str, dict]:
    year = venue_year(paper, rng)
    accepted = rng.random() < 0.6
    if accepted:
        name = "NeurIPS" if year >= 2018 else "NIPS"
        n = year - 1986
        suf = {1: "st", 2: "nd", 3: "rd"}.get(n % 10 if n % 100 not in (11, 12, 13) else 0, "th")
        notice = f"{n}{suf} Conference on Neural Information Processing Systems ({name} {year})."
    else:
        notice = rng.choice(["Preprint. Under review.", "Preprint."])
    blocks = []
    for i, a in enumerate(paper.authors):
        blocks.append(
            f"{tex(a)}{_marks(rng) if i < 2 else ''} \\\\ {paper.affil(i)} \\\\ "
            f"\\texttt{{{paper.email(i)}}}"
        )
    sep = rng.choice([" \\And ", " \\AND "]) if len(blocks) <= 3 else " \\And "
    src = (
        "\\documentclass{article}\n"
        + preamble(paper, rng)
        + "\\usepackage[letterpaper,textwidth=5.5in,textheight=9in,top=1in]{geometry}\n"
        "\\makeatletter\n"
        "\\renewcommand{\\@maketitle}{\\vbox{\\hsize\\textwidth\\linewidth\\hsize\\vskip 0.1in"
        "\\hrule height 4pt\\vskip 0.25in\\centering{\\LARGE\\bf \\@title\\par}\\vskip 0.29in"
        "\\hrule height 1pt\\vskip 0.09in"
        "\\def\\And{\\end{tabular}\\hfil\\linebreak[0]\\hfil\\begin{tabular}[t]{c}\\bf"
        "\\rule{\\z@}{24pt}\\ignorespaces}"
        "\\def\\AND{\\end{tabular}\\hfil\\linebreak[4]\\hfil\\begin{tabular}[t]{c}\\bf"
        "\\rule{\\z@}{24pt}\\ignorespaces}"
        "\\begin{tabular}[t]{c}\\bf\\rule{\\z@}{24pt}\\@author\\end{tabular}\\vskip 0.3in}}\n"
        "\\makeatother\n"
        f"\\title{{{title_tex(paper)}}}\n\\author{{{sep.join(blocks)}}}\n"
        "\\begin{document}\\maketitle\n"
        f"{{\\let\\thefootnote\\relax\\footnotetext{{{notice}}}}}\n"
        "\\begin{center}\\large\\bf Abstract\\end{center}\n"
        f"\\begin{{quote}}{tex(paper.abstract[:900])}\\end{{quote}}\n"
        + body(paper, rng)
        + "\\end{document}\n"
    )
    return src, truth(paper, year if accepted else paper.stamp_year)


@layout
def iclr(paper: Paper, rng: random.Random) -> tuple[str, dict]:
    year = venue_year(paper, rng)
    kind = rng.choice(["published", "published", "review", "workshop"])
    header = {
        "published": f"Published as a conference paper at ICLR {year}",
        "review": f"Under review as a conference paper at ICLR {year}",
        "workshop": f"Published at the ICLR {year} Workshop on Trustworthy ML",
    }[kind]
    names = [
        f"\\textbf{{{tex(a)}}}{_marks(rng) if i == 0 else ''}" for i, a in enumerate(paper.authors)
    ]
    groups = [names[i : i + 3] for i in range(0, len(names), 3)]
    blocks = []
    for g, group in enumerate(groups):
        who = ", ".join(group[:-1]) + (" \\& " if len(group) > 1 else "") + group[-1]
        mail = ", ".join(paper.email(3 * g + k) for k in range(len(group)))
        blocks.append(f"{who} \\\\ {paper.affil(g)} \\\\ \\texttt{{{mail}}}")
    src = (
        "\\documentclass{article}\n"
        + preamble(paper, rng)
        + "\\usepackage[letterpaper,textwidth=5.5in,textheight=9in,top=1in]{geometry}\n"
        "\\usepackage{fancyhdr}\\pagestyle{fancy}\\fancyhf{}\\renewcommand{\\headrulewidth}{0pt}"
        f"\\fancyhead[L]{{{header}}}\\fancyfoot[C]{{\\thepage}}\n"
        "\\makeatletter\n"
        "\\renewcommand{\\@maketitle}{\\vbox{\\hsize\\textwidth\\linewidth\\hsize\\vskip 0.1in"
        "{\\raggedright\\LARGE\\sc \\@title\\par}\\vskip 0.3in"
        "\\def\\And{\\end{tabular}\\hfil\\linebreak[0]\\hfil\\begin{tabular}[t]{l}\\ignorespaces}"
        "\\begin{flushleft}\\begin{tabular}[t]{l}\\@author\\end{tabular}\\end{flushleft}"
        "\\vskip 0.2in}}\n\\makeatother\n"
        f"\\title{{{title_tex(paper)}}}\n\\author{{{AND.join(blocks)}}}\n"
        "\\begin{document}\\maketitle\\thispagestyle{fancy}\n"
        "\\begin{center}\\large\\sc Abstract\\end{center}\n"
        f"\\begin{{quote}}{tex(paper.abstract[:900])}\\end{{quote}}\n"
        + body(paper, rng)
        + "\\end{document}\n"
    )
    # "under review" is no publication: the preprint's year when the stamp gives one
    return src, truth(paper, paper.stamp_year or year if kind == "review" else year)


@layout
def icml(paper: Paper, rng: random.Random) -> tuple[str, dict]:
    year = venue_year(paper, rng)
    accepted = rng.random() < 0.65
    n = year - 1983
    aff_of = [sorted({i % 3 + 1, rng.randint(1, 3)}) for i in range(len(paper.authors))]
    equal = rng.random() < 0.5
    names = []
    for i, a in enumerate(paper.authors):
        mark = ("*" if equal and i < 2 else "") + " ".join(str(k) for k in aff_of[i])
        names.append(f"{tex(a)}\\,\\textsuperscript{{{mark}}}")
    affs = " ".join(
        f"\\textsuperscript{{{k}}}{tex(paper.affils[k][1])}, {tex(paper.affils[k][2])}"
        for k in (1, 2, 3)
    )
    corr = f"{tex(paper.authors[0])} $<${paper.email(0)}$>$"
    if accepted:
        proc = (
            f"\\textit{{Proceedings of the {n}th International Conference on Machine "
            f"Learning}}, Vienna, Austria. PMLR {180 + year - 2022}, {year}. Copyright {year} "
            "by the author(s)."
        )
    else:
        proc = "Preprint. Under review."
    src = (
        "\\documentclass[twocolumn]{article}\n"
        + preamble(paper, rng)
        + "\\usepackage[letterpaper,textwidth=6.75in,textheight=9in,top=1in,columnsep=0.25in]"
        "{geometry}\n"
        "\\begin{document}\n\\twocolumn[\\vskip 0.1in\\hrule height 1pt\\vskip 0.25in"
        f"\\begin{{center}}{{\\Large\\bf {title_tex(paper)}\\par}}\\end{{center}}"
        "\\vskip 0.22in\\hrule height 1pt\\vskip 0.3in"
        f"\\begin{{center}}\\bf {QUAD.join(names)}\\end{{center}}\\vskip 0.3in]\n"
        "{\\let\\thefootnote\\relax\\footnotetext{"
        + ("\\textsuperscript{*}Equal contribution " if equal else "")
        + f"{affs}. Correspondence to: {corr}. \\\\ {proc}}}}}\n"
        "\\begin{center}\\large\\bf Abstract\\end{center}\n"
        f"{tex(paper.abstract[:900])}\n\n" + body(paper, rng) + "\\end{document}\n"
    )
    return src, truth(paper, year if accepted else paper.stamp_year)


@layout
def acl(paper: Paper, rng: random.Random) -> tuple[str, dict]:
    year = venue_year(paper, rng)
    kind = rng.choice(["acl", "emnlp", "findings", "preprint"])
    pages = rng.randint(100, 9000)
    month_days = {"acl": "July 9--14", "emnlp": "December 6--10", "findings": "July 9--14"}
    venue = {
        "acl": f"Proceedings of the {year - 1962}st Annual Meeting of the Association for "
        "Computational Linguistics (Volume 1: Long Papers)",
        "emnlp": f"Proceedings of the {year} Conference on Empirical Methods in Natural "
        "Language Processing",
        "findings": f"Findings of the Association for Computational Linguistics: ACL {year}",
    }.get(kind)
    footer = ""
    if venue:
        footer = (
            "{\\let\\thefootnote\\relax\\footnotetext{\\centering " + venue + f", pages "
            f"{pages}--{pages + 12}\\\\{month_days[kind]}, {year} \\copyright{year} Association "
            "for Computational Linguistics}}\n"
        )
    grid = rng.random() < 0.5 and len(paper.authors) <= 4
    if grid:
        blocks = [
            f"{tex(a)} \\\\ {paper.affil(i, ', ')} \\\\ \\texttt{{{paper.email(i)}}}"
            for i, a in enumerate(paper.authors)
        ]
        author = " \\And ".join(blocks)
    else:
        marked = [f"{tex(a)}$^{{{i % 2 + 1}}}$" for i, a in enumerate(paper.authors)]
        # a tabular cell does not wrap: four names a line, as ACL authors break them
        names = ", \\\\ ".join(", ".join(marked[i : i + 4]) for i in range(0, len(marked), 4))
        author = (
            f"{names} \\\\ $^1${paper.affil(0, ', ')} \\quad $^2${paper.affil(1, ', ')}"
            f" \\\\ \\texttt{{{paper.email(0)}}}"
        )
    src = (
        "\\documentclass[11pt,a4paper,twocolumn]{article}\n"
        + preamble(paper, rng)
        + "\\usepackage[a4paper,margin=2.5cm,columnsep=0.6cm]{geometry}\n"
        "\\makeatletter\n"
        "\\renewcommand{\\@maketitle}{\\vbox{\\hsize\\textwidth\\centering"
        "{\\Large\\bf \\@title\\par}\\vskip 0.3in"
        "\\def\\And{\\end{tabular}\\hfil\\linebreak[0]\\hfil\\begin{tabular}[t]{c}\\bf"
        "\\ignorespaces}"
        "\\begin{tabular}[t]{c}\\bf\\@author\\end{tabular}\\vskip 0.3in}}\n\\makeatother\n"
        f"\\title{{{title_tex(paper)}}}\n\\author{{{author}}}\n"
        "\\begin{document}\\maketitle\n" + footer + "\\begin{center}\\bf Abstract\\end{center}\n"
        f"{{\\small {tex(paper.abstract[:900])}}}\n\n" + body(paper, rng) + "\\end{document}\n"
    )
    return src, truth(paper, year if venue else paper.stamp_year)


@layout
def arxiv(paper: Paper, rng: random.Random) -> tuple[str, dict]:
    """A plain article with authblk: superscript affiliations, a date line or none."""
    dated = rng.choice(["none", "month", "full", "report"])
    month = MONTHS_L[int(paper.arxiv_id[2:4]) - 1]
    date = {
        "none": "",
        "month": f"{month} {paper.year}",
        "full": f"{month} {rng.randint(1, 28)}, {paper.year}",
        "report": f"Technical Report, {month} {paper.year}",
    }[dated]
    lines = []
    for i, a in enumerate(paper.authors):
        mark = f"{i % 3 + 1}" + (",*" if i == 0 and rng.random() < 0.5 else "")
        lines.append(f"\\author[{mark}]{{{tex(a)}}}")
    affs = "\n".join(f"\\affil[{k + 1}]{{{paper.affil(k, ', ')}}}" for k in range(3))
    src = (
        "\\documentclass[11pt]{article}\n"
        + preamble(paper, rng)
        + "\\usepackage[margin=1in]{geometry}\\usepackage{authblk}\n"
        f"\\title{{\\bf {title_tex(paper)}}}\n"
        + "\n".join(lines)
        + "\n"
        + affs
        + f"\n\\date{{{date}}}\n\\begin{{document}}\\maketitle\n"
        f"\\begin{{abstract}}{tex(paper.abstract[:900])}\\end{{abstract}}\n"
        + body(paper, rng)
        + "\\end{document}\n"
    )
    return src, truth(paper, paper.year if dated != "none" else paper.stamp_year)
