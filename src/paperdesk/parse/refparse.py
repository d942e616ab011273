"""One reference entry's text parsed into authors, title, year, venue, DOI, arXiv id and URL.

A handful of rules cover the styles CS papers use: a quoted title (IEEE, ACM's older styles),
the year right after the authors (ACL, ACM, APA, Elsevier, Springer journals: ``Authors. 2017.
Title. In Venue.`` or ``Authors (2017) Title.``), the LNCS colon (``Author, A.: Title. In:
Venue``), and plain ``Authors. Title. Venue, 2017.`` (NeurIPS, ICML, arXiv templates). A field
that cannot be told apart is left empty rather than guessed: physics styles print no title.

refextract (INSPIRE's parser, on PyPI) was measured against these rules on the GROBID ground
truth and lost on titles: it is built for HEP references and finds a title only when quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from paperdesk.ids import find_arxiv_ids, find_dois
from paperdesk.keys import NAME_PARTICLES, words
from paperdesk.parse.venue import placeholder_doi

TITLE_NORM_CHARS = 300  # the paper_references.title_norm column

_LABEL = re.compile(
    r"^\s*(?:\[[^\]]{1,24}\]|\(\d{1,3}\)|\d{1,3}\)(?=\s)|\d{1,3}\.(?=\s*[A-Z\"“])|\d{1,3}(?=\s+[A-Z])"
    r"|\d{1,3}(?=[A-Z][a-z]|[A-Z]\.))\s*"  # the last: a superscript label run into the name
)
_YEAR = r"(?:19|20)\d{2}[a-z]?"
# the year right after the authors: "…Shazeer. 2017. Title", "…, B. (2019). Title", "…(2019) Title"
_YEAR_AFTER_AUTHORS = re.compile(
    rf"(?:[.,]\s*|\s)\(?(?P<year>{_YEAR})\)?(?:[.,:]\s+|\s+(?=[A-Z\"“]))"
)
_ANY_YEAR = re.compile(rf"(?<![\d/.])(?P<year>{_YEAR})(?![\d/])")
_QUOTED = re.compile(r"[\"“”]\s*(?P<title>[^\"“”]{8,}?)\s*[,.]?\s*[\"“”]")
_URL = re.compile(r"https?://[^\s\"<>]+|www\.[^\s\"<>]+\.[a-z]{2,}[^\s\"<>]*", re.I)
# an initial ("A.", "M.-W.", "Ch.") or a particle: a period after it does not end a sentence
_NOT_END = re.compile(
    r"(?:\b[A-Z]\.?-?[A-Z]?|\b(?:Ch|Th|Jr|Sr|St|Ph|Wm|Yu|Mc|vs|al|et|eds?|pp|vol|no|Proc|Conf|"
    r"Int|Intl|Assoc|Comput|Ling|Trans|Lett|Rev|Phys|J|Adv|Res|Sci|Inf|Syst|Eng|Mach|Learn|Natl|"
    r"Acad|Soc|Math|Stat|Appl|Theor|Dept|Univ|Inc|Ltd|Co|Tech|Rep|Symp|Workshop|Ann|Annu|"
    r"(?i:vol|ed|eds|no|pp|ch|sec|fig)|\d+(?:st|nd|rd|th))\.?)$"
)
_PARTICLES = NAME_PARTICLES | {"and", "et", "others"}  # lower-case words of an author list
_VENUE_CUT = re.compile(
    rf",?\s*(?:pages?\s+\d|pp\.?\s*\d|vol\.?\s*\d|volume\s+\d|no\.\s*\d|\(?{_YEAR}\)?[.,]?\s*$|"
    r"https?://|doi:|arxiv:|\d+\s*\(\d+\)|\d+[–-]\d+)",
    re.I,
)
_IN = re.compile(r"^(?:in:?|in proceedings of|proceedings of)\s+", re.I)
_EDITION = re.compile(r"\s*\((?:\d+(?:st|nd|rd|th)|[a-z]+)\.?\s*ed(?:ition)?\.?\)\s*$", re.I)
_TITLE_START = re.compile(r"\s+(?:The|An|On|How|What|Why|When|Towards?)\s")
_INITIALS = re.compile(r"^(?:[A-Z]\.?(?:\s?-?\s?[A-Z]\.?){0,3}|[A-Z]{1,3})$")


@dataclass(slots=True)
class RefFields:
    authors: list[str] = field(default_factory=list)
    title: str | None = None
    year: int | None = None
    venue: str | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    url: str | None = None


def title_norm(title: str | None) -> str | None:
    """The title-match key: lower-case ASCII words joined by one space (both sides of the
    match use it: a reference's parsed title and a library paper's title)."""
    key = " ".join(words(title or ""))[:TITLE_NORM_CHARS].strip()
    return key or None


def parse_entry(text: str) -> RefFields:
    out = RefFields()
    ids = find_arxiv_ids(text)
    dois = [d for d in find_dois(text) if not placeholder_doi(d)]
    out.arxiv_id = ids[0].base if ids else None
    out.doi = dois[0][:200] if dois else None
    urls = [
        u.rstrip(".,;)]") for u in _URL.findall(text) if "doi.org/" not in u.lower() or not dois
    ]
    out.url = urls[0] if urls else None
    body = _LABEL.sub("", text, count=1).strip()
    body = _URL.sub(" ", body)
    body = re.sub(r"\s+", " ", body).strip()
    authors, title, rest, year = _segments(body)
    out.authors = split_authors(authors) if authors else []
    out.title = _clean_title(title)
    out.venue = _venue(rest)
    if year is None:
        years = [m["year"] for m in _ANY_YEAR.finditer(body)]
        year = years[-1] if years else None
    out.year = int(year[:4]) if year else None
    return out


def _segments(body: str) -> tuple[str, str | None, str, str | None]:
    """(authors, title, the rest, year if found right after the authors)."""
    if m := _ABNT.match(body):  # "ARAUJO, L. C. Title. City: Publisher, 2015."
        title, after = _first_sentence(m["rest"])
        names = re.sub(
            r"[^\W\d_]{2,}", lambda w: w[0].capitalize() if w[0].isupper() else w[0], m["names"]
        )
        year = _ANY_YEAR.search(after)  # the edition's, not the "Acesso em" date's
        return names, title, after, year["year"] if year else None
    quoted = _QUOTED.search(body)
    if quoted and _names_like(body[: quoted.start()].rstrip(" ,")):
        return (
            body[: quoted.start()].rstrip(" ,:"),
            quoted["title"],
            body[quoted.end() :],
            None,
        )
    for m in _YEAR_AFTER_AUTHORS.finditer(body):
        head = body[: m.start()].strip()
        if not _names_like(head):
            break
        rest = body[m.end() :]
        quoted = _QUOTED.match(rest)
        if quoted:  # biblatex's ACM style quotes the title after the year
            return head, quoted["title"], rest[quoted.end() :], m["year"]
        title, after = _first_sentence(rest)
        return head, title, after, m["year"]
    colon = re.match(r"(?P<a>[^:]{3,}?):\s+(?P<rest>.+)", body)
    if colon and _names_like(colon["a"]):
        title, after = _first_sentence(colon["rest"])
        return colon["a"], title, after, None
    names, rest = _leading_names(body)
    if names:
        return names, None, rest, None
    head, rest = _first_sentence(body)
    if head and _names_like(head):
        second, after = _first_sentence(rest)
        if _names_like(second or "", strict=True) and "," not in (second or ""):
            return head, None, after, None
        return head, second, after, None
    return "", None, body, None


# initials with separators only between them: one way to match a name, so that a long author
# list followed by no comma fails in linear time, not by trying every split of its spaces
_INITS = r"[A-Z]\.(?:(?:\s?-\s?|\s)?[A-Z]\.){0,2}"
_INITIALS_NAME = rf"{_INITS}\s?[A-Z][\w'’-]+"
_NAME_RUN = re.compile(
    rf"(?P<names>{_INITIALS_NAME}(?:(?:,\s*|\s*,?\s+and\s+|\s*&\s*){_INITIALS_NAME})*)"
    rf"(?:,\s*(?:et\s+al\.?,?\s*)?)(?!{_INITIALS_NAME})(?!and\b|&)(?P<rest>\S.*)"
)


_SURNAME_FIRST = rf"[A-Z][\w'’-]+,\s{_INITS}"
_SURNAME_RUN = re.compile(
    rf"(?P<names>{_SURNAME_FIRST}(?:,?\s*(?:and\s+|&\s*)?{_SURNAME_FIRST})*)"
    r",\s*(?P<rest>\S.*)"
)


#: ABNT NBR 6023 (Brazil), and the French and Spanish norms like it: SURNAMES in capitals,
#: initials, ";" between authors, then the title as a sentence
_UPPER_NAME = r"[A-ZÀ-Þ][A-ZÀ-Þ'’-]+(?:\s[A-ZÀ-Þ][A-ZÀ-Þ'’-]+)*"
_ABNT = re.compile(
    rf"(?P<names>{_UPPER_NAME},\s{_INITS}(?:;\s{_UPPER_NAME},\s{_INITS})*(?:\set\sal\.)?)"
    r"\s+(?P<rest>[A-ZÀ-Þ\w].*)"
)


def _leading_names(body: str) -> tuple[str, str]:
    """``G. Kavoulakis and G. Baym, Phys. Rev. B 53, 7227 (1996)`` and ``Tufte, E. R., The
    Visual Display…, 1983`` (physics, AIAA): names, a comma, then a title or the journal that
    cannot be told apart without quotes, so only the names are taken."""
    m = _NAME_RUN.match(body) or _SURNAME_RUN.match(body)
    if not m:
        return "", body
    return m["names"], m["rest"]


def _first_sentence(text: str) -> tuple[str, str]:
    """Up to the first period that ends a sentence (not an initial or abbreviation), or a
    question/exclamation mark that ends a title."""
    text = text.strip()
    for m in re.finditer(r"[.?!](?=\s+|$)", text):
        before = text[: m.start()]
        # an initial ends the names before a word no name is: "Tucker, Matthew A. The Big …"
        initial_end = re.search(r"\b[A-Z]$", before) and _TITLE_START.match(text, m.end())
        if m[0] == "." and _NOT_END.search(before) and not initial_end:
            continue
        end = m.end() if m[0] in "?!" else m.start()
        return text[:end].strip(), text[m.end() :].strip()
    return text, ""


def _names_like(text: str, strict: bool = False) -> bool:
    """Whether ``text`` reads as a list of personal names (capitalised words, initials,
    commas, ``and``), not a title."""
    text = text.strip(" ,.")
    if not text or len(text) > 600 or re.search(r"\d", text):
        return False
    toks = re.findall(r"[^\s,;&]+", text)
    if not toks:
        return False
    lower = [t for t in toks if t[:1].islower() and t.lower().strip(".") not in _PARTICLES]
    # a lower-case given name ("Xiang qian Qi") is allowed once in a long list of names
    if len(lower) > (len(toks) // 8 if "," in text else 0):
        return False
    if strict:
        return "," in text or " and " in text
    return True


def split_authors(text: str) -> list[str]:
    """``A. Smith, B. Jones, and C. Lee`` / ``Smith, A., Jones, B.`` / ``Smith J, Jones B`` →
    ``["A. Smith", "B. Jones", …]`` in order, "First Last"."""
    text = re.sub(r"\bet\s+al\.?|\bothers\b", "", text.strip(" .,:"))
    text = re.sub(r"\s*(?:,\s*and|\band|&|;)\s+", ", ", text)
    parts = [p.strip(" .") for p in text.split(",") if p.strip(" .")]
    out: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if nxt is not None and _surname(part) and _INITIALS.match(nxt.replace(" ", "")):
            out.append(f"{_dotted(nxt)} {part}")  # "Smith, J. A." → "J. A. Smith"
            i += 2
            continue
        if nxt is not None and _family(part) and _GIVEN.fullmatch(_ROLE.sub("", nxt)):
            given = re.sub(r"\b([A-Z])\b(?!\.)", r"\1.", _ROLE.sub("", nxt))
            name = f"{given} {part}"  # ASME, Chicago: "Lienhard, John H., V"
            i += 2
            if i < len(parts) and parts[i].lower() in _SUFFIXES:
                name += f" {parts[i]}"
                i += 1
            out.append(name)
            continue
        bits = part.split()
        if len(bits) >= 2 and _INITIALS.match(bits[-1]) and not _INITIALS.match(bits[0]):
            out.append(f"{_dotted(bits[-1])} {' '.join(bits[:-1])}")  # Vancouver "Smith JA"
        else:
            out.append(part)
        i += 1
    return [re.sub(r"\s+", " ", a).strip() for a in out if any(c.isalpha() for c in a)]


#: given names written after the family name: "John H.", "Mary Rose", "Jean Baptiste Joseph"
_GIVEN = re.compile(
    r"[A-ZÀ-Þ][^\W\d_]+(?:-[A-ZÀ-Þ][^\W\d_]+)?(?:\s+(?:[A-ZÀ-Þ][^\W\d_]+|[A-Z]\.?)){0,3}"
)
_FAMILY = re.compile(r"[A-ZÀ-Þ][^\W\d_]*[a-zß-ÿ][^\W\d_]*(?:[-'’][A-ZÀ-Þ]?[^\W\d_]+)?")
_ROLE = re.compile(r"\s*\((?:eds?|editors?|trans)\.?\)\s*$", re.I)
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v"})


def _family(part: str) -> bool:
    """A family name alone, with its particles ("van der Walt", "St. John"): the first half
    of "Surname, Given Names"."""
    *lead, last = part.split() or [""]
    return bool(_FAMILY.fullmatch(last)) and all(
        w.lower() in NAME_PARTICLES or w in ("St.", "St") for w in lead
    )


def _surname(part: str) -> bool:
    """One word, or a surname with its particles ("von Davier", "van der Berg")."""
    words_ = part.split()
    return all(w.lower() in NAME_PARTICLES for w in words_[:-1])


def _dotted(initials: str) -> str:
    if "." in initials:
        spaced = re.sub(r"\.(?=\S)", ". ", initials).replace(". -", ".-").strip()
        return re.sub(r"\b([A-Z])\b(?![.-])", r"\1.", spaced)
    return " ".join(f"{c}." for c in initials)


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = title.strip(" .,;:\"“”'")
    title = _EDITION.sub("", title).strip(" .,;:")
    if re.search(r"\d{4}\.\d{4,5}|[a-z-]+/\d{7}", title):
        return None  # an identifier ("hep-th/0106109") where a title was expected
    title = re.sub(r"^(?:In\s+)?", "", title) if title.startswith("In ") else title
    return title if len(words(title)) >= 1 and len(title) >= 3 else None


def _venue(rest: str) -> str | None:
    rest = rest.strip(" .,;:")
    if not rest:
        return None
    if re.match(r"arxiv\b", rest, re.I) or re.match(r"(?:CoRR|corr)\b", rest):
        return "arXiv" if rest.lower().startswith("arxiv") else "CoRR"
    rest = _IN.sub("", rest)
    rest = re.sub(r"^(?:the\s+)?", "", rest)
    cut = _VENUE_CUT.search(rest)
    venue = (rest[: cut.start()] if cut else rest).strip(" .,;:()")
    if venue.lower().startswith("arxiv"):
        return "arXiv"
    return venue[:200] if len(venue) >= 2 else None
