"""Section headings of a GROBID TEI file as ground truth, and how far a parse's outline agrees
(precision and recall). Used by tests/parse/test_structure.py and bench/structure.py.

GROBID's own slips are undone where they are mechanical: a heading glued to the next one
(``<head n="2">Model 2.1 Overview</head>``) counts as both. Figure and table heads, and heads
with no text, are not section headings. The abstract and the reference list are not ``<head>``
elements in TEI, so they are left out of our side too.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.parse.agreement import norm

_TEI = "{http://www.tei-c.org/ns/1.0}"
_GLUED = re.compile(r"(.+?) (\d+(?:\.\d+)+) (.+)")
_NOT_TEI = {"abstract", "references", "bibliography"}


@dataclass(frozen=True)
class Head:
    number: str | None
    title: str

    @property
    def text(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def keys(self) -> set[str]:
        return {norm(self.text), norm(self.title)}


def tei_headings(path: Path) -> list[Head]:
    """The section heads of the TEI body and back matter (acknowledgements, appendices)."""
    root = ET.parse(path).getroot()
    out: list[Head] = []
    for div in root.iter(f"{_TEI}div"):
        head = div.find(f"{_TEI}head")
        if head is None or not (head.text or "").strip():
            continue
        number = (head.get("n") or "").rstrip(".") or None
        title = " ".join(head.text.split())
        if number and (m := _GLUED.fullmatch(title)):
            out += [Head(number, m[1]), Head(m[2], m[3])]
        else:
            out.append(Head(number, title))
    return out


@dataclass(frozen=True)
class HeadingScore:
    found: int  # TEI heads we have
    truth: int
    correct: int  # our headings that are TEI heads
    ours: int
    missing: tuple[str, ...]
    extra: tuple[str, ...]

    @property
    def recall(self) -> float:
        return self.found / self.truth if self.truth else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.ours if self.ours else 1.0


def heading_score(result: dict[str, Any], tei: Path) -> HeadingScore:
    ours = [
        Head(s["number"], s["title"])
        for s in result["sections"]
        if s["title"].lower() not in _NOT_TEI
    ]
    truth = tei_headings(tei)
    our_keys = set().union(*(h.keys() for h in ours)) if ours else set()
    true_keys = set().union(*(h.keys() for h in truth)) if truth else set()
    missing = tuple(t.text for t in truth if not t.keys() & our_keys)
    extra = tuple(h.text for h in ours if not h.keys() & true_keys)
    return HeadingScore(
        len(truth) - len(missing), len(truth), len(ours) - len(extra), len(ours), missing, extra
    )
