"""BibTeX export, for LaTeX. Entries are built and written with bibtexparser (v2), never by
string pasting; values are escaped by :mod:`paperdesk.export.latex`.

The entry type is what the paper is (:mod:`paperdesk.export.reftype`): ``@article`` with
``journal``, ``@inproceedings`` with ``booktitle``, ``@techreport`` with ``institution``, or
``@misc`` with ``eprint``/``archivePrefix``/``primaryClass`` for an arXiv-only paper (what
arXiv's own export gives; arXiv papers carry those fields whatever their type). The DOI is the
paper's, or arXiv's ``10.48550/arXiv.ID``; volume and pages when known. The citation key is the
paper's key (:mod:`paperdesk.keys`), the name the CLI uses too.
Import lives in :mod:`paperdesk.export.bibimport`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

from paperdesk.export.backup import my_view
from paperdesk.export.files import write_text_atomic
from paperdesk.export.latex import to_latex
from paperdesk.export.reftype import entry_type, institution, journal_name, venue_of
from paperdesk.paths import pdf_file
from paperdesk.printable import strip_controls

_T = TypeVar("_T")

if TYPE_CHECKING:
    from paperdesk.export.bibimport import BibImportReport
    from paperdesk.library import Library


def selected_papers(data: Mapping[str, Any], list_name: str | None) -> list[dict[str, Any]]:
    """The papers an export covers: all (by key), or one list's in list order."""
    papers = {p["key"]: p for p in data["papers"]}
    if not list_name:
        return list(papers.values())
    for rl in data["lists"]:
        if rl["name"] == list_name.strip():
            return [papers[e["paper"]] for e in rl["entries"]]
    from paperdesk.closest import unknown_list

    raise unknown_list(list_name, (rl["name"] for rl in data["lists"]))


def keyed_papers(
    lib: Library, list_name: str | None, data: Mapping[str, Any] | None
) -> list[dict[str, Any]]:
    """The papers a reference export covers: one list in list order, or the whole library
    sorted by key (each paper's key is its citation key)."""
    data = data if data is not None else my_view(lib)
    papers = [printable(p) for p in selected_papers(data, list_name)]
    if not list_name:
        papers.sort(key=lambda p: p["key"])
    return papers


