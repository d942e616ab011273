"""SIGKILL at random moments during sync, fetch --force (every PDF replaced), parse, index,
add --pdf (new and replacing), export markdown into an existing vault, import json and
note --append: after every kill the database
passes its integrity check and agrees with the PDF files, no file under a real name is torn,
and a re-run reaches the library an uninterrupted run makes (with no temporary file left).

Runs against the local fake arXiv of the fetch tests, with the ``hash`` embedder and PDFs made
by PyMuPDF: no network. ``PAPERDESK_KILLS`` sets the kills per command (default 20).
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.fetch.conftest import FakeArxiv, local_pdf_urls, serving
from tests.reliability import killing
from tests.services.paperpdfs import paper_pdf

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork"),
]

KILLS = int(os.environ.get("PAPERDESK_KILLS", "20"))
ATTENTION = "1706.03762"


@dataclass
class Homes:
    root: Path
    env: dict[str, str]
    seeded: Path
    fetched: Path
    parsed: Path
    exported: Path
    backup: Path
    new_pdf: Path
    replacement: Path

    def env_for(self, home: Path) -> dict[str, str]:
        return {**self.env, "PAPERDESK_HOME": str(home)}


def _keep_one_list(lib: Any, name: str) -> None:
    from sqlalchemy import delete, select

    from paperdesk.storage.models import ListEntry, Paper, ReadingList

    with lib.session() as s:
        keep = select(ListEntry.paper_id).join(ReadingList).where(ReadingList.name == name)
        s.execute(delete(Paper).where(Paper.id.not_in(keep)))
        s.execute(delete(ReadingList).where(ReadingList.name != name))


def _older_pdfs(home: Path) -> None:
    """Give every stored PDF other (whole) bytes and its row their sha256: ``fetch --force``
    then replaces each with what the server sends, so a row and a file that disagree show."""
    import sqlite3

    con = sqlite3.connect(killing.db_path(home))
    rows = con.execute("SELECT id, pdf_path FROM papers WHERE pdf_path IS NOT NULL").fetchall()
    for pid, rel in rows:
        path = paper_pdf(home / "pdfs" / rel, f"An Older Version {pid}", word=f"older{pid}")
        con.execute("UPDATE papers SET pdf_sha256 = ? WHERE id = ?", (killing.sha(path), pid))
    con.commit()
    con.close()


def _cli(homes: Homes, home: Path, *argv: str) -> None:
    done = killing.run(list(argv), homes.env_for(home))
    assert done.code == 0, (argv, done)


class PaperArxiv(FakeArxiv):
    """The fake arXiv serving paper-like PDFs (two pages of text) that parse into passages,
    each the paper it is fetched for (fetch checks): an arXiv stamp in the margin, or, for a
    paper served from /files/KEY.pdf, its title (``titles``, by key)."""

    def __init__(self) -> None:
        super().__init__()
        self.titles: dict[str, str] = {}

    def pdf_bytes(self, name: str) -> bytes:
        if name not in self.pdfs:
            import tempfile

            stem = name.removesuffix(".pdf")
            word = "w" + "".join(c for c in name if c.isalnum())[:12]
            title = self.titles.get(stem, f"A Paper About {word}")
            stamp = None if stem in self.titles else f"arXiv:{stem} [cs.CL] 1 Jan 2024"
            with tempfile.TemporaryDirectory() as tmp:
                pdf = paper_pdf(Path(tmp) / "p.pdf", title, word=word, stamp=stamp)
                self.pdfs[name] = pdf.read_bytes()
        return self.pdfs[name]


@pytest.fixture(scope="module")
def arxiv() -> Iterator[FakeArxiv]:
    """The fetch tests' local arXiv, for the whole module (forked commands talk to it)."""
    with serving(PaperArxiv()) as state:
        yield state


@pytest.fixture(scope="module")
def homes(arxiv: FakeArxiv, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Homes]:
    fake = arxiv
    from paperdesk.config import load_settings
    from paperdesk.library import Library

    root = tmp_path_factory.mktemp("kill")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(root),
        "PAPERDESK_MODEL": "hash-256",
        "PAPERDESK_AUTO_INDEX": "0",
        "PAPERDESK_ARXIV_API_URL": fake.api_url,
        "PAPERDESK_ARXIV_DELAY": "0",
        "PAPERDESK_ARXIV_TIMEOUT": "5",
        "PAPERDESK_ARXIV_RETRIES": "1",
    }
    seeded = root / "seeded"
    lib = Library.open(load_settings({**env, "PAPERDESK_HOME": str(seeded)}))
    _keep_one_list(lib, "transformers-core")  # eight papers: a sync of minutes is no test
    local_pdf_urls(lib, fake)
    if isinstance(fake, PaperArxiv):
        from sqlalchemy import select

        from paperdesk.storage.models import Paper

        with lib.session() as s:
            served = s.scalars(select(Paper).where(Paper.pdf_url.like(f"{fake.url}/files/%")))
            fake.titles = {p.key: p.title for p in served}
    lib.close()
    homes = Homes(
        root, env, seeded, root / "fetched", root / "parsed", root / "exported",
        root / "backup.json", root / "new.pdf", root / "replacement.pdf",
    )  # fmt: skip
    killing.copy_home(seeded, homes.fetched)
    _cli(homes, homes.fetched, "fetch", "--list", "transformers-core")
    _older_pdfs(killing.copy_home(homes.fetched, root / "older"))
    killing.copy_home(homes.fetched, homes.parsed)
    _cli(homes, homes.parsed, "parse", "--all")
    _cli(homes, homes.parsed, "note", ATTENTION, "--append", "multi-head attention")
    _cli(homes, homes.parsed, "tag", ATTENTION, "core")
    killing.copy_home(homes.parsed, homes.exported)
    _cli(homes, homes.exported, "export", "markdown", str(homes.exported / "vault"))
    for ref in ("1409.0473", "1508.04025", ATTENTION):  # the next export rewrites these
        _cli(homes, homes.exported, "note", ref, "--append", "changed after the export")
    _cli(homes, homes.parsed, "export", "json", str(homes.backup))
    paper_pdf(homes.new_pdf, "Crash Consistency of Reading Tools", word="consistency")
    paper_pdf(homes.replacement, "Attention Is All You Need", word="replacement", year=2017)
    yield homes


