"""The code and data links a paper prints: repositories (GitHub, GitLab, Bitbucket, ...), model
and dataset hubs (Hugging Face, Zenodo, Kaggle, ...), and other URLs the text presents as code
or data ("code is available at", ``/software/``, ``/data.html``).

Part of the parse (:func:`paperdesk.parse.document.structure`), on the lines it already has in
reading order, so it costs no second text extraction: the URLs of the text, including URLs a
line break cut (LaTeX's ``\\url`` breaks after ``/``, ``.``, ``-``: "https://github.com/" +
"UKPLab/sentence-transformers"), completed by the page's hyperlinks where they exist, plus the
hyperlinks to code hosts that the text names in words. A URL that the reference list also
holds is someone else's work and is left out; so are DOIs and arXiv pages. Offline: nothing is
fetched to check a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

CODE_HOSTS = {
    "github.com": "code",
    "gitlab.com": "code",
    "bitbucket.org": "code",
    "codeberg.org": "code",
    "sourceforge.net": "code",
    "colab.research.google.com": "code",
    "pypi.org": "code",
    "huggingface.co": "model",
    "hf.co": "model",
    "zenodo.org": "data",
    "figshare.com": "data",
    "kaggle.com": "data",
    "osf.io": "data",
    "dataverse.harvard.edu": "data",
}
SKIP_HOSTS = ("doi.org", "dx.doi.org", "arxiv.org", "aclanthology.org", "aclweb.org")
#: publishers, societies and TeX sites: their pages are templates and author instructions,
#: not a paper's code, unless the path says code or data
PUBLISHER_HOSTS = (
    *("acm.org", "ieee.org", "springer.com", "elsevier.com", "wiley.com", "aps.org", "aip.org"),
    *("iop.org", "oup.com", "acs.org", "rsc.org", "nature.com", "sagepub.com", "tandfonline.com"),
    *("ctan.org", "overleaf.com", "latex-project.org", "tug.org", "aas.org", "asme.org"),
)
_TEMPLATE = re.compile(
    r"(?i)template|author[s]?[-_]?(?:guide|instruction|kit|resources)|guidelines|"
    r"instructions|submission|stylefiles?|latex[-_]?class|/authors?(?:/|$)"
)
_CUES = re.compile(
    r"\b(?:our\s+code|source\s+code|code\s+(?:and\s+\w+\s+)?(?:is|are)\s+(?:publicly\s+)?"
    r"available|(?:is|are)\s+(?:publicly\s+|freely\s+)?available\s+(?:at|from|on)|"
    r"we\s+(?:release|open[- ]source|make\s+\w+\s+available)|implementation|repository|"
    r"released\s+at)",
    re.I,
)
_PATH_WORDS = re.compile(
    r"(?i)(software|code|data(?:set)?s?\b|data\.html|corpus|download|models?\b)"
)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'{}|\\^`\[\]]*"
    r"|\b(?:github\.com|gitlab\.com|bitbucket\.org|huggingface\.co)/[^\s<>\"'{}|\\^`\[\]]+",
    re.I,
)
_CONTINUES = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-._~/#%?=&+:]*")
_TRAILING = ".,;:!?'\"’”"
MAX_LINKS = 40


@dataclass(frozen=True)
class CodeLink:
    url: str
    kind: str  # "code", "model" or "data"
    host: str
    page: int  # 1-based
    found: str  # "footnote", "text" or "link" (a hyperlink whose text names no URL)
    context: str  # the line(s) it was printed in

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CodeLink:
        return cls(**d)


def normalise(url: str) -> str:
    """A URL as printed → its stored form: scheme added, host lower-case without ``www.``,
    trailing punctuation and an unbalanced ``)`` cut."""
    url = url.strip().rstrip(_TRAILING)
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1].rstrip(_TRAILING)
    if not re.match(r"(?i)https?://", url):
        url = "https://" + url
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    host = host.lower().removeprefix("www.")
    return f"{scheme.lower()}://{host}{slash}{path}"


def host_of(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]


def classify(url: str, context: str) -> str | None:
    """``code``, ``model`` or ``data`` for a link worth keeping, None for any other URL."""
    host = host_of(url)
    if "." not in host:
        return None
    path = url.split(host, 1)[-1]
    if any(host == h or host.endswith("." + h) for h in SKIP_HOSTS):
        return None
    for known, kind in CODE_HOSTS.items():
        if host == known or host.endswith("." + known):
            if known in ("huggingface.co", "hf.co"):
                parts = [p for p in path.split("/") if p]
                if not parts:
                    return None
                return "data" if parts[0] == "datasets" else "model"
            if kind == "code" and len([p for p in path.split("/") if p]) < 1:
                return None  # the bare host, not a repository
            return kind
    if _TEMPLATE.search(path):
        return None  # "https://acm.org/publications/proceedings-template": the class's page
    if m := _PATH_WORDS.search(path):
        word = m[1].lower()
        return "code" if word in ("software", "code") else "model" if "model" in word else "data"
    if _CUES.search(context) and not any(
        host == h or host.endswith("." + h) for h in PUBLISHER_HOSTS
    ):
        return "code"
    return None


def page_uris(doc: Any) -> dict[int, list[str]]:
    """Each page's web hyperlinks (1-based pages), read from the link annotations' ``/A/URI``
    keys: ``page.get_links()`` also resolves every internal link's destination, which took
    a fifth of a paper's parse time."""
    import pymupdf

    out: dict[int, list[str]] = {}
    for page in doc:
        for xref, kind, *_ in page.annot_xrefs():
            if kind != pymupdf.PDF_ANNOT_LINK:
                continue
            typ, uri = doc.xref_get_key(xref, "A/URI")
            if typ == "string" and uri.strip():
                out.setdefault(page.number + 1, []).append(uri.strip())
    return out


