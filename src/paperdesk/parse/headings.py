"""Title, abstract and the section outline, from numbering and font size/weight.

A line is a heading when it looks like one (``3.2 Attention``, ``References``, ``Appendix A``,
short, bold or larger than the body text) *and* its number follows the previous heading's
(``2.3`` after ``2.2``, ``3`` after ``2.4``): the second rule drops bold table rows and list items
that merely start with a number. Letter numbers (``A.1``) count only after the references or an
``Appendix`` heading. Unnumbered headings are the usual names (Abstract, References, ...) or lines
styled exactly like the document's numbered top-level headings, or, in a paper with no numbered
headings, bold lines that stand alone as their own block. Lines the caller already knows to be
something else (the title, a table of contents, captions, table cells) are skipped; contents
entries (``15 Acknowledgments 49``), equations and numbered list items are never headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperdesk.parse.contents import entry_page
from paperdesk.parse.extract import Line

_NUMBERED = re.compile(
    r"(?:§\s*)?(?P<num>\d{1,2}(?:\.\d{1,2}){0,3}|[A-Z](?:\.\d{1,2}){0,3}|[IVX]{1,4}(?=\.))\.?\s+"
    r"(?P<title>\S.*)"
)
_APPENDIX = re.compile(
    r"(?:appendix|ap[êe]ndice|anexo|anhang|annexe?)\s+(?P<num>[A-Z](?:\.\d{1,2})*)\b"
    r"\s*[.:—–-]?\s*(?P<title>.*)",
    re.I,
)
_INLINE_ABSTRACT = re.compile(r"abstract\s*[.:—–-]\s*(?P<rest>\S.*)", re.I)
KNOWN = {
    "abstract": "Abstract",
    "introduction": "Introduction",
    "related work": "Related Work",
    "background": "Background",
    "conclusion": "Conclusion",
    "conclusions": "Conclusions",
    "discussion": "Discussion",
    "limitations": "Limitations",
    "references": "References",
    "bibliography": "Bibliography",
    "acknowledgements": "Acknowledgements",
    "acknowledgments": "Acknowledgments",
    "acknowledgement": "Acknowledgement",
    "acknowledgment": "Acknowledgment",
    "appendix": "Appendix",
    "appendices": "Appendices",
    "supplementary material": "Supplementary Material",
    "ethics statement": "Ethics Statement",
    "ethical considerations": "Ethical Considerations",
    "broader impact": "Broader Impact",
    "broader impacts": "Broader Impacts",
    "reproducibility statement": "Reproducibility Statement",
    "author contributions": "Author Contributions",
    "impact statement": "Impact Statement",
    "funding": "Funding",
    "data availability": "Data Availability",
    "code availability": "Code Availability",
    "conflict of interest": "Conflict of Interest",
    "competing interests": "Competing Interests",
    "related works": "Related Works",
    "conclusion and future work": "Conclusion and Future Work",
    "conclusions and future work": "Conclusions and Future Work",
    "limitations and future work": "Limitations and Future Work",
    "literature cited": "Literature Cited",
}
#: the same names in the languages papers and theses are often written in
_FOREIGN = {
    "references": [
        *("Referências", "Referencias", "Références", "Literatur", "Bibliografia"),
        *("Literaturverzeichnis", "Bibliographie", "Bibliografía", "Referências bibliográficas"),
    ],
    "abstract": ["Resumo", "Resumen", "Zusammenfassung", "Résumé", "Riassunto", "Sommario"],
    "acknowledgments": ["Agradecimentos", "Agradecimientos", "Danksagung", "Remerciements"],
    "introduction": ["Introdução", "Introducción", "Einleitung", "Einführung"],
    "conclusion": ["Conclusão", "Conclusiones", "Fazit", "Considerações finais"],
    "appendix": ["Apêndice", "Apéndice", "Anexo", "Anhang", "Annexe", "Apêndices", "Anexos"],
}
KNOWN |= {name.lower(): name for names in _FOREIGN.values() for name in names}
_STANDALONE = {"abstract", "references", "bibliography", "acknowledgements", "acknowledgments"}
_STANDALONE |= {
    n.lower() for k in ("references", "abstract", "acknowledgments") for n in _FOREIGN[k]
}
REFERENCE_TITLES = frozenset(
    {"References", "Bibliography", "Literature Cited", *_FOREIGN["references"]}
)
ABSTRACT_TITLES = frozenset({"Abstract", *_FOREIGN["abstract"]})
ACK_TITLES = frozenset(
    {"Acknowledgements", "Acknowledgments", "Acknowledgement", "Acknowledgment"}
    | set(_FOREIGN["acknowledgments"])
)
_APPENDIX_TITLES = frozenset(
    {"Appendix", "Appendices", "Appendixes", "Supplementary Material", *_FOREIGN["appendix"]}
)
#: what a template prints where the title goes, that is no title: a logo's placeholder, the
#: kind of document ("Seminararbeit", "Master's Thesis")
NOT_TITLE = re.compile(
    r"[\W\d]*(?:image|logo|picture|photo|placeholder|seminararbeit|bachelorarbeit|masterarbeit|"
    r"diplomarbeit|hausarbeit|projektarbeit|dissertation|(?:bachelor|master)['’]?s?\s+thesis|"
    r"thesis|proseminar|seminar\s+paper|term\s+paper|research\s+proposal|working\s+paper|"
    r"extended\s+abstract|title|paper\s+title|your\s+title(?:\s+here)?)[\W\d]*",
    re.I,
)
#: Characters of a formula, not of a section title.
_MATH = re.compile(r"[=<>+∑∏∫√^_{}\\|∈≤≥→←∀∃∂∇≈]|\(\d{1,3}\)$")
_ROMAN = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
    "XI": 11,
    "XII": 12,
}


@dataclass(slots=True)
class Heading:
    number: str | None
    title: str
    level: int
    page: int
    index: int  # position of the heading line in the document's line stream
    start: int  # first content line (index + 1, or index for a run-in heading)

    @property
    def label(self) -> str:
        """How passages name their section (matches ``services.papers._section_label``)."""
        return f"{self.number} {self.title}" if self.number else self.title


def _distinct(ln: Line, body: float) -> bool:
    return (ln.bold and ln.size >= body - 0.6) or ln.size >= body + 0.9


#: an initial and a surname: two in a numbered line make it a list of names
_INITIALS = re.compile(r"\b[A-Z]\.\s?[A-Z][a-z]")
#: a word broken at the line's end: running text ("… or academic in-")
_BROKEN = re.compile(r"[^\W\d_]{2}-$")


#: a citation at the end of a heading: "Incomplete Zeta Function [27]", "Results [3, 5-7]"
CITED = re.compile(r"\s*\[\d{1,4}(?:\s*[,–-]\s*\d{1,4})*\]$")


def _clean(title: str) -> str:
    return CITED.sub("", re.sub(r"\s+", " ", title).strip()).rstrip(".:").strip()


def _candidate(ln: Line, body: float) -> tuple[str | None, str, str] | None:
    """(number, title, kind) when ``ln`` could be a heading; kind is "num", "known" or "style"."""
    text = ln.text
    distinct = _distinct(ln, body)
    if len(text) > (120 if distinct else 40):  # most lines: plain body text, rejected here
        return None
    text = text.strip()
    if len(text.split()) > 16 or text.endswith((",", ";")):
        return None
    if entry_page(text) is not None and text[-1:].isdigit():
        return None  # a contents entry: "15 Acknowledgments 49", "2.1 Data . . . 7"
    key = _clean(text).lower()
    plain_ok = key in _STANDALONE and text[0].isupper() and not text.endswith(".")
    if key in KNOWN and (distinct or plain_ok):
        return None, KNOWN[key], "known"
    if (m := _APPENDIX.fullmatch(text)) and (
        distinct or ln.bold or _caps(text)
    ):  # REVTeX: bold, small
        return m["num"], _clean(m["title"]) or "Appendix", "appendix"
    m = _NUMBERED.fullmatch(text)
    if m:
        title = _clean(m["title"])
        letters = sum(ch.isalpha() for ch in title)
        digits = sum(ch.isdigit() for ch in title)
        if (
            letters >= 2
            and digits <= 0.3 * len(title)
            and not _MATH.search(title)
            and not (title.endswith(".") and len(title.split()) > 5)  # a numbered list item
            and (title[0].isupper() or title.isupper())
            and len(title.split()) <= 14
            and (distinct or (title.isupper() and letters > 3))
            and len(_INITIALS.findall(title)) < 2  # "A. Mönnich, P. Poulopoulou, M. Vidal"
            and not (title.count(",") >= 2 and re.search(r"\d{4}", title))  # an address
            # an initial and a surname: "P. Contributor, Name of Institute" (JACoW's authors)
            and not (m["num"].isalpha() and re.match(r"[^\W\d_][^\W\d_'’-]+,\s", title))
        ):
            if title.lower() in KNOWN:
                title = KNOWN[title.lower()]
            if (a := _APPENDIX.fullmatch(title)) and a["num"] == m["num"] and a["title"]:
                title = _clean(a["title"].lstrip("-–—:. "))  # "A Appendix A - Details"
            return m["num"], title, "num"
        return None
    if (
        distinct
        and ln.bold
        and text[:1].isupper()
        and len(text.split()) <= 10
        and not _MATH.search(text)
        and not text.endswith((".", ":"))
        and not re.search(r"[a-z]{2}\.\s+[A-Z]", text)  # a sentence ends inside: bold prose
        and sum(w.strip("().,%").replace(".", "").isdigit() for w in text.split()) < 2
    ):
        return None, _clean(text), "style"
    if _caps(text):
        return None, KNOWN.get(key, _clean(text)), "caps"
    return None


#: what a line in capitals names that is no section: a float's label, a note
_NOT_CAPS_HEADING = re.compile(
    r"(?:table|figure|fig|note|warning|example|proof|algorithm|lemma|theorem|definition|"
    r"corollary|proposition|remark|equation|eq)\b",
    re.I,
)


def _caps(text: str) -> bool:
    """A short line in capitals, in the body's size and weight: ASCE's "INTRODUCTION",
    "INPUT AND OPTIONS" (whether it is a heading is the document's call: find_headings)."""
    letters = [ch for ch in text if ch.isalpha()]
    return (
        len(letters) >= 4
        and all(ch.isupper() for ch in letters)
        and len(text.split()) <= 10
        and not text.endswith((",", ";", ":"))
        and sum(ch.isdigit() for ch in text) <= 2
        and not _MATH.search(text)
        and not _NOT_CAPS_HEADING.match(text)
    )


def _numbers(num: str) -> tuple[str, tuple[int, ...]]:
    """("digit"|"letter"|"roman", components) for a section number."""
    if num in _ROMAN:
        return "roman", (_ROMAN[num],)
    parts = num.split(".")
    if parts[0].isalpha() and len(parts[0]) > 1:  # a Roman number past XII: a late one
        return "roman", (len(_ROMAN) + len(parts[0]),)
    if parts[0].isalpha():
        return "letter", (ord(parts[0]) - 64, *map(int, parts[1:]))
    return "digit", tuple(map(int, parts))


def _follows(new: tuple[int, ...], last: tuple[int, ...] | None) -> bool:
    """Whether section ``new`` can come right after ``last`` (a missed heading is tolerated)."""
    if last is None:
        return new[0] <= 3 and all(x <= 2 for x in new[1:])
    if new <= last or len(new) > len(last) + 1:
        return False
    if new[0] == last[0]:
        depth = next(
            (i for i, (a, b) in enumerate(zip(new, last, strict=False)) if a != b), len(last)
        )
        return (
            depth < len(new)
            and new[depth] - (last[depth] if depth < len(last) else 0) <= 3
            and all(x <= 2 for x in new[depth + 1 :])
        )
    return 0 < new[0] - last[0] <= 3 and all(x <= 2 for x in new[1:])


def _alone(lines: list[Line], i: int) -> bool:
    """The line starts its block and is the only line in its style there: a heading over its
    paragraph, not a line of a bold paragraph or of a table."""
    ln = lines[i]

    def same_block(j: int) -> bool:
        other = lines[j]
        return other.page == ln.page and other.block == ln.block and other.col == ln.col

    if i > 0 and same_block(i - 1):
        return False
    if i + 1 < len(lines) and same_block(i + 1):
        nxt = lines[i + 1]
        return nxt.bold != ln.bold or abs(nxt.size - ln.size) > 0.3
    return True


def _has_numbered(lines: list[Line], body: float, skip: set[int]) -> bool:
    """Whether the document numbers its sections (then unnumbered bold lines must look
    exactly like its numbered headings to count)."""
    seen = 0
    for i, ln in enumerate(lines):
        if i not in skip and not ln.footnote and (c := _candidate(ln, body)) and c[2] == "num":
            seen += 1
            if seen >= 2:
                return True
    return False


def _caps_styles(lines: list[Line], body: float, skip: set[int]) -> set[tuple[float, bool]]:
    """The styles of the lines in capitals that stand alone, when a document that numbers no
    section sets three or more different ones alike, one of them a usual section name
    ("INTRODUCTION"): its headings are set that way (a title page's "UNIVERSITÀ DI …" is not)."""
    seen: dict[tuple[float, bool], list[str]] = {}
    for i, ln in enumerate(lines):
        if i in skip or ln.footnote or not _alone(lines, i):
            continue
        if (c := _candidate(ln, body)) and c[2] == "caps":
            seen.setdefault((ln.size, ln.bold), []).append(c[1])
    return {
        style
        for style, titles in seen.items()
        if len(set(titles)) >= 3
        and len(set(titles)) == len(titles)  # a logo's "BFH CI" on every slide: no heading
        and any(t.lower() in KNOWN for t in titles)  # "INTRODUCTION", "REFERENCES": sections
    }


def find_headings(lines: list[Line], body: float, skip: set[int]) -> list[Heading]:
    """The headings of the document, in order. ``skip``: line indices that are not text
    (title, contents, captions, table cells)."""
    numbered = _has_numbered(lines, body, skip)
    caps = set() if numbered else _caps_styles(lines, body, skip)
    out: list[Heading] = []
    last: dict[str, tuple[int, ...] | None] = {"digit": None, "letter": None, "roman": None}
    appendix = False
    top_style: tuple[float, bool] | None = None
    for i, ln in enumerate(lines):
        if i in skip or ln.footnote or (out and i < out[-1].start):
            continue  # (the second line of a heading that wraps is no heading of its own)
        if not out and (m := _INLINE_ABSTRACT.fullmatch(ln.text.strip())) and ln.page <= 2:
            ln.text = m["rest"]
            out.append(Heading(None, "Abstract", 1, ln.page, i, i))
            continue
        cand = _candidate(ln, body)
        if cand is None:
            continue
        number, title, kind = cand
        if kind == "num" and _list_item(lines, i):
            continue
        level = 1
        if kind == "appendix" or title in _APPENDIX_TITLES:
            appendix = True  # "Appendix A: Appendixes" is no subsection of a Roman section
        if kind in ("num", "appendix") and number:
            scheme, nums = _numbers(number)
            if (
                scheme == "letter"
                and kind == "num"
                and not appendix
                and last["roman"] is None
                and title not in _APPENDIX_TITLES  # "A Appendix"
            ):
                continue
            if not _follows(nums, last[scheme]):
                continue
            last[scheme] = nums
            if scheme == "roman" and not appendix:
                last["letter"] = None  # "III. Results" then "A. Setup" again (AIAA, IEEE)
            level = len(nums) if scheme != "roman" else 1
            if scheme == "letter" and last["roman"] is not None and not appendix:
                level = 2
            if level == 1 and scheme in ("digit", "roman"):
                top_style = (ln.size, ln.bold)
        elif kind == "caps":
            if (ln.size, ln.bold) not in caps or not _alone(lines, i):
                continue
        elif kind == "style":
            if not out:
                continue
            if top_style is None:
                if numbered or not _alone(lines, i):
                    continue
            elif abs(ln.size - top_style[0]) > 0.3 or ln.bold != top_style[1]:
                continue
        if title in REFERENCE_TITLES or title in _APPENDIX_TITLES or kind == "appendix":
            appendix = True
        out.append(Heading(number, title, level, ln.page, i, i + 1))
        _absorb_wrapped(lines, out[-1], body)
    return out


def _list_item(lines: list[Line], i: int) -> bool:
    """A numbered line that a sentence goes on from (a list item set larger than the body):
    its last word broken, or the next line in its block and style a sentence's lower-case
    rest ("2. The author may indicate keywords by empoying the" / "\\keyword command.")."""
    ln = lines[i]
    if _BROKEN.search(ln.text.rstrip()):
        return True
    if i + 1 >= len(lines):
        return False
    nxt = lines[i + 1]
    rest = nxt.text.strip()
    return (
        nxt.page == ln.page
        and nxt.block == ln.block
        and abs(nxt.size - ln.size) < 0.3
        and nxt.bold == ln.bold
        and bool(rest)
        and not rest[0].isupper()
        and (rest.endswith((".", ":")) or bool(_BROKEN.search(rest)))
    )


def _absorb_wrapped(lines: list[Line], h: Heading, body: float) -> None:
    """A long heading wraps onto a second line in the same style: make it one heading."""
    i = h.index
    if i + 1 >= len(lines):
        return
    ln, nxt = lines[i], lines[i + 1]
    if (
        nxt.page == ln.page
        and nxt.col == ln.col
        and abs(nxt.size - ln.size) < 0.3
        and nxt.bold == ln.bold
        and (ln.bold or ln.size > body + 0.9)
        and 0 < nxt.y0 - ln.y0 < 1.8 * ln.size
        and _candidate(nxt, body) is not None
        and not _NUMBERED.fullmatch(nxt.text)
        and _clean(nxt.text).lower() not in KNOWN
        and _clean(ln.text).lower() not in KNOWN  # "INTRODUCTION" is whole: the next is another
        and len(h.title.split()) + len(nxt.text.split()) <= 16
    ):
        # "ANNEX A:" over "FORMATTING OF AUTHORS": the title is the second line's
        named = h.number and h.title == "Appendix"
        h.title = _clean(nxt.text if named else f"{h.title} {nxt.text}")
        h.start = i + 2


def find_title(lines: list[Line], body: float) -> tuple[str, set[int]]:
    """The largest text in the upper part of page 1, and the indices of its lines."""
    first = [(i, ln) for i, ln in enumerate(lines) if ln.page == 1 and not ln.footnote]
    if not first:
        return "", set()
    top = max(ln.y1 for _, ln in first) * 0.6
    cands = [
        (i, ln)
        for i, ln in first
        if ln.y0 <= top and len(ln.text) > 1 and not NOT_TITLE.fullmatch(ln.text.strip())
    ]
    if not cands:
        return "", set()
    biggest = max(ln.size for _, ln in cands)
    if biggest < body + 0.9:
        return "", set()
    picked = [(i, ln) for i, ln in cands if abs(ln.size - biggest) <= 0.5]
    # keep the first run of consecutive lines (a title is one block of lines)
    run = [picked[0]]
    for i, ln in picked[1:]:
        if i != run[-1][0] + 1 or ln.y0 - run[-1][1].y1 > 1.5 * biggest:
            break
        run.append((i, ln))
    title = re.sub(r"\s+", " ", " ".join(ln.text for _, ln in run)).strip()
    return title, {i for i, _ in run}
