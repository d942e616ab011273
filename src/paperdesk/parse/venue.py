"""What page 1 prints about where and when a paper appeared: the arXiv margin stamp, DOIs,
venue lines, ACM's reference-format block, copyright and date lines.

Pure functions over line texts. Every finding carries a rank: a printed venue line
("Proceedings of … 2020") says the year better than a copyright line (ACL's NAACL 2018 footer
reads "©2017"), which says it better than the stamp (the date of the arXiv version, often a
year after the conference).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperdesk.errors import InvalidIdError
from paperdesk.ids import normalize_doi, parse_arxiv_id

_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
STAMP = re.compile(
    r"arXiv:\s*(?P<id>[\w./-]+?)\s*\[[\w.-]+\]\s*"
    r"(?:\d{1,2}\s+[A-Z][a-z]{2}\s+(?P<y>" + _YEAR + "))?"
)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>{}]+)", re.I)
_DOI_LABEL = re.compile(r"doi\.org/|\bdoi\s*[:=]?\s*10\.|\bDOI\b", re.I)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|c⃝|ⓒ|copyright\s*(?:©|\(c\))?)\s*(?:[^\d\n]{0,80}?\s)?"
    r"(?:" + _YEAR + r"\s*[-–]\s*)?(" + _YEAR + r")\b",
    re.I,
)
_DATED = re.compile(
    r"(?:\bdated|submitted to|publication date|published|accepted|received|available online|"
    r"draft version|draft of|^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?= \d))"
    r"\b[^\n]{0,80}?\b(" + _YEAR + r")\b",
    re.I,
)
#: a month's name, English or abbreviated, or German, French, Spanish, Italian, Portuguese
#: (the languages headings.py reads): "11. Dezember 2022", "1er juillet 2021"
MONTH = (
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|januar|jänner|februar|"
    r"märz|mai|oktober|dezember|janvier|février|avril|juin|juillet|août|décembre|enero|"
    r"febrero|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|"
    r"gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|janeiro|"
    r"fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro)"
)
_MONTH = MONTH
# a line that is only a date, perhaps after a short label: "15 July 2024", "Technical Report,
# July 2024", "Version: March 3, 2023"
_DATE_LINE = re.compile(
    r"(?:[A-Z][\w.-]*(?:\s+[\w.-]+){0,3}\s*[,:]\s*)?(?:\d{1,2}(?:st|nd|rd|th|er)?\.?\s+)?"
    + _MONTH
    + r"\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?("
    + _YEAR
    + r")\.?$",
    re.I,
)
_UNDER_REVIEW = re.compile(r"\bunder review\b[^\n]{0,80}?\b(" + _YEAR + r")\b", re.I)
_ACM_REF = re.compile(
    r"ACM Reference Format:\s*(?P<authors>.+?)\.\s+"
    r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+)?(?P<year>"
    + _YEAR
    + r")[a-z]?\.\s+"
    r"(?P<title>.+?[^A-Z])\.\s+(?P<rest>.*)",
    re.S,
)
_ACM_VENUE = re.compile(
    r"^(?:In\s+)?(?P<v>.+?)(?:\.\s+ACM,|,\s*\d+\s+pages|\.\s+https?://|\s+https?://|$)", re.S
)
_ORDINAL = r"\d+(?:st|nd|rd|th)"
_JOURNAL = (
    r"(?!copyright|preprint|submitted|draft|received|accepted|published|page|arxiv|©)"
    r"[A-Z][\w.&:'’ -]{2,80}?"
)
# (pattern, rank): a venue line, most specific first; group "v" is the venue, "y" a year
_VENUES: tuple[tuple[re.Pattern[str], int], ...] = (
    (
        re.compile(
            r"Published (?:as an? (?:conference|workshop) paper )?(?:at|in) (?:the )?"
            r"(?P<v>.*?\b(?P<y>" + _YEAR + r")\b(?: Workshop\b.*)?)"
        ),
        3,
    ),
    (
        re.compile(
            r"This (?P<v>(?:[A-Z]+ )?[A-Z]{3,}\s?(?:[A-Z]+ )?(?P<y>"
            + _YEAR
            + r")) paper is the Open "
            r"Access version"
        ),
        3,
    ),
    (
        re.compile(
            r"^(?P<v>Findings of the Association for Computational Linguistics"
            r"(?::\s*[A-Z-]+\s*(?P<y>" + _YEAR + r"))?)"
        ),
        3,
    ),
    (
        re.compile(
            r"(?P<v>(?:" + _ORDINAL + r" )?Conference on Neural Information Processing Systems"
            r"(?: \((?:NeurIPS|NIPS) (?P<y>" + _YEAR + r")\))?)"
        ),
        3,
    ),
    (
        re.compile(
            r"^(?:In\s+|Appearing in\s+|To appear in\s+|Accepted (?:at|to|in)\s+(?:the\s+)?)?"
            r"(?P<v>(?:Proceedings|Proc\.|Extended Abstracts) of (?:the )?.+?)"
            r"(?=,\s*(?:pages|pp\.|vol|[A-Z][a-z]+,|PMLR|JMLR)"
            r"|\s+\d+:\d|\.\s+(?:Copyright|©)|$)"
        ),
        3,
    ),
    (
        re.compile(
            r"^(?P<v>(?P<y>" + _YEAR + r") (?:IEEE|ACM|IEEE/CVF|IEEE/ACM)\b.*?"
            r"(?:Conference|Symposium|Workshop)\b.*?(?:\([A-Z]+\)|$))"
        ),
        3,
    ),
    (re.compile(r"^(?P<v>IEEE [A-Z][A-Z ,&-]+?),\s*VOL\.?\s*\d+.*?(?P<y>" + _YEAR + r")?\s*$"), 2),
    (
        re.compile(
            r"^(?P<v>(?:The )?(?:Journal|Transactions) of [A-Z][\w ,&:-]+?)\s+\d+\s*\((?P<y>"
            + _YEAR
            + r")\)"
        ),
        3,
    ),
    (re.compile(r"^(?P<v>Transactions of the [A-Z][\w ]+?),\s*(?:vol|\d)"), 2),
    (
        re.compile(r"^(?P<v>[A-Z][A-Za-z &:-]{3,60}?)\s+\((?P<y>" + _YEAR + r")\)\s+\d+\s*:\s*\d+"),
        2,
    ),
    (re.compile(r"\(Eds?\.\):\s*(?P<v>[^,]+?\b(?P<y>" + _YEAR + r")?)(?:,|$)"), 3),
    (re.compile(r"^Accepted in (?P<v>[A-Z][\w-]*(?: [A-Z][\w-]*){0,5}) (?P<y>" + _YEAR + ")"), 2),
    # journal headers: "Electron. Commun. Probab. 0 (2020), article no. 0", "Journal Title
    # Here, 2022, pp. 1–9", "Res Philosophica, Vol. 90, No. 1–2, January 2012"
    (
        re.compile(
            r"^(?P<v>" + _JOURNAL + r")(?:\s+\d+)?\s*\((?P<y>" + _YEAR + r")\)[\s,]+"
            r"(?:\d|article|pp|vol|no\b)",
            re.I,
        ),
        2,
    ),
    (
        re.compile(r"^(?P<v>" + _JOURNAL + r"),\s*(?P<y>" + _YEAR + r"),\s*(?:pp\.|vol|\d)", re.I),
        2,
    ),
    (re.compile(r"^(?P<v>" + _JOURNAL + r"),\s*(?:\?+,\s*)?(?:vol\.?|volume)\s*[\d?]", re.I), 2),
    (re.compile(r"^(?P<v>[A-Z][A-Za-z]{1,12} ['’]\d{2}),\s+[A-Z][a-z]+ \d"), 1),
    (re.compile(r"^(?P<v>(?:The )?(?:Journal|Transactions|Annals) of [A-Z][\w ,&-]+)$"), 1),
)
# a line naming a journal, with the volume and year on the next line ("2014, Vol. 2, No. 1")
_NEXT_VOLUME = re.compile(r"^(?P<y>" + _YEAR + r"|(?:19|20)xx)\s*,\s*vol", re.I)


@dataclass(slots=True)
class Found:
    """One finding on the page: a value, how much it is trusted, and where it was."""

    value: str
    rank: int
    source: str = "pdf:layout"


@dataclass(slots=True)
class AcmReference:
    authors: list[str]
    year: int
    title: str
    venue: str | None


def stamp(text: str) -> tuple[str | None, int | None]:
    """The versioned arXiv id of an ``arXiv:2106.09685v2 [cs.CL] 16 Oct 2021`` stamp and the
    year of its first version (the id's YYMM: the year arXiv gives as published; the stamp's
    date is that of the version in hand), or (None, None)."""
    m = STAMP.search(text)
    if not m:
        return None, None
    try:
        ident = parse_arxiv_id(m["id"])
    except InvalidIdError:
        return None, None
    yy = re.search(r"(?:^|/)(\d{2})\d{2}", ident.base)
    year = (1900 if int(yy[1]) >= 91 else 2000) + int(yy[1]) if yy else None
    return ident.versioned, year or (int(m["y"]) if m["y"] else None)


def doi_in(text: str) -> str | None:
    """The first DOI in ``text``, normalised (``https://doi.org/10.1145/X.Y.`` →
    ``10.1145/x.y``); None for none, or a template's placeholder."""
    m = _DOI.search(text)
    if not m:
        return None
    doi = normalize_doi(m[1].rstrip(".,;:)]}’'\""))
    if not doi:
        return None
    if doi.count("(") < doi.count(")"):
        doi = doi.rstrip(")")
    return None if placeholder_doi(doi) else doi


