"""First pages with the traps that made the extractor overfit (found with bench/corpus.py on
papers typeset by the real publisher classes): other works' DOIs and years in page-1
footnotes and in a reference list printed on page 1, a DOI whose label ends the line
above, a copyright block set well above the bottom margin, a venue footer below page 1's
references, marks set apart from the names they follow, a glued ``&`` and a dotless middle
initial, and a submission header ("Under review … ICLR 2024") beside the arXiv stamp."""

from __future__ import annotations

from pathlib import Path

from tests.parse.frontpages import Front, Writer


def _stamp(w: Writer, text: str) -> None:
    w.page.insert_text((22, 560), text, fontsize=18, rotate=90, fontname="tiro")


def cited_dois(path: Path) -> Front:
    """A preprint whose footnote and page-1 reference list cite other papers' DOIs and
    years; ICML-style names with their marks set apart ("Qin Liu 1 2 Tianxing Ma * 1")."""
    w = Writer(path)
    _stamp(w, "arXiv:2412.17924v2 [cs.SD] 28 Feb 2025")
    w.centred(95, "Are Audio Deepfake Detection Models Polyglots?", 16, True)
    w.centred(130, "Bärbel Marek 1 2 Piotr Kawa * 1 Piotr Syga 2", 10)
    w.centred(170, "Abstract", 12, True)
    y = w.paragraph(100, 188, 0, 5, 80)
    w.text(72, y + 16, "1 Introduction", 12, True)
    w.paragraph(72, y + 34, 10, 10, 46)
    w.text(320, y + 16, "References", 12, True)
    w.text(320, y + 34, "[1] J. Devlin, M. Chang. BERT. In Proceedings of NAACL", 8)
    w.text(332, y + 44, "2019, pages 4171-4186. doi:10.18653/v1/N19-1423", 8)
    w.text(72, 700, "1 We follow the protocol of Brown et al. (2020); see", 8)
    w.text(72, 710, "https://doi.org/10.5555/3495724.3495883 and the data at", 8)
    w.text(72, 720, "https://doi.org/10.5281/zenodo.4567123.", 8)
    w.body_page()
    w.save({"title": "", "author": ""})
    return Front(
        path,
        "Are Audio Deepfake Detection Models Polyglots?",
        ["Bärbel Marek", "Piotr Kawa", "Piotr Syga"],
        year=2024,
        arxiv_id="2412.17924v2",
    )


XPLORE = (
    "Authorized licensed use limited to: Stanford University. Downloaded on May 03,2024 at "
    "14:22:31 UTC from IEEE Xplore. Restrictions apply."
)


def ieee_wrapped_doi(path: Path) -> Front:
    """IEEE's first-page footnote: "Digital Object Identifier" ends one line, the DOI
    starts the next; names with a dotless middle initial; IEEE Xplore's download watermark
    (a reader's date) at the foot of every page."""
    w = Writer(path)
    header = "IEEE TRANSACTIONS ON IMAGE PROCESSING, VOL. 30, NO. 4, APRIL 2021"
    w.text(54, 30, header, 7)
    w.centred(70, "Fractional Transfer Learning for Deep Model-Based", 22)
    w.centred(96, "Reinforcement Learning", 22)
    w.centred(125, "Bernard J Kelly, Wolfgang Tichy, and Manuela Campanelli", 11)
    w.text(54, 165, "Abstract—Reinforcement learning is well known for requiring", 9, True)
    w.paragraph(54, 177, 0, 12, 46)
    w.paragraph(320, 165, 20, 30, 46)
    w.text(54, 690, "Manuscript received June 13, 2020; revised November 6, 2020.", 7)
    w.text(54, 699, "(Corresponding author: Bernard J Kelly.) Digital Object Identifier", 7)
    w.text(54, 708, "10.1109/TIP.2021.3056789", 7)
    w.text(40, 784, XPLORE, 6)
    w.body_page(header)
    w.text(40, 784, XPLORE, 6)
    w.save({"title": "", "author": ""})
    return Front(
        path,
        "Fractional Transfer Learning for Deep Model-Based Reinforcement Learning",
        ["Bernard J Kelly", "Wolfgang Tichy", "Manuela Campanelli"],
        year=2021,
        doi="10.1109/tip.2021.3056789",
        venue="IEEE Transactions on Image Processing",
    )


