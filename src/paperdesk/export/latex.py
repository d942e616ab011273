"""LaTeX text for BibTeX fields, both ways.

Writing: the ten special characters (``& % $ # _ { } ~ ^ \\``) are escaped, unicode is kept
(biber, and BibTeX with ``inputenc``, read it), math in ``$…$`` is passed through (arXiv titles
carry it as TeX), and in titles a word with a capital after its first letter (``BERT``,
``CoNLL-2003``, ``LoRA``) is braced so bibliography styles do not lower-case it.

Reading: pylatexenc (which bibtexparser itself depends on) turns LaTeX into text, after the
escapes it renders oddly (``\\textasciicircum``, ``~``) are taken care of.
"""

from __future__ import annotations

import re

SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile(r"[\\{}&%$#_~^]")
# Pandoc's rule: ``$`` opens math when a non-space follows and closes when a non-space precedes
# and no digit follows, so ``$5 and $10`` stays text.
_MATH_RE = re.compile(r"(?<!\\)\$(?=\S)[^$]*?(?<=\S)\$(?!\d)")
# Logos pylatexenc does not know (it would drop them): "The {\TeX}book" is "The TeXbook".
_LOGOS = re.compile(r"\\(LaTeXe|LaTeX|BibTeX|TeX)(?![A-Za-z])(\{\}|\\ )?")
_CARET = "\ue000"
_TILDE = "\ue001"


def escape(text: str) -> str:
    """Plain text → LaTeX text: every special character escaped."""
    return _SPECIAL_RE.sub(lambda m: SPECIALS[m.group()], text)


def _protect_word(word: str) -> str:
    escaped = escape(word)
    return "{" + escaped + "}" if any(c.isupper() for c in word[1:]) else escaped


def to_latex(text: str, *, title: bool = False) -> str:
    """A field value: whitespace collapsed, math kept, specials escaped, acronyms braced in
    titles."""
    text = " ".join(text.split())
    out: list[str] = []
    pos = 0
    for m in _MATH_RE.finditer(text):
        out.append(_text_part(text[pos : m.start()], title))
        out.append(m.group())
        pos = m.end()
    out.append(_text_part(text[pos:], title))
    return "".join(out)


def _text_part(text: str, title: bool) -> str:
    if not title:
        return escape(text)
    return "".join(_protect_word(w) if w.strip() else w for w in re.split(r"(\s+)", text))


_DECODER = None
_UNESCAPE = {v: k for k, v in SPECIALS.items()}
_SIMPLE_TOKEN = re.compile(r"\\text(?:backslash|asciitilde|asciicircum)\{\}|\\[&%$#_{}]|[{}~]")
_SIMPLE_REST = re.compile(r"[\\$]")


def _simple(value: str) -> str | None:
    """Decode text that uses nothing but the escapes :func:`escape` writes and brace groups
    (what our own export produces) without the general parser, which is slow on abstracts.
    None when anything else is there (accents, macros, math)."""
    if _SIMPLE_REST.search(_SIMPLE_TOKEN.sub("", value)):
        return None

    def token(m: re.Match[str]) -> str:
        t = m.group()
        return _UNESCAPE.get(t, " " if t == "~" else "")

    return " ".join(_SIMPLE_TOKEN.sub(token, value).split())


def from_latex(value: str) -> str:
    """LaTeX text (from any BibTeX file) → plain unicode text, whitespace collapsed."""
    global _DECODER
    if (simple := _simple(value)) is not None:
        return simple
    if _DECODER is None:
        from pylatexenc.latex2text import LatexNodes2Text

        _DECODER = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)
    value = (
        value.replace(r"\textasciicircum{}", _CARET)
        .replace(r"\^{}", _CARET)
        .replace(r"\textasciitilde{}", _TILDE)
        .replace(r"\~{}", _TILDE)
    )
    value = _LOGOS.sub(
        lambda m: m.group(1).replace("LaTeXe", "LaTeX2e") + (" " if m.group(2) == "\\ " else ""),
        value,
    )
    text = _DECODER.latex_to_text(value)
    text = text.replace("\xa0", " ").replace(_CARET, "^").replace(_TILDE, "~")
    return " ".join(text.split())


def verbatim(value: str) -> str:
    """A URL, DOI or eprint field: ``\\url{}`` unwrapped and escaped specials unescaped only."""
    value = value.strip()
    if m := re.fullmatch(r"\\(?:url|href)\{(.*?)\}(?:\{.*\})?", value):
        value = m.group(1)
    return re.sub(r"\\([&%$#_{}~])", r"\1", value).strip()
