"""Members (paperdesk.members): who "me" is, and that reading state, history, notes, tags,
plans and reading time are each member's own, on real SQLite and PostgreSQL libraries shared
by two members (each a Library opened with its own name, as two processes would)."""

from __future__ import annotations

import dataclasses
import itertools
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from paperdesk.config import Settings, load_settings
from paperdesk.errors import ConfigError, NotFoundError
from paperdesk.library import Library
from paperdesk.members import (
    configured_name,
    current_member,
    find_member,
    list_members,
    member_id_for_read,
    readers,
    reading_state,
)
from paperdesk.services import notes, papers, plans, reading_time
from paperdesk.services.listing import PaperFilter, PaperRow, list_papers, list_summaries
from paperdesk.storage.db import Database
from paperdesk.storage.fastread import SessionReader, open_fast
from paperdesk.storage.models import Member, StateChange
from paperdesk.storage.repository import find_paper
from paperdesk.tracking import set_state

ATTENTION = "1706.03762"
BERT = "1810.04805"


@pytest.fixture
def team(any_lib: Library, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Library]]:
    """``team("bo")``: the same library as seen by member bo (another Library, own engine)."""
    monkeypatch.delenv("PAPERDESK_USER", raising=False)
    opened: list[Library] = []

    def open_as(name: str) -> Library:
        settings = dataclasses.replace(any_lib.settings, user=name)
        opened.append(Library(settings, Database(settings.resolved_database_url)))
        return opened[-1]

    yield open_as
    for lib in opened:
        lib.close()


def _members(lib: Library) -> list[str]:
    with lib.session() as s:
        return list(s.scalars(select(Member.name).order_by(Member.name)))


def _row(lib: Library, flt: PaperFilter, arxiv_id: str) -> PaperRow:
    rows = list_papers(SessionReader(lib), flt)
    return next(r for r in rows if r.arxiv_id == arxiv_id)