#: a template's stand-in for the DOI: "10.1007/doi-number", "10.1145/nnnnnnn.nnnnnnn",
#: "10.xxxx/xxxxx", "10.0000/000000"
_PLACEHOLDER_DOI = re.compile(
    r"x{3}|n{4}|y{4}|\bdoi\b|number|placeholder|insert|your|^0+(?:[./-]0+)*$", re.I
)


def placeholder_doi(doi: str) -> bool:
    """Whether ``doi`` (normalised) is a template's placeholder, no DOI of any work."""
    prefix, _, suffix = doi.partition("/")
    return (
        not suffix
        or not re.search(r"[0-9a-z]", suffix)
        or bool(_PLACEHOLDER_DOI.search(suffix))
        or bool(re.fullmatch(r"10\.0+", prefix))
    )


# data and code archives: a page-1 footnote's "data at https://doi.org/10.5281/zenodo.…" is
# not the paper's DOI
_DATA_DOI = re.compile(r"10\.(?:5281|6084|5061|17632|24433|7910|13140)/")


# words before a DOI in its sentence that say it is another work's ("see https://doi.org/…",
# "the data at …", "following Smith et al. (2019), doi:…")
_CITING = re.compile(
    r"\b(?:see|cf|available|data|dataset|code|follow(?:s|ing)?|protocol|released?|from|at|"
    r"et al|we|our|used?|based on|described|introduced|proposed|erratum|reproduc\w*)\b",
    re.I,
)
# a reference entry: "[12] A. Author …", "Smith, J. (2019). Title …"
_ENTRY = re.compile(r"\[\d{1,3}\]\s+\S|\b\(\d{4}[a-z]?\)\.\s")


