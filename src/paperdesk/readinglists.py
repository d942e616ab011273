"""Reading-list YAML files → validated entries. Every error names the file and the line.

A list file::

    name: transformers-core            # [a-z0-9-], unique in the library
    title: The Transformer, from attention to GPT-3
    description: ...
    stages:
      - stage: "1. Attention"
        papers:
          - id: "1706.03762"           # any form ids.parse_arxiv_id accepts
            why: The paper everything else builds on.
            summary: >-                # optional: what the paper proposes and finds, searched
              Proposes ...             # until the paper's real abstract is known
            claims:                    # optional, seeds replication claims
              - {metric: BLEU, setting: WMT 2014 en-de, value: 28.4, source: Table 2}
          - title: Improving Language Understanding by Generative Pre-Training
            authors: [Alec Radford, Karthik Narasimhan, Tim Salimans, Ilya Sutskever]
            year: 2018
            venue: OpenAI technical report  # optional, also for arXiv papers ("NeurIPS 2017")
            url: https://...            # and/or doi:, pdf_url:
            key: radford2018improving   # optional; otherwise made by paperdesk.keys

Scalars are read as written (``1810.04805`` stays text, not a float).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, overload

from paperdesk import validate
from paperdesk.errors import InvalidIdError, ReadingListError
from paperdesk.fsutil import read_text_file
from paperdesk.ids import ArxivId, check_key, normalize_doi, parse_arxiv_id
from paperdesk.safeyaml import MAX_BYTES, YamlError, compose
from paperdesk.safeyaml import Node as _Node


def _len(model: str, column: str) -> int | None:
    """The length of a ``String`` column (imported when a list is read: the TUI's start-up
    reads the seeded files' names through this module and must not import SQLAlchemy)."""
    from paperdesk.storage import models

    return validate.length(getattr(models, model), column)


NAME_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
#: A summary is a few sentences standing in for the abstract (arXiv caps those at 1,920).
SUMMARY_CHARS = 2000


@dataclass(frozen=True)
class ClaimSpec:
    metric: str
    value: float
    setting: str | None = None
    unit: str | None = None
    higher_is_better: bool = True
    source: str | None = None
    tolerance: float | None = None
    label: str | None = None


@dataclass(frozen=True)
class EntrySpec:
    """One paper of a list: an arXiv id, or the bibliographic data of a paper not on arXiv."""

    line: int
    stage: str | None
    arxiv: ArxivId | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    year: int | None = None
    venue: str | None = None
    url: str | None = None
    pdf_url: str | None = None
    doi: str | None = None
    key: str | None = None
    why: str | None = None
    summary: str | None = None
    claims: tuple[ClaimSpec, ...] = ()


@dataclass(frozen=True)
class ListSpec:
    name: str
    title: str
    description: str | None
    path: Path
    entries: tuple[EntrySpec, ...] = field(default_factory=tuple)


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, line: int, message: str) -> ReadingListError:
        return ReadingListError(f"{self.path}:{line}: {message}")

    def mapping(self, node: _Node, what: str) -> dict[str, _Node]:
        if not isinstance(node.value, dict):
            raise self.fail(node.line, f"{what} must be a mapping")
        return node.value

    def text(
        self,
        m: dict[str, _Node],
        key: str,
        line: int,
        *,
        required: bool = False,
        max_len: int | None = None,
        lines: bool = False,
    ) -> str | None:
        node = m.get(key)
        if node is None or node.value is None:
            if required:
                raise self.fail(line, f"missing '{key}'")
            return None
        if not isinstance(node.value, str):
            raise self.fail(node.line, f"'{key}' must be text")
        try:
            return validate.text(node.value, key, max_len=max_len, lines=lines)
        except validate.InvalidValue as exc:
            raise self.fail(node.line, str(exc)) from None

    @overload
    def number(
        self, m: dict[str, _Node], key: str, line: int, *, required: Literal[True]
    ) -> float: ...
    @overload
    def number(
        self, m: dict[str, _Node], key: str, line: int, *, required: bool = False
    ) -> float | None: ...
    def number(
        self, m: dict[str, _Node], key: str, line: int, *, required: bool = False
    ) -> float | None:
        """A finite number at ``key`` (never None when ``required``: a missing one fails)."""
        raw = self.text(m, key, line, required=required)
        try:
            return validate.number(raw, key, required=required)
        except validate.InvalidValue as exc:
            raise self.fail(m[key].line if key in m else line, str(exc)) from None

    def year(self, m: dict[str, _Node], line: int) -> int | None:
        try:
            return validate.integer(self.text(m, "year", line), "year", lo=0, hi=9999)
        except validate.InvalidValue as exc:
            raise self.fail(m["year"].line, str(exc)) from None

    def boolean(self, m: dict[str, _Node], key: str, default: bool) -> bool:
        raw = self.text(m, key, 0)
        if raw is None:
            return default
        if raw.lower() in ("true", "yes", "on"):
            return True
        if raw.lower() in ("false", "no", "off"):
            return False
        raise self.fail(m[key].line, f"'{key}' must be true or false, got {raw!r}")

    def unknown(self, m: dict[str, _Node], allowed: set[str], what: str) -> None:
        for key, node in m.items():
            if key not in allowed:
                raise self.fail(
                    node.line,
                    f"unknown key '{key}' in {what} (known: {', '.join(sorted(allowed))})",
                )


