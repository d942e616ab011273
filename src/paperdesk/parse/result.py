"""What parsing one PDF gives: the JSON line the parser process sends back (see
:mod:`paperdesk.parse.worker`), read by the parse, add-PDF and attach services."""

from __future__ import annotations

from typing import Any, Required, TypedDict


class ParseResult(TypedDict, total=False):
    """``ok`` True with the document's parts, or ``ok`` False with a ``code`` (``timeout``,
    ``crash``, ``memory``, ``not_pdf``, ...) and a ``reason`` for people."""

    ok: Required[bool]
    code: str
    reason: str
    pages: int
    title: str | None
    abstract: str | None
    arxiv_id: str | None  # the parsed metadata's, else the arXiv stamp in the margin
    metadata: dict[str, Any]  # parse.metadata.Metadata.as_dict()
    sections: list[dict[str, Any]]  # number, title, level, page
    passages: list[dict[str, Any]]  # parse.passages.PassageSpec as a dict
    references: list[dict[str, Any]]  # parse.refparse.Reference as a dict
    links: list[dict[str, Any]]  # code and data links (parse.links)
    chars: int
    body_size: float


def failure(code: str, reason: str) -> ParseResult:
    return {"ok": False, "code": code, "reason": reason}
