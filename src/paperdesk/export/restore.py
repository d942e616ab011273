"""Restoring a backup (see :mod:`paperdesk.export.backup`) into a library.

Empty library: a library counts as empty when it holds nothing a user made — at most the
seeded reading lists with their papers and seeded claims, every paper unread and without a
replication, and no notes, tags, history, attempts, user lists or papers of their own. A fresh
install (which seeds the lists) is therefore empty. Restoring into it first removes the seeded
rows and their seed markers, so that the library becomes exactly the backup (the backup carries
its own seed markers; a list it lacks is seeded again on the next start, as for a new install).

Merge (``merge=True``): papers are matched by key, arXiv id, DOI, then title + year; what the
library lacks is added (fields that are empty, tags, history, claims, attempts, runs, log
entries, citations, list entries) and nothing it has is overwritten or dropped. Two different
notes are both kept, the library's first.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from paperdesk.errors import ExportError
from paperdesk.export.backup_format import (
    ATTEMPT_FIELDS,
    CLAIM_FIELDS,
    LIST_FIELDS,
    PAPER_FIELDS,
    PAPER_TIMES,
    SEED_META_PREFIX,
    BackupReport,
)
from paperdesk.export.backup_keys import check_aliases, upgrade_keys
from paperdesk.export.restore_checks import check_values
from paperdesk.export.restore_plans import check_plans, restore_plans
from paperdesk.export.restore_reading import check_reading_time, restore_reading_time
from paperdesk.storage.keying import holder
from paperdesk.storage.models import (
    Cite,
    Claim,
    KeyAlias,
    ListEntry,
    Meta,
    Note,
    Paper,
    PaperTag,
    ReadingList,
    ReadingPeriod,
    ReproAttempt,
    ReproLog,
    Run,
    RunResult,
    StateChange,
    StudyPlan,
    Tag,
    utcnow_precise,
)

MERGE_MARK = "<!-- paperdesk: the text below comes from a merged backup -->"
_TIME_KEYS = PAPER_TIMES | {"created_at", "at", "ran_at"}


def _fail(where: str, path: str, what: str) -> ExportError:
    return ExportError(f"{where}: {path}: {what}")


def _check_times(obj: dict[str, Any], where: str, path: str) -> None:
    for name in _TIME_KEYS & obj.keys():
        value = obj[name]
        if value is None:
            continue
        try:
            datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise _fail(where, f"{path}.{name}", f"not a date: {value!r}") from None


def _dicts(value: Any, where: str, path: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
        raise _fail(where, path, "expected a list of objects")
    return value


def validate(data: dict[str, Any], where: str) -> None:
    """Check the shape a restore relies on, so that it fails before writing anything."""
    papers = _dicts(data.get("papers", []), where, "papers")
    all_keys = {p.get("key") for p in papers if isinstance(p.get("key"), str)}
    keys: set[str] = set()
    for i, p in enumerate(papers):
        path = f"papers[{i}]"
        if not isinstance(p.get("key"), str) or not p["key"]:
            raise _fail(where, path, 'no "key"')
        if not isinstance(p.get("title"), str):
            raise _fail(where, f"{path} ({p['key']})", 'no "title"')
        if p["key"] in keys:
            raise _fail(where, f"{path} ({p['key']})", "the key appears twice")
        keys.add(p["key"])
        path = f"{path} ({p['key']})"
        _check_times(p, where, path)
        if p.get("note") is not None:
            if not isinstance(p["note"], dict) or not isinstance(p["note"].get("body"), str):
                raise _fail(where, f"{path}.note", 'expected {"body": text, ...}')
            _check_times({"at": p["note"].get("updated_at")}, where, f"{path}.note")
        for j, h in enumerate(_dicts(p.get("history", []), where, f"{path}.history")):
            if not h.get("track") or not h.get("to"):
                raise _fail(where, f"{path}.history[{j}]", 'needs "track" and "to"')
            _check_times(h, where, f"{path}.history[{j}]")
        for j, c in enumerate(_dicts(p.get("claims", []), where, f"{path}.claims")):
            if not c.get("label") or not c.get("metric") or c.get("value") is None:
                raise _fail(where, f"{path}.claims[{j}]", 'needs "label", "metric", "value"')
            _check_times(c, where, f"{path}.claims[{j}]")
        for j, a in enumerate(_dicts(p.get("attempts", []), where, f"{path}.attempts")):
            apath = f"{path}.attempts[{j}]"
            _check_times(a, where, apath)
            for k, r in enumerate(_dicts(a.get("runs", []), where, f"{apath}.runs")):
                _check_times(r, where, f"{apath}.runs[{k}]")
                if not isinstance(r.get("results", {}), dict):
                    raise _fail(where, f"{apath}.runs[{k}].results", "expected {label: value}")
            for k, entry in enumerate(_dicts(a.get("log", []), where, f"{apath}.log")):
                _check_times(entry, where, f"{apath}.log[{k}]")
        cites = p.get("cites", [])
        if not isinstance(cites, list) or not all(isinstance(c, str) for c in cites):
            raise _fail(where, f"{path}.cites", "expected a list of paper keys")
        for cited in cites:
            if cited not in all_keys:
                raise _fail(where, f"{path}.cites", f"unknown paper {cited!r}")
        methods = p.get("cite_methods", {})
        if not isinstance(methods, dict) or not all(
            k in cites and isinstance(m, str) for k, m in methods.items()
        ):
            raise _fail(where, f"{path}.cite_methods", "expected {cited paper key: method}")
    for i, rl in enumerate(_dicts(data.get("lists", []), where, "lists")):
        if not isinstance(rl.get("name"), str) or not rl["name"]:
            raise _fail(where, f"lists[{i}]", 'no "name"')
        _check_times(rl, where, f"lists[{i}] ({rl['name']})")
        for j, e in enumerate(_dicts(rl.get("entries", []), where, f"lists[{i}].entries")):
            if e.get("paper") not in keys:
                raise _fail(
                    where,
                    f"lists[{i}] ({rl['name']}).entries[{j}]",
                    f"unknown paper {e.get('paper')!r}",
                )
    check_aliases(data, where)
    check_plans(data, where)
    check_reading_time(data, where)
    check_values(data, where)  # every value against its column (restore_checks)


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


def user_data(s: Session) -> list[str]:
    """What makes the library non-empty (see the module docstring); [] when it is empty."""
    seeded_papers = (
        select(ListEntry.paper_id)
        .join(ReadingList, ReadingList.id == ListEntry.list_id)
        .where(ReadingList.source == "seed")
    )
    checks = [
        (
            "papers of your own",
            select(func.count()).select_from(Paper).where(Paper.id.not_in(seeded_papers)),
        ),
        (
            "lists of your own",
            select(func.count()).select_from(ReadingList).where(ReadingList.source != "seed"),
        ),
        ("notes", select(func.count()).select_from(Note)),
        ("tagged papers", select(func.count(func.distinct(PaperTag.paper_id)))),
        ("state changes", select(func.count()).select_from(StateChange)),
        (
            "papers with a state",
            select(func.count())
            .select_from(Paper)
            .where((Paper.reading_state != "unread") | (Paper.replication_state != "none")),
        ),
        ("replication attempts", select(func.count()).select_from(ReproAttempt)),
        ("study plans", select(func.count()).select_from(StudyPlan)),
        ("reading time periods", select(func.count()).select_from(ReadingPeriod)),
        (
            "claims of your own",
            select(func.count()).select_from(Claim).where(Claim.seeded.is_(False)),
        ),
    ]
    out = []
    for label, stmt in checks:
        if n := s.scalar(stmt):
            out.append(f"{label}: {n}")
    return out


def clear_seeded(s: Session) -> None:
    """Remove the seeded lists and papers of an empty library (and their seed markers)."""
    s.execute(delete(ListEntry))
    s.execute(delete(ReadingList))
    s.execute(delete(Cite))
    s.execute(delete(Claim))
    s.execute(delete(Paper))
    s.execute(delete(Meta).where(Meta.key.startswith(SEED_META_PREFIX)))
    s.flush()
    s.expunge_all()


class _Restorer:
    def __init__(self, s: Session, merge: bool, report: BackupReport) -> None:
        self.s, self.merge, self.report = s, merge, report
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
            elif name == "reading_state" and current == "unread":
                found.reading_state = value
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

    def note(self, paper: Paper, n: dict[str, Any]) -> None:
        current = (
            None
            if id(paper) in self.created
            else self.s.scalar(select(Note).where(Note.paper_id == paper.id))
        )
        if current is None or not current.body.strip():
            if current is None:
                current = Note(paper_id=paper.id)
                self.s.add(current)
            current.body = n["body"]
            current.revision = n.get("revision") or 0
            current.updated_at = _time(n.get("updated_at")) or utcnow_precise()
        elif n["body"].strip() and n["body"] not in current.body:
            current.body = current.body.rstrip("\n") + "\n\n" + MERGE_MARK + "\n" + n["body"]
            current.revision += 1
            current.updated_at = utcnow_precise()
            self.report.notes_kept_both.append(paper.key)

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
                claims[c["label"]] = Claim(paper_id=paper.id, **_values(c, CLAIM_FIELDS))
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
                same = ReproAttempt(paper_id=paper.id, **values)
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
                values = _values(r, ("ran_at", "command", "commit", "notes"))
                if (values.get("ran_at"), values.get("command")) in have_runs:
                    continue
                run = Run(attempt_id=same.id, **values)
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
                values = _values(entry, ("at", "text"))
                if (values.get("at"), values.get("text")) not in have_log:
                    s.add(ReproLog(attempt_id=same.id, **values))
        return numbers

    def history(self, paper: Paper, p: dict[str, Any], attempts: dict[int, int]) -> None:
        if not p.get("history"):
            return
        have = (
            set()
            if id(paper) in self.created
            else {
                (h.track, h.old_state, h.new_state, h.at)
                for h in self.s.scalars(select(StateChange).where(StateChange.paper_id == paper.id))
            }
        )
        for h in p.get("history", []):
            at = _time(h.get("at"))
            if (h["track"], h.get("from"), h["to"], at) in have:
                continue
            self.s.add(
                StateChange(
                    paper_id=paper.id,
                    track=h["track"],
                    old_state=h.get("from"),
                    new_state=h["to"],
                    at=at or utcnow_precise(),
                    attempt_id=attempts.get(h.get("attempt")),
                )
            )

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
    data = upgrade_keys(data)
    if pdf_dir is not None:
        _drop_absent_pdfs(data, pdf_dir, report)
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
        s.execute(delete(Meta).where(Meta.key.startswith(SEED_META_PREFIX)))
        for name, digest in sorted((data.get("seeds") or {}).items()):
            s.add(Meta(key=SEED_META_PREFIX + name, value=digest))
    r = _Restorer(s, merge, report)
    for p in data.get("papers", []):
        r.papers[p["key"]] = r.paper(p)
    s.flush()
    for p in data.get("papers", []):
        for alias in p.get("aliases", []):
            if holder(s, alias) is None:
                s.add(KeyAlias(alias=alias, paper_id=r.papers[p["key"]].id))
    for name in data.get("tags", []):
        r.tag(name)
    links = {(x.paper_id, x.tag_id) for x in s.scalars(select(PaperTag))}
    cites = {(c.citing_id, c.cited_id): c for c in s.scalars(select(Cite))}
    for p in data.get("papers", []):
        paper = r.papers[p["key"]]
        for name in p.get("tags", []):
            link = (paper.id, r.tag(name).id)
            if link not in links:
                links.add(link)
                s.add(PaperTag(paper_id=link[0], tag_id=link[1]))
        if p.get("note") is not None:
            r.note(paper, p["note"])
        r.history(paper, p, r.replication(paper, p))
        restore_reading_time(s, paper, p, fresh=id(paper) in r.created)
        methods = p.get("cite_methods", {})
        for cited in p.get("cites", []):
            pair = (paper.id, r.papers[cited].id)
            if pair in cites:
                cites[pair].method = cites[pair].method or methods.get(cited)
            elif pair[0] != pair[1]:
                cites[pair] = Cite(citing_id=pair[0], cited_id=pair[1], method=methods.get(cited))
                s.add(cites[pair])
    r.lists(data.get("lists", []))
    restore_plans(s, data, merge=merge)
    s.flush()


def _drop_absent_pdfs(data: dict[str, Any], pdf_dir: Path, report: BackupReport) -> None:
    """Forget the PDF of each paper whose file is not in ``pdf_dir`` (nor at its absolute
    path), so that the library never claims a PDF it does not have."""
    for p in data.get("papers", []):
        stored = p.get("pdf_path")
        if not stored:
            continue
        path = Path(stored)
        if not (path if path.is_absolute() else pdf_dir / path).is_file():
            for name in ("pdf_path", "pdf_sha256", "pdf_version"):
                p.pop(name, None)
            report.pdfs_not_here.append(p["key"])
