"""Where on page 1 a paper prints its own venue, dates and DOI: the headers, footers,
footnotes and notices (copyright blocks, "Manuscript received", DOI lines), not the running
text or a reference list printed on page 1, whose venues, years and DOIs are other papers'."""

from __future__ import annotations

import re

from paperdesk.parse.extract import Line, Page

# a first page's notices, wherever the layout puts them (LNCS sets its copyright block well
# above the bottom margin); also where a reference list printed on page 1 ends
NOTICE = re.compile(
    r"©|\bcopyright\b|\(Eds?\.\)|^manuscript received|^preprint submitted|^received\b|"
    r"^digital object identifier|^https?://(?:dx\.)?doi\.org/|"
    r"^\W?equal contribution|correspondence to",
    re.I,
)
# a library's download watermark ("Downloaded on May 3,2024 … from IEEE Xplore"): its date
# is the reader's, not the paper's
DOWNLOADED = re.compile(
    r"downloaded (?:on|from)|authorized licensed use|restrictions apply|this content downloaded",
    re.I,
)


def before_references(page1: list[Line]) -> list[Line]:
    """Page 1 without a reference list on it (a short paper's, or a chapter's end): its DOIs
    and journal names are other papers'."""
    heading = next(
        (
            ln
            for ln in page1
            if re.fullmatch(r"(?:\d+\.?\s+)?(?:references|bibliography)", ln.text.strip(), re.I)
        ),
        None,
    )
    if heading is None:
        return page1
    below = sorted(
        (ln for ln in page1 if ln.y0 > heading.y0 and abs(ln.x0 - heading.x0) < 150),
        key=lambda ln: ln.y0,
    )
    height = max((ln.y1 for ln in page1), default=0.0)
    entries = {id(heading)}
    last, size = heading, 0.0
    for ln in below:
        # the page's own footnotes and footer sit apart below the entries, often smaller
        if (
            size
            and ln.y0 >= 0.6 * height
            and (
                ln.y0 - last.y1 > 1.2 * size
                or ln.size < size - 0.9
                or NOTICE.search(ln.text.strip())
            )
        ):
            break
        entries.add(id(ln))
        last, size = ln, size or ln.size
    return [ln for ln in page1 if id(ln) not in entries]


def joined_groups(texts: list[str], groups: list[int]) -> list[str]:
    """The text of each group of lines as one string: a DOI broken at a line end
    ("…/N19-" + "1423") is joined again, and a label at one line's end ("Digital Object
    Identifier") stays beside the DOI that starts the next."""
    out: list[str] = []
    last = None
    for text, group in zip(texts, groups, strict=True):
        text = text.strip()
        if out and group == last:
            glued = re.search(r"10\.\d{4,9}/\S*[-/.]$", out[-1])
            out[-1] += ("" if glued else " ") + text
        else:
            out.append(text)
        last = group
    return out


def line_groups(lines: list[Line]) -> list[int]:
    """Runs of lines set close below one another (a header or footer block of a few lines)."""
    out: list[int] = []
    for i, ln in enumerate(lines):
        prev = lines[i - 1] if i else None
        near = prev is not None and -0.5 * ln.size <= ln.y0 - prev.y1 <= 1.5 * ln.size
        out.append(out[-1] if near and out else (out[-1] + 1 if out else 0))
    return out


def edge(ln: Line, page: Page, body: float) -> bool:
    """Headers, footers, footnotes and the front matter: where venue, DOI and dates are
    printed (running text on page 1 cites other papers' venues and DOIs)."""
    return (
        ln.y1 <= 0.14 * page.height
        or ln.y0 >= 0.75 * page.height
        or (ln.y0 >= 0.5 * page.height and bool(NOTICE.search(ln.text)))
        or ln.size <= body - 0.9
        or (ln.col == "F" and ln.y0 <= 0.45 * page.height)
    )
