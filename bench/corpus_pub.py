"""Publisher layouts typeset by the real classes: acmart, IEEEtran (conference and journal),
llncs, elsarticle (preprint and a ScienceDirect-like first page) and revtex4-2."""

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

CORREF = "\\corref{cor1}"
TNOTE = "\\tnoteref{pub}"


def _day_month(rng: random.Random) -> tuple[int, str]:
    return rng.randint(1, 28), MONTHS_L[rng.randrange(12)]


@layout
def acm(paper: Paper, rng: random.Random) -> tuple[str, dict]:
    year = venue_year(paper, rng)
    fmt = rng.choice(["sigconf", "sigconf", "acmsmall", "sigplan"])
    doi = f"10.1145/{rng.randint(3500000, 3700000)}.{rng.randint(3500000, 3700000)}"
    conf = rng.choice(
        [
            ("KDD", "ACM SIGKDD Conference on Knowledge Discovery and Data Mining", 1994),
            (
                "SIGIR",
                "International ACM SIGIR Conference on Research and Development in "
                "Information Retrieval",
                1977,
            ),
            ("WWW", "ACM Web Conference", 1991),
            ("CHI", "CHI Conference on Human Factors in Computing Systems", 1982),
        ]
    )
    short = f"{conf[0]} '{year % 100:02d}"
    top = (
        f"\\acmConference[{short}]{{Proceedings of the {year - conf[2]}th {conf[1]}}}"
        f"{{August 6--10, {year}}}{{Long Beach, CA, USA}}\n"
        f"\\acmBooktitle{{Proceedings of the {year - conf[2]}th {conf[1]} ({short}), "
        f"August 6--10, {year}, Long Beach, CA, USA}}\n"
    )
    if fmt == "acmsmall":
        top = (
            f"\\acmJournal{{TOIS}}\\acmVolume{{{year - 1982}}}\\acmNumber{{2}}"
            f"\\acmArticle{{{rng.randint(1, 60)}}}\\acmMonth{{{rng.randint(1, 12)}}}\n"
        )
    authors = "\n".join(
        f"\\author{{{tex(a)}}}\n\\affiliation{{\\institution{{{tex(paper.affils[i % 4][1])}}}"
        f"\\city{{{tex(paper.affils[i % 4][2].split(',')[0])}}}"
        f"\\country{{{tex(paper.affils[i % 4][3])}}}}}\n\\email{{{paper.email(i)}}}"
        for i, a in enumerate(paper.authors)
    )
    src = (
        "\\PassOptionsToPackage{expansion=false}{microtype}\n"
        f"\\documentclass[{fmt}]{{acmart}}\n\\usepackage[T1]{{fontenc}}\\usepackage{{lmodern}}\n"
        + top
        + f"\\acmYear{{{year}}}\\copyrightyear{{{year}}}\\acmDOI{{{doi}}}\n"
        "\\acmISBN{979-8-4007-0103-0/23/08}\\setcopyright{acmlicensed}\n"
        f"\\begin{{document}}\n\\title{{{tex(paper.title)}}}\n{authors}\n"
        f"\\begin{{abstract}}{tex(paper.abstract[:900])}\\end{{abstract}}\n"
        "\\keywords{machine learning, retrieval}\n\\maketitle\n"
        + body(paper, rng)
        + "\\end{document}\n"
    )
    return src, truth(paper, year, doi)


@layout
def ieee_conf(paper: Paper, rng: random.Random) -> tuple[str, dict]:
    year = venue_year(paper, rng)
    pubid = rng.random() < 0.6
    blocks = "\n\\and\n".join(
        f"\\IEEEauthorblockN{{{tex(a)}}}\n\\IEEEauthorblockA{{\\textit{{"
        f"{tex(paper.affils[i % 4][0] or 'Research Division')}}} \\\\ "
        f"\\textit{{{tex(paper.affils[i % 4][1])}}}\\\\ {tex(paper.affils[i % 4][2])} \\\\ "
        f"{paper.email(i)}}}"
        for i, a in enumerate(paper.authors[:6])
    )
    paper.authors = paper.authors[:6]
    stamp = ""
    if pubid:
        isbn = f"979-8-3503-{rng.randint(1000, 9999)}-{rng.randint(0, 9)}/{year % 100:02d}"
        stamp = (
            f"\\IEEEpubid{{\\makebox[\\columnwidth]{{{isbn}/\\$31.00~\\copyright{year} IEEE"
            "\\hfill}\\hspace{\\columnsep}\\makebox[\\columnwidth]{ }}\n"
        )
    src = (
        "\\documentclass[conference]{IEEEtran}\n\\IEEEoverridecommandlockouts\n"
        + preamble(paper, rng)
        + f"\\begin{{document}}\n\\title{{{title_tex(paper)}}}\n\\author{{{blocks}}}\n"
        "\\maketitle\n"
        + stamp
        + f"\\begin{{abstract}}{tex(paper.abstract[:900])}\\end{{abstract}}\n"
        "\\begin{IEEEkeywords}deep learning, representation\\end{IEEEkeywords}\n"
        + body(paper, rng)
        + "\\end{document}\n"
    )
    return src, truth(paper, year if pubid else paper.stamp_year)


