"""The parts of a vault page a user may edit, and how they are read back.

A paper's page carries three things the library takes back (:mod:`paperdesk.export.vaultsync`):
the note, between two HTML comments under ``## Notes`` (hidden in Obsidian's reading view),
and ``tags`` and ``reading`` in the front matter. Everything else is generated: its *frame*
(the front matter without those two keys, values compared as text, and the body with the note
cut out) is hashed, so that paperdesk can tell a page edited only where it reads edits back
(safe to regenerate once imported) from one edited elsewhere too (never overwritten).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from paperdesk.errors import ExportError

NOTE_START = "<!-- paperdesk:note — your note; 'paperdesk import markdown' reads it back -->"
NOTE_END = "<!-- /paperdesk:note -->"
EDITABLE_KEYS = ("tags", "reading")
#: Headings paperdesk writes after the note: a page without the markers has its note up to one.
GENERATED_AFTER_NOTE = ("## Replication", "## Cites (in your library)", "## Cited by (in your")


def notes_section(body: str) -> list[str]:
    """``## Notes`` with the note between the markers (there, empty, for a paper without one)."""
    text = normalize_note(body)
    return ["## Notes", "", NOTE_START, *([text] if text else []), NOTE_END, ""]


def normalize_note(body: str | None) -> str:
    """A note as compared and stored from a page: no blank lines around it, ``\\n`` newlines."""
    return (body or "").replace("\r\n", "\n").strip("\n")


@dataclass
class Page:
    """What a page says; ``None`` for a part the page does not have (its user removed it)."""

    front: dict[str, Any] | None
    note: str | None
    frame: str
    key_lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> file line
    note_line: int = 0


def _canon(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _canon(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canon(v) for v in value]
    return None if value is None else str(value)


def _split_front(lines: list[str], where: str) -> tuple[dict[str, Any] | None, dict[str, int], int]:
    """The front matter, the line of each top-level key, and the index of the first body line."""
    import yaml

    if not lines or lines[0].strip() != "---":
        return None, {}, 0
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise ExportError(f"{where}:1: the front matter (---) is never closed")
    block = "\n".join(lines[1:end])
    try:
        front = yaml.safe_load(block) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ExportError(
            f"{where}:{line}: the front matter is not valid YAML ({problem})"
        ) from None
    if not isinstance(front, dict):
        raise ExportError(f"{where}:2: the front matter is not a set of 'key: value' lines")
    key_lines = {}
    for i in range(1, end):
        if m := re.match(r"([A-Za-z_][\w-]*)\s*:", lines[i]):
            key_lines.setdefault(m.group(1), i + 1)
    return front, key_lines, end + 1


def _note_region(lines: list[str], start: int) -> tuple[int, int] | None:
    """Indexes [first, last) of the note's lines: between the markers, or (markers removed)
    from under ``## Notes`` to the next generated heading."""
    begin = next(
        (i for i in range(start, len(lines)) if lines[i].startswith("<!-- paperdesk:note")), None
    )
    if begin is not None:
        end = next(
            (i for i in range(begin + 1, len(lines)) if lines[i].startswith(NOTE_END[:-4])), None
        )
        if end is not None:
            return begin + 1, end
    heading = next((i for i in range(start, len(lines)) if lines[i].rstrip() == "## Notes"), None)
    if heading is None:
        return None
    end = next(
        (i for i in range(heading + 1, len(lines)) if lines[i].startswith(GENERATED_AFTER_NOTE)),
        len(lines),
    )
    return heading + 1, end


def parse_page(text: str, where: str) -> Page:
    """Read a page (one paperdesk wrote, perhaps edited since). Raises ExportError naming the
    file and line when its front matter cannot be read."""
    lines = text.replace("\r\n", "\n").split("\n")
    front, key_lines, body_start = _split_front(lines, where)
    region = _note_region(lines, body_start)
    note = None
    body = lines[body_start:]
    if region is not None:
        first, last = region
        note = normalize_note("\n".join(lines[first:last]))
        body = [*lines[body_start:first], "\0", *lines[last:]]
    generated = {k: v for k, v in (front or {}).items() if k not in EDITABLE_KEYS}
    framed = json.dumps(
        [_canon(generated), "\n".join(body).rstrip("\n")], ensure_ascii=False, sort_keys=True
    )
    return Page(
        front=front,
        note=note,
        frame=hashlib.sha256(framed.encode("utf-8")).hexdigest(),
        key_lines=key_lines,
        note_line=region[0] + 1 if region else 0,
    )


def page_tags(value: Any) -> list[str] | None:
    """Front-matter tags as written by hand or by Obsidian: a list, or one string of names
    separated by commas or spaces; a leading ``#`` is dropped. Not yet checked."""
    if value is None:
        return []
    items = value if isinstance(value, list) else re.split(r"[,\s]+", str(value))
    out = []
    for item in items:
        name = "" if item is None else str(item).strip().lstrip("#")
        if name:
            out.append(name)
    return out
