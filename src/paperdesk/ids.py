"""arXiv identifier parsing and normalisation (pure: no I/O).

Users paste ids in many shapes: bare (``1706.03762v7``), prefixed (``arXiv:1706.03762``), abs/pdf
URLs, the arXiv DOI (``10.48550/arXiv.1706.03762``) and old-style ids (``hep-th/9901001``,
``math.GT/0309136``). All become an :class:`ArxivId` with a canonical base id and an optional
version. Old-style ids contain ``/``: use :attr:`ArxivId.filename` for anything on disk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperdesk.dates import today
from paperdesk.errors import InvalidIdError

# Archives of the pre-2007 scheme (https://info.arxiv.org/help/arxiv_identifier.html).
OLD_ARCHIVES = frozenset(
    {
        "acc-phys",
        "adap-org",
        "alg-geom",
        "ao-sci",
        "astro-ph",
        "atom-ph",
        "bayes-an",
        "chao-dyn",
        "chem-ph",
        "cmp-lg",
        "comp-gas",
        "cond-mat",
        "cs",
        "dg-ga",
        "funct-an",
        "gr-qc",
        "hep-ex",
        "hep-lat",
        "hep-ph",
        "hep-th",
        "math",
        "math-ph",
        "mtrl-th",
        "nlin",
        "nucl-ex",
        "nucl-th",
        "patt-sol",
        "physics",
        "plasm-ph",
        "q-alg",
        "q-bio",
        "q-fin",
        "quant-ph",
        "solv-int",
        "supr-con",
    }
)

_NEW = re.compile(r"(?P<yy>\d{2})(?P<mm>\d{2})\.(?P<num>\d{4,5})(?:v(?P<v>\d+))?")
_OLD = re.compile(
    r"(?P<archive>[a-z][a-z-]*[a-z])(?:\.(?P<cls>[A-Za-z]{2}))?/(?P<yy>\d{2})(?P<mm>\d{2})"
    r"(?P<num>\d{3})(?:v(?P<v>\d+))?"
)
_URL = re.compile(
    r"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/(?P<rest>.+?)"
    r"(?:\.pdf)?/?(?:[?#].*)?",
    re.IGNORECASE,
)
_DOI_PREFIX = re.compile(
    r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?10\.48550/arxiv\.(?P<rest>.+)", re.IGNORECASE
)
_ARXIV_PREFIX = re.compile(r"arxiv\s*:\s*(?P<rest>.+)", re.IGNORECASE)
_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(?P<doi>10\.\d{4,9}/[^\s\"<>]+)", re.I)


@dataclass(frozen=True, order=True)
class ArxivId:
    """A canonical arXiv identifier: ``base`` never carries a version."""

    base: str
    version: int | None = None

    def __str__(self) -> str:
        return self.versioned

    @property
    def versioned(self) -> str:
        return f"{self.base}v{self.version}" if self.version else self.base

    @property
    def is_old_style(self) -> bool:
        return "/" in self.base

    @property
    def filename(self) -> str:
        """A name safe for the file system: ``cs/0306050`` becomes ``cs_0306050``."""
        return self.base.replace("/", "_")

    @property
    def abs_url(self) -> str:
        return f"https://arxiv.org/abs/{self.versioned}"

    @property
    def pdf_url(self) -> str:
        return f"https://arxiv.org/pdf/{self.versioned}"

    @property
    def doi(self) -> str:
        return f"10.48550/arXiv.{self.base}"

    def with_version(self, version: int | None) -> ArxivId:
        return ArxivId(self.base, version)


def _reject(text: str, why: str) -> InvalidIdError:
    shown = text if len(text) <= 80 else text[:77] + "..."
    return InvalidIdError(f"not an arXiv id: {shown!r} ({why})")


def _version(raw: str | None, text: str) -> int | None:
    if raw is None:
        return None
    version = int(raw)
    if version < 1:
        raise _reject(text, "versions start at v1")
    return version


def _parse_core(core: str, text: str) -> ArxivId:
    if m := _NEW.fullmatch(core):
        yy, mm, num = int(m["yy"]), int(m["mm"]), m["num"]
        if not 1 <= mm <= 12:
            raise _reject(text, f"month {mm:02d} does not exist")
        yymm = yy * 100 + mm
        if yymm < 704:
            raise _reject(text, "new-style ids start in April 2007 (0704)")
        now = today()
        if yymm > (now.year % 100) * 100 + now.month:
            raise _reject(text, f"{m['yy']}{m['mm']} is a month still to come")
        want = 5 if yymm >= 1501 else 4
        if len(num) != want:
            raise _reject(text, f"ids from {m['yy']}{m['mm']} have {want} digits after the dot")
        return ArxivId(f"{m['yy']}{m['mm']}.{num}", _version(m["v"], text))
    if m := _OLD.fullmatch(core):
        archive = m["archive"].lower()
        if archive not in OLD_ARCHIVES:
            raise _reject(text, f"unknown arXiv archive {archive!r}")
        yy, mm = int(m["yy"]), int(m["mm"])
        if not 1 <= mm <= 12:
            raise _reject(text, f"month {mm:02d} does not exist")
        if 8 <= yy <= 90 or yy * 100 + mm in range(704, 800):
            raise _reject(text, "old-style ids run from 1991 to March 2007 (0703)")
        return ArxivId(f"{archive}/{m['yy']}{m['mm']}{m['num']}", _version(m["v"], text))
    if re.fullmatch(r"\d{4}\.\d+(v\d+)?", core):
        raise _reject(text, "new-style ids have 4 or 5 digits after the dot")
    if re.fullmatch(r"[a-z-]+(\.[A-Za-z]{2})?/\d+(v\d+)?", core):
        raise _reject(text, "old-style ids have 7 digits after the slash")
    raise _reject(text, "expected e.g. 1706.03762, 1706.03762v7 or hep-th/9901001")


def parse_arxiv_id(text: str) -> ArxivId:
    """Parse any accepted form into an :class:`ArxivId`, or raise :class:`InvalidIdError`."""
    if not isinstance(text, str):
        raise _reject(str(text), "expected text")
    stripped = text.strip()
    if not stripped:
        raise InvalidIdError("not an arXiv id: empty text")
    core = stripped
    for pattern in (_URL, _DOI_PREFIX, _ARXIV_PREFIX):
        if m := pattern.fullmatch(core):
            core = m["rest"].strip()
            break
    if core.lower().endswith(".pdf"):
        core = core[:-4]
    return _parse_core(core, stripped)


def is_arxiv_id(text: str) -> bool:
    try:
        parse_arxiv_id(text)
    except InvalidIdError:
        return False
    return True


def normalize_doi(text: str) -> str | None:
    """Return the bare, lower-cased DOI in ``text`` (a DOI, ``doi:`` or doi.org URL), or None."""
    m = _DOI.fullmatch(text.strip())
    if not m:
        return None
    return m["doi"].rstrip(".,;").lower()


_ARXIV_IN_TEXT = re.compile(
    r"(?:arxiv(?:\.org/(?:abs|pdf)/|\s*:\s*|\s+preprint\s+(?:arxiv\s*:\s*)?|\s+e-prints?,?\s+"
    r"(?:arxiv\s*:\s*)?)|10\.48550/arxiv\.)"
    r"(?P<id>\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Za-z]{2})?/\d{7}(?:v\d+)?)",
    re.IGNORECASE,
)
_BARE_NEW_ID = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\d])")
_BARE_OLD_ID = re.compile(r"(?<![\w/.-])([a-z][a-z-]*[a-z](?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?!\d)")


def find_arxiv_ids(text: str) -> list[ArxivId]:
    """Every arXiv id mentioned in free text (a reference entry), deduplicated, in order.

    Prefixed forms (``arXiv:…``, ``arXiv preprint …``, URLs, the arXiv DOI) are trusted; a bare
    new-style number is accepted only when it validates (month, digit count).
    """
    found: dict[str, ArxivId] = {}
    for m in _ARXIV_IN_TEXT.finditer(text):
        try:
            aid = parse_arxiv_id(m["id"])
        except InvalidIdError:
            continue
        found.setdefault(aid.base, aid)
    for m in (*_BARE_NEW_ID.finditer(text), *_BARE_OLD_ID.finditer(text)):
        try:
            aid = parse_arxiv_id(m.group(1))
        except InvalidIdError:
            continue
        found.setdefault(aid.base, aid)
    return list(found.values())


def find_dois(text: str) -> list[str]:
    """Every DOI in free text, lower-cased, without trailing punctuation, excluding arXiv DOIs."""
    out: list[str] = []
    for m in re.finditer(r"10\.\d{4,9}/[^\s\"<>,;]+", text):
        doi = m.group(0).rstrip(".)]").lower()
        if doi.startswith("10.48550/arxiv.") or doi in out:
            continue
        out.append(doi)
    return out


_KEY = re.compile(r"[A-Za-z][A-Za-z0-9._-]{0,99}")
_FLAT_OLD_ID = re.compile(r"[a-z-]+(?:\.[A-Za-z]{2})?_\d{7}(?:v\d+)?")


def check_key(key: str) -> str:
    """Validate the key of a paper that is not on arXiv (how the CLI names it, and its file
    names). It must start with a letter, use letters, digits, '.', '_' and '-', and must not
    look like an arXiv id, a DOI, or an old-style id with its slash made safe (``cs_0306050``),
    so that it can never collide with another paper's name or PDF file."""
    text = key.strip()
    if not _KEY.fullmatch(text):
        raise InvalidIdError(
            f"paper key {key!r} must start with a letter and use only letters, digits, '.', '_' "
            "and '-' (at most 100)"
        )
    if is_arxiv_id(text) or normalize_doi(text) or _FLAT_OLD_ID.fullmatch(text):
        raise InvalidIdError(f"paper key {key!r} looks like an arXiv id or a DOI; choose another")
    return text
