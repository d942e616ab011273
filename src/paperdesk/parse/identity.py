"""Is this PDF the paper it is being attached to? Checks on a parse result, before ``add --pdf``
stores a file (and its abstract) under a paper it does not belong to.

Two signals: the arXiv stamp in the margin (exact, when present) and the title. Titles are
compared by their content words, and a PDF whose extracted title is off (a journal header taken
for the title, say) still passes when the paper's title is printed in its front matter.
"""

from __future__ import annotations

import re

from paperdesk.parse.result import ParseResult
from paperdesk.stopwords import TITLE_WORDS

_WORD = re.compile(r"[^\W_]+")
MIN_OVERLAP = 0.5  # below this share of common content words, two titles name different papers


def title_words(title: str) -> set[str]:
    """The content words of a title, lower-cased (``Pre-training`` gives ``pre``, ``training``)."""
    return {w for w in _WORD.findall(title.lower()) if w not in TITLE_WORDS}


def title_overlap(a: str, b: str) -> float:
    """Shared content words over those of the shorter title: 1.0 when one title contains the
    other (a subtitle dropped, a stray line added), near 0 for different papers."""
    wa, wb = title_words(a), title_words(b)
    if not wa or not wb:
        return 1.0  # nothing to compare: no evidence of a mismatch
    return len(wa & wb) / min(len(wa), len(wb))


def _squash(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _front_text(result: ParseResult) -> str:
    """The parse's front matter: what precedes the first heading on page 1, and the abstract."""
    parts = [result.get("abstract") or ""]
    parts += [
        p["text"]
        for p in result.get("passages", [])
        if p.get("page_start") == 1 and not p.get("section")
    ]
    return " ".join(parts)


def _is_heading(title: str, result: ParseResult) -> bool:
    """A "title" that is one of the document's headings (a PDF with no title line, whose first
    bold line is ``Appendix A.1: Proofs``) says nothing about which paper it is."""
    squashed = _squash(title)
    for section in result.get("sections") or []:
        head = _squash(f"{section.get('number') or ''} {section.get('title') or ''}")
        if head and (squashed == head or squashed.endswith(" " + head)):
            return True
    return False


def title_mismatch(paper_title: str, result: ParseResult) -> str | None:
    """The PDF's title when it clearly names another paper than ``paper_title``, else None."""
    parsed = (result.get("title") or "").strip()
    if not parsed or title_overlap(paper_title, parsed) >= MIN_OVERLAP:
        return None
    if _is_heading(parsed, result):
        return None
    wanted = _squash(paper_title)
    if wanted and wanted in _squash(_front_text(result)):
        return None  # the title was printed but not recognised as such
    return parsed


def stamp_mismatch(arxiv_id: str | None, result: ParseResult) -> str | None:
    """The arXiv id the PDF's margin stamp names when it is not ``arxiv_id`` (base ids
    compared), else None."""
    base = _stamp_base(result)
    if not base or not arxiv_id:
        return None
    return base if base != arxiv_id else None


def _stamp_base(result: ParseResult) -> str | None:
    """The base arXiv id of the PDF's margin stamp, if it has a readable one."""
    from paperdesk.errors import InvalidIdError
    from paperdesk.ids import parse_arxiv_id

    stamp = result.get("arxiv_id") if result.get("ok") else None
    if not stamp:
        return None
    try:
        return parse_arxiv_id(stamp).base
    except InvalidIdError:
        return None


def mismatch(
    file: str, who: str, result: ParseResult, *, arxiv_id: str | None, title: str | None
) -> str | None:
    """Why the PDF ``file`` is not the paper ``who`` (its key, or how the user named it), in
    words, or None when nothing says so. The one check ``add --pdf``, ``fetch`` and ``parse``
    make: the arXiv stamp against ``arxiv_id``, then the PDF's title against ``title`` (None:
    no title to compare, such as a placeholder ``arXiv:ID``)."""
    if not result.get("ok"):
        return None
    if stamp := stamp_mismatch(arxiv_id, result):
        return f"{file} is arXiv:{stamp} (the stamp in its margin), not {who}"
    if arxiv_id and _stamp_base(result) == arxiv_id:
        return None  # the margin names this very paper: exact, whatever its title reads as
    other = title_mismatch(title, result) if title else None
    if other:
        return f"{file} looks like another paper: its title is '{other}', {who} is '{title}'"
    return None


def real_title(title: str | None, arxiv_id: str | None) -> str | None:
    """``title`` when it is a paper's own, None for none or the placeholder ``arXiv:ID`` of a
    paper added offline."""
    if not title or title == f"arXiv:{arxiv_id}":
        return None
    return title
