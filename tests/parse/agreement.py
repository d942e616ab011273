"""How far a parse agrees with the S2ORC (``.json``) and GROBID (``.tei.xml``) parses of the
same PDF. Used by the contract tests and printed by ``bench/parse.py``."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


@dataclass
class Agreement:
    title: bool
    abstract: tuple[float, float]  # share of our abstract's words in S2ORC's, and of theirs
    sections_main: tuple[int, int]  # top-level S2ORC sections matched, of
    sections_all: tuple[int, int]  # numbered S2ORC sections matched (number + name), of
    references: tuple[int, int]  # S2ORC bibliography entries found as separate entries, of
    entries: int  # entries we split
    arxiv: tuple[int, int]  # GROBID's arXiv ids found, of
    missing_sections: list[str]


def s2orc_sections(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(number, name) of the numbered sections, without GROBID's duplicates ("5." ...)."""
    seen: list[tuple[str, str]] = []
    for para in data["pdf_parse"]["body_text"]:
        num = para.get("sec_num")
        if num and re.fullmatch(r"\d+(\.\d+)*", num) and (num, para["section"]) not in seen:
            seen.append((num, para["section"]))
    return seen


def _section_matches(num: str, name: str, ours: dict[str, str]) -> bool:
    """Same number and name; S2ORC sometimes glues the next heading on ("Model 2.1 Overview"
    for "2 Model" followed by "2.1 Overview"), which counts when both are ours."""
    mine = ours.get(num)
    if mine is None:
        return False
    if norm(mine) == norm(name):
        return True
    m = re.fullmatch(r"(.+?) (\d+(?:\.\d+)+) (.+)", name)
    return bool(m and norm(m[1]) == norm(mine) and norm(ours.get(m[2], "")) == norm(m[3]))


def grobid_arxiv_ids(tei: str) -> set[str]:
    return {re.sub(r"v\d+$", "", m) for m in re.findall(r"<idno>abs/([\d.]+(?:v\d+)?)</idno>", tei)}


def agreement(parsed: dict[str, Any], pdf: Path) -> Agreement:
    data = json.loads(pdf.with_suffix(".json").read_text())
    tei = pdf.with_suffix(".tei.xml").read_text()
    ours = {s["number"]: s["title"] for s in parsed["sections"] if s["number"]}
    numbered = s2orc_sections(data)
    main = [(n, t) for n, t in numbered if "." not in n]
    missing = [f"{n} {t}" for n, t in numbered if not _section_matches(n, t, ours)]
    mine, theirs = norm(parsed["abstract"] or "").split(), norm(data["abstract"]).split()
    same = sum(
        b.size
        for b in difflib.SequenceMatcher(None, mine, theirs, autojunk=False).get_matching_blocks()
    )
    abstract = (same / max(1, len(mine)), same / max(1, len(theirs)))
    entries = [norm(r["text"]) for r in parsed["references"]]
    used: set[int] = set()
    found = 0
    for bib in data["pdf_parse"]["bib_entries"].values():
        key = norm(bib["title"])
        for i, text in enumerate(entries):
            if i not in used and key and key in text:
                used.add(i)
                found += 1
                break
    truth = grobid_arxiv_ids(tei)
    got = {r["arxiv_id"] for r in parsed["references"] if r["arxiv_id"]}
    return Agreement(
        title=norm(parsed["title"]) == norm(data["title"]),
        abstract=abstract,
        sections_main=(sum(_section_matches(n, t, ours) for n, t in main), len(main)),
        sections_all=(len(numbered) - len(missing), len(numbered)),
        references=(found, len(data["pdf_parse"]["bib_entries"])),
        entries=len(entries),
        arxiv=(len(truth & got), len(truth)),
        missing_sections=missing,
    )