def _cited(text: str, start: int) -> bool:
    """Whether the DOI at ``start`` of a printed block names another work than the paper's:
    it sits in a reference entry, or its sentence cites it."""
    before = text[:start]
    if _ENTRY.search(before):
        return True
    host = re.search(r"(?:^|[\s/(<])([\w.-]+)\.(?:org|com|net|io)/$", before)
    if host and host[1].lower() not in ("doi", "dx.doi", "www.doi"):
        return True  # a DOI-shaped path on another site ("xnotdoi.org/10.47397/…")
    sentence = re.split(r"(?<=[a-z0-9)])\.\s+|;\s+", before)[-1]
    return bool(_CITING.search(sentence))


def dois(texts: list[str]) -> list[Found]:
    """DOIs printed on the page as the paper's own (not cited ones); a labelled one
    (``DOI:``, ``doi.org/``) ranks first."""
    out: list[Found] = []
    for text in texts:
        for m in _DOI.finditer(text):
            doi = doi_in(m[0])
            if doi and not _DATA_DOI.match(doi) and not _cited(text, m.start()):
                labelled = bool(_DOI_LABEL.search(text[max(0, m.start() - 20) : m.start() + 4]))
                out.append(Found(doi, 2 if labelled else 1))
    return sorted(out, key=lambda f: -f.rank)


