"""The annotations a PDF viewer saved into the file (zathura, okular, evince, Preview, Zotero's
"save annotations to file" all write standard PDF annotations): highlights, underlines,
squiggles, strike-outs, text notes, free text and ink, with the text under their quads.

Reading happens in a child process (``python -m paperdesk.parse.annotations PATH...`` answers
one JSON line per file), like parsing: MuPDF on a file from the internet may crash or hang, and
then one command fails with a message, not the TUI. Only the child imports PyMuPDF.

An annotation's ``id`` is stable across saves: the page plus its ``/NM`` name (unique on a page
by the PDF standard), or, for viewers that write no name, a hash of page, rectangle and type.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from paperdesk.errors import ParseError

KINDS = {
    "Highlight": "highlight",
    "Underline": "underline",
    "Squiggly": "squiggly",
    "StrikeOut": "strike-out",
    "Text": "note",
    "FreeText": "free text",
    "Ink": "ink",
}
"""PDF annotation subtypes read, and what paperdesk calls them; links, popups, widgets and
shapes are not reading notes and are left out."""
MARKUP = frozenset({"highlight", "underline", "squiggly", "strike-out"})
HUES = (
    (15, "red"),
    (45, "orange"),
    (70, "yellow"),
    (170, "green"),
    (200, "cyan"),
    (260, "blue"),
    (300, "purple"),
    (345, "pink"),
    (360, "red"),
)
"""Upper hue bounds (degrees) of the colour names a highlighter's colour is called by."""


@dataclass(frozen=True)
class Annotation:
    id: str
    page: int  # 1-based
    kind: str  # one of KINDS' values
    text: str  # the text under a highlight / underline / strike-out ("" for notes and ink)
    comment: str  # what the reader typed (the annotation's /Contents)
    colour: str | None  # "#ffff00"
    colour_name: str | None  # "yellow" when it is one of the usual highlighter colours
    author: str
    modified: str | None  # ISO 8601 (the annotation's /M), None when the viewer wrote none
    rect: tuple[float, float, float, float]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Annotation:
        return cls(**{**d, "rect": tuple(d["rect"])})


def _pdf_date(raw: str | None) -> str | None:
    """``D:20240501123000+02'00'`` → ``2024-05-01T12:30:00+02:00`` (a date the viewer wrote;
    a malformed one is dropped rather than guessed)."""
    m = re.match(
        r"(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?",
        (raw or "").strip(),
    )
    if not m:
        return None
    y, mo, d, h, mi, s, tz = m.groups()
    text = f"{y}-{mo or '01'}-{d or '01'}T{h or '00'}:{mi or '00'}:{s or '00'}"
    if tz and tz != "Z":
        digits = tz.replace("'", "")
        text += f"{digits[:3]}:{digits[3:5] or '00'}"
    elif tz == "Z":
        text += "+00:00"
    return text


def _colour(rgb: list[float] | tuple[float, ...] | None) -> tuple[str | None, str | None]:
    """``#rrggbb`` and the colour's name by its hue (viewers' "green" ranges from #00ff00 to
    #33cc33 and beyond); greys and near-black have no name."""
    import colorsys

    if not rgb or len(rgb) != 3:
        return None, None
    r, g, b = (max(0.0, min(1.0, float(c))) for c in rgb)
    hexa = "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in (r, g, b)))
    hue, sat, val = colorsys.rgb_to_hsv(r, g, b)
    if sat < 0.2 or val < 0.25:
        return hexa, None
    degrees = hue * 360
    return hexa, next(name for bound, name in HUES if degrees < bound or bound == 360)


def stable_id(page: int, name: str, rect: tuple[float, ...], kind: str) -> str:
    basis = f"{page}:nm:{name}" if name else f"{page}:{kind}:" + ",".join(f"{v:.0f}" for v in rect)
    return hashlib.sha1(basis.encode()).hexdigest()[:12]


