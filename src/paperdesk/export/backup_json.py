"""The JSON text of a backup: written strictly (no infinite or NaN numbers) and always the
same for the same library, and read with every problem named (see :mod:`.backup`)."""

from __future__ import annotations

import json
import math
from typing import Any

from paperdesk import __version__
from paperdesk.errors import ExportError
from paperdesk.export.backup_format import FORMAT, VERSION, VERSIONS


def to_json(data: dict[str, Any]) -> str:
    """Stable text: same library, same bytes (UTF-8, unicode kept, two-space indent). Strict
    JSON: an infinite or NaN number (which ``json`` would write as ``Infinity``, readable by
    nothing else) is an :class:`ExportError` naming where it is."""
    try:
        return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    except ValueError:
        where = _non_finite(data, "") or "somewhere"
        raise ExportError(
            f"the library holds a number that is not finite at {where}; "
            "correct it (e.g. with 'paperdesk repro'), then export again"
        ) from None


def _non_finite(value: Any, path: str) -> str | None:
    """Where the first infinite or NaN number in ``value`` is (``papers[3].attempts[0]...``,
    with the paper's key), or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return path or "the top level"
    if isinstance(value, dict):
        items = [(f"{path}.{k}" if path else str(k), v) for k, v in value.items()]
    elif isinstance(value, list):
        items = [
            (f"{path}[{i}]" + (f" ({v['key']})" if isinstance(v, dict) and v.get("key") else ""), v)
            for i, v in enumerate(value)
        ]
    else:
        return None
    for step, item in items:
        if (found := _non_finite(item, step)) is not None:
            return found
    return None


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"number {text} is too large")
    return number


def _finite_int(text: str) -> int:
    number = int(text)
    try:
        float(number)
    except OverflowError:
        raise ValueError(f"number {text[:20]}... is too large") from None
    return number


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def load_backup(text: str, where: str) -> dict[str, Any]:
    """Parse and check a backup's JSON; every problem is an :class:`ExportError` naming
    ``where`` and the place in the file."""
    try:
        data = json.loads(
            text, parse_float=_finite_float, parse_int=_finite_int, parse_constant=_no_constant
        )
    except json.JSONDecodeError as exc:
        raise ExportError(
            f"{where} is not a paperdesk backup: invalid JSON at line {exc.lineno} "
            f"column {exc.colno} ({exc.msg})"
        ) from None
    except ValueError as exc:
        raise ExportError(f"{where} is not a paperdesk backup: invalid JSON ({exc})") from None
    except RecursionError:
        raise ExportError(f"{where} is not a paperdesk backup: JSON nested too deeply") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExportError(
            f'{where} is not a paperdesk backup (no "format": "{FORMAT}"); '
            "make one with 'paperdesk export json FILE'"
        )
    version = data.get("version")
    if version not in VERSIONS or isinstance(version, bool):
        raise ExportError(
            f"{where} is a backup of format version {version!r}; this paperdesk "
            f"({__version__}) reads versions {', '.join(map(str, VERSIONS))}"
            + (": upgrade paperdesk" if isinstance(version, int) and version > VERSION else "")
        )
    from paperdesk.export.restore_checks import check_backup

    check_backup(data, where)
    return data