def venues(texts: list[str], blocks: list[int] | None = None) -> tuple[list[Found], list[Found]]:
    """Venue names and the years they print, from page-1 lines (header, footer, footnotes).

    ``blocks`` (the text block of each line) lets a venue continue on the next line of its
    block ("Proceedings of the ASME 2023" / "International Mechanical Engineering Congress")
    and take its year from a date line below it ("July 5 - 10, 2020").
    """
    names: list[Found] = []
    years: list[Found] = []
    texts = [" ".join(t.split()) for t in texts]
    blocks = blocks or list(range(len(texts)))
    for i, text in enumerate(texts):
        after = texts[i + 1] if i + 1 < len(texts) else ""
        # a footer line that runs on into a copyright notice or a URL: the name before it
        name = re.split(r"\s+(?:c⃝|©|\(c\)|copyright|https?://|doi:|issn)", text, flags=re.I)[0]
        if (m := _NEXT_VOLUME.match(after)) and _journal_name(name):
            names.append(Found(name, 2))
            if m["y"][2:].isdigit():
                years.append(Found(m["y"], 3))
            continue
        for pattern, rank in _VENUES:
            m = pattern.search(text) or (pattern.search(name) if rank == 1 else None)
            if not m:
                continue
            block = [
                t
                for t, b in zip(texts[i + 1 : i + 4], blocks[i + 1 : i + 4], strict=True)
                if b == blocks[i]
            ]
            if rank >= 3 and m.end() == len(text) and block and _continues(block[0]):
                # the name runs on ("… Conference on Machine" / "Learning, Baltimore, …")
                m = pattern.search(f"{text} {block[0]}") or m
            venue = clean_venue(m["v"])
            if venue:
                names.append(Found(venue, rank))
            year = m.groupdict().get("y") or _last_year(text[m.start() :])
            if not year and rank >= 3:
                year = next((y for t in block if (y := _last_year(t))), None)
            if year:
                years.append(Found(year, rank + 1))
            break
    return names, years


def _continues(text: str) -> bool:
    """A line that carries on a venue's name: capitalised words up to its first comma, no
    digits (not a date line)."""
    words = text.split(",")[0].split()
    return (
        1 <= len(words) <= 12
        and not re.search(r"\d", " ".join(words))
        and sum(w[:1].isupper() for w in words) >= 0.5 * len(words)
    )


def _journal_name(text: str) -> bool:
    """A line that is only a journal's name ("Archives of Forensic Psychology")."""
    words = text.split()
    return (
        2 <= len(words) <= 10
        and not re.search(r"\d|@|https?:", text)
        and sum(w[:1].isupper() for w in words) >= 0.6 * len(words)
    )


def _last_year(text: str) -> str | None:
    found = re.findall(r"(?<![\d/:.-])(" + _YEAR + r")(?![\d/-])", text)
    return found[-1] if found else None


