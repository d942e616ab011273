"""BibTeX ``@string`` macros and ``#`` concatenation, resolved before values are read.

bibtexparser's ResolveStringReferencesMiddleware replaces a field only when its whole value is
one macro name; ``title = foo # " baz"`` and macros defined by concatenation stay literal. Here
every unenclosed value is read as BibTeX does: parts joined by ``#``, each a ``{braced}`` or
``"quoted"`` text, a number, or a macro (case-insensitive; a later ``@string`` wins; the
standard month macros ``jan`` … ``dec`` are predefined). The result is re-enclosed in braces
so that bibtexparser's RemoveEnclosingMiddleware, run afterwards, unwraps it as usual.
"""

from __future__ import annotations

from typing import Any

from paperdesk.errors import ExportError

# what one value may expand to: far above any real field, far below a "billion laughs"
MAX_VALUE = 1_000_000

MONTHS = {
    name: full
    for name, full in zip(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        strict=True,
    )
}


def split_concatenation(raw: str) -> list[str]:
    """The parts of ``a # "b" # {c}`` (``#`` inside braces or quotes does not split)."""
    parts: list[str] = []
    depth, quoted, start = 0, False, 0
    for i, ch in enumerate(raw):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "#" and depth == 0 and not quoted:
            parts.append(raw[start:i].strip())
            start = i + 1
    parts.append(raw[start:].strip())
    return parts


def _enclosed(part: str) -> bool:
    return len(part) >= 2 and (
        (part[0] == "{" and part[-1] == "}") or (part[0] == '"' and part[-1] == '"')
    )


def resolve(raw: str, macros: dict[str, str]) -> str | None:
    """The text ``raw`` stands for, or None when it is a single enclosed value or a lone
    unknown name (left for bibtexparser as it is)."""
    raw = raw.strip()
    parts = split_concatenation(raw)
    if len(parts) == 1 and (_enclosed(raw) or raw.lower() not in macros):
        return None
    out = []
    for part in parts:
        if _enclosed(part):
            out.append(part[1:-1])
        elif part.isdigit():
            out.append(part)
        else:  # a macro; an unknown one is kept by name (BibTeX would warn and drop it)
            out.append(macros.get(part.lower(), part))
        if sum(map(len, out)) > MAX_VALUE:
            raise ValueError(f"expands to more than {MAX_VALUE:,} characters (a macro bomb?)")
    return "".join(out)


def _resolve(raw: str, macros: dict[str, str], block: Any, what: str) -> str | None:
    try:
        return resolve(raw, macros)
    except ValueError as exc:
        raise ExportError(f"line {(block.start_line or 0) + 1}: {what} {exc}") from None


def resolve_library(library: Any) -> None:
    """Resolve macros and concatenation in every ``@string`` (in file order) and every entry
    field of a bibtexparser ``Library`` parsed with an empty parse stack."""
    from bibtexparser.model import String

    macros = dict(MONTHS)
    for block in library.blocks:
        if isinstance(block, String):
            value = _resolve(block.value, macros, block, f"@string {block.key}")
            text = (
                value
                if value is not None
                else (block.value.strip()[1:-1] if _enclosed(block.value.strip()) else block.value)
            )
            macros[block.key.lower()] = text
            block.value = "{" + text + "}"
    for entry in library.entries:
        for fld in entry.fields:
            what = f"{entry.key}: {fld.key}"
            if (
                isinstance(fld.value, str)
                and (value := _resolve(fld.value, macros, entry, what)) is not None
            ):
                fld.value = "{" + value + "}"
    for block in library.failed_blocks:  # duplicated keys are still imported
        entry = getattr(block, "ignore_error_block", None)
        if entry is None:
            continue
        for fld in getattr(entry, "fields", None) or []:
            if (
                isinstance(fld.value, str)
                and (value := _resolve(fld.value, macros, entry, f"{entry.key}: {fld.key}"))
                is not None
            ):
                fld.value = "{" + value + "}"
