"""The vault both ways at scale.

    python bench/vault_sync.py [--papers 2000] [--edits 200]

Builds a throwaway library (seeded lists + N papers, user data as bench/export.py), exports
the vault, then times: reading it back with nothing edited, after EDITS pages had their note,
tags and reading state edited (a third of them with the same note edited in the library too),
reading it back again (must change nothing), and the export that follows (``--sync``).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import build_library
from export import add_user_data, timed


def edit_pages(vault: Path, count: int) -> list[str]:
    from paperdesk.export.vaultpage import NOTE_END

    edited = []
    for path in sorted(vault.glob("*.md")):
        if path.name.startswith("_") or len(edited) >= count:
            continue
        text = path.read_text(encoding="utf-8")
        text = text.replace(NOTE_END, f"Edited in the vault: {path.stem}.\n{NOTE_END}", 1)
        text = re.sub(r'^reading: "[a-z]+"$', "reading: read", text, count=1, flags=re.M)
        text = re.sub(r"^tags: \[\]$", "tags: [from-vault]", text, count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")
        edited.append(path.stem)
    return edited


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        build_library(base / "home", args.papers)
        add_user_data()
        from paperdesk.config import load_settings
        from paperdesk.export.markdown import export_markdown
        from paperdesk.export.vaultsync import import_markdown, sync_markdown
        from paperdesk.library import Library
        from paperdesk.services.notes import append_note

        lib = Library.open(load_settings())
        rows: list[tuple[str, float, str]] = []
        vault = base / "vault"
        timed(
            "export markdown (first)",
            lambda: export_markdown(lib, vault),
            rows,
            lambda r: f"{len(r.written)} files written",
        )
        timed(
            "import markdown (nothing edited)",
            lambda: import_markdown(lib, vault),
            rows,
            lambda r: f"{r.unchanged} unchanged",
        )
        edited = edit_pages(vault, args.edits)
        for stem in edited[::3]:
            append_note(lib, stem, "Edited in the library too.")
        timed(
            f"import markdown ({len(edited)} edited)",
            lambda: import_markdown(lib, vault),
            rows,
            lambda r: f"{len(r.papers)} papers updated, {len(r.conflicts)} on both sides",
        )
        timed(
            "import markdown (again)",
            lambda: import_markdown(lib, vault),
            rows,
            lambda r: f"{len(r.papers)} papers updated",
        )
        timed(
            "export markdown --sync",
            lambda: sync_markdown(lib, vault)[1],
            rows,
            lambda r: f"{len(r.written)} written, {len(r.unchanged)} unchanged",
        )
        timed(
            "export markdown --sync (again)",
            lambda: sync_markdown(lib, vault)[1],
            rows,
            lambda r: f"{len(r.written)} written, {len(r.unchanged)} unchanged",
        )
        print(f"{'step':<34} {'seconds':>8}  result")
        for label, secs, note in rows:
            print(f"{label:<34} {secs:>8.2f}  {note}")
        lib.close()


if __name__ == "__main__":
    main()
