"""The whole parse of one PDF, as plain data (it crosses a process boundary as JSON).

Runs inside the worker process. Files that are not usable say why, with a short code the caller
can act on: ``empty``, ``not_pdf``, ``truncated``, ``corrupt``, ``encrypted``, ``no_pages``,
``no_text``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from paperdesk.errors import InvalidIdError
from paperdesk.ids import parse_arxiv_id
from paperdesk.parse.contents import find_contents
from paperdesk.parse.embedded import pdf_metadata
from paperdesk.parse.extract import Page, read_pages, reading_order
from paperdesk.parse.figures import find_captions, find_figure_text, find_table_cells
from paperdesk.parse.headings import (
    ABSTRACT_TITLES,
    ACK_TITLES,
    REFERENCE_TITLES,
    Heading,
    find_headings,
    find_title,
)
from paperdesk.parse.kinds import ACK, BODY, CAPTION, REFS, TOC
from paperdesk.parse.links import find_links, page_uris
from paperdesk.parse.metadata import extract_metadata
from paperdesk.parse.outline import Bookmark, merge, outline_headings
from paperdesk.parse.passages import chunk, whole
from paperdesk.parse.references import find_reference_list
from paperdesk.parse.result import ParseResult
from paperdesk.parse.text import Vocabulary, sentence_ends, tokens

#: fewer characters than this per page on average: no text layer (a scan with a page number
#: or a stamp); a short text ("PDF of 1706.03762v7") is still text
MIN_CHARS_PER_PAGE = 12
# more pages than any paper or thesis: a 10,000-page file would use the whole time limit
MAX_PAGES = 2000
ABSTRACT_MAX_WORDS = 450
ACK_MAX_WORDS = 400
ABSTRACT_MIN_WORDS = 30  # a paragraph before the keywords shorter than this is no abstract
RECEIVED_MIN_WORDS = 12  # the same after a "(Received …)" line (JPSJ's are short)
_KEYWORDS = re.compile(
    r"\s*(?:CCS Concepts|Additional Key Words|Key ?words|Index Terms|Palavras-chave|"
    r"Palabras clave|Mots-clés|Schlüsselwörter)\b",
    re.I,
)
_STAMP = re.compile(r"arXiv:\s*([\w./-]+?)\s*\[[\w.-]+\]")
_BAD_META_TITLE = re.compile(r"^(untitled|microsoft word|.*\.(dvi|tex|docx?|pdf))", re.I)


class PdfProblem(Exception):
    """A file that cannot be parsed, with a short code and a reason for the user."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def check_file(path: Path) -> None:
    """Cheap checks on the bytes before PyMuPDF sees them (it "repairs" broken files silently
    and opens HTML as a document)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(1024)
            fh.seek(max(0, size - 2048))
            tail = fh.read()
    except OSError as exc:
        raise PdfProblem("unreadable", f"cannot read {path.name}: {exc.strerror}") from None
    if size == 0:
        raise PdfProblem("empty", "empty file (0 bytes)")
    if b"%PDF-" not in head:
        start = head.lstrip()[:15].lower()
        looks = "HTML" if start.startswith((b"<!doctype", b"<html", b"<?xml", b"<")) else None
        raise PdfProblem(
            "not_pdf", f"not a PDF (looks like {looks})" if looks else "not a PDF (no %PDF header)"
        )
    if b"%%EOF" not in tail:
        raise PdfProblem("truncated", f"truncated PDF (no %%EOF at the end; {size} bytes)")


def open_pdf(path: Path) -> Any:
    import pymupdf

    try:
        doc = pymupdf.open(str(path), filetype="pdf")
    except Exception as exc:  # MuPDF raises several types for broken files
        why = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise PdfProblem("corrupt", f"cannot open PDF ({why})") from None
    if not doc.is_pdf:
        raise PdfProblem("not_pdf", "not a PDF")
    if doc.needs_pass:
        raise PdfProblem("encrypted", "encrypted PDF (needs a password)")
    if doc.page_count == 0:
        raise PdfProblem("no_pages", "PDF has no pages")
    if doc.page_count > MAX_PAGES:
        pages = doc.page_count
        doc.close()
        raise PdfProblem("too_many_pages", f"{pages:,} pages (at most {MAX_PAGES:,} are parsed)")
    return doc


def parse_pdf(path: str | Path) -> ParseResult:
    """Parse one file; raises :class:`PdfProblem` when it cannot be used."""
    path = Path(path)
    check_file(path)
    doc = open_pdf(path)
    try:
        pages = read_pages(doc)
        info, xmp = pdf_metadata(doc)
        meta_title = info.get("title") or ""
        uris = page_uris(doc)
        outline = doc.get_toc(simple=True)
    except Exception as exc:
        why = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise PdfProblem("corrupt", f"cannot read text ({why})") from None
    finally:
        doc.close()
    return structure(pages, meta_title, info=info, xmp=xmp, uris=uris, outline=outline)


def _stamp_id(pages: list[Page]) -> str | None:
    if not pages or not (m := _STAMP.search(pages[0].stamp)):
        return None
    try:
        return parse_arxiv_id(m[1]).versioned
    except InvalidIdError:
        return None


def structure(
    pages: list[Page],
    meta_title: str = "",
    *,
    info: dict[str, Any] | None = None,
    xmp: str = "",
    uris: dict[int, list[str]] | None = None,
    outline: Sequence[Bookmark] = (),
) -> ParseResult:
    """Title, abstract, outline, passages, references and code links of the document's lines
    (``uris``: each page's hyperlinks; ``outline``: the PDF's bookmarks, level, title, page)."""
    chars = sum(len(ln.text) for p in pages for ln in p.lines)
    if chars < MIN_CHARS_PER_PAGE * max(1, len(pages)):
        raise PdfProblem("no_text", "no text layer (scanned or image-only PDF?)")
    stamp = _stamp_id(pages)
    page1 = list(pages[0].lines)  # before running headers go: the ICLR header is a venue
    lines, body = reading_order(pages)
    title, title_lines = find_title(lines, body)
    meta = extract_metadata(
        pages[0], page1, body, info=info or {"title": meta_title}, xmp=xmp, lines=lines
    )
    meta_title = meta_title.strip()
    if not title and meta_title and not _BAD_META_TITLE.match(meta_title):
        title = meta_title
    toc = find_contents(lines)
    captions = find_captions(lines, body, title_lines | toc)
    in_caption = {i for c in captions for i in c.indices}
    skip = title_lines | toc | in_caption
    cells = find_table_cells(lines, skip) | find_figure_text(lines, body, captions, skip)
    not_text = skip | cells
    heads = find_headings(lines, body, not_text)
    if outline:
        heads = merge(heads, *outline_headings(lines, outline, not_text))
    vocab = Vocabulary(lines)
    # the reference list decides where it ends, in its own reading order (references.py)
    ref_starts = [h.index for h in heads if h.title in REFERENCE_TITLES]
    found_refs, unheaded = find_reference_list(pages, lines, ref_starts, vocab, in_caption)
    refs = [asdict(r) for r in found_refs]
    if unheaded:  # APS, AIP: the list follows the last section without a heading
        heads = _file_unheaded(heads, unheaded, lines)
        not_text = not_text | set(unheaded)

    sections: list[dict[str, Any]] = []
    passages: list[dict[str, Any]] = []
    abstract: str | None = None
    first = heads[0].index if heads else len(lines)
    front = [ln for i, ln in enumerate(lines[:first]) if i not in not_text]
    front_toks = tokens(front, vocab)
    if len(front_toks) > 150 or not heads:
        passages += [asdict(p) for p in chunk(None, front_toks)]
    spans = [(None, 0, first)] + [
        (h, max(h.start, h.index), heads[k + 1].index if k + 1 < len(heads) else len(lines))
        for k, h in enumerate(heads)
    ]
    texts = [[i for i in range(start, end) if i not in not_text] for _, start, end in spans]
    for k, (h, _, _) in enumerate(spans):
        if h is not None and h.start == -1:  # the unheaded list: exactly its lines; the
            texts[k - 1] += texts[k]  # rest of its span (an appendix's column) stays before
            texts[k] = unheaded
    for (h, start, end), text in zip(spans, texts, strict=True):
        label = h.label if h else None
        if h is not None:
            sections.append(
                {"number": h.number, "title": h.title, "level": h.level, "page": h.page}
            )
            # footnotes go after the section's text instead of cutting a sentence at a page end
            content = [lines[i] for i in text if not lines[i].footnote]
            content += [lines[i] for i in text if lines[i].footnote]
            toks = tokens(content, vocab)
            kind = section_kind(h.title, len(toks))
            if abstract is None and _is_abstract(h, len(sections)):
                # the abstract is the section's running text: its page's footnotes are not
                running = [ln for ln in content if not ln.footnote]
                cut = next((k for k, ln in enumerate(running) if _KEYWORDS.match(ln.text)), None)
                abstract = _abstract_text(tokens(running[:cut], vocab))  # not the keywords
            passages += [asdict(p) for p in chunk(label, toks, kind)]
        for c in captions:  # each caption a passage of its own, in the section it sits in
            if start <= c.indices[0] < end:
                spec = whole(label, tokens([lines[i] for i in c.indices], vocab), CAPTION)
                passages += [asdict(spec)] if spec else []
    if abstract is None:
        abstract = _unheaded_abstract(lines[:first], not_text | title_lines, vocab)
    if toc:
        toc_toks = tokens([lines[i] for i in sorted(toc)], vocab)
        passages += [asdict(p) for p in chunk("Contents", toc_toks, TOC)]
    return {
        "ok": True,
        "pages": len(pages),
        "title": meta.title or title,
        "abstract": abstract,
        "arxiv_id": meta.arxiv_id or stamp,
        "metadata": meta.as_dict(),
        "sections": sections,
        "passages": passages,
        "references": refs,
        "links": find_links(lines, uris, [r["text"] for r in refs]),
        "chars": chars,
        "body_size": body,
    }


def section_kind(title: str, words: int = 0) -> str:
    """The passage kind of a section's text: reference lists and acknowledgements are stored
    for reading but never ranked by search. Acknowledgements longer than any real ones mean
    the next heading was missed (an appendix): that text stays searchable."""
    if title in REFERENCE_TITLES:
        return REFS
    if title in ACK_TITLES and words <= ACK_MAX_WORDS:
        return ACK
    return BODY


def _file_unheaded(heads: list[Heading], listed: list[int], lines: list[Any]) -> list[Heading]:
    """A References heading for a list printed without one, just before the list's first line
    that follows every heading set among its lines: REVTeX starts the list at the foot of the
    left column while an appendix goes on in the right one. Its ``start`` of -1 tells the
    section to take exactly the list's lines."""
    first, last = listed[0], listed[-1]
    inside = [h.index for h in heads if first < h.index < last]
    at = next((i for i in listed if i > max(inside)), first) if inside else first
    ref = Heading(None, "References", 1, lines[at].page, at, -1)
    return sorted([*heads, ref], key=lambda h: (h.index, h.start != -1))


