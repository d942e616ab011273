"""Characters beyond the Basic Multilingual Plane that MuPDF cuts to 16 bits.

A simple font with no ToUnicode map names its glyphs, and MuPDF reads a name like ``u1D44E``
(math italic 𝑎, set by unicode-math in STIXMath or Latin Modern Math) into a 16-bit table:
the text says U+D44E, a Hangul syllable ("specimen 푎푏title" for "specimen 𝑎𝑏 title",
Elsevier CAS). The glyph names are in the font's /Differences or in its embedded Type 1
program; from them each font gets a table that puts the cut characters back.
"""

from __future__ import annotations

import re
from typing import Any

_ASTRAL_NAME = re.compile(rb"/u([0-9A-Fa-f]{5,6})(?![0-9A-Za-z_.])")

#: per span font name (no subset prefix), ``str.translate`` table: cut code → real character
FontFixes = dict[str, dict[int, str]]


def astral_table(names: bytes) -> dict[int, str]:
    """The cut characters a font's glyph names imply: ``/u1D44E`` → U+D44E reads U+1D44E."""
    table: dict[int, str] = {}
    for m in _ASTRAL_NAME.finditer(names):
        code = int(m[1], 16)
        if 0xFFFF < code <= 0x10FFFF:
            table.setdefault(code & 0xFFFF, chr(code))
    return table


def _font_table(doc: Any, xref: int, ext: str) -> dict[int, str]:
    if doc.xref_get_key(xref, "ToUnicode")[0] != "null":
        return {}
    names = b""
    kind, value = doc.xref_get_key(xref, "Encoding")
    if kind == "xref":
        value = doc.xref_get_key(int(value.split()[0]), "Differences")[1]
    if kind in ("xref", "dict"):
        names += value.encode("latin-1", "replace")
    if ext in ("pfa", "pfb"):  # the program's own encoding: "dup 97 /u1D44E put"
        names += doc.extract_font(xref)[3] or b""
    return astral_table(names)


def font_fixes(doc: Any, page: Any, cache: dict[int, tuple[str, dict[int, str]]]) -> FontFixes:
    """The tables for one page's fonts (``cache`` keeps each font's across pages)."""
    fixes: FontFixes = {}
    for xref, ext, kind, basefont, *_ in page.get_fonts():
        if xref not in cache:
            table: dict[int, str] = {}
            if kind in ("Type1", "MMType1", "TrueType") and xref > 0:
                try:
                    table = _font_table(doc, xref, ext)
                except (RuntimeError, ValueError):  # a damaged font object: leave it as read
                    table = {}
            cache[xref] = (basefont.split("+", 1)[-1], table)
        name, table = cache[xref]
        if table:
            fixes.setdefault(name, {}).update(table)
    return fixes