@dataclass
class Case:
    name: str
    base: str  # which prepared home the command starts from
    argv: tuple[str, ...]  # "{home}" stands for the copy's folder
    vault: bool = False
    repeatable: bool = True  # False: a re-run after a finished run would do it twice


CASES = [
    Case("sync", "seeded", ("sync",)),
    Case("fetch-replace", "older", ("fetch", "--list", "transformers-core", "--force")),
    Case("parse", "fetched", ("parse", "--all")),
    Case("index", "parsed", ("index",)),
    Case("add-pdf-new", "parsed", ("add", "--pdf", "{new_pdf}")),
    Case("add-pdf-replace", "parsed", ("add", "--pdf", "{replacement}", "--id", ATTENTION,
                                       "--force")),
    Case("export-markdown", "exported", ("export", "markdown", "{home}/vault"), vault=True),
    Case("import-json", "seeded", ("import", "json", "{backup}")),
    Case("note", "parsed", ("note", ATTENTION, "--append", "written once"), repeatable=False),
]  # fmt: skip


def _argv(case: Case, homes: Homes, home: Path) -> list[str]:
    values = {
        "home": str(home),
        "new_pdf": str(homes.new_pdf),
        "replacement": str(homes.replacement),
        "backup": str(homes.backup),
    }
    return [a.format(**values) for a in case.argv]


def _torn(home: Path, vault_versions: dict[str, set[str]]) -> list[str]:
    """Files under a real name that are neither a whole old nor a whole new version."""
    from paperdesk.fetch.download import is_whole_pdf

    problems = [p.name for p in (home / "pdfs").glob("*.pdf") if not is_whole_pdf(p)]
    for rel, versions in vault_versions.items():
        path = home / "vault" / rel
        if path.exists() and killing.sha(path) not in versions:
            problems.append(f"vault/{rel}")
    manifest = home / "index" / "manifest.json"
    if manifest.exists():
        from paperdesk.search import index as vindex

        info = vindex.read_manifest(home / "index")
        assert info is not None, "the index manifest is torn"
        vindex.load(home / "index", info)  # raises on a torn or mismatched file
    return problems


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_killed_at_random_moments(case: Case, homes: Homes, tmp_path: Path) -> None:
    base = homes.root / case.base if case.base == "older" else getattr(homes, case.base)
    # the uninterrupted run, and how long it takes
    whole = killing.copy_home(base, tmp_path / "whole")
    done = killing.run(_argv(case, homes, whole), homes.env_for(whole))
    assert done.code == 0, done
    expected = killing.fingerprint(whole, vault=whole / "vault" if case.vault else None)
    before = killing.fingerprint(base, vault=base / "vault" if case.vault else None)
    may_miss = killing.missing_pdfs(whole) | killing.missing_pdfs(base)
    assert killing.integrity(whole, may_miss=may_miss) == []
    versions: dict[str, set[str]] = {}
    for fp in (before, expected):
        for rel, digest in fp.get("vault", {}).items():
            versions.setdefault(rel, set()).add(digest)

    rng = random.Random(f"kill-{case.name}")
    killed = attempt = 0
    while killed < KILLS and attempt < 3 * KILLS:  # a run may finish before its kill
        attempt += 1
        home = killing.copy_home(base, tmp_path / "k")
        argv = _argv(case, homes, home)
        at = rng.uniform(0.0, done.seconds * 0.9)
        got = killing.run(argv, homes.env_for(home), kill_after=at)
        killed += got.code is None
        assert got.code in (None, 0), (attempt, at, got)
        assert killing.integrity(home, may_miss=may_miss) == [], (attempt, at)
        assert _torn(home, versions) == [], (attempt, at)
        vault = home / "vault" if case.vault else None
        now = killing.fingerprint(home, vault=vault)
        if case.repeatable or now != expected:
            again = killing.run(argv, homes.env_for(home))
            # a finished import refuses a second one (the library has data): still the same
            assert again.code == 0 or now == expected, (attempt, at, again)
        if not case.repeatable:
            assert now in (before, expected), (attempt, at)
        assert killing.fingerprint(home, vault=vault) == expected, (attempt, at)
        folders = [home / "pdfs", home / "index"] + ([home / "vault"] if vault else [])
        assert killing.leftovers(*folders) == [], (attempt, at)
    assert killed >= KILLS, f"only {killed} of {attempt} runs were killed before they ended"


def test_a_kill_leaves_json_readable(homes: Homes, tmp_path: Path) -> None:
    """``export json`` killed at random moments: the file is the old backup or a whole new one."""
    home = killing.copy_home(homes.parsed, tmp_path / "h")
    target = home / "backup.json"
    target.write_text('{"old": true}')
    rng = random.Random("json")
    for _ in range(KILLS):
        killing.run(
            ["export", "json", str(target), "--force"],
            homes.env_for(home),
            kill_after=rng.uniform(0, 0.6),
        )
        json.loads(target.read_text())  # never torn
    done = killing.run(["export", "json", str(target), "--force"], homes.env_for(home))
    assert done.code == 0
    assert killing.leftovers(home) == []
