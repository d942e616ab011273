"""The library: settings + database, opened once per process, migrated and seeded on first use."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from paperdesk.config import Settings, load_settings
from paperdesk.readinglists import EntrySpec, ListSpec, load_list_file, seed_files
from paperdesk.storage.db import Database
from paperdesk.storage.keying import holder
from paperdesk.storage.models import Claim, ListEntry, Meta, Paper, ReadingList
from paperdesk.storage.repository import find_existing


class Library:
    """Entry point of the library layer; the CLI and the TUI each hold one."""

    def __init__(self, settings: Settings, db: Database) -> None:
        self.settings = settings
        self.db = db
        _name_member(settings, db)

    @classmethod
    def open(cls, settings: Settings | None = None, *, seed: bool | None = None) -> Library:
        settings = settings or load_settings()
        db = Database(settings.resolved_database_url)
        _name_member(settings, db)
        db.migrate()
        lib = cls(settings, db)
        lib.tidy()
        lib.keep_private()
        if settings.seed_lists if seed is None else seed:
            lib.ensure_seeded()
        return lib

    def tidy(self) -> None:
        """Remove what processes killed mid-write left: temporary files in the PDF and index
        folders, and the losing file of a PDF replacement (see services/pdfswap.py)."""
        from paperdesk import fsutil

        pdfs = self.settings.pdf_dir
        if any(pdfs.glob(".swap.*.journal")):
            from paperdesk.services.pdfswap import recover

            with self.session() as s:
                recover(s, self.settings)
        fsutil.sweep(pdfs, self.settings.index_dir, legacy=True)

    def keep_private(self) -> None:
        """A library made before paperdesk's files were private (a 0644 database, a 0755
        home) becomes so when the umask asks for it (``PAPERDESK_UMASK``, 077 by default in
        the CLI and the TUI): the home folder 0700 and the SQLite files 0600."""
        import os

        mask = os.umask(0o077)
        os.umask(mask)
        if mask & 0o077 != 0o077:
            return
        home = self.settings.home
        db = Path(self.settings.resolved_database_url.removeprefix("sqlite:///"))
        files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
        for path in (home, *(files if self.settings.is_sqlite else [])):
            try:
                mode = path.stat().st_mode & 0o777
                if mode & 0o077:
                    path.chmod(mode & 0o700)
            except OSError:
                continue  # not ours to change (another owner): leave it

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.db.session() as session:
            yield session

    def close(self) -> None:
        self.db.close()

    def ensure_seeded(self) -> list[str]:
        """Load every packaged list whose file changed since it was last loaded."""
        loaded: list[str] = []
        for path in seed_files():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            meta_key = f"seed:{path.name}"
            with self.session() as s:
                row = s.get(Meta, meta_key)
                if row is not None and row.value == digest:
                    continue
                spec = load_list_file(path)
                load_list(s, spec, source="seed")
                if row is None:
                    s.add(Meta(key=meta_key, value=digest))
                else:
                    row.value = digest
            loaded.append(spec.name)
        from paperdesk.listorder import apply_roadmap

        with self.session() as s:
            apply_roadmap(s)  # the lists' order in the roadmap (reading_lists/_roadmap.yaml)
        return loaded


def _name_member(settings: Settings, db: Database) -> None:
    """Every session of ``db`` acts as the configured member (see :mod:`paperdesk.members`)."""
    from paperdesk.members import NAME_KEY, SOURCE_KEY, configured_name

    db.info[NAME_KEY], db.info[SOURCE_KEY] = configured_name(settings)


@dataclass
class LoadReport:
    name: str
    added_papers: int = 0
    added_entries: int = 0
    existing: int = 0


# Bibliographic fields a list entry may fill on a paper that lacks them.
_FILLED = ("authors", "year", "venue", "doi")


def _fill_missing(paper: Paper, entry: EntrySpec, source: str) -> None:
    """Give ``paper`` the list's authors, year, venue and DOI where it has none: a library
    seeded before the lists carried them gets them, and nothing a user or a fetch set is
    overwritten. Each field filled is recorded in ``metadata_sources``."""
    sources = dict(paper.metadata_sources or {})
    for name in _FILLED:
        value = list(entry.authors) if name == "authors" else getattr(entry, name)
        if value and not getattr(paper, name):
            setattr(paper, name, value)
            sources[name] = source
    if sources != (paper.metadata_sources or {}):
        paper.metadata_sources = sources


def paper_from_entry(
    session: Session, entry: EntrySpec, *, source: str = "user"
) -> tuple[Paper, bool]:
    """The library's paper for a list entry, created if new (its key is made at flush by
    :mod:`paperdesk.storage.keying`, unless the entry names one). An existing paper only gets
    the fields it is missing; a user's data is never overwritten."""
    existing = find_existing(
        session,
        arxiv=entry.arxiv.base if entry.arxiv else None,
        doi=entry.doi,
        key=entry.key,
        title=entry.title,
        year=entry.year,
        authors=entry.authors,
    )
    if existing is not None:
        _fill_missing(existing, entry, source)
        return existing, False
    given = {
        "title": entry.title,
        "authors": list(entry.authors),
        "year": entry.year,
        "venue": entry.venue,
        "doi": entry.doi,
    }
    paper = Paper(
        key=entry.key if entry.key and holder(session, entry.key) is None else None,
        arxiv_id=entry.arxiv.base if entry.arxiv else None,
        title=entry.title or (f"arXiv:{entry.arxiv.base}" if entry.arxiv else ""),
        authors=list(entry.authors),
        year=entry.year,
        venue=entry.venue,
        doi=entry.doi,
        url=entry.url
        or (f"https://arxiv.org/abs/{entry.arxiv.base}" if entry.arxiv else None)
        or (f"https://doi.org/{entry.doi}" if entry.doi else None),
        pdf_url=entry.pdf_url,
        metadata_sources={name: source for name, value in given.items() if value},
    )
    session.add(paper)
    session.flush()
    return paper, True