_ENTRY_KEYS = {
    "id",
    "title",
    "authors",
    "year",
    "venue",
    "url",
    "pdf_url",
    "doi",
    "key",
    "why",
    "summary",
    "claims",
}


def _claim(r: _Reader, node: _Node) -> ClaimSpec:
    from paperdesk.storage.columns import CLAIM_INPUT  # here: see _len

    m = r.mapping(node, "a claim")
    r.unknown(m, set(CLAIM_INPUT), "a claim")
    return ClaimSpec(
        metric=r.text(m, "metric", node.line, required=True, max_len=_len("Claim", "metric")) or "",
        value=r.number(m, "value", node.line, required=True),
        setting=r.text(m, "setting", node.line),
        unit=r.text(m, "unit", node.line, max_len=_len("Claim", "unit")),
        higher_is_better=r.boolean(m, "higher_is_better", True),
        source=r.text(m, "source", node.line),
        tolerance=r.number(m, "tolerance", node.line),
        label=r.text(m, "label", node.line, max_len=_len("Claim", "label")),
    )


def _entry(r: _Reader, node: _Node, stage: str | None) -> EntrySpec:
    if isinstance(node.value, str):
        node = _Node({"id": node}, node.line)
    m = r.mapping(node, "a paper entry")
    r.unknown(m, _ENTRY_KEYS, "a paper entry")
    arxiv = None
    if (raw_id := r.text(m, "id", node.line)) is not None:
        try:
            arxiv = parse_arxiv_id(raw_id)
        except InvalidIdError as exc:
            raise r.fail(m["id"].line, str(exc)) from None
    title = r.text(m, "title", node.line)
    doi = None
    if (raw_doi := r.text(m, "doi", node.line)) is not None:
        doi = normalize_doi(raw_doi)
        if doi is None:
            raise r.fail(m["doi"].line, f"not a DOI: {raw_doi!r}")
        if len(doi) > (_len("Paper", "doi") or 0):
            raise r.fail(m["doi"].line, f"the DOI is {len(doi)} characters long (at most 200)")
    url = r.text(m, "url", node.line)
    pdf_url = r.text(m, "pdf_url", node.line)
    for field_name, value in (("url", url), ("pdf_url", pdf_url)):
        if value is not None and not re.match(r"https?://", value):
            raise r.fail(
                m[field_name].line, f"'{field_name}' must be an http(s) URL, got {value!r}"
            )
    if arxiv is None and title is None:
        raise r.fail(node.line, "an entry needs an arXiv 'id', or a 'title' with url/doi/year")
    if arxiv is None and not (url or doi or pdf_url):
        raise r.fail(node.line, f"paper {title!r} is not on arXiv: give it a 'url' or 'doi'")
    authors: tuple[str, ...] = ()
    if (a := m.get("authors")) is not None and a.value is not None:
        if isinstance(a.value, str):
            names = a.value.split(" and ")
        elif isinstance(a.value, list) and all(isinstance(x.value, str) for x in a.value):
            names = [x.value for x in a.value]
        else:
            raise r.fail(a.line, "'authors' must be a list of names")
        try:
            authors = tuple(validate.text_list(names, "authors"))
        except validate.InvalidValue as exc:
            raise r.fail(a.line, str(exc)) from None
    claims: tuple[ClaimSpec, ...] = ()
    if (c := m.get("claims")) is not None and c.value is not None:
        if not isinstance(c.value, list):
            raise r.fail(c.line, "'claims' must be a list")
        claims = tuple(_claim(r, x) for x in c.value)
    key = r.text(m, "key", node.line)
    if key is not None:
        try:
            key = check_key(key)
        except InvalidIdError as exc:
            raise r.fail(m["key"].line, str(exc)) from None
    return EntrySpec(
        line=node.line,
        stage=stage,
        arxiv=arxiv,
        title=title,
        authors=authors,
        year=r.year(m, node.line),
        venue=r.text(m, "venue", node.line),
        url=url,
        pdf_url=pdf_url,
        doi=doi,
        key=key,
        why=r.text(m, "why", node.line, lines=True),
        summary=r.text(m, "summary", node.line, max_len=SUMMARY_CHARS),
        claims=claims,
    )