def _unheaded_abstract(front: list[Any], skip: set[int], vocab: Vocabulary) -> str | None:
    """An abstract printed without a heading: the paragraph right before the keywords line
    ("CCS Concepts:", "Keywords:", "Index Terms"; ACM's journal formats, ASME beside its
    author column), or a bold paragraph right before the first heading (AIAA)."""
    if found := _labelled_abstract(front, skip, vocab) or _received_abstract(front, skip, vocab):
        return found
    at = next((i for i, ln in enumerate(front) if _KEYWORDS.match(ln.text)), None)
    if not at:
        return _bold_abstract(front, skip, vocab)
    key = front[at]  # the paragraph above it in its column, not the author column beside it
    last = next(
        (ln for ln in reversed(front[:at]) if ln.page == key.page and abs(ln.x0 - key.x0) < 3),
        front[at - 1],
    )
    para = [
        ln
        for i, ln in enumerate(front[:at])
        if i not in skip and ln.page == last.page and ln.block == last.block and not ln.footnote
    ]
    toks = tokens(para, vocab)
    return _abstract_text(toks) if len(toks) >= ABSTRACT_MIN_WORDS else None


_ABSTRACT_LABEL = re.compile(
    r"\s*(?:abstract|a\s?b\s?s\s?t\s?r\s?a\s?c\s?t|summary)\s*[.:]?\s*", re.I
)
_RECEIVED = re.compile(
    r"\s*\(?\s*(?:received|submitted|manuscript received|dated:)\s.*\b(?:19|20)\d{2}\b", re.I
)  # with its date: a thesis's "Submitted in partial satisfaction of …" is no such line;
# REVTeX prints "(Dated: December 27, 2018)" above its abstract