#: a full date inside a short line ("llncs, Version 2.22, Sep 05, 2022", "Version 2.0.0 of
#: 2021/12/23", "7 November 2020"), or a year beside a version ("2018, v-1.9.7")
_DATE_IN = re.compile(
    r"(?<![\d/.-])(?:(?:\d{1,2}(?:er)?\.?\s+"
    + _MONTH
    + r"|"
    + _MONTH
    + r"\s+\d{1,2}(?:st|nd|rd|th)?,?)\s+("
    + _YEAR
    + r")|("
    + _YEAR
    + r")[/-](?:0?[1-9]|1[0-2])[/-](?:0?[1-9]|[12]\d|3[01])|("
    + _YEAR
    + r")\s*[,;]?\s*v(?:ersion)?\s*[-.]?\s*\d+(?:\.\d+)+)(?![\d/])",
    re.I,
)
SHORT_DATE_LINE = 60
#: a footnote to the title giving the template's version and date ("∗Version 2.0,
#: 1999/11/15", ijmart), not the paper's (a manual's own "Version 2.2, 2022/12/06" is its date)
_SOFTWARE_VERSION = re.compile(
    r"^\s*[∗*†‡]+\s*(?:version|v)\.?\s*\d+(?:\.\d+)+\s*[,;:]?\s*(?:of\s+)?\d{4}[/-]", re.I
)


def dated_years(texts: list[str]) -> list[Found]:
    """Years from copyright lines (rank 2) and date lines ("Dated:", "submitted to …")."""
    out: list[Found] = []
    for text in texts:
        if m := _UNDER_REVIEW.search(text):
            out.append(Found(m[1], -1))  # a submission's year, below even the stamp's
        elif m := _COPYRIGHT.search(text):
            out.append(Found(m[1], 2))
        elif (m := _DATED.search(text)) or (m := _DATE_LINE.match(text.strip())):
            out.append(Found(m[1], 1))
        elif (
            len(text) <= SHORT_DATE_LINE
            and (m := _DATE_IN.search(text))
            and not _SOFTWARE_VERSION.match(text)
        ):
            out.append(Found(next(g for g in m.groups() if g), 1))
    return out


def acm_reference(text: str) -> AcmReference | None:
    """The "ACM Reference Format:" block: authors, year, title and venue, as ACM prints them."""
    start = text.find("ACM Reference Format:")
    if start < 0:
        return None
    block = " ".join(text[start : start + 1500].split())
    m = _ACM_REF.match(re.sub(r"(?<=[a-z])- (?=[a-z])", "", block))  # "Pa- tel" → "Patel"
    if not m:
        return None
    authors = split_list(m["authors"])
    venue = None
    if v := _ACM_VENUE.match(m["rest"]):
        # the proceedings' name ends at its acronym: "… Data Mining (KDD '20), August 23-27"
        short = re.match(r".*?\([A-Z][\w-]*\s*['’]\d{2}\)", v["v"])
        venue = clean_venue(short[0] if short else v["v"])
    return AcmReference(authors, int(m["year"]), m["title"].strip(), venue)


_PLACEHOLDER = re.compile(
    r"make sure to enter|conference acronym|woodstock|\bXX\b|title of|^ACM, New York", re.I
)


_ACRONYMS = {"Ieee": "IEEE", "Acm": "ACM", "Siam": "SIAM", "Aaai": "AAAI", "Acl": "ACL"}


def clean_venue(text: str | None) -> str | None:
    """A venue without volume/issue/article numbers, or None for a template's placeholder;
    an ALL-CAPS journal header in title case ("IEEE Transactions on Pattern Analysis…")."""
    if not text:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) > 12 and sum(ch.isupper() for ch in letters) > 0.8 * len(letters):
        from titlecase import titlecase

        text = titlecase(text.lower())
        text = re.sub(r"\b\w+\b", lambda m: _ACRONYMS.get(m[0], m[0]), text)
    venue = re.sub(r"\s+\d+\s*,\s*\d+\s*,\s*Article\b.*$|\s+\d+\s*,\s*\d+\s*\(.*$", "", text)
    venue = " ".join(venue.split()).strip(" .,;:")
    if not venue or _PLACEHOLDER.search(venue):
        return None
    return venue


def split_list(text: str) -> list[str]:
    """``A, B, and C`` / ``A and B`` / ``A; B`` → the items, in order."""
    text = re.sub(r",?\s+(?:and|&)\s+", ", ", text)
    return [p.strip() for p in re.split(r"\s*[;,]\s*", text) if p.strip()]