def text_under(page: Any, quads: list[Any]) -> str:
    """The text a markup annotation covers, quad by quad (a viewer draws one quad per line):
    MuPDF takes the characters whose box lies in the quad, so a highlight that stops inside a
    word or before its comma quotes only what it covers. Lines are joined with a space; a word
    hyphenated across them is joined back."""
    out = ""
    for q in quads:
        for line in page.get_textbox(q.rect).splitlines():
            line = " ".join(line.split())
            if not line:
                continue
            if out.endswith("-") and line[:1].islower():
                out = out[:-1] + line
            else:
                out = f"{out} {line}" if out else line
    return out


def read_annotations(path: str | Path) -> list[Annotation]:
    """Every reading annotation of the PDF at ``path``, page by page, top to bottom."""
    import pymupdf

    from paperdesk.parse.document import check_file

    check_file(Path(path))  # MuPDF "repairs" HTML into an empty PDF: the bytes say what it is
    out: list[Annotation] = []
    with pymupdf.open(str(path), filetype="pdf") as doc:
        if doc.needs_pass:
            raise ParseError("the PDF is encrypted (needs a password)")
        for page in doc:
            found: list[tuple[float, float, Annotation]] = []
            for annot in page.annots():
                kind = KINDS.get(annot.type[1])
                if kind is None:
                    continue
                info = annot.info
                rect = tuple(round(v, 1) for v in annot.rect)
                text = ""
                if kind in MARKUP:
                    verts = annot.vertices or []
                    quads = [pymupdf.Quad(verts[i : i + 4]) for i in range(0, len(verts) - 3, 4)]
                    text = text_under(page, quads or [pymupdf.Quad(annot.rect)])
                colour, name = _colour(annot.colors.get("stroke") or annot.colors.get("fill"))
                number = page.number + 1
                found.append(
                    (
                        rect[1],
                        rect[0],
                        Annotation(
                            id=stable_id(number, info.get("id") or "", rect, kind),
                            page=number,
                            kind=kind,
                            text=text,
                            comment=(info.get("content") or "").strip(),
                            colour=colour,
                            colour_name=name,
                            author=(info.get("title") or "").strip(),
                            modified=_pdf_date(info.get("modDate") or info.get("creationDate")),
                            rect=rect,
                        ),
                    )
                )
            out += [a for _y, _x, a in sorted(found, key=lambda f: (f[0], f[1]))]
    return out


# ---------------------------------------------------------------------------- the parent side


def read_many(paths: list[Path], *, timeout: float) -> dict[Path, list[Annotation] | str]:
    """Each path's annotations, or the reason it could not be read, from one child process
    given ``timeout`` seconds per file."""
    if not paths:
        return {}
    src = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "paperdesk.parse.annotations", *map(str, paths)],
            capture_output=True,
            env=env,
            timeout=timeout * len(paths) + 10,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise ParseError(f"reading annotations timed out after {timeout:g} s a file") from None
    answers: dict[Path, list[Annotation] | str] = {}
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        try:
            d = json.loads(line)
        except ValueError:
            continue
        path = Path(d["path"])
        if d.get("ok"):
            answers[path] = [Annotation.from_dict(a) for a in d["annotations"]]
        else:
            answers[path] = d.get("reason") or "unknown error"
    for p in paths:
        if p not in answers:
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            answers[p] = "the annotation reader crashed" + (f" ({tail[-1][:160]})" if tail else "")
    return answers


def main(argv: list[str]) -> int:
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # stray prints from MuPDF must not corrupt the answers
    for optional in ("pymupdf.layout", "pymupdf4llm"):
        sys.modules[optional] = None  # type: ignore[assignment]
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    for path in argv:
        try:
            found = read_annotations(path)
            answer: dict[str, Any] = {
                "path": path,
                "ok": True,
                "annotations": [asdict(a) for a in found],
            }
        except Exception as exc:  # one file fails, the rest are still read
            first = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
            why = getattr(exc, "reason", None) or first  # a PdfProblem says it plainly
            answer = {"path": path, "ok": False, "reason": f"cannot read the PDF ({why})"}
        out.write(json.dumps(answer, ensure_ascii=False) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
