"""Restoring a backup (see :mod:`paperdesk.export.backup`) into a library.

Empty library (:mod:`.restore_empty`): one that holds nothing a user made, such as a fresh
install. Restoring into it first removes the seeded rows and their seed markers, so that the
library becomes exactly the backup (the backup carries its own seed markers; a list it lacks is
seeded again on the next start, as for a new install).

Merge (``merge=True``): papers are matched by key, arXiv id, DOI, then title + year; what the
library lacks is added (fields that are empty, tags, history, claims, attempts, runs, log
entries, citations, list entries) and nothing it has is overwritten or dropped. Two different
notes of one member are both kept, the library's first. Dismissed suggestions and feed entries
(:mod:`.restore_dismissals`) are the union of both sides.

Members (:mod:`.restore_members`): each personal row goes to the member of its name, created
when new; a backup from before members is the importing member's. An exact restore makes the
library's members the backup's (an empty library's members have nothing to lose).

One transaction: the caller's session. Nothing is committed before the whole backup is in, so a
failure or a kill part-way leaves the library as it was; a database error names the part of the
backup (the papers in batches of 200).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from paperdesk.errors import ExportError
from paperdesk.export.backup_format import (
    ATTEMPT_FIELDS,
    CLAIM_FIELDS,
    LIST_FIELDS,
    LOG_FIELDS,
    PAPER_FIELDS,
    RUN_FIELDS,
    SEED_META_PREFIX,
    BackupReport,
)
from paperdesk.export.backup_keys import upgrade_keys
from paperdesk.export.backup_upgrade import upgrade_v1
from paperdesk.export.restore_checks import TIME_KEYS as _TIME_KEYS
from paperdesk.export.restore_dismissals import restore_dismissals
from paperdesk.export.restore_empty import clear_seeded, user_data
from paperdesk.export.restore_members import (
    Members,
    my_name,
    restore_history,
    restore_personal,
)
from paperdesk.export.restore_plans import restore_plans
from paperdesk.export.restore_reading import restore_reading_time
from paperdesk.members import ID_KEY
from paperdesk.storage.keying import holder
from paperdesk.storage.models import (
    Cite,
    Claim,
    KeyAlias,
    ListEntry,
    Member,
    Meta,
    Paper,
    PaperTag,
    ReadingList,
    ReproAttempt,
    ReproLog,
    Run,
    RunResult,
    Tag,
)


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _values(obj: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    out = {}
    for name in names:
        if name not in obj:
            continue
        value = obj[name]
        out[name] = _time(value) if name in _TIME_KEYS else value
    return out


class _Restorer:
    def __init__(self, s: Session, merge: bool, report: BackupReport, members: Members) -> None:
        self.s, self.merge, self.report, self.members = s, merge, report, members
        self.papers: dict[str, Paper] = {}  # backup key -> library paper
        self.created: set[int] = set()  # id() of papers this restore created: nothing to merge
        self.tags: dict[str, Tag] = {t.name: t for t in s.scalars(select(Tag))}
        self.by: dict[str, dict[Any, Paper]] = {"key": {}, "arxiv": {}, "doi": {}}
        self.by_title: dict[tuple[str, int], list[Paper]] = {}
        if merge:
            for x in s.scalars(select(Paper).order_by(Paper.id)):
                self.by["key"][x.key] = x
                if x.arxiv_id:
                    self.by["arxiv"][x.arxiv_id] = x
                if x.doi:
                    self.by["doi"].setdefault(x.doi.lower(), x)
                if x.year:
                    self.by_title.setdefault((x.title.strip().lower(), x.year), []).append(x)

    def match(self, p: dict[str, Any]) -> Paper | None:
        """The paper of the library that is the same work (see the module docstring)."""
        found = (
            self.by["key"].get(p["key"])
            or holder(self.s, p["key"])
            or (self.by["arxiv"].get(p["arxiv_id"]) if p.get("arxiv_id") else None)
            or (self.by["doi"].get(p["doi"].lower()) if p.get("doi") else None)
        )
        if found is None and p.get("year"):
            for x in self.by_title.get(((p.get("title") or "").strip().lower(), p["year"]), []):
                if not x.arxiv_id or not p.get("arxiv_id"):
                    return x
        return found

    def paper(self, p: dict[str, Any]) -> Paper:
        found = self.match(p) if self.merge else None
        if found is None:
            paper = Paper(**_values(p, PAPER_FIELDS))
            self.s.add(paper)
            self.created.add(id(paper))
            self.report.added_papers += 1
            return paper
        self.report.merged_papers += 1
        for name, value in _values(p, PAPER_FIELDS).items():
            current = getattr(found, name)
            if name in ("key", "added_at", "updated_at") or value in (None, "", []):
                continue
            if name == "title" and found.arxiv_id and current == f"arXiv:{found.arxiv_id}":
                found.title = value
            elif name == "replication_state" and current == "none":
                found.replication_state = value
            elif current in (None, "", []):
                setattr(found, name, value)
        return found

    def tag(self, name: str) -> Tag:
        if name not in self.tags:
            self.tags[name] = Tag(name=name)
            self.s.add(self.tags[name])
            self.s.flush()
        return self.tags[name]

    def replication(self, paper: Paper, p: dict[str, Any]) -> dict[int, int]:
        """Claims, attempts, runs, results and log; returns backup attempt number → attempt id."""
        s = self.s
        if not p.get("claims") and not p.get("attempts"):
            return {}
        fresh = id(paper) in self.created
        claims = (
            {}
            if fresh
            else {c.label: c for c in s.scalars(select(Claim).where(Claim.paper_id == paper.id))}
        )
        for c in p.get("claims", []):
            if c["label"] not in claims:
                claims[c["label"]] = Claim(
                    paper_id=paper.id,
                    created_by=self.members.id(c.get("created_by")),
                    **_values(c, CLAIM_FIELDS),
                )
                s.add(claims[c["label"]])
        s.flush()
        attempts = (
            []
            if fresh
            else list(s.scalars(select(ReproAttempt).where(ReproAttempt.paper_id == paper.id)))
        )
        numbers: dict[int, int] = {}
        for a in p.get("attempts", []):
            values = _values(a, ATTEMPT_FIELDS)
            same = next(
                (
                    x
                    for x in attempts
                    if x.number == values.get("number") and x.created_at == values.get("created_at")
                ),
                None,
            )
            if same is None:
                if any(x.number == values.get("number") for x in attempts):
                    values["number"] = max(x.number for x in attempts) + 1
                by = self.members.id(a.get("created_by"))
                same = ReproAttempt(paper_id=paper.id, created_by=by, **values)
                s.add(same)
                s.flush()
                attempts.append(same)
            numbers.setdefault(a.get("number", same.number), same.id)
            have_runs = (
                set()
                if fresh
                else {
                    (r.ran_at, r.command)
                    for r in s.scalars(select(Run).where(Run.attempt_id == same.id))
                }
            )
            for r in a.get("runs", []):
                values = _values(r, RUN_FIELDS)
                if (values.get("ran_at"), values.get("command")) in have_runs:
                    continue
                run = Run(
                    attempt_id=same.id, created_by=self.members.id(r.get("created_by")), **values
                )
                s.add(run)
                s.flush()
                for label, value in sorted((r.get("results") or {}).items()):
                    if label in claims:
                        s.add(RunResult(run_id=run.id, claim_id=claims[label].id, value=value))
            have_log = (
                set()
                if fresh
                else {
                    (x.at, x.text)
                    for x in s.scalars(select(ReproLog).where(ReproLog.attempt_id == same.id))
                }
            )
            for entry in a.get("log", []):
                values = _values(entry, LOG_FIELDS)
                if (values.get("at"), values.get("text")) not in have_log:
                    by = self.members.id(entry.get("created_by"))
                    s.add(ReproLog(attempt_id=same.id, created_by=by, **values))
        return numbers

    def lists(self, lists: list[dict[str, Any]]) -> None:
        s = self.s
        for rl_data in lists:
            rl = s.scalar(select(ReadingList).where(ReadingList.name == rl_data["name"]))
            if rl is None:
                rl = ReadingList(**_values(rl_data, LIST_FIELDS))
                s.add(rl)
                s.flush()
            listed = {
                e.paper_id: e.position
                for e in s.scalars(select(ListEntry).where(ListEntry.list_id == rl.id))
            }
            fresh = not listed
            last = max(listed.values(), default=0)
            for e in rl_data.get("entries", []):
                paper = self.papers[e["paper"]]
                if paper.id in listed:
                    continue
                last = e.get("position", last + 1) if fresh else last + 1
                listed[paper.id] = last
                s.add(
                    ListEntry(
                        list_id=rl.id,
                        paper_id=paper.id,
                        stage=e.get("stage"),
                        position=last,
                        why=e.get("why"),
                    )
                )


def restore(
    s: Session,
    data: dict[str, Any],
    *,
    merge: bool,
    report: BackupReport,
    where: str,
    pdf_dir: Path | None = None,
) -> None:
    """Write the backup ``data`` (already validated) into the library behind ``s``. A backup
    holds no PDF files: a paper keeps its stored PDF only when the file is in ``pdf_dir`` (a
    restore into the home it came from); otherwise it is restored without one."""
    data = upgrade_keys(upgrade_v1(data, my_name(s)) if data.get("version") == 1 else data)
    if pdf_dir is not None:
        data = _drop_absent_pdfs(data, pdf_dir, report)
    found = user_data(s)
    if found and not merge:
        raise ExportError(
            f"the library is not empty ({', '.join(found)}): restore {where} into an empty "
            "library (e.g. a new PAPERDESK_HOME), or merge it into this one (--merge)"
        )
    if not merge:
        if s.scalar(select(func.count()).select_from(Paper)) or s.scalar(
            select(func.count()).select_from(ReadingList)
        ):
            clear_seeded(s)
            report.cleared_seed = True
        s.execute(delete(Member))  # an empty library's members: nothing of theirs is lost
        s.execute(delete(Meta).where(Meta.key.startswith(SEED_META_PREFIX)))
        for name, digest in sorted((data.get("seeds") or {}).items()):
            s.add(Meta(key=SEED_META_PREFIX + name, value=digest))
        s.info.pop(ID_KEY, None)  # the cached id of "me" (paperdesk.members) may change here
    members = Members(s, data)
    for m in data.get("members") or []:
        members.id(m["name"])
    report.members = [m["name"] for m in data.get("members") or []]
    r = _Restorer(s, merge, report, members)
    with _part(where, "papers"):
        for p in data.get("papers", []):
            r.papers[p["key"]] = r.paper(p)
        s.flush()
    with _part(where, "aliases and tags"):
        for p in data.get("papers", []):
            for alias in p.get("aliases", []):
                if holder(s, alias) is None:
                    s.add(KeyAlias(alias=alias, paper_id=r.papers[p["key"]].id))
        for name in data.get("tags", []):
            r.tag(name)
        tagged = s.scalars(select(PaperTag))
        links: set[tuple[int, int, int | None]] = {
            (x.paper_id, x.tag_id, x.member_id) for x in tagged
        }
        cites = {(c.citing_id, c.cited_id): c for c in s.scalars(select(Cite))}
    papers = data.get("papers", [])
    for start in range(0, len(papers), BATCH):
        batch = papers[start : start + BATCH]
        first, last = batch[0]["key"], batch[-1]["key"]
        part = f"papers[{start}] ({first})"
        if len(batch) > 1:
            part = f"papers[{start}..{start + len(batch) - 1}] ({first} to {last})"
        with _part(where, part):
            for p in batch:
                _restore_rows(r, p, links, cites)
            s.flush()
    with _part(where, "lists"):
        r.lists(data.get("lists", []))
        s.flush()
    with _part(where, "plans"):
        restore_plans(s, data, members, merge=merge)
        s.flush()
    with _part(where, "dismissed suggestions and feed entries"):
        restore_dismissals(s, data)
        s.flush()
    report.authors_unknown = sorted(members.unknown)
    s.info.pop(ID_KEY, None)
    report.me = my_name(s)


BATCH = 200  # papers written per flush: a database error names the batch (one flush per paper
# would name the paper, at twice the time of a whole restore)


def _restore_rows(
    r: _Restorer,
    p: dict[str, Any],
    links: set[tuple[int, int, int | None]],
    cites: dict[tuple[int, int], Cite],
) -> None:
    """One paper's tags, states, notes, replication record, history, reading time and cites."""
    s, members = r.s, r.members
    paper = r.papers[p["key"]]
    fresh = id(paper) in r.created
    for t in p.get("tags", []):
        link = (paper.id, r.tag(t["tag"]).id, members.id(t["member"]))
        if link not in links:
            links.add(link)
            s.add(PaperTag(paper_id=link[0], tag_id=link[1], member_id=link[2]))
    restore_personal(s, paper, p, members, fresh=fresh, notes_kept_both=r.report.notes_kept_both)
    restore_history(s, paper, p, members, r.replication(paper, p), fresh=fresh)
    restore_reading_time(s, paper, p, members, fresh=fresh)
    methods = p.get("cite_methods", {})
    for cited in p.get("cites", []):
        pair = (paper.id, r.papers[cited].id)
        if pair in cites:
            cites[pair].method = cites[pair].method or methods.get(cited)
        elif pair[0] != pair[1]:
            cites[pair] = Cite(citing_id=pair[0], cited_id=pair[1], method=methods.get(cited))
            s.add(cites[pair])


@contextmanager
def _part(where: str, part: str) -> Iterator[None]:
    """A database error while restoring ``part`` (one the checks at the door did not foresee)
    names it; the whole restore is then rolled back. A lost race to another writer is raised
    as it is, so that the restore is run again from the start."""
    from paperdesk.storage.db import retryable

    try:
        yield
    except SQLAlchemyError as exc:
        if retryable(exc):
            raise
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise ExportError(
            f"{where}: {part}: cannot be restored ({reason}); nothing was restored"
        ) from exc


def _drop_absent_pdfs(data: dict[str, Any], pdf_dir: Path, report: BackupReport) -> dict[str, Any]:
    """``data`` without the PDF of each paper whose file is not in ``pdf_dir`` (nor at its
    absolute path), so that the library never claims a PDF it does not have."""
    papers = []
    for p in data.get("papers", []):
        stored = p.get("pdf_path")
        path = Path(stored) if stored else None
        if path is not None and not (path if path.is_absolute() else pdf_dir / path).is_file():
            p = {k: v for k, v in p.items() if k not in ("pdf_path", "pdf_sha256", "pdf_version")}
            report.pdfs_not_here.append(p["key"])
        papers.append(p)
    return {**data, "papers": papers}
