"""Names the exporters give a paper. The citation key is the paper's own key (made once by
:mod:`paperdesk.keys`, the one algorithm), so BibTeX, CSL-JSON, the vault and the CLI all say
``vaswani2017attention``; this module only turns keys into vault file names. Pure functions over
the dicts of :func:`paperdesk.export.backup.dump`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from paperdesk.keys import is_placeholder_title as _placeholder
from paperdesk.paths import safe_stem


def is_placeholder_title(paper: Mapping[str, Any]) -> bool:
    """An arXiv paper added but not fetched yet carries the title ``arXiv:ID``."""
    return _placeholder(paper.get("title"), paper.get("arxiv_id"))


def file_stems(papers: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Paper key → vault file stem (``vaswani2017attention``): the key made safe for a file
    name, unique case-insensitively (for macOS and Windows)."""
    out: dict[str, str] = {}
    seen: set[str] = set()
    for p in sorted(papers, key=lambda p: p["key"]):
        stem = safe_stem(p["key"])
        candidate, n = stem, 1
        while candidate.lower() in seen:
            n += 1
            candidate = f"{stem}-{n}"
        seen.add(candidate.lower())
        out[p["key"]] = candidate
    return out
