"""A few lines of PyMuPDF for the real layouts the parser tests reproduce: text put line by
line down the page, in a chosen size and font, with a gap before it; a new page on demand."""

from __future__ import annotations

from pathlib import Path

import pymupdf

PROSE = "The class reads every page of the document once and keeps the words in order."


class Writer:
    """Lines top to bottom on A4 pages (``tiro`` Times, ``tibo`` Times bold)."""

    def __init__(self) -> None:
        self.doc = pymupdf.open()
        self.page = self.doc.new_page(width=595, height=842)
        self.y = 90.0

    def put(
        self, text: str, size: float = 10, font: str = "tiro", gap: float = 0, x: float = 72
    ) -> None:
        self.y += gap
        self.page.insert_text((x, self.y), text, fontsize=size, fontname=font)
        self.y += (text.count("\n") + 1) * size * 1.3

    def prose(self, n: int = 3, size: float = 10, gap: float = 0) -> None:
        """``n`` lines of running text (a gap before them makes them a block of their own)."""
        for k in range(n):
            self.put(PROSE, size=size, gap=gap if k == 0 else 0)

    def new_page(self) -> None:
        self.page = self.doc.new_page(width=595, height=842)
        self.y = 90.0

    def save(self, path: Path) -> Path:
        self.doc.save(str(path))
        return path
