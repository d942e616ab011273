"""What a paper is as a reference: one BibTeX entry type per paper, and its CSL-JSON type.

The type a paper came in with (``papers.entry_type``, from a BibTeX or CSL-JSON import) is kept.
Otherwise it is told from what the paper has: a venue (journal reference or the seeded/parsed
venue) that names a conference or workshop makes an ``inproceedings``, a technical report a
``techreport``, any other real venue an ``article`` (LSTM in *Neural Computation*); a paper with
only its arXiv id is a ``misc`` with ``eprint``/``archivePrefix``/``primaryClass``, as arXiv's
own export writes it. The vocabulary stored is BibTeX's; CSL types map onto it both ways.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_CONFERENCE = re.compile(
    r"(?i)\b(proceedings|proc\.|conference|workshop|symposium|meeting|congress|advances in "
    r"neural information processing|neurips|nips|icml|iclr|acl|naacl|naacl-hlt|emnlp|eacl|"
    r"coling|conll|cvpr|iccv|eccv|aaai|ijcai|kdd|sigir|sigmod|interspeech|icassp|aistats|"
    r"uai|colt|corl|fat\*|facct|www|lrec|blackboxnlp)\b"
)
_REPORT = re.compile(r"(?i)\b(technical report|tech\. rep\.|white ?paper|report)\b")
_PREPRINT = re.compile(r"(?i)^\s*(arxiv( preprint)?|preprint|corr)\b")

#: BibTeX type → CSL-JSON type (preprints are CSL ``article``, as Zotero's arXiv translator).
CSL_OF = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "incollection": "chapter",
    "inbook": "chapter",
    "book": "book",
    "proceedings": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "online": "webpage",
    "dataset": "dataset",
    "software": "software",
    "unpublished": "manuscript",
    "misc": "article",
}
#: CSL-JSON type → the BibTeX type stored (the first BibTeX type that maps to it).
BIBTEX_OF = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "paper-conference": "inproceedings",
    "chapter": "incollection",
    "book": "book",
    "thesis": "phdthesis",
    "report": "techreport",
    "webpage": "online",
    "post-weblog": "online",
    "dataset": "dataset",
    "software": "software",
    "manuscript": "unpublished",
    "article": "misc",
    "document": "misc",
}
KNOWN = frozenset(CSL_OF)


def venue_of(p: Mapping[str, Any]) -> str | None:
    """The paper's venue as a reference names it: its journal reference, else its venue,
    never a bare "arXiv preprint"."""
    for name in ("journal_ref", "venue"):
        text = " ".join(str(p.get(name) or "").split())
        if text and not _PREPRINT.match(text):
            return text
    return None


def entry_type(p: Mapping[str, Any]) -> str:
    """The BibTeX entry type of a :func:`paperdesk.export.backup.dump` paper."""
    stored = (p.get("entry_type") or "").strip().lower()
    if stored in KNOWN:
        return stored
    venue = venue_of(p)
    if venue is None:
        return "misc"
    if _CONFERENCE.search(venue):
        return "inproceedings"
    if _REPORT.search(venue):
        return "techreport"
    return "article"


def csl_type(p: Mapping[str, Any]) -> str:
    kind = entry_type(p)
    if kind == "misc" and not p.get("arxiv_id"):
        return "document"
    return CSL_OF[kind]


def journal_name(venue: str, year: int | None) -> str:
    """``JMLR 2024`` → ``JMLR`` for a journal (the year is a field of its own)."""
    if year and venue.endswith(f" {year}"):
        return venue[: -len(str(year)) - 1].rstrip(" ,")
    return venue


def institution(venue: str) -> str:
    """``OpenAI technical report`` → ``OpenAI``."""
    return _REPORT.sub("", venue).strip(" ,") or venue
