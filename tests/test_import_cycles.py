"""No import cycle between the modules of ``paperdesk`` (``.ci/run`` runs this with the suite).

The import graph is grimp's (the library behind import-linter): every ``import`` in a module,
at its top or inside a function, except those under ``if TYPE_CHECKING``. A cycle is reported
as the chain of modules that closes it, e.g. ``services.search -> services.sync ->
services.search``; break it by moving what both need into a module of its own.
"""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest


def import_cycles(package: str = "paperdesk") -> list[list[str]]:
    """One shortest cycle through each module that is on one, each cycle listed once."""
    graph = grimp.build_graph(package, exclude_type_checking_imports=True, cache_dir=None)
    seen: set[frozenset[str]] = set()
    cycles: list[list[str]] = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back is None:
                continue
            cycle = [module, *back]
            if frozenset(cycle) not in seen:
                seen.add(frozenset(cycle))
                cycles.append(cycle)
    return cycles


def test_no_import_cycles() -> None:
    cycles = [" -> ".join(m.removeprefix("paperdesk.") for m in c) for c in import_cycles()]
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_a_cycle_is_found_and_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = tmp_path / "cyclic"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from cyclic import b\n")
    (pkg / "b.py").write_text("def f():\n    from cyclic import a\n")
    (pkg / "c.py").write_text("from cyclic import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_cycles("cyclic") == [["cyclic.a", "cyclic.b", "cyclic.a"]]