def lncs_high_copyright(path: Path) -> Front:
    """Springer's copyright block set three quarters down the page, the year after the
    publisher's name, and an earlier arXiv stamp."""
    w = Writer(path)
    _stamp(w, "arXiv:2110.02473v1 [cs.LG] 28 Oct 2021")
    w.centred(110, "The Power of Contrast for Feature Learning", 14, True)
    w.centred(140, "Wenlong Ji 1 and Zhun Deng 2", 10)
    w.centred(160, "1 Peking University, Beijing, China", 9)
    w.centred(171, "2 Harvard University, Cambridge, MA, USA", 9)
    w.text(120, 205, "Abstract. Contrastive learning has achieved state-of-the-art results", 9)
    w.paragraph(120, 217, 0, 4, 70)
    w.text(120, 300, "1 Introduction", 12, True)
    w.paragraph(120, 320, 10, 18, 70)
    w.text(120, 560, "© The Author(s), under exclusive license to Springer Nature AG 2022", 8)
    w.text(120, 570, "M. Amini et al. (Eds.): ECML PKDD 2022, LNAI 13713, pp. 1-16, 2022.", 8)
    w.text(120, 580, "https://doi.org/10.1007/978-3-031-26387-3_1", 8)
    w.body_page()
    w.save({"title": "", "author": ""})
    return Front(
        path,
        "The Power of Contrast for Feature Learning",
        ["Wenlong Ji", "Zhun Deng"],
        year=2022,
        doi="10.1007/978-3-031-26387-3_1",
        venue="ECML PKDD 2022",
        arxiv_id="2110.02473v1",
    )


def acl_footer_below_references(path: Path) -> Front:
    """A short paper with its references on page 1 and ACL's venue footer below them."""
    w = Writer(path)
    _stamp(w, "arXiv:1812.10252v2 [cs.CL] 21 Apr 2020")
    w.centred(80, "Optimizing Market Making using Multi-Agent Reinforcement Learning", 14, True)
    w.centred(110, "Yagna Patel & Lisa Beinborn", 11, True)
    w.centred(124, "Stanford University", 10)
    w.centred(160, "Abstract", 11, True)
    y = w.paragraph(72, 176, 0, 10, 46)
    w.text(72, y + 14, "1 Introduction", 12, True)
    w.paragraph(320, 160, 20, 16, 46)
    w.text(72, 560, "References", 12, True)
    w.text(72, 578, "Jacob Devlin, Ming-Wei Chang. 2017. BERT. In", 10)
    w.text(72, 590, "Proceedings of ACL 2017, pages 1-10.", 10)
    w.text(72, 720, "Findings of the Association for Computational Linguistics: ACL 2019,", 8)
    w.text(72, 729, "pages 4082-4094, Florence, Italy, July 28 - August 2, 2019.", 8)
    w.text(72, 738, "©2019 Association for Computational Linguistics", 8)
    w.body_page()
    w.save({"title": "", "author": ""})
    return Front(
        path,
        "Optimizing Market Making using Multi-Agent Reinforcement Learning",
        ["Yagna Patel", "Lisa Beinborn"],
        year=2019,
        venue="Findings of the Association for Computational Linguistics: ACL 2019",
        arxiv_id="1812.10252v2",
    )


def iclr_under_review(path: Path) -> Front:
    """A submission header's year (the conference it was sent to) loses to the stamp's."""
    w = Writer(path)
    _stamp(w, "arXiv:2309.01234v1 [cs.LG] 3 Sep 2023")
    w.text(108, 45, "Under review as a conference paper at ICLR 2024", 10)
    w.text(108, 95, "Scaling Sparse Autoencoders to Many Features", 14, True)
    w.text(108, 125, "Ana de la Cruz, Jörg Müller & Lukas van der Berg", 10, True)
    w.text(108, 138, "Department of Computer Science, ETH Zürich", 10)
    w.centred(180, "ABSTRACT", 12, True)
    y = w.paragraph(130, 198, 0, 5, 70)
    w.text(108, y + 14, "1 INTRODUCTION", 12, True)
    w.paragraph(108, y + 32, 20, 14, 80)
    w.body_page("Under review as a conference paper at ICLR 2024")
    w.save({"title": "", "author": ""})
    return Front(
        path,
        "Scaling Sparse Autoencoders to Many Features",
        ["Ana de la Cruz", "Jörg Müller", "Lukas van der Berg"],
        year=2023,
        arxiv_id="2309.01234v1",
    )


