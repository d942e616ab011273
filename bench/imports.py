"""``lists import`` and ``import bibtex`` at 1,000 … 20,000 entries: seconds and entries/s.

Linear means the entries/s column stays flat as the file grows. Run by hand:
``.venv/bin/python bench/imports.py [SIZES...]`` (a fresh SQLite library per run; set
PAPERDESK_BENCH_POSTGRES_URL to time PostgreSQL too).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]  # 70


def word(i: int) -> str:
    """A distinct made-up word for ``i`` (real lists have distinct authors and titles; keys
    made from one surname, year and title word would all clash, which is another case)."""
    out = ""
    while True:
        i, r = divmod(i, len(_SYLLABLES))
        out += _SYLLABLES[r]
        if not i:
            return out.capitalize()
        i -= 1


def list_yaml(n: int) -> str:
    lines = ["name: bench-list", "title: Benchmark list", "papers:"]
    for i in range(n):
        if i % 2:  # half arXiv ids, half papers off arXiv
            lines.append(
                f'  - id: "{15 + i // 108000}{1 + (i // 9000) % 12:02d}.{10000 + i % 9000}"'
            )
        else:
            lines += [
                f"  - title: {word(i + 7)} of {word(i)} models",
                f"    authors: [Ada {word(i)}, Alan Turing]",
                f"    year: {1990 + i % 30}",
                f"    doi: 10.1234/bench.{i}",
            ]
        lines.append(f"    why: reason {i}")
    return "\n".join(lines) + "\n"


def bibtex(n: int) -> str:
    return "".join(
        f"@article{{bench{i},\n  title = {{{word(i + 3)} studies of {word(i)}}},\n"
        f"  author = {{{word(i)}, Ada and Turing, Alan}},\n  year = {{{1990 + i % 30}}},\n"
        f"  doi = {{10.5555/bib.{i}}},\n  journal = {{Journal of Benchmarks}}\n}}\n\n"
        for i in range(n)
    )


def run(n: int, url: str | None) -> tuple[float, float]:
    from paperdesk.config import load_settings
    from paperdesk.export.bibimport import import_bibtex
    from paperdesk.library import Library, import_list_file

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PAPERDESK_HOME": tmp}
        if url:
            env["PAPERDESK_DATABASE_URL"] = url
        lib = Library.open(load_settings(env), seed=False)
        try:
            path = Path(tmp) / "big.yaml"
            path.write_text(list_yaml(n))
            t = time.perf_counter()
            import_list_file(lib, path)
            t_list = time.perf_counter() - t
            bib = Path(tmp) / "big.bib"
            bib.write_text(bibtex(n))
            t = time.perf_counter()
            import_bibtex(lib, bib)
            t_bib = time.perf_counter() - t
        finally:
            lib.close()
    return t_list, t_bib


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 5000, 20000]
    head = ("entries", "lists import s", "entries/s", "import bibtex s", "entries/s")
    print("  ".join(f"{h:>{max(len(h), 8)}}" for h in head))
    for n in sizes:
        t_list, t_bib = run(n, None)
        print(f"{n:>8}  {t_list:>14.1f}  {n / t_list:>9.0f}  {t_bib:>15.1f}  {n / t_bib:>9.0f}")


if __name__ == "__main__":
    main()