def test_the_name_comes_from_the_env_then_the_config_then_the_os(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERDESK_USER", "  ana ")
    assert configured_name(settings) == ("ana", "PAPERDESK_USER")
    monkeypatch.delenv("PAPERDESK_USER")
    assert configured_name(dataclasses.replace(settings, user="bo")) == ("bo", "config")
    monkeypatch.setenv("USER", "carla")
    monkeypatch.setenv("LOGNAME", "carla")
    assert configured_name(settings) == ("carla", "os")


@pytest.mark.parametrize("bad", ["a/b", "tab\there", "x" * 101, "esc\x1b[2J"])
def test_a_bad_name_is_one_clear_error_naming_where_it_came_from(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    monkeypatch.delenv("PAPERDESK_USER", raising=False)
    with pytest.raises(ConfigError, match="user: a member name"):
        configured_name(dataclasses.replace(settings, user=bad))


def test_reading_creates_no_member_and_the_first_write_does(
    team: Callable[[str], Library],
) -> None:
    ana = team("ana")
    assert _members(ana) == []  # a fresh library: nothing to move, no member
    assert _row(ana, PaperFilter(), ATTENTION).reading == "unread"
    papers.paper_detail(ana, ATTENTION)
    notes.get_note(ana, ATTENTION)
    assert _members(ana) == []
    papers.mark(ana, ATTENTION, "reading")
    assert _members(ana) == ["ana"]


def test_one_member_marks_read_the_other_still_sees_it_unread(
    team: Callable[[str], Library],
) -> None:
    ana, bo = team("ana"), team("bo")
    papers.mark(ana, ATTENTION, "queued")
    papers.mark(ana, ATTENTION, "read")
    papers.mark(bo, BERT, "reading")
    assert _row(ana, PaperFilter(), ATTENTION).reading == "read"
    assert _row(bo, PaperFilter(), ATTENTION).reading == "unread"
    assert _row(ana, PaperFilter(), BERT).reading == "unread"
    assert [r.arxiv_id for r in list_papers(SessionReader(bo), PaperFilter(reading="read"))] == []
    assert papers.paper_detail(bo, ATTENTION).reading == "unread"
    assert papers.paper_detail(bo, ATTENTION).history == []
    history = papers.paper_detail(ana, ATTENTION).history
    assert [(h.old, h.new) for h in history] == [("unread", "queued"), ("queued", "read")]
    core = next(x for x in list_summaries(SessionReader(ana)) if x.name == "transformers-core")
    assert core.read == 1
    core = next(x for x in list_summaries(SessionReader(bo)) if x.name == "transformers-core")
    assert (core.read, core.reading) == (0, 1)
    # ana's papers as bo reads them (papers --reader ana)
    with bo.session() as s:
        theirs = find_member(s, "ana").id
    rows = list_papers(SessionReader(bo), PaperFilter(reading="read"), member=theirs)
    assert [r.arxiv_id for r in rows] == [ATTENTION]


def test_others_are_listed_as_readers_and_members(team: Callable[[str], Library]) -> None:
    ana, bo = team("ana"), team("bo")
    papers.mark(ana, ATTENTION, "reading")
    papers.mark(bo, ATTENTION, "read")
    papers.mark(bo, BERT, "read")
    with bo.session() as s:
        pid = find_paper(s, ATTENTION).id
        assert [(r.name, r.state) for r in readers(s, pid)] == [("ana", "reading")]
        assert reading_state(s, pid) == "read"
        summary = {m.name: (m.n_read, m.n_reading) for m in list_members(s)}
        assert summary == {"ana": (0, 1), "bo": (2, 0)}
        assert all(m.last_active is not None for m in list_members(s))
        with pytest.raises(NotFoundError, match="no member 'anna' \\(did you mean 'ana'"):
            find_member(s, "anna")
        ana_id = find_member(s, "ana").id
    # the read path of ``papers --reader`` finds them the same way, without the ORM
    reader = SessionReader(bo)
    assert reader.member_named(" ana ") == ana_id
    with pytest.raises(
        NotFoundError, match=r"no member 'anna' \(did you mean 'ana'.*members: ana, bo"
    ):
        reader.member_named("anna")


def test_notes_tags_plans_and_reading_time_are_each_members_own(
    team: Callable[[str], Library],
) -> None:
    ana, bo = team("ana"), team("bo")
    notes.save_note(ana, ATTENTION, "ana's reading of attention")
    papers.set_tags(ana, ATTENTION, ["attention"], [])
    plans.set_plan(ana, "transformers-core", 3)
    start = datetime(2026, 12, 1, 9)
    reading_time.record(
        ana,
        reading_time.Period(
            papers.paper_detail(ana, ATTENTION).id,
            "reader",
            start,
            start + timedelta(minutes=30),
        ),
    )
    assert notes.get_note(bo, ATTENTION).body == ""
    assert papers.paper_detail(bo, ATTENTION).tags == []
    assert _row(bo, PaperFilter(), ATTENTION).tags == []
    assert list_papers(SessionReader(bo), PaperFilter(tag="attention")) == []
    assert plans.plan_status(SessionReader(bo)).plans == []
    assert not plans.clear_plan(bo, "transformers-core")
    # bo's own note and tag are another row: ana's stay as they were
    notes.append_note(bo, ATTENTION, "bo's take")
    papers.set_tags(bo, ATTENTION, ["classic"], [])
    assert notes.get_note(ana, ATTENTION).body == "ana's reading of attention"
    assert notes.get_note(bo, ATTENTION).body == "bo's take\n"
    assert papers.paper_detail(ana, ATTENTION).tags == ["attention"]
    assert _row(bo, PaperFilter(tag="classic"), ATTENTION).tags == ["classic"]
    with pytest.raises(NotFoundError):
        papers.set_tags(bo, ATTENTION, [], ["attention"])  # not bo's tag to remove
    assert [p.list_name for p in plans.plan_status(SessionReader(ana)).plans] == [
        "transformers-core"
    ]


def test_a_lone_member_is_me_when_the_name_comes_from_the_os(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library copied to another machine keeps its owner's states; a name set explicitly
    is another member."""
    monkeypatch.setenv("PAPERDESK_USER", "ana")
    ana = Library(lib.settings, Database(lib.settings.resolved_database_url))
    papers.mark(ana, ATTENTION, "read")
    ana.close()
    monkeypatch.delenv("PAPERDESK_USER")
    monkeypatch.setenv("USER", "someone-else")
    monkeypatch.setenv("LOGNAME", "someone-else")
    elsewhere = Library(lib.settings, Database(lib.settings.resolved_database_url))
    assert _row(elsewhere, PaperFilter(), ATTENTION).reading == "read"
    fast = open_fast(lib.settings)
    assert fast is not None
    assert _fast_state(fast) == "read"
    papers.mark(elsewhere, BERT, "reading")
    assert _members(elsewhere) == ["ana"]
    elsewhere.close()
    monkeypatch.setenv("PAPERDESK_USER", "bo")
    bo = Library(lib.settings, Database(lib.settings.resolved_database_url))
    assert _row(bo, PaperFilter(), ATTENTION).reading == "unread"
    with bo.session() as s:
        assert current_member(s) is None and member_id_for_read(s) == -1
    bo.close()


def _fast_state(reader: object) -> object:
    rows = list_papers(reader, PaperFilter())  # type: ignore[arg-type]
    return next(r for r in rows if r.arxiv_id == ATTENTION).reading


STATES = ("queued", "reading", "read", "skimmed")


def _chain(lib: Library, member: str, arxiv_id: str) -> list[tuple[str | None, str]]:
    with lib.session() as s:
        pid = find_paper(s, arxiv_id).id
        mid = find_member(s, member).id
        rows = s.execute(
            select(StateChange.old_state, StateChange.new_state)
            .where(
                StateChange.paper_id == pid,
                StateChange.track == "reading",
                StateChange.member_id == mid,
            )
            .order_by(StateChange.at, StateChange.id)
        ).all()
    return [(a, b) for a, b in rows]


def test_concurrent_marks_keep_each_members_history_chain(
    team: Callable[[str], Library],
) -> None:
    """Two writers for ana and one for bo on the same paper at once: ana's chain is unbroken
    (each change starts where the previous ended), bo's too, and nothing failed."""
    libs = {"ana-1": team("ana"), "ana-2": team("ana"), "bo": team("bo")}
    papers.mark(libs["ana-1"], ATTENTION, "queued")  # the member rows exist before the race
    papers.mark(libs["bo"], ATTENTION, "queued")
    errors: list[BaseException] = []

    def writer(name: str, offset: int) -> None:
        try:
            for i in range(24):
                state = STATES[(i + offset) % len(STATES)]
                libs[name].db.run(
                    lambda s, st=state: set_state(s, find_paper(s, ATTENTION), "reading", st)
                )
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n, k)) for k, n in enumerate(libs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for member in ("ana", "bo"):
        chain = _chain(libs["bo"], member, ATTENTION)
        assert chain[0] == ("unread", "queued")
        assert all(prev[1] == nxt[0] for prev, nxt in itertools.pairwise(chain))
        with libs["bo"].session() as s:
            pid = find_paper(s, ATTENTION).id
            s.info.update(member_name=member, member_id=None)
            assert reading_state(s, pid) == chain[-1][1]
    with libs["bo"].session() as s:
        assert s.scalar(select(func.count(Member.id))) == 2


def test_the_config_files_user_reaches_every_session(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``user`` in the config file names the member of the CLI's Library.open."""
    monkeypatch.delenv("PAPERDESK_USER", raising=False)
    lib = Library.open(dataclasses.replace(settings, user="dana"), seed=False)
    with lib.session() as s:
        assert s.info["member_name"] == "dana" and s.info["member_source"] == "config"
    lib.close()


def test_a_no_op_mark_makes_nobody_a_member(team: Callable[[str], Library]) -> None:
    newbie = team("newbie")
    assert papers.mark(newbie, ATTENTION, "unread")[2] is None
    with newbie.session() as s:
        assert set_state(s, find_paper(s, ATTENTION), "replication", "none") is None
    assert _members(newbie) == []


def test_a_name_typed_nfd_is_the_same_member(
    team: Callable[[str], Library], monkeypatch: pytest.MonkeyPatch
) -> None:
    papers.mark(team("Ana Mari\u0301a"), ATTENTION, "read")  # NFD, as macOS types it
    papers.mark(team("Ana Mar\u00eda"), BERT, "read")  # NFC
    ana = team("Ana María")
    assert _members(ana) == ["Ana María"]
    with ana.session() as s:
        assert find_member(s, "Ana Mari\u0301a").name == "Ana María"


def test_the_config_files_user_must_be_text(settings: Settings) -> None:
    settings.home.mkdir(parents=True, exist_ok=True)
    for bad in ('["x"]', "5"):
        (settings.home / "config.toml").write_text(f"user = {bad}\n")
        with pytest.raises(ConfigError, match=r"config.toml: user must be text"):
            load_settings()