def aaai_code_word(path: Path) -> Front:
    """A title whose second line is one word with digits (not a paper code to skip), names
    with affiliation numbers whose surnames hold a country ("Hirano" holds "iran"), and
    AAAI's copyright footnote."""
    w = Writer(path)
    w.centred(80, "D-PLS: Decoupled Semantic Segmentation for", 17, True)
    w.centred(102, "4D-Panoptic-LiDAR-Segmentation", 17, True)
    w.centred(130, "Tetsufumi Hirano 1, Parisa Kordjamshidi 2, J.-Cl. Falmagne 1", 11, True)
    w.centred(144, "1 Inria, Grenoble, France 2 Michigan State University", 10)
    w.centred(180, "Abstract", 11, True)
    y = w.paragraph(72, 196, 0, 10, 46)
    w.text(72, y + 14, "1 Introduction", 12, True)
    w.paragraph(320, 180, 20, 16, 46)
    w.text(72, 720, "Copyright © 2023, Association for the Advancement of Artificial", 8)
    w.text(72, 729, "Intelligence (www.aaai.org). All rights reserved.", 8)
    w.body_page()
    w.save({"title": "", "author": ""})
    return Front(
        path,
        "D-PLS: Decoupled Semantic Segmentation for 4D-Panoptic-LiDAR-Segmentation",
        ["Tetsufumi Hirano", "Parisa Kordjamshidi", "J.-Cl. Falmagne"],
        year=2023,
    )


def springer_wrapped(path: Path) -> Front:
    """A Springer journal page: a title whose last line is "Introduction", names separated
    by dots and wrapped inside a double-barrelled given name's owner, the journal line and
    DOI above, "© The Author(s) 2024" below."""
    w = Writer(path)
    w.text(68, 70, "International Journal of Computer Vision (2024) 128:423-445", 9)
    w.text(68, 82, "https://doi.org/10.1007/s11263-024-02045-2", 9)
    w.text(68, 112, "Personalized Decision Making: A Conceptual", 17, True)
    w.text(68, 134, "Introduction", 17, True)
    w.text(68, 156, "Christian Miniatura · Cord A. Müller · Yin Lu · Berthold-Georg", 12)
    w.text(68, 170, "Englert · Ana Smith", 12)
    w.text(68, 194, "Received: 12 December 2023 / Accepted: 15 January 2024", 9)
    w.text(68, 205, "© The Author(s) 2024", 9)
    w.text(68, 230, "Abstract Personalized decision making targets the behaviour of one person.", 9)
    w.paragraph(68, 242, 0, 6, 80)
    w.text(68, 340, "1 Introduction", 12, True)
    w.paragraph(68, 358, 10, 14, 80)
    w.body_page()
    w.save({"title": "", "author": ""})
    return Front(
        path,
        "Personalized Decision Making: A Conceptual Introduction",
        ["Christian Miniatura", "Cord A. Müller", "Yin Lu", "Berthold-Georg Englert", "Ana Smith"],
        year=2024,
        doi="10.1007/s11263-024-02045-2",
        venue="International Journal of Computer Vision",
    )


HARD_LAYOUTS = {
    "springer_wrapped": springer_wrapped,
    "aaai_code_word": aaai_code_word,
    "cited_dois": cited_dois,
    "ieee_wrapped_doi": ieee_wrapped_doi,
    "lncs_high_copyright": lncs_high_copyright,
    "acl_footer": acl_footer_below_references,
    "iclr_review": iclr_under_review,
}
