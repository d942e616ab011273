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
    tag_lines: list[int] = field(default_factory=list)  # file line of each listed tag
    note_line: int = 0


def _canon(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _canon(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canon(v) for v in value]
    return None if value is None else str(value)


def _plain(node: Any) -> Any:
    if node is None:
        return None
    if isinstance(node.value, dict):
        return {k: _plain(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [_plain(v) for v in node.value]
    return node.value


def _split_front(
    lines: list[str], where: str
) -> tuple[dict[str, Any] | None, dict[str, int], list[int], int]:
    """The front matter (values as text, :mod:`paperdesk.safeyaml`), the file line of each
    top-level key's value and of each tag, and the index of the first body line."""
    from paperdesk.safeyaml import YamlError, compose

    if not lines or lines[0].strip() != "---":
        return None, {}, [], 0
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise ExportError(f"{where}:1: the front matter (---) is never closed")
    try:
        root = compose("\n".join(lines[1:end]))
    except YamlError as exc:
        raise ExportError(
            f"{where}:{exc.line + 1}: the front matter is not valid YAML ({exc.message})"
        ) from None
    if root is None:
        return {}, {}, [], end + 1
    if not isinstance(root.value, dict):
        raise ExportError(f"{where}:2: the front matter is not a set of 'key: value' lines")
    key_lines = {k: (v.line + 1 if v is not None else 2) for k, v in root.value.items()}
    tags = root.value.get("tags")
    tag_lines = (
        [t.line + 1 for t in tags.value]
        if tags is not None and isinstance(tags.value, list)
        else []
    )
    return _plain(root), key_lines, tag_lines, end + 1


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
    front, key_lines, tag_lines, body_start = _split_front(lines, where)
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
        tag_lines=tag_lines,
        note_line=region[0] + 1 if region else 0,
    )


def page_tags(value: Any) -> list[str]:
    """Front-matter tags as written by hand or by Obsidian: a list (each item one tag), or one
    string of names separated by commas or spaces; a leading ``#`` is dropped. Not checked."""
    if value is None:
        return []
    if isinstance(value, dict):
        return [str(value)]  # not a tag: refused by the check, with its line
    items = value if isinstance(value, list) else re.split(r"[,\s]+", str(value))
    out = []
    for item in items:
        name = "" if item is None else str(item).strip().lstrip("#")
        if name:
            out.append(name)
    return out
