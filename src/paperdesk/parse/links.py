"""The code and data links a paper prints: repositories (GitHub, GitLab, Bitbucket, ...), model
and dataset hubs (Hugging Face, Zenodo, Kaggle, ...), and other URLs the text presents as code
or data ("code is available at", ``/software/``, ``/data.html``).

Runs in the parse worker, on the open PDF: the hyperlinks of each page plus the URLs in its
text, including URLs that a line break cut (LaTeX's ``\\url`` breaks after ``/``, ``.``,
``-``: "https://github.com/" + "UKPLab/sentence-transformers"). A URL that the reference list
also holds is someone else's work and is left out; so are DOIs and arXiv pages.
Offline: nothing is fetched to check a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
    if m := _PATH_WORDS.search(path):
        word = m[1].lower()
        return "code" if word in ("software", "code") else "model" if "model" in word else "data"
    if _CUES.search(context):
        return "code"
    return None


@dataclass
class _Line:
    text: str
    size: float
    y0: float


def _page_lines(page: Any) -> list[_Line]:
    out = []
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            spans = [s for s in line["spans"] if s["text"].strip()]
            if not spans:
                continue
            text = "".join(s["text"] for s in line["spans"]).strip()
            size = max(spans, key=lambda s: len(s["text"]))["size"]
            out.append(_Line(text, size, line["bbox"][1]))
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


def _text_urls(lines: list[_Line]) -> Iterable[tuple[str, int, int]]:
    """(URL as printed, first line index, last line index), joining URLs cut at a line end."""
    for i, line in enumerate(lines):
        for m in _URL.finditer(line.text):
            url, j = m[0], i
            while m.end() == len(line.text) and j + 1 < len(lines):
                cont = _joins(url, lines[j + 1].text)
                if cont is None:
                    break
                url += cont
                j += 1
                if len(cont) < len(lines[j].text.rstrip()):
                    break
            yield url, i, j


def page_links(page: Any, number: int) -> list[CodeLink]:
    """The code and data links printed or linked on one page (1-based ``number``)."""
    uris = [normalise(u["uri"]) for u in page.get_links() if u.get("uri")]
    text = page.get_text("text")
    if not uris and not _URL.search(text):
        return []
    lines = _page_lines(page)
    if not lines:
        return []
    sizes = sorted(ln.size for ln in lines for _ in range(max(1, len(ln.text) // 20)))
    body = sizes[len(sizes) // 2]
    height = page.rect.height
    found: dict[str, CodeLink] = {}
    for raw, first, last in _text_urls(lines):
        url = normalise(raw)
        # a hyperlink that starts with what was read is the whole URL (a break was missed)
        url = next((u for u in uris if u.startswith(url) and len(u) > len(url)), url)
        printed = " ".join(ln.text for ln in lines[first : last + 1])
        before = lines[first - 1].text + " " if first else ""
        kind = classify(url, before + printed)  # "code is available at" may end the line above
        if kind is None or url in found:
            continue
        note = lines[first].size < body * 0.92 and lines[first].y0 > height * 0.5
        context = (printed if note else before + printed)[:300]
        found[url] = CodeLink(
            url, kind, host_of(url), number, "footnote" if note else "text", context
        )
    for url in uris:
        if url in found or any(f.startswith(url) for f in found):
            continue
        kind = classify(url, "")
        if kind in ("code", "model", "data") and host_of(url) in CODE_HOSTS:
            found[url] = CodeLink(url, kind, host_of(url), number, "link", "")
    return list(found.values())


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def find_links(doc: Any, references: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Every page's code and data links, each URL once (at its first page), without those the
    reference list holds; the likeliest repository of the paper's own code first."""
    refs = [_squash(r) for r in references]
    seen: dict[str, CodeLink] = {}
    for page in doc:
        for link in page_links(page, page.number + 1):
            bare = link.url.split("://", 1)[-1].lower()
            if link.url in seen or any(bare.rstrip("/") in r for r in refs):
                continue
            seen[link.url] = link
    ranked = sorted(
        enumerate(seen.values()),
        key=lambda e: (
            not _CUES.search(e[1].context),
            e[1].kind != "code",
            e[1].page,
            e[0],
        ),
    )
    return [asdict(link) for _, link in ranked[:MAX_LINKS]]
