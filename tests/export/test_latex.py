"""LaTeX text both ways (:mod:`paperdesk.export.latex`)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperdesk.export.latex import SPECIALS, escape, from_latex, to_latex, verbatim


def test_escape_every_special_character() -> None:
    assert escape("a & b") == r"a \& b"
    assert escape("100%") == r"100\%"
    assert escape(r"back\slash") == r"back\textbackslash{}slash"
    assert escape("~^") == r"\textasciitilde{}\textasciicircum{}"
    for char, escaped in SPECIALS.items():
        assert escape(char) == escaped


def test_to_latex_collapses_whitespace_and_keeps_math() -> None:
    assert to_latex("  a\n\t b  ") == "a b"
    assert to_latex("Energy $E=mc^2$ & more") == r"Energy $E=mc^2$ \& more"
    # Pandoc's rule: dollars followed by a digit are money, not math
    assert to_latex("$5 and $10") == r"\$5 and \$10"


def test_titles_brace_words_with_inner_capitals() -> None:
    out = to_latex("BERT: Pre-training on CoNLL-2003 with LoRA and Transformers", title=True)
    assert out == "{BERT:} Pre-training on {CoNLL-2003} with {LoRA} and Transformers"
    assert to_latex("BERT", title=False) == "BERT"
    assert to_latex("A_B", title=True) == r"{A\_B}"


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"Caf\'e na\"ive", "Café naïve"),
        (r"\{braced\} \& 100\%", "{braced} & 100%"),
        (r"{BERT}: {P}re-training", "BERT: Pre-training"),
        (r"a\textasciicircum{}b a\textasciitilde{}b", "a^b a~b"),
        (r"x\^{}y x\~{}y", "x^y x~y"),
        (r"The {\TeX}book and \LaTeXe", "The TeXbook and LaTeX2e"),
        ("non~breaking", "non breaking"),
        ("  many \n  spaces ", "many spaces"),
    ],
)
def test_from_latex(latex: str, text: str) -> None:
    assert from_latex(latex) == text


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=60))
def test_plain_text_survives_a_round_trip(text: str) -> None:
    """What :func:`to_latex` writes (no math in it), :func:`from_latex` reads back."""
    plain = " ".join(text.replace("$", "").split())
    assert from_latex(to_latex(plain)) == plain


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (r"\url{https://x.org/a_b}", "https://x.org/a_b"),
        (r"\href{https://x.org/}{the site}", "https://x.org/"),
        (r"10.1000/a\_b\%c", "10.1000/a_b%c"),
        ("  1706.03762 ", "1706.03762"),
    ],
)
def test_verbatim_fields(raw: str, value: str) -> None:
    assert verbatim(raw) == value
