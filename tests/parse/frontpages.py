"""First pages in the layouts real papers use, written with PyMuPDF: an arXiv preprint with
the rotated margin stamp, ACM sigconf (author grid, DOI footnote, ACM Reference Format), an
IEEE journal (upper-case running header, "Member, IEEE"), Springer LNCS (superscript
affiliation marks, "(Eds.):" footer), ICLR (ALL-CAPS title, "Published as a conference paper"
header), NeurIPS (venue footnote) and ICML (names separated only by their marks). Each page
is followed by a page of body text, so that running headers repeat as in a real file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.parse.pdfs import sentence, wrap

W, H = 612.0, 792.0


@dataclass
class Front:
    """What a test page prints, as a reader would type it into a reference manager."""

    path: Path
    title: str
    authors: list[str]
    year: int | None = None
    doi: str | None = None
    venue: str | None = None
    arxiv_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Writer:
    def __init__(self, path: Path) -> None:
        import pymupdf

        self.path = path
        self.doc = pymupdf.open()
        self.page = self.doc.new_page(width=W, height=H)

    def text(self, x: float, y: float, s: str, size: float = 10, bold: bool = False) -> None:
        self.page.insert_text((x, y), s, fontname="tibo" if bold else "tiro", fontsize=size)

    def centred(self, y: float, s: str, size: float = 10, bold: bool = False) -> None:
        import pymupdf

        width = pymupdf.get_text_length(s, fontname="tibo" if bold else "tiro", fontsize=size)
        self.text((W - width) / 2, y, s, size, bold)

    def mark(self, x: float, y: float, s: str) -> float:
        """A raised footnote mark after a name ending at ``x``; returns the new x."""
        self.text(x, y - 4, s, 6)
        return x + 4

    def name_row(self, y: float, names: list[tuple[str, str]], size: float = 11) -> None:
        """Names with superscript marks, separated by commas, centred."""
        import pymupdf

        parts = []
        for i, (name, mark) in enumerate(names):
            sep = "," if i < len(names) - 1 else ""
            parts.append((name, mark, sep))
        total = sum(
            pymupdf.get_text_length(n + s + " ", fontname="tiro", fontsize=size) + 5
            for n, _, s in parts
        )
        x = (W - total) / 2
        for name, mark, sep in parts:
            self.text(x, y, name, size)
            x += pymupdf.get_text_length(name, fontname="tiro", fontsize=size)
            if mark:
                x = self.mark(x, y, mark)
            if sep:
                self.text(x, y, sep + " ", size)
                x += pymupdf.get_text_length(sep + " ", fontname="tiro", fontsize=size)

    def paragraph(self, x: float, y: float, k: int, n: int = 6, chars: int = 46) -> float:
        for line in wrap(" ".join(sentence(k + i) for i in range(n)), chars):
            self.text(x, y, line)
            y += 12
        return y

    def body_page(self, header: str = "", k: int = 200) -> None:
        self.page = self.doc.new_page(width=W, height=H)
        if header:
            self.centred(40, header, 8)
        y = self.paragraph(72, 90, k, 20, 46)
        self.paragraph(320, 90, k + 20, 20, 46)
        del y

    def save(self, info: dict[str, str] | None = None, xmp: str | None = None) -> Path:
        if info is not None:
            self.doc.set_metadata(info)
        if xmp is not None:
            self.doc.set_xml_metadata(xmp)
        self.doc.save(str(self.path))
        self.doc.close()
        return self.path


def arxiv_preprint(path: Path) -> Front:
    w = Writer(path)
    w.page.insert_text(
        (22, 560),
        "arXiv:2106.09685v2 [cs.CL] 16 Oct 2021",
        fontsize=18,
        rotate=90,
        fontname="tiro",
    )
    w.centred(90, "LoRA: Low-Rank Adaptation of Large", 17, True)
    w.centred(112, "Language Models", 17, True)
    w.name_row(145, [("Edward J. Hu", "*"), ("Yelong Shen", "*"), ("Phillip Wallis", "")])
    w.centred(160, "Microsoft Corporation", 10)
    w.centred(173, "{edwardhu, yeshe, phwallis}@microsoft.com", 9)
    w.centred(205, "Abstract", 12, True)
    y = w.paragraph(100, 222, 0, 4, 80)
    w.text(72, y + 20, "1 Introduction", 12, True)
    w.paragraph(72, y + 38, 10, 12, 46)
    w.paragraph(320, y + 38, 30, 12, 46)
    w.body_page()
    w.save({"title": "", "author": "", "creator": "LaTeX with hyperref"})
    return Front(
        path,
        "LoRA: Low-Rank Adaptation of Large Language Models",
        ["Edward J. Hu", "Yelong Shen", "Phillip Wallis"],
        year=2021,
        arxiv_id="2106.09685v2",
    )


ACM_AUTHORS = ["Ada Lovelace", "Charles Babbage", "Grace Hopper"]


def acm_sigconf(path: Path) -> Front:
    w = Writer(path)
    w.centred(80, "Graph Neural Networks for Citation Recommendation", 17, True)
    cells = [
        ("Ada Lovelace", "University of London", "London, United Kingdom", "ada@london.ac.uk"),
        ("Charles Babbage", "Analytical Engines Ltd.", "Cambridge, United Kingdom", ""),
        ("Grace Hopper", "Yale University", "New Haven, CT, USA", "grace@yale.edu"),
    ]
    for i, (name, org, place, mail) in enumerate(cells):
        x = 90 + i * 160
        w.text(x, 115, name, 12)
        w.text(x, 129, org, 10)
        w.text(x, 141, place, 10)
        if mail:
            w.text(x, 153, mail, 10)
    w.text(54, 200, "ABSTRACT", 11, True)
    y = w.paragraph(54, 215, 0, 6, 50)
    w.text(54, 620, "Permission to make digital or hard copies of all or part of this work", 7)
    w.text(54, 629, "KDD '20, August 23-27, 2020, Virtual Event, CA, USA", 7)
    w.text(54, 638, "© 2020 Association for Computing Machinery.", 7)
    w.text(54, 647, "ACM ISBN 978-1-4503-7998-4/20/08...$15.00", 7)
    w.text(54, 656, "https://doi.org/10.1145/3394486.3403172", 7)
    ref = (
        "Ada Lovelace, Charles Babbage, and Grace Hopper. 2020. Graph Neural Networks for "
        "Citation Recommendation. In Proceedings of the 26th ACM SIGKDD Conference on "
        "Knowledge Discovery and Data Mining (KDD '20), August 23-27, 2020, Virtual Event, "
        "CA, USA. ACM, New York, NY, USA, 10 pages. https://doi.org/10.1145/3394486.3403172"
    )
    w.text(318, 200, "ACM Reference Format:", 8, True)
    yy = 211.0
    for line in wrap(ref, 62):
        w.text(318, yy, line, 8)
        yy += 10
    w.text(318, yy + 20, "1 INTRODUCTION", 11, True)
    w.paragraph(318, yy + 36, 20, 10, 50)
    del y
    w.body_page()
    w.save({"title": "Graph Neural Networks for Citation Recommendation", "author": ""})
    return Front(
        path,
        "Graph Neural Networks for Citation Recommendation",
        ACM_AUTHORS,
        year=2020,
        doi="10.1145/3394486.3403172",
        venue=(
            "Proceedings of the 26th ACM SIGKDD Conference on Knowledge Discovery and Data "
            "Mining (KDD '20)"
        ),
    )


IEEE_HEADER = (
    "IEEE TRANSACTIONS ON PATTERN ANALYSIS AND MACHINE INTELLIGENCE, VOL. 42, NO. 3, MARCH 2020"
)


def ieee_journal(path: Path) -> Front:
    w = Writer(path)
    w.text(54, 40, IEEE_HEADER, 7)
    w.centred(90, "Deep Residual Learning for Very Deep Image", 22)
    w.centred(116, "Recognition Networks", 22)
    w.centred(140, "John Doe, Member, IEEE, and Jane Q. Roe, Fellow, IEEE", 11)
    w.text(54, 175, "Abstract—We present a residual learning framework to ease training.", 9, True)
    y = w.paragraph(54, 190, 0, 8, 46)
    w.text(54, y + 14, "1 INTRODUCTION", 10)
    w.paragraph(320, 175, 20, 14, 46)
    w.text(54, 700, "J. Doe and J. Q. Roe are with the University of Somewhere.", 7)
    w.text(54, 710, "Digital Object Identifier no. 10.1109/TPAMI.2019.2913372", 7)
    w.body_page(IEEE_HEADER)
    w.save({"title": "", "author": ""})
    return Front(
        path,
        "Deep Residual Learning for Very Deep Image Recognition Networks",
        ["John Doe", "Jane Q. Roe"],
        year=2020,
        doi="10.1109/tpami.2019.2913372",
        venue="IEEE Transactions on Pattern Analysis and Machine Intelligence",
    )


def springer_lncs(path: Path) -> Front:
    w = Writer(path)
    w.centred(110, "Contrastive Pretraining for Scene Graph Generation", 14, True)
    w.name_row(140, [("Alice Smith", "1"), ("Bob Jones", "2"), ("Carol White", "1")], 10)
    w.centred(160, "1 University of Somewhere, Somewhere City, Country", 9)
    w.centred(171, "{alice,carol}@somewhere.edu", 9)
    w.centred(182, "2 Another Institute, Other City, Country", 9)
    w.text(120, 215, "Abstract. We study scene graphs with contrastive pretraining and", 9)
    w.paragraph(120, 227, 0, 4, 70)
    w.text(120, 320, "1 Introduction", 12, True)
    w.paragraph(120, 340, 10, 14, 70)
    w.text(120, 700, "© Springer Nature Switzerland AG 2020", 8)
    w.text(120, 710, "A. Vedaldi et al. (Eds.): ECCV 2020, LNCS 12346, pp. 213-229, 2020.", 8)
    w.text(120, 720, "https://doi.org/10.1007/978-3-030-58452-8_13", 8)
    w.body_page()
    w.save({"title": "Microsoft Word - eccv_final.docx", "author": "asmith"})
    return Front(
        path,
        "Contrastive Pretraining for Scene Graph Generation",
        ["Alice Smith", "Bob Jones", "Carol White"],
        year=2020,
        doi="10.1007/978-3-030-58452-8_13",
        venue="ECCV 2020",
    )


ICLR_HEADER = "Published as a conference paper at ICLR 2021"
VIT_TITLE = "AN IMAGE IS WORTH 16X16 WORDS: TRANSFORMERS FOR IMAGE RECOGNITION AT SCALE"


def iclr_caps(path: Path) -> Front:
    w = Writer(path)
    w.text(108, 45, ICLR_HEADER, 10)
    w.text(108, 95, "AN IMAGE IS WORTH 16X16 WORDS: TRANSFORMERS FOR", 14, True)
    w.text(108, 112, "IMAGE RECOGNITION AT SCALE", 14, True)
    w.text(108, 140, "Alexey Dosovitskiy, Lucas Beyer, Alexander Kolesnikov, Dirk Weissenborn", 10)
    w.text(108, 153, "Google Research, Brain Team", 10)
    w.text(108, 166, "{adosovitskiy, lbeyer}@google.com", 10)
    w.centred(200, "ABSTRACT", 12, True)
    y = w.text(130, 220, "While the Transformer architecture has become the de-facto standard", 10)
    y = w.paragraph(130, 234, 0, 5, 70)
    w.text(108, y + 14, "1 INTRODUCTION", 12, True)
    w.text(108, y + 30, "We apply a standard Transformer directly to images, with ViT and", 10)
    w.text(108, y + 42, "ViT again; the Transformer and the ViT models scale.", 10)
    w.paragraph(108, y + 56, 20, 12, 80)
    w.body_page(ICLR_HEADER)
    w.save({"title": "", "author": ""})
    return Front(
        path,
        "An Image Is Worth 16x16 Words: Transformers for Image Recognition at Scale",
        ["Alexey Dosovitskiy", "Lucas Beyer", "Alexander Kolesnikov", "Dirk Weissenborn"],
        year=2021,
        venue="ICLR 2021",
    )


def neurips(path: Path) -> Front:
    w = Writer(path)
    w.centred(100, "Denoising Diffusion Probabilistic Models", 17, True)
    w.name_row(140, [("Jonathan Ho", ""), ("Ajay Jain", ""), ("Pieter Abbeel", "")], 10)
    w.centred(153, "UC Berkeley", 10)
    w.centred(190, "Abstract", 12, True)
    y = w.paragraph(130, 208, 0, 5, 70)
    w.text(108, y + 14, "1 Introduction", 12, True)
    w.paragraph(108, y + 32, 20, 14, 80)
    w.text(108, 720, "34th Conference on Neural Information Processing Systems (NeurIPS 2020),", 8)
    w.text(108, 730, "Vancouver, Canada.", 8)
    w.body_page()
    w.save(
        {"title": "Denoising Diffusion Probabilistic Models", "author": "Jonathan Ho"},
        xmp=XMP_DIFFUSION,
    )
    return Front(
        path,
        "Denoising Diffusion Probabilistic Models",
        ["Jonathan Ho", "Ajay Jain", "Pieter Abbeel"],
        year=2020,
        doi="10.5555/3495724.3496298",
        venue="34th Conference on Neural Information Processing Systems (NeurIPS 2020)",
    )


def icml(path: Path) -> Front:
    """ICML prints the names separated only by their raised marks, and the venue in a
    footnote of the left column."""
    w = Writer(path)
    w.centred(95, "Training Compute-Optimal Large Language Models", 14, True)
    x = 150.0
    for name in ("Jordan Hoffmann", "Sebastian Borgeaud", "Arthur Mensch"):
        import pymupdf

        w.text(x, 130, name, 10)
        x += pymupdf.get_text_length(name, fontname="tiro", fontsize=10)
        x = w.mark(x, 130, "1") + 6
    w.text(54, 180, "Abstract", 11, True)
    w.paragraph(54, 196, 0, 10, 46)
    w.paragraph(320, 196, 20, 14, 46)
    w.text(54, 690, "1DeepMind, London. Correspondence to: J. Hoffmann.", 7)
    w.text(54, 700, "Proceedings of the 39th International Conference on Machine", 7)
    w.text(54, 709, "Learning, Baltimore, Maryland, USA, PMLR 162, 2022. Copyright 2022 by", 7)
    w.text(54, 718, "the author(s).", 7)
    w.body_page()
    w.save({"title": "", "author": ""})
    return Front(
        path,
        "Training Compute-Optimal Large Language Models",
        ["Jordan Hoffmann", "Sebastian Borgeaud", "Arthur Mensch"],
        year=2022,
        venue="Proceedings of the 39th International Conference on Machine Learning",
    )


def nips_grid(path: Path) -> Front:
    """The Transformer paper's layout: an arXiv stamp whose date (v7, 2023) is years after the
    paper, and a grid of cells (name, affiliation, e-mail) all set in one style."""
    w = Writer(path)
    w.page.insert_text(
        (22, 560),
        "arXiv:1706.03762v7 [cs.CL] 2 Aug 2023",
        fontsize=18,
        rotate=90,
        fontname="tiro",
    )
    w.centred(100, "Attention Is All You Need", 17, True)
    cells = [
        ("Ashish Vaswani", "Google Brain", "avaswani@google.com"),
        ("Noam Shazeer", "Google Brain", "noam@google.com"),
        ("Niki Parmar", "Google Research", "nikip@google.com"),
        ("Jakob Uszkoreit", "Google Research", "usz@google.com"),
        ("Llion Jones", "Google Research", "llion@google.com"),
        ("Aidan N. Gomez", "University of Toronto", "aidan@cs.toronto.edu"),
        ("Lukasz Kaiser", "Google Brain", "lukaszkaiser@google.com"),
    ]
    for i, (name, org, mail) in enumerate(cells):
        x, y = 90 + (i % 4) * 115, 140 + (i // 4) * 45
        w.text(x, y, name, 10)
        w.mark(x + len(name) * 4.6, y, "*")
        w.text(x, y + 11, org, 10)
        w.text(x, y + 22, mail, 9)
    w.centred(250, "Abstract", 12, True)
    y = w.paragraph(130, 268, 0, 5, 70)
    w.text(108, y + 14, "1 Introduction", 12, True)
    w.paragraph(108, y + 32, 20, 12, 80)
    w.text(
        108, 722, "31st Conference on Neural Information Processing Systems (NIPS 2017), Long", 8
    )
    w.text(108, 732, "Beach, CA, USA.", 8)
    w.body_page()
    w.save({"title": "", "author": ""})
    return Front(
        path,
        "Attention Is All You Need",
        [c[0] for c in cells],
        year=2017,
        venue="31st Conference on Neural Information Processing Systems (NIPS 2017)",
        arxiv_id="1706.03762v7",
    )


XMP_DIFFUSION = """<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:prism="http://prismstandard.org/namespaces/basic/3.0/">
<dc:title><rdf:Alt>
<rdf:li xml:lang="x-default">Denoising Diffusion Probabilistic Models</rdf:li>
</rdf:Alt></dc:title>
<dc:creator><rdf:Seq>
<rdf:li>Jonathan Ho</rdf:li><rdf:li>Ajay Jain</rdf:li><rdf:li>Pieter Abbeel</rdf:li>
</rdf:Seq></dc:creator>
<prism:doi>10.5555/3495724.3496298</prism:doi>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""


def plain_with_info(path: Path) -> Front:
    """Everything in one font size (no layout title): the Info dict names the paper."""
    w = Writer(path)
    y = w.paragraph(72, 80, 0, 30, 90)
    del y
    w.body_page()
    w.save(
        {
            "title": "Scaling Laws for Neural Language Models",
            "author": "Jared Kaplan; Sam McCandlish; Tom Henighan",
        }
    )
    return Front(
        path,
        "Scaling Laws for Neural Language Models",
        ["Jared Kaplan", "Sam McCandlish", "Tom Henighan"],
    )


LAYOUTS = {
    "arxiv": arxiv_preprint,
    "acm": acm_sigconf,
    "ieee": ieee_journal,
    "lncs": springer_lncs,
    "iclr": iclr_caps,
    "neurips": neurips,
    "icml": icml,
    "nips": nips_grid,
    "info": plain_with_info,
}