def load_list(session: Session, spec: ListSpec, *, source: str = "user") -> LoadReport:
    """Add or refresh a list: new papers and entries are added, nothing is added twice, and the
    user's states, notes and other lists are never touched."""
    report = LoadReport(spec.name)
    rl = session.scalar(select(ReadingList).where(ReadingList.name == spec.name))
    if rl is None:
        rl = ReadingList(
            name=spec.name,
            title=spec.title,
            description=spec.description,
            source=source,
            source_path=str(spec.path),
        )
        session.add(rl)
        session.flush()
    else:
        rl.title, rl.description = spec.title, spec.description
    current = {
        e.paper_id: e for e in session.scalars(select(ListEntry).where(ListEntry.list_id == rl.id))
    }
    for position, entry in enumerate(spec.entries, start=1):
        paper, created = paper_from_entry(session, entry, source=source)
        report.added_papers += created
        if paper.id in current:
            row = current[paper.id]
            row.stage, row.position, row.why = entry.stage, position, entry.why
            report.existing += 1
        else:
            session.add(
                ListEntry(
                    list_id=rl.id,
                    paper_id=paper.id,
                    stage=entry.stage,
                    position=position,
                    why=entry.why,
                )
            )
            current[paper.id] = ListEntry()  # guard against a repeated paper in one file
            report.added_entries += 1
        seed_claims(session, paper, entry)
    from paperdesk.search.store import FINGERPRINT_KEY

    # a paper's abstract passage says what its lists say until its abstract is known
    if (stamp := session.get(Meta, FINGERPRINT_KEY)) is not None:
        session.delete(stamp)
    return report


def seed_claims(session: Session, paper: Paper, entry: EntrySpec) -> None:
    """Add the list's claims for ``paper`` that it does not have yet (matched by label)."""
    if not entry.claims:
        return
    have = set(session.scalars(select(Claim.label).where(Claim.paper_id == paper.id)))
    for c in entry.claims:
        label = c.label or re.sub(
            r"[^a-z0-9]+", "-", f"{c.metric} {c.setting or ''}".lower()
        ).strip("-")
        if label in have:
            continue
        session.add(
            Claim(
                paper_id=paper.id,
                label=label,
                metric=c.metric,
                setting=c.setting,
                value=c.value,
                unit=c.unit,
                higher_is_better=c.higher_is_better,
                source=c.source,
                tolerance=c.tolerance,
                seeded=True,
            )
        )
        have.add(label)


def import_list_file(lib: Library, path: str | Path) -> LoadReport:
    spec = load_list_file(path)
    with lib.session() as s:
        return load_list(s, spec, source="user")