@layout
def ieee_journal(paper: Paper, rng: random.Random) -> tuple[str, dict]:
    year = paper.year + rng.choice([0, 1, 1])
    journal = rng.choice(
        [
            ("IEEE TRANSACTIONS ON PATTERN ANALYSIS AND MACHINE INTELLIGENCE", "TPAMI"),
            ("IEEE TRANSACTIONS ON NEURAL NETWORKS AND LEARNING SYSTEMS", "TNNLS"),
            ("IEEE TRANSACTIONS ON IMAGE PROCESSING", "TIP"),
        ]
    )
    month = MONTHS_L[rng.randrange(12)].upper()
    grades = ["", "", "Member", "Senior Member", "Student Member", "Fellow"]
    names = []
    for a in paper.authors:
        g = rng.choice(grades)
        names.append(tex(a) + (f",~\\IEEEmembership{{{g},~IEEE}}" if g else ""))
    doi = (
        f"10.1109/{journal[1]}.{year}.{rng.randint(3000000, 3999999)}"
        if rng.random() < 0.5
        else None
    )
    d, m = _day_month(rng)
    thanks = (
        f"Manuscript received {m} {d}, {year - 1}; revised {MONTHS_L[rng.randrange(12)]} "
        f"{rng.randint(1, 28)}, {year - 1}. (Corresponding author: {tex(paper.authors[0])}.)"
    )
    if doi:
        thanks += f" Digital Object Identifier {doi}"
    src = (
        "\\documentclass[journal]{IEEEtran}\n"
        + preamble(paper, rng)
        + f"\\begin{{document}}\n\\title{{{title_tex(paper)}}}\n"
        f"\\author{{{', '.join(names[:-1])}{' and ' if len(names) > 1 else ''}{names[-1]}"
        f"\\thanks{{{thanks}}}}}\n"
        f"\\markboth{{{journal[0]}, VOL. {year - 1978}, NO. {rng.randint(1, 12)}, {month} {year}}}"
        f"{{Short title}}\n\\maketitle\n"
        f"\\begin{{abstract}}{tex(paper.abstract[:900])}\\end{{abstract}}\n"
        "\\begin{IEEEkeywords}deep learning, representation\\end{IEEEkeywords}\n"
        + body(paper, rng)
        + "\\end{document}\n"
    )
    return src, truth(paper, year, doi)


@layout
def lncs(paper: Paper, rng: random.Random) -> tuple[str, dict]:
    year = venue_year(paper, rng)
    published = rng.random() < 0.5
    inst = [sorted({i % 3 + 1, rng.randint(1, 3)}) for i in range(len(paper.authors))]
    names = " \\and ".join(
        f"{tex(a)}\\inst{{{','.join(map(str, inst[i]))}}}"
        + ("\\orcidID{0000-0002-1825-0097}" if rng.random() < 0.3 else "")
        for i, a in enumerate(paper.authors)
    )
    institutes = " \\and ".join(
        f"{tex(paper.affils[k][1])}, {tex(paper.affils[k][2])}, {tex(paper.affils[k][3])}"
        f" \\email{{{paper.email(k)}}}"
        for k in range(3)
    )
    doi = None
    footer = ""
    if published:
        conf = rng.choice(["ECCV", "MICCAI", "ECML PKDD", "ICANN"])
        chapter = f"{rng.randint(10000, 99999)}-{rng.randint(0, 9)}_{rng.randint(1, 40)}"
        doi = f"10.1007/978-3-031-{chapter}"
        footer = (
            "{\\let\\thefootnote\\relax\\footnotetext{\\copyright{} The Author(s), under exclusive "
            f"license to Springer Nature Switzerland AG {year}\\\\ A. Editor et al. (Eds.): "
            f"{conf} {year}, LNCS {rng.randint(13000, 15000)}, pp. {rng.randint(1, 500)}--"
            f"{rng.randint(501, 900)}, {year}.\\\\ https://doi.org/{tex(doi)}}}}}\n"
        )
    src = (
        "\\documentclass[runningheads]{llncs}\n"
        + preamble(paper, rng)
        + f"\\begin{{document}}\n\\title{{{title_tex(paper)}}}\n\\author{{{names}}}\n"
        f"\\authorrunning{{{tex(paper.authors[0])} et al.}}\n\\institute{{{institutes}}}\n"
        "\\maketitle\n"
        + footer
        + f"\\begin{{abstract}}{tex(paper.abstract[:900])}\n\\keywords{{learning \\and vision}}"
        "\\end{abstract}\n" + body(paper, rng) + "\\end{document}\n"
    )
    return src, truth(paper, year if published else paper.stamp_year, doi)


