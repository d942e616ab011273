"""A paper's bibliographic metadata from its PDF alone: title, ordered authors, year, DOI,
venue and arXiv id, each with where it came from.

Runs in the parse worker on page 1's lines (taken before running headers are removed: the
ICLR or IEEE header is a venue line) and on the PDF's Info dict and XMP packet. What the page
prints wins over the Info dict, which LaTeX fills from ``\\hypersetup`` (often left empty or
stale) and Word fills with a file name; the Info dict is a cross-check and a fallback.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from paperdesk.parse import pageedge
from paperdesk.parse import venue as printed
from paperdesk.parse.authors import front_authors, tidy_name
from paperdesk.parse.embedded import EmbeddedMetadata, read_info, read_xmp
from paperdesk.parse.extract import Line, Page
from paperdesk.parse.headings import NOT_TITLE

_STOP = re.compile(
    r"^(?:abstract|a\s?b\s?s\s?t\s?r\s?a\s?c\s?t|summary|keywords|index terms|"
    r"(?:1|i)\.?\s+introduction|introduction)\b",
    re.I,
)
_HEADER = re.compile(
    r"^(?:published as|proceedings of|in proceedings|preprint|under review|accepted|"
    r"arxiv:|journal of|ieee transactions|vol\.|\d+(?:st|nd|rd|th) conference|"
    r"workshop|draft|technical report|https?://|www\.)",
    re.I,
)
_SECTION_WORD = re.compile(
    r"(?:\d+\.?\s*)?(?:references|bibliography|contents|table of contents|appendix|index|"
    r"acknowledge?ments?|abstract|introduction)",
    re.I,
)
#: a Chinese thesis cover's kind of document, set largest: "本科毕业论文(设计)",
#: "毕业设计(论文)报告", "博士学位论文" (the title is the next line)
_COVER_LABEL = re.compile(
    r"[\W\d]*(?:本科|硕士|博士|研究生)?(?:学位)?(?:毕业)?(?:论文|设计)(?:[(（](?:设计|论文)[)）])?"
    r"(?:报告)?[\W\d]*"
)
#: Chinese, Japanese or Korean words: a title with no spaces ("InkPaper:一个带有墨香的数学论文模板")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]{4,}")
_SHOUT_MIN = 0.8  # share of upper-case letters from which a title is taken as ALL CAPS


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    doi: str | None = None
    venue: str | None = None
    arxiv_id: str | None = None
    sources: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def set(self, name: str, value: Any, source: str) -> None:
        if value and not getattr(self, name):
            setattr(self, name, value)
            self.sources[name] = source


def shouting(title: str) -> bool:
    letters = [ch for ch in title if ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters)
    return len(letters) >= 8 and upper >= _SHOUT_MIN * len(letters)


def fix_case(title: str, words: dict[str, str] | None = None) -> str:
    """An ALL-CAPS title in title case; words the document writes in capitals or mixed case
    elsewhere (BERT, RoBERTa, GPT) keep that spelling."""
    if not shouting(title):
        return title
    from titlecase import titlecase

    forms = words or {}

    def keep(word: str, **_: Any) -> str | None:
        core = word.strip("()[]{}:;,.!?\"'“”‘’")
        if not core:
            return None
        spelled = forms.get(core.lower())
        if spelled and spelled != core.lower() and spelled != core.capitalize():
            return word.replace(core, spelled)
        if re.fullmatch(r"\d+d", core):  # 3D, 2D (the title arrives lower-cased; 16x16 stays)
            return word.replace(core, core.upper())
        return None

    return titlecase(title.lower(), callback=keep)


def spellings(lines: list[Line]) -> dict[str, str]:
    """The document's usual spelling of each word that it writes with inner capitals (BERT,
    RoBERTa), keyed by the lower-case word, from lines that are not themselves in capitals."""
    seen: dict[str, Counter[str]] = {}
    for ln in lines:
        if shouting(ln.text):
            continue
        for w in re.findall(r"[^\W_][\w-]*[^\W_]", ln.text):
            seen.setdefault(w.lower(), Counter())[w] += 1
    out: dict[str, str] = {}
    for low, forms in seen.items():
        form, n = forms.most_common(1)[0]
        if n >= 2 and any(ch.isupper() for ch in form[1:]):
            out[low] = form
    return out


def _title_lines(page1: list[Line], page: Page, body: float) -> tuple[str, list[Line]]:
    """The largest text in the upper part of page 1 (not a header or a page number), and its
    lines."""
    cands = [
        ln
        for ln in page1
        if ln.y0 <= 0.6 * page.height
        and len(ln.text.strip()) > 3
        and sum(ch.isalpha() for ch in ln.text) >= 3
        and not (ln.size <= body + 1 and _HEADER.match(ln.text.strip()))
        and not printed.STAMP.search(ln.text)
        and not _SECTION_WORD.fullmatch(ln.text.strip())
        and not NOT_TITLE.fullmatch(ln.text.strip())
        and not _COVER_LABEL.fullmatch(ln.text.strip())
        # page numbers, paper codes (IMECE2023-XXXX); not a title's last word
        # ("… for 4D-Panoptic-LiDAR-Segmentation")
        and not (re.fullmatch(r"\S*\d\S*", ln.text.strip()) and not re.search("[a-z]{3}", ln.text))
    ]
    if not cands:
        return "", []
    biggest = max(ln.size for ln in cands)
    if biggest < body + 0.9:  # set in the body size: the first bold line of several words
        cands = [
            ln
            for ln in cands
            if ln.bold
            and not re.match(r"\d+(?:\.\d+)*\.?\s", ln.text)  # a numbered heading
            and ln.size >= body - 0.5
            and len(ln.text.split()) >= 3
            and ln.y0 <= 0.4 * page.height
        ]
        if not cands:
            return _centred_title(page1, page)
        biggest = max(ln.size for ln in cands)
    picked = sorted((ln for ln in cands if abs(ln.size - biggest) <= 0.5), key=lambda x: x.y0)
    # a title's last line may be a word that alone reads as a heading ("… A Conceptual" /
    # "Introduction"): such lines in the title's size may continue it, never start it
    words = [
        ln
        for ln in page1
        if abs(ln.size - biggest) <= 0.5
        and ln.y0 > picked[0].y0
        and _SECTION_WORD.fullmatch(ln.text.strip())
    ]
    run = [picked[0]]
    for ln in sorted(picked[1:] + words, key=lambda x: x.y0):
        if ln.y0 - run[-1].y1 > 1.5 * biggest:
            break
        last = run[-1]
        if ln.y0 < last.y1 - 0.3 * biggest and (ln.x0 > last.x1 or ln.x1 < last.x0):
            continue  # beside the last line (another column's heading), not below it
        if ln.bold == run[0].bold:  # names set in the title's size, but not its weight
            run.append(ln)
    run += _subtitle(run, page1, body)
    title = unicodedata.normalize("NFKC", " ".join(_unspaced(ln.text) for ln in run))
    title = re.sub(r"\s+", " ", title)
    if title.count(")") > title.count("("):  # AIP's footnote mark "a)", not "(English)"
        title = re.sub(r"(?<=[a-z])[a-z]\)$", "", title)
    title = re.sub(r"-\s(?=[a-z])", "", title) if re.search(r"\w- [a-z]", title) else title
    return title.strip().rstrip("⋆∗*†‡§¶✩,. ").strip(), run


def _subtitle(run: list[Line], page1: list[Line], body: float) -> list[Line]:
    """A title that ends in a colon goes on below in a smaller size ("The lps class:" /
    "layout for the Logic & Philosophy of Science journal"): those lines, larger than the
    body text and right under it."""
    if not run[-1].text.rstrip().endswith(":"):
        return []
    out: list[Line] = []
    for ln in sorted((ln for ln in page1 if ln.y0 >= run[-1].y1 - 1), key=lambda x: x.y0):
        last = out[-1] if out else run[-1]
        if ln.y0 - last.y1 > 1.5 * last.size or ln.size < body + 0.9 or ln.size > run[0].size:
            break
        if out and abs(ln.size - out[0].size) > 0.5:
            break
        out.append(ln)
    return out


def _centred_title(page1: list[Line], page: Page) -> tuple[str, list[Line]]:
    """No line stands out by size or weight (MLA: the student's name, the instructor, the
    course and the date flush left, then the title centred in the body font): the first line
    of several words centred on the page in its upper part, a block of its own."""
    blocks = Counter(ln.block for ln in page1)
    for ln in page1:
        words = ln.text.split()
        middle = (ln.x0 + ln.x1) / 2
        if (
            blocks[ln.block] == 1  # a line of its own, not of a paragraph or a list
            and not re.match(r"\W*\d", ln.text)
            and ln.y0 <= 0.4 * page.height
            and abs(middle - page.width / 2) < 0.02 * page.width
            and ln.x1 - ln.x0 < 0.7 * page.width
            and 2 <= len(words) <= 20
            and sum(ch.isalpha() for ch in ln.text) >= 8
            and not ln.text.rstrip().endswith((".", ",", ":"))
            and not printed.dated_years([ln.text])
        ):
            return " ".join(words), [ln]
    return "", []


def _unspaced(text: str) -> str:
    """Letter-spaced capitals ("T H E T I T L E") closed up; the word gaps are lost."""
    letters = text.split()
    return "".join(letters) if len(letters) >= 4 and all(len(t) == 1 for t in letters) else text


def _front(page1: list[Line], title: list[Line], width: float) -> list[Line]:
    """Lines below the title and above the abstract, the first heading or running text; in
    the title's column when the title sits in one half of the page (TUGboat's title over the
    left column only has running text beside it)."""
    top = max(ln.y1 for ln in title)
    left, right = min(ln.x0 for ln in title), max(ln.x1 for ln in title)
    if right < 0.55 * width:
        left, right = -1.0, 0.5 * width
    elif left > 0.45 * width:
        left, right = 0.5 * width, width + 1
    else:
        left, right = -1.0, width + 1
    below = [ln for ln in page1 if ln.y0 >= top - 1 and ln.x1 > left and ln.x0 < right]
    stop = min(
        (ln.y0 for ln in below if _STOP.match(ln.text.strip()) or _prose(ln.text)),
        default=float("inf"),
    )
    return [ln for ln in below if ln.y0 < stop]


def _prose(text: str) -> bool:
    words = text.split()
    lower = sum(w[:1].islower() for w in words)
    return len(words) >= 8 and lower >= 0.6 * len(words)


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).lower()))


def _similar(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    return fuzz.ratio(_norm(a), _norm(b)) >= 85


def _printed(title: str, page1: list[Line]) -> bool:
    """Whether page 1 prints ``title`` (across line breaks) in its upper half."""
    from rapidfuzz import fuzz

    want = _norm(title)
    top = _norm(" ".join(ln.text for ln in page1 if ln.y0 < 400))
    return len(want) >= 12 and fuzz.partial_ratio(want, top) >= 92


def extract_metadata(
    page: Page,
    page1: list[Line],
    body: float,
    *,
    info: dict[str, Any] | None = None,
    xmp: str | None = None,
    lines: list[Line] | None = None,
) -> Metadata:
    """Metadata of a paper whose first page is ``page`` (``page1``: its lines before running
    headers were dropped, in block order); the document's ``lines`` spell the acronyms of an
    ALL-CAPS title."""
    meta = Metadata()
    emb_info, emb_xmp = read_info(info), read_xmp(xmp)
    acm = printed.acm_reference("\n".join(ln.text for ln in page1))
    title, title_run = _title_lines(page1, page, body)
    front = _front(page1, title_run, page.width) if title_run else []
    in_front = {id(ln) for ln in front}
    edge_lines = [
        ln
        for ln in pageedge.before_references(page1)
        if (id(ln) in in_front or pageedge.edge(ln, page, body))
        and not pageedge.DOWNLOADED.search(ln.text)
    ]
    edge = [ln.text for ln in edge_lines]

    ident, stamp_year = printed.stamp(page.stamp + " " + " ".join(edge))
    meta.set("arxiv_id", ident, "pdf:stamp")
    _set_title(meta, title, page1, emb_info, emb_xmp, acm, lines)
    _set_authors(meta, front, emb_info, emb_xmp, acm)
    if not meta.authors and title_run and not title_run[0].bold and title_run[0].size < body + 0.9:
        # a title in the body font (MLA): the writer's name heads the lines above it
        above = [ln for ln in page1 if ln.y1 <= title_run[0].y0 and ln.x0 < 0.3 * page.width]
        meta.set("authors", front_authors(above[:1]), "pdf:layout")
    names, venue_years = printed.venues(edge, pageedge.line_groups(edge_lines))

    years = [printed.Found(str(acm.year), 6)] if acm else []
    years += venue_years + printed.dated_years(edge)
    if emb_xmp.year:
        years.append(printed.Found(str(emb_xmp.year), 2, "pdf:xmp"))
    if stamp_year:
        years.append(printed.Found(str(stamp_year), 0, "pdf:stamp"))
    latest = datetime.now(UTC).year + 1
    for found in sorted(years, key=lambda f: -f.rank):  # stable: first printed wins a tie
        if int(found.value) <= latest:
            meta.set("year", int(found.value), found.source)
            break

    found_dois = printed.dois(
        pageedge.joined_groups(edge, pageedge.line_groups(edge_lines))
    )  # labelled first
    if found_dois and found_dois[0].rank >= 2:
        meta.set("doi", found_dois[0].value, "pdf:layout")
    meta.set("doi", emb_xmp.doi, "pdf:xmp")
    meta.set("doi", emb_info.doi, "pdf:info")
    if found_dois:
        meta.set("doi", found_dois[0].value, "pdf:layout")

    if acm and acm.venue:
        meta.set("venue", acm.venue, "pdf:layout")
    if names:
        meta.set("venue", max(names, key=lambda f: f.rank).value, "pdf:layout")
    meta.set("venue", emb_xmp.venue, "pdf:xmp")
    if not meta.venue:
        subject = printed.venues([str((info or {}).get("subject") or "")])[0]
        meta.set("venue", subject[0].value if subject else None, "pdf:info")
    return meta


def _set_title(
    meta: Metadata,
    title: str,
    page1: list[Line],
    emb_info: EmbeddedMetadata,
    emb_xmp: EmbeddedMetadata,
    acm: printed.AcmReference | None,
    lines: list[Line] | None,
) -> None:
    """The layout's title, unless the Info title is the same words in proper case, or the
    page prints the Info title and the layout picked something else."""
    embedded = emb_info.title or emb_xmp.title
    source = "pdf:info" if emb_info.title else "pdf:xmp"
    same = bool(title and embedded and _similar(title, embedded))
    # the Info title is the layout's up to its colon, the subtitle left out: the layout's
    head, colon, _ = (title or "").partition(":")
    longer = bool(colon and embedded and _norm(head) == _norm(embedded))
    if (
        embedded
        and title
        and (shouting(title) if same else _printed(embedded, page1) and not longer)
    ):
        meta.set("title", embedded, source)
    elif title and (
        len(title.split()) >= 2
        or re.fullmatch(r"[^\W\d_]{4,}", title)
        or (_CJK.search(title) and not embedded)
    ):
        words = spellings(lines) if lines and shouting(title) else None
        meta.set("title", fix_case(title, words), "pdf:layout")
    elif acm:
        meta.set("title", acm.title, "pdf:layout")
    meta.set("title", embedded, source)


def _set_authors(
    meta: Metadata,
    front: list[Line],
    emb_info: EmbeddedMetadata,
    emb_xmp: EmbeddedMetadata,
    acm: printed.AcmReference | None,
) -> None:
    """The names the page prints (ACM's reference block first); the Info list instead when it
    names more people and every one of them is printed (the layout missed some)."""
    listed = emb_info.authors or emb_xmp.authors
    source = "pdf:info" if emb_info.authors else "pdf:xmp"
    surnames = [n.split()[-1] for n in listed]
    layout = [tidy_name(n) for n in (acm.authors if acm else front_authors(front, surnames))]
    printed_text = " ".join(ln.text for ln in front).lower()
    if layout and len(layout) < len(listed) and all(s.lower() in printed_text for s in surnames):
        layout = []
    meta.set("authors", layout, "pdf:layout")
    meta.set("authors", listed, source)