def parse_list_text(text: str, path: Path) -> ListSpec:
    """Parse the YAML text of one list file (``path`` is used in messages)."""
    r = _Reader(path)
    try:
        top = compose(text)
    except YamlError as exc:
        raise r.fail(exc.line, exc.message) from None
    if top is None:
        raise r.fail(1, "the file is empty")
    m = r.mapping(top, "a reading list file")
    r.unknown(m, {"name", "title", "description", "stages", "papers"}, "the list")
    name = r.text(m, "name", 1, required=True) or ""
    if not NAME_RE.fullmatch(name):
        raise r.fail(m["name"].line, f"list name {name!r} may use a-z, 0-9 and '-' only")
    entries: list[EntrySpec] = []
    if (stages := m.get("stages")) is not None:
        if not isinstance(stages.value, list):
            raise r.fail(stages.line, "'stages' must be a list")
        for stage_node in stages.value:
            sm = r.mapping(stage_node, "a stage")
            r.unknown(sm, {"stage", "papers"}, "a stage")
            label = r.text(sm, "stage", stage_node.line)
            papers = sm.get("papers")
            if papers is None or not isinstance(papers.value, list):
                raise r.fail(stage_node.line, "a stage needs a 'papers' list")
            entries.extend(_entry(r, p, label) for p in papers.value)
    if (papers := m.get("papers")) is not None:
        if not isinstance(papers.value, list):
            raise r.fail(papers.line, "'papers' must be a list")
        entries.extend(_entry(r, p, None) for p in papers.value)
    if not entries:
        raise r.fail(top.line, "the list has no papers (give 'stages' or 'papers')")
    seen: dict[str, int] = {}
    for e in entries:
        ident = e.arxiv.base if e.arxiv else (e.doi or e.key or e.title or "").lower()
        if ident in seen:
            raise r.fail(e.line, f"{ident} is already listed at line {seen[ident]}")
        seen[ident] = e.line
    return ListSpec(
        name=name,
        title=r.text(m, "title", 1) or name,
        description=r.text(m, "description", 1, lines=True),
        path=path,
        entries=tuple(entries),
    )


def load_list_file(path: str | Path) -> ListSpec:
    path = Path(path)
    text = read_text_file(path, max_bytes=MAX_BYTES, error=ReadingListError)
    return parse_list_text(text, path)


def seed_dir() -> Path:
    """Where the seeded lists live: inside the installed package, or the repository root."""
    packaged = Path(__file__).parent / "reading_lists"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "reading_lists"


def seed_files() -> list[Path]:
    return sorted(p for p in seed_dir().glob("*.yaml") if not p.name.startswith("_"))