def _paragraph_after(front: list[Any], at: int, skip: set[int]) -> list[Any]:
    """The lines right below ``front[at]`` on its page in one size, up to a gap wider than two
    lines or the keywords."""
    out: list[Any] = []
    for i in range(at + 1, len(front)):
        ln, last = front[i], (out[-1] if out else front[at])
        if i in skip:
            continue
        if (
            ln.page != front[at].page
            or _KEYWORDS.match(ln.text)
            or (out and abs(ln.size - out[0].size) > 0.3)
            or not -0.5 * ln.size <= ln.y0 - last.y1 <= 2 * ln.size
        ):
            break
        out.append(ln)
    return out


def _labelled_abstract(front: list[Any], skip: set[int], vocab: Vocabulary) -> str | None:
    """A line that only says "ABSTRACT" (set too small to be found as a heading: ijmart's
    6 pt capitals) over the paragraph below it."""
    for k, ln in enumerate(front):
        if ln.page <= 2 and k not in skip and _ABSTRACT_LABEL.fullmatch(ln.text):
            toks = tokens(_paragraph_after(front, k, skip), vocab)
            return _abstract_text(toks) if len(toks) >= 8 else None
    return None


def _received_abstract(front: list[Any], skip: set[int], vocab: Vocabulary) -> str | None:
    """The paragraph right after the "(Received April 1, 2004; revised …)" or "(Dated: …)"
    line, up to the keywords (PTP, JPSJ, REVTeX and other physics and mathematics journals
    print the abstract there without a heading)."""
    for k, ln in enumerate(front):
        if ln.page == 1 and k not in skip and _RECEIVED.match(ln.text):
            para = [x for x in _paragraph_after(front, k, skip) if not x.footnote]
            toks = tokens(para, vocab)
            return _abstract_text(toks) if len(toks) >= RECEIVED_MIN_WORDS else None
    return None


