"""What a parsed reference calls its title or venue, and whether it reads as one: the junk
physics-style references gave (TeX Live's revtex samples) against real titles."""

from __future__ import annotations

import pytest

from paperdesk.parse.reftitles import is_title, is_venue


@pytest.mark.parametrize(
    "text",
    [
        "Res. 108, 4201 (2003), DOI:10.1029/2002JD002268",  # volume, pages, year and a DOI
        "arXiv:hep-th/0106109",  # a bare identifier
        "1706.03762",
        "https://github.com/google-research/bert",
        "Proceedings of the 5th International Molecular Beam Epitaxy Conference, Santa Fe, NM",
        "Proceedings of the Fifth Low Temperature Conference, Madison, WI, 1999",
        "International Conference on Learning Representations",
        "Trans. R. Soc. London, Ser",  # abbreviations: a journal
        "Phys. Rev. Lett. 77, 3865",
        "Appl. Math. 51, 477 (1988)",
        "Nature",  # one word
        "ibid. 12",
        "",
        None,
    ],
)
def test_not_a_title(text: str | None) -> None:
    assert not is_title(text)


@pytest.mark.parametrize(
    "text",
    [
        "Attention is all you need",
        "Deep learning",
        "Molecular dynamics",
        "BERT: Pre-training of deep bidirectional transformers for language understanding",
        "An O(n log n/log log n) sorting algorithm",
        "Llama 2: Open foundation and fine-tuned chat models",
        "GPT-4 technical report",
        "Advances in pre-training distributed word representations",
        "Bose-Einstein condensation: from atomic physics to quantum fluids",
        "U-Net: Convolutional networks for biomedical image segmentation",
    ],
)
def test_titles(text: str) -> None:
    assert is_title(text)


@pytest.mark.parametrize(
    ("text", "venue"),
    [
        ("J. Appl. Phys.", True),
        ("Advances in Neural Information Processing Systems 30", True),
        ("Proc. ACL (2019)", True),
        ("NeurIPS", True),
        ("a), J. Appl. Phys. (submitted", False),  # the tail of a split list item
        ("2004), (unpublished", False),
        ("B 777", False),  # a series letter and a volume
        (None, False),
    ],
)
def test_venues(text: str | None, venue: bool) -> None:
    assert is_venue(text) is venue