@layout
def elsevier(paper: Paper, rng: random.Random) -> tuple[str, dict]:
    journal = rng.choice(
        [
            ("Pattern Recognition", "j.patcog", "0031-3203"),
            ("Neural Networks", "j.neunet", "0893-6080"),
            ("Information Sciences", "j.ins", "0020-0255"),
        ]
    )
    year = paper.year + rng.choice([0, 1])
    published = rng.random() < 0.5
    opts = rng.choice(["preprint,12pt", "preprint,review,12pt", "5p,twocolumn"])
    letters = "abcd"
    authors = "\n".join(
        f"\\author[{letters[i % 3]}{',' + letters[3] if i == 0 and rng.random() < 0.4 else ''}]"
        f"{{{tex(a)}{CORREF if i == 0 else ''}}}" + (f"\\ead{{{paper.email(i)}}}" if i == 0 else "")
        for i, a in enumerate(paper.authors)
    )
    addrs = "\n".join(f"\\address[{letters[k]}]{{{paper.affil(k, ', ')}}}" for k in range(4))
    d, m = _day_month(rng)
    doi = None
    head = ""
    if published:
        vol = rng.randint(100, 160)
        art = rng.randint(100000, 111111)
        doi = f"10.1016/{journal[1]}.{year}.{art}"
        foot = (
            f"https://doi.org/{doi}\\\\ Received {d} {m} {year - 1}; Accepted "
            f"{rng.randint(1, 28)} {MONTHS_L[rng.randrange(12)]} {year}\\\\ "
            f"{journal[2]}/\\copyright{{}} {year} Elsevier Ltd. All rights reserved."
        )
        # ScienceDirect's first page: the journal line above, the DOI and dates below
        head = (
            "\\makeatletter\\def\\ps@pprintTitle{\\def\\@oddhead{\\hfil\\parbox[t]{0.8\\textwidth}"
            f"{{\\centering\\large {journal[0]} {vol} ({year}) {art}\\\\[2pt]\\normalsize "
            "Contents lists available at ScienceDirect}\\hfil}\\let\\@evenhead\\@oddhead"
            "\\def\\@oddfoot{\\parbox[t]{\\textwidth}{\\footnotesize "
            + foot
            + "}}\\let\\@evenfoot\\@oddfoot}\\makeatother\n"
        )
    src = (
        f"\\documentclass[{opts}]{{elsarticle}}\n"
        + preamble(paper, rng)
        + f"\\journal{{{journal[0]}}}\n\\renewcommand{{\\today}}{{{m} {d}, {year}}}\n"
        + head
        + "\\begin{document}\n\\begin{frontmatter}\n"
        + f"\\title{{{title_tex(paper)}{TNOTE if published else ''}}}\n"
        + (f"\\tnotetext[pub]{{Published version: https://doi.org/{doi}}}\n" if published else "")
        + f"{authors}\n\\cortext[cor1]{{Corresponding author}}\n{addrs}\n"
        f"\\begin{{abstract}}{tex(paper.abstract[:900])}\\end{{abstract}}\n"
        "\\begin{keyword}deep learning \\sep representation\\end{keyword}\n"
        "\\end{frontmatter}\n" + body(paper, rng) + "\\end{document}\n"
    )
    return src, truth(paper, year, doi)


@layout
def revtex(paper: Paper, rng: random.Random) -> tuple[str, dict]:
    d, m = _day_month(rng)
    year = paper.year
    authors = "\n".join(
        f"\\author{{{tex(a)}}}\n\\affiliation{{{paper.affil(i % 3, ', ')}}}"
        + (f"\\email{{{paper.email(i)}}}" if i == 0 else "")
        for i, a in enumerate(paper.authors)
    )
    dated = rng.random() < 0.7
    src = (
        "\\documentclass[aps,prl,twocolumn,superscriptaddress]{revtex4-2}\n"
        + preamble(paper, rng)
        + f"\\begin{{document}}\n\\title{{{tex(paper.title)}}}\n{authors}\n"
        + (f"\\date{{{m} {d}, {year}}}\n" if dated else "\\date{}\n")
        + f"\\begin{{abstract}}{tex(paper.abstract[:900])}\\end{{abstract}}\n\\maketitle\n"
        + body(paper, rng, footnote=False)
        + "\\end{document}\n"
    )
    return src, truth(paper, year if dated else paper.stamp_year)