def _bold_abstract(front: list[Any], skip: set[int], vocab: Vocabulary) -> str | None:
    """The front matter's last block, when it is a paragraph of bold running text on page 1."""
    kept = [ln for i, ln in enumerate(front) if i not in skip and not ln.footnote]
    if not kept or kept[-1].page != 1:
        return None
    para = [ln for ln in kept if ln.block == kept[-1].block]
    if len(para) < 3 or not all(ln.bold for ln in para):
        return None
    toks = tokens(para, vocab)
    return _abstract_text(toks) if len(toks) >= 2 * ABSTRACT_MIN_WORDS else None


def _is_abstract(h: Heading, position: int) -> bool:
    """An unnumbered "Abstract" among the first headings of the first pages: a manual's
    "4.5 Abstract" (the command's documentation) is not the paper's abstract."""
    return h.title in ABSTRACT_TITLES and h.number is None and h.page <= 3 and position <= 3


def _abstract_text(toks: list[Any]) -> str | None:
    if not toks:
        return None
    if len(toks) > ABSTRACT_MAX_WORDS:  # the next heading was missed: stop at a sentence end
        ends = [i for i in sentence_ends(toks) if i < ABSTRACT_MAX_WORDS]
        toks = toks[: (ends[-1] + 1) if ends else ABSTRACT_MAX_WORDS]
    return " ".join(t.word for t in toks)