@overload
def printable(value: str) -> str: ...
@overload
def printable(value: Mapping[str, Any]) -> dict[str, Any]: ...
@overload
def printable(value: list[Any] | tuple[Any, ...]) -> list[Any]: ...
@overload
def printable(value: _T) -> _T: ...
def printable(value: object) -> object:
    """``value`` with every text in it stripped of terminal control characters (tabs and line
    breaks kept): a value stored before the checks at the door may hold an escape sequence, and
    an export is often written to the terminal (``-``) or printed from there."""
    if isinstance(value, str):
        return value if value.isprintable() else strip_controls(value)
    if isinstance(value, Mapping):
        return {k: printable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [printable(v) for v in value]
    return value


@dataclass
class TextExport:
    """What a BibTeX or CSL-JSON export produced: the text, and the file it went to."""

    text: str
    entries: int
    path: Path | None = None


def _author(name: str) -> str:
    """One name of the ``author`` field. A name with a suffix is written ``Last, Jr., First``,
    the one form in which BibTeX reads the suffix as one (``Charles Babbage, Jr.`` would be
    the family name "Charles Babbage", given name "Jr.")."""
    from paperdesk.keys import name_parts

    parts = name_parts(name)
    if parts.suffix:
        name = f"{parts.family}, {parts.suffix}, {parts.given}".rstrip()
    text = to_latex(name)
    return "{" + text + "}" if " and " in f" {text.lower()} " else text


_VENUE_FIELD = {
    "article": "journal",
    "inproceedings": "booktitle",
    "conference": "booktitle",
    "incollection": "booktitle",
    "techreport": "institution",
    "phdthesis": "school",
    "mastersthesis": "school",
    "book": "publisher",
}


def _fields(p: Mapping[str, Any], kind: str) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = [("title", to_latex(p.get("title") or "", title=True))]
    if p.get("authors"):
        fields.append(("author", " and ".join(_author(a) for a in p["authors"])))
    if p.get("year"):
        fields.append(("year", str(p["year"])))
    if (venue := venue_of(p)) is not None:
        name = _VENUE_FIELD.get(kind, "howpublished")
        if kind == "article":
            venue = journal_name(venue, p.get("year"))
        elif kind == "techreport":
            venue = institution(venue)
        fields.append((name, to_latex(venue)))
    for name in ("volume", "pages"):
        if p.get(name):
            fields.append((name, to_latex(str(p[name]))))
    if p.get("doi") or p.get("arxiv_id"):
        fields.append(("doi", p.get("doi") or f"10.48550/arXiv.{p['arxiv_id']}"))
    if p.get("arxiv_id"):
        fields.append(("eprint", p["arxiv_id"]))
        fields.append(("archivePrefix", "arXiv"))
        if p.get("primary_category"):
            fields.append(("primaryClass", p["primary_category"]))
        fields.append(("url", f"https://arxiv.org/abs/{p['arxiv_id']}"))
    elif p.get("url"):
        fields.append(("url", p["url"]))
    if p.get("tags"):
        fields.append(("keywords", to_latex(", ".join(p["tags"]))))
    if p.get("abstract"):
        fields.append(("abstract", to_latex(p["abstract"])))
    return fields


def file_field(path: Path) -> str:
    """A PDF as Zotero writes (and reads) it in ``file``: ``Title:path:mime``, with ``\\``,
    ``:`` and ``;`` in the path escaped."""
    escaped = str(path).replace("\\", "\\\\").replace(":", "\\:").replace(";", "\\;")
    return f"Full Text PDF:{escaped}:application/pdf"


def bibtex_text(
    lib: Library,
    *,
    list_name: str | None = None,
    data: Mapping[str, Any] | None = None,
    files: bool = False,
) -> TextExport:
    """The BibTeX of the library (or of one list, in list order; otherwise by key). With
    ``files``, each stored PDF is named in a Zotero ``file`` field (Zotero attaches it when it
    imports the file, and so does ``paperdesk import bibtex``)."""
    import bibtexparser
    from bibtexparser.library import Library as BibLibrary
    from bibtexparser.model import Entry, Field
    from bibtexparser.writer import BibtexFormat

    papers = keyed_papers(lib, list_name, data)
    bib = BibLibrary()
    for p in papers:
        kind = entry_type(p)
        fields = _fields(p, kind)
        if files and (pdf := pdf_file(lib.settings, p.get("pdf_path"))) and pdf.is_file():
            fields.append(("file", file_field(pdf)))
        bib.add(Entry(kind, p["key"], [Field(k, v) for k, v in fields]))
    fmt = BibtexFormat()
    fmt.indent = "  "
    fmt.trailing_comma = True
    fmt.block_separator = "\n"
    from bibtexparser.middlewares import default_unparse_stack

    stack = default_unparse_stack(allow_inplace_modification=True)  # no deep copy of the entries
    text = bibtexparser.write_string(bib, unparse_stack=stack, bibtex_format=fmt) if papers else ""
    return TextExport(text if text.endswith("\n") or not text else text + "\n", len(papers))


def export_bibtex(lib: Library, file: Path, *, list_name: str | None = None) -> TextExport:
    """Write the BibTeX to ``file`` atomically."""
    out = bibtex_text(lib, list_name=list_name)
    write_text_atomic(Path(file), out.text)
    out.path = Path(file)
    return out


def import_bibtex(lib: Library, file: Path, *, list_name: str | None = None) -> BibImportReport:
    """See :func:`paperdesk.export.bibimport.import_bibtex` (kept here for the callers' sake)."""
    from paperdesk.export.bibimport import import_bibtex as run

    return run(lib, file, list_name=list_name)