def _joins(url: str, nxt: str) -> str | None:
    """The start of the next line that continues ``url``, or None."""
    m = _CONTINUES.match(nxt)
    if not m:
        return None
    piece = m[0]
    if re.search(r"(?i)https?:|www\.", piece) or (piece.isdigit() and piece == nxt.strip()):
        return None  # the next footnote's URL, or a page number
    if url.endswith(("/", "-", "_", "~", "#", "?", "=", "&", "://")):
        return piece
    if url.endswith(".") and piece[:1].islower() and " " not in piece:
        return piece
    return None


def _text_urls(lines: Sequence[Any]) -> Iterable[tuple[str, int, int]]:
    """(URL as printed, first line index, last line index), joining URLs cut at a line end."""
    for i, line in enumerate(lines):
        if "/" not in line.text and "www" not in line.text:
            continue
        for m in _URL.finditer(line.text):
            url, j = m[0], i
            while m.end() == len(line.text) and j + 1 < len(lines):
                nxt = lines[j + 1]
                cont = _joins(url, nxt.text) if nxt.page == line.page else None
                if cont is None:
                    break
                url += cont
                j += 1
                if len(cont) < len(nxt.text.rstrip()):
                    break
            yield url, i, j


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def find_links(
    lines: Sequence[Any],
    uris: Mapping[int, list[str]] | None = None,
    references: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """The code and data links of a document: ``lines`` in reading order (each with ``page``,
    ``text`` and ``footnote``, as :mod:`paperdesk.parse.extract` makes them), ``uris`` the
    hyperlinks by page. Each URL once, at its first page, without those ``references`` hold;
    the likeliest repository of the paper's own code first."""
    linked = {page: [normalise(u) for u in targets] for page, targets in (uris or {}).items()}
    found: dict[str, CodeLink] = {}
    for raw, first, last in _text_urls(lines):
        line = lines[first]
        url = normalise(raw)
        # a hyperlink that starts with what was read is the whole URL (a break was missed)
        targets = linked.get(line.page, [])
        url = next((u for u in targets if u.startswith(url) and len(u) > len(url)), url)
        printed = " ".join(ln.text for ln in lines[first : last + 1])
        before = lines[first - 1].text + " " if first and not line.footnote else ""
        kind = classify(url, before + printed)  # "code is available at" may end the line above
        if kind is None or url in found:
            continue
        where = "footnote" if line.footnote else "text"
        found[url] = CodeLink(url, kind, host_of(url), line.page, where, (before + printed)[:300])
    for page, targets in sorted(linked.items()):
        for url in targets:  # hyperlinks on words ("our models"), to a code or data host
            if url in found or any(f.startswith(url) for f in found):
                continue
            if host_of(url) in CODE_HOSTS and (kind := classify(url, "")) is not None:
                found[url] = CodeLink(url, kind, host_of(url), page, "link", "")
    refs = [_squash(r) for r in references]
    kept = [
        link
        for link in found.values()
        if not any(link.url.split("://", 1)[-1].lower().rstrip("/") in r for r in refs)
    ]
    ranked = sorted(
        enumerate(kept),
        key=lambda e: (not _CUES.search(e[1].context), e[1].kind != "code", e[1].page, e[0]),
    )
    return [asdict(link) for _, link in ranked[:MAX_LINKS]]
