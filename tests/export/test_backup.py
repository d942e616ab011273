"""The JSON backup: lossless round trip, the empty-library rule, merge, and clean errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from paperdesk.errors import ExportError
from paperdesk.export.backup import (
    FORMAT,
    REBUILD_HINT,
    dump,
    export_json,
    import_json,
    my_view,
    to_json,
)
from paperdesk.library import Library
from paperdesk.members import configured_name, ensure_member
from paperdesk.services.notes import save_note
from paperdesk.services.papers import add_other, mark
from paperdesk.storage import repository as repo
from paperdesk.storage.models import Note, Paper, Passage
from tests.export.sample import FRONT_MATTER_NOTE, WEIRD_TITLE, place_pdfs

MakeLib = Callable[..., Library]


def test_round_trip_gives_identical_json(
    full_lib: Library, make_lib: MakeLib, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.json"
    report = export_json(full_lib, backup)
    assert (report.papers, report.lists, report.notes, report.attempts) == (5, 2, 2, 2)
    first = backup.read_text(encoding="utf-8")

    fresh = make_lib("restored")
    restored = import_json(fresh, backup)
    assert restored.added_papers == 5
    export_json(fresh, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_text(encoding="utf-8") == first


def test_backup_holds_every_kind_of_record(full_lib: Library) -> None:
    data = dump(full_lib)
    assert data["format"] == FORMAT and data["rebuild"] == REBUILD_HINT
    assert "passages" not in data and "embeddings" not in data
    papers = {p["key"]: p for p in data["papers"]}
    assert list(papers) == sorted(papers)
    att = papers["vaswani2017attention"]
    me = configured_name()[0]  # the sample's one member (the OS user)
    assert data["members"] == [{"name": me, "created_at": data["members"][0]["created_at"]}]
    assert att["notes"] == [
        {
            "member": me,
            "body": FRONT_MATTER_NOTE,
            "revision": 3,
            "updated_at": "2024-05-04T12:30:00.123456",
        }
    ]
    assert att["tags"] == [
        {"member": me, "tag": "must-read"},
        {"member": me, "tag": "transformers"},
    ]
    assert att["readings"] == [
        {"member": me, "state": "read", "updated_at": att["readings"][0]["updated_at"]}
    ]
    assert [h["to"] for h in att["history"]] == ["queued", "planned", "read", "running"]
    assert {h["member"] for h in att["history"]} == {me}
    assert [h["attempt"] for h in att["history"]] == [None, 1, None, 1]
    assert [c["label"] for c in att["claims"]] == ["ppl", "wmt14-en-de"]
    first = att["attempts"][0]
    assert first["environment_kv"] == {"cuda": "12.1", "torch": "2.3"}
    assert [r["results"] for r in first["runs"]] == [
        {"ppl": 4.5, "wmt14-en-de": 27.1},
        {"wmt14-en-de": 28.0},
    ]
    assert [e["text"][:6] for e in first["log"]] == ["Loss d", "Closer"]
    assert papers["muller2024odd"]["title"] == WEIRD_TITLE
    assert papers["muller2024odd"]["cites"] == ["radford2018improving", "vaswani2017attention"]
    assert data["tags"] == ["must-read", "transformers", "unused", "übung"]
    lists = {rl["name"]: rl for rl in data["lists"]}
    assert [e["paper"] for e in lists["transformers-core"]["entries"]] == [
        "vaswani2017attention",
        "radford2018improving",
        "arxiv181004805",
        "muller2024odd",
    ]
    text = to_json(data)
    assert "注意" in text and "\\u" not in text  # unicode kept as is


def test_restore_into_a_fresh_seeded_library(
    full_lib: Library, make_lib: MakeLib, tmp_path: Path
) -> None:
    """A fresh install has the seeded lists but nothing of the user's: it counts as empty."""
    export_json(full_lib, tmp_path / "b.json")
    seeded = make_lib("seeded", seed=True)
    report = import_json(seeded, tmp_path / "b.json")
    assert report.cleared_seed
    assert to_json(dump(seeded)) == to_json(dump(full_lib))


def test_restore_refuses_a_library_with_user_data(
    full_lib: Library, make_lib: MakeLib, tmp_path: Path
) -> None:
    export_json(full_lib, tmp_path / "b.json")
    other = make_lib("other", seed=True)
    mark(other, "vaswani2017attention", "reading")
    before = to_json(dump(other))
    with pytest.raises(ExportError, match=r"not empty \(state changes: 1.*--merge"):
        import_json(other, tmp_path / "b.json")
    assert to_json(dump(other)) == before


def test_merge_adds_what_is_missing_and_keeps_both_notes(
    full_lib: Library, make_lib: MakeLib, tmp_path: Path
) -> None:
    export_json(full_lib, tmp_path / "b.json")
    other = make_lib("other")
    add_other(
        other,
        title="Some Other Paper",
        year=2020,
        authors=["A. B"],
        url="https://x.org",
        doi=None,
        key="other2020",
    )
    add_other(
        other,
        title="Attention is all you need",
        year=2017,
        authors=[],
        url="https://example.org/attention",
        doi=None,
        key="attn",
    )
    save_note(other, "attn", "my own note\n")

    report = import_json(other, tmp_path / "b.json", merge=True)
    assert (report.added_papers, report.merged_papers) == (4, 1)
    assert report.notes_kept_both == ["attn"]
    data = {p["key"]: p for p in my_view(other)["papers"]}
    assert set(data) == {
        "attn",
        "other2020",
        "sang2003introduction",
        "muller2024odd",
        "radford2018improving",
        "arxiv181004805",
    }
    attn = data["attn"]
    assert attn["note"]["body"].startswith("my own note\n")
    assert FRONT_MATTER_NOTE in attn["note"]["body"]
    assert attn["url"] == "https://example.org/attention"  # the library's value is kept
    assert attn["authors"][0] == "Ashish Vaswani"  # an empty field is filled
    assert attn["reading_state"] == "read" and len(attn["attempts"]) == 2
    assert data["muller2024odd"]["cites"] == ["attn", "radford2018improving"]

    again = import_json(other, tmp_path / "b.json", merge=True)
    assert again.added_papers == 0 and again.notes_kept_both == []
    assert {k: p for k, p in ((p["key"], p) for p in my_view(other)["papers"])} == data


def test_merge_into_an_empty_library_is_an_exact_restore(
    full_lib: Library, make_lib: MakeLib, tmp_path: Path
) -> None:
    export_json(full_lib, tmp_path / "b.json")
    fresh = make_lib("fresh")
    import_json(fresh, tmp_path / "b.json", merge=True)
    assert to_json(dump(fresh)) == to_json(dump(full_lib))


def test_passages_are_not_stored(full_lib: Library, make_lib: MakeLib, tmp_path: Path) -> None:
    with full_lib.session() as s:
        pid = s.scalar(select(Paper.id).where(Paper.key == "vaswani2017attention"))
        s.add(Passage(paper_id=pid, kind="body", text="x", content_hash="h"))
    export_json(full_lib, tmp_path / "b.json")
    fresh = make_lib("fresh")
    import_json(fresh, tmp_path / "b.json")
    with fresh.session() as s:
        assert s.scalar(select(func.count()).select_from(Passage)) == 0


def _backup(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "b.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", r"invalid JSON at line 1 column 2"),
        ('{"format": "something-else"}', r"not a paperdesk backup"),
        ("[1, 2]", r"not a paperdesk backup"),
        (
            '{"format": "paperdesk-backup", "version": 3}',
            r"version 3.*reads versions 1, 2",
        ),
        (
            '{"format": "paperdesk-backup", "version": 1, "papers": [{"title": "x"}]}',
            r"papers\[0\]: no \"key\"",
        ),
        (
            '{"format": "paperdesk-backup", "version": 1, "papers": [{"key": "k", "title": "x", '
            '"added_at": "yesterday"}]}',
            r"papers\[0\] \(k\)\.added_at: not a date: 'yesterday'",
        ),
        (
            '{"format": "paperdesk-backup", "version": 1, "papers": [], "lists": [{"name": "l", '
            '"title": "L", "entries": [{"paper": "ghost"}]}]}',
            r"unknown paper 'ghost'",
        ),
    ],
)
def test_bad_backups_are_refused_cleanly(
    empty_lib: Library, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "b.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ExportError, match=message):
        import_json(empty_lib, path)
    assert dump(empty_lib)["papers"] == []


def test_missing_and_binary_files(empty_lib: Library, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no such backup file"):
        import_json(empty_lib, tmp_path / "missing.json")
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ExportError, match="not UTF-8"):
        import_json(empty_lib, tmp_path / "bin.json")


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    # NUL and terminal control characters are refused at the door (paperdesk.validate)
    title=st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
        min_size=1,
        max_size=40,
    ),
    note=st.text(
        alphabet=st.characters(
            codec="utf-8", exclude_categories=["Cs", "Cc"], include_characters="\n\t"
        ),
        max_size=200,
    ),
    tag=st.text(
        alphabet=st.characters(
            codec="utf-8", exclude_characters=",", exclude_categories=["Cs", "Cc", "Zs", "Zl", "Zp"]
        ),
        min_size=1,
        max_size=12,
    ),
)  # a tag is one word
def test_any_unicode_survives_the_round_trip(
    tmp_path_factory: pytest.TempPathFactory, title: str, note: str, tag: str
) -> None:
    from paperdesk.config import Settings

    base = tmp_path_factory.mktemp("rt")
    a = Library.open(Settings(home=base / "a"), seed=False)
    b = Library.open(Settings(home=base / "b"), seed=False)
    place_pdfs(b.settings.pdf_dir)
    try:
        with a.session() as s:
            p = Paper(key="k1", title=title, authors=[title], url="https://x.org")
            s.add(p)
            s.flush()
            s.add(Note(paper_id=p.id, member_id=ensure_member(s).id, body=note, revision=1))
            from paperdesk.storage.repository import tag_paper

            tag_paper(s, p, tag)
        export_json(a, base / "b.json")
        import_json(b, base / "b.json")
        assert to_json(dump(b)) == to_json(dump(a))
    finally:
        a.close()
        b.close()


def test_restore_on_every_database(any_lib: Library, make_lib: MakeLib, tmp_path: Path) -> None:
    """A fresh seeded library on SQLite or PostgreSQL becomes exactly the backup, and its own
    backup restores into SQLite identically (ordering never depends on a collation)."""
    from tests.export.sample import populate

    source = make_lib("source")
    populate(source)
    export_json(source, tmp_path / "b.json")
    import_json(any_lib, tmp_path / "b.json")
    assert to_json(dump(any_lib)) == to_json(dump(source))
    export_json(any_lib, tmp_path / "again.json")
    back = make_lib("back")
    import_json(back, tmp_path / "again.json")
    assert to_json(dump(back)) == to_json(dump(source))


def test_a_backup_from_before_stable_keys_restores_with_citation_keys(
    full_lib: Library, make_lib: MakeLib, tmp_path: Path
) -> None:
    """A backup written before migration 0005 names papers by their old CLI keys: restored,
    each paper gets the key its exports used, and the old key still names it."""
    data = dump(full_lib)
    old_key = {
        "vaswani2017attention": "1706.03762",
        "radford2018improving": "radford2018gpt1",
        "muller2024odd": "2401.00001",
        "sang2003introduction": "cs/0306050",
        "arxiv181004805": "1810.04805",
    }
    for p in data["papers"]:
        p["key"] = old_key[p["key"]]
        p["cites"] = [old_key[c] for c in p["cites"]]
        for name in ("key_provisional", "aliases", "venue", "metadata_sources"):
            p.pop(name)
    for rl in data["lists"]:
        for e in rl["entries"]:
            e["paper"] = old_key[e["paper"]]
    (tmp_path / "old.json").write_text(to_json(data), encoding="utf-8")
    fresh = make_lib("fresh")
    import_json(fresh, tmp_path / "old.json")
    restored = {p["key"]: p for p in dump(fresh)["papers"]}
    assert set(restored) == set(old_key)
    assert restored["radford2018improving"]["aliases"] == ["radford2018gpt1"]
    assert restored["vaswani2017attention"]["aliases"] == []  # an arXiv id resolves anyway
    assert restored["arxiv181004805"]["key_provisional"] is True
    assert restored["muller2024odd"]["cites"] == ["radford2018improving", "vaswani2017attention"]
    lists = {rl["name"]: rl for rl in dump(fresh)["lists"]}
    assert [e["paper"] for e in lists["transformers-core"]["entries"]] == [
        "vaswani2017attention",
        "radford2018improving",
        "arxiv181004805",
        "muller2024odd",
    ]
    with fresh.session() as s:
        assert repo.find_paper(s, "radford2018gpt1").key == "radford2018improving"


def test_how_each_citation_link_was_made_survives_the_round_trip(
    full_lib: Library, make_lib: MakeLib, tmp_path: Path
) -> None:
    """``cites.method`` (arXiv id, DOI, title match) comes back; a link with none stays
    without one, and an older backup without ``cite_methods`` restores its links too."""
    from paperdesk.storage.models import Cite

    def methods(lib: Library) -> dict[tuple[str, str], str | None]:
        with lib.session() as s:
            key = dict(s.execute(select(Paper.id, Paper.key)).all())
            return {(key[c.citing_id], key[c.cited_id]): c.method for c in s.scalars(select(Cite))}

    with full_lib.session() as s:
        made = iter(("title", "arxiv"))
        for c in s.scalars(select(Cite).order_by(Cite.citing_id, Cite.cited_id).limit(2)):
            c.method = next(made)
    want = methods(full_lib)
    assert sorted(m or "" for m in want.values()) == ["", "arxiv", "title"]
    backup = tmp_path / "b.json"
    export_json(full_lib, backup)
    restored = make_lib("restored")
    import_json(restored, backup)
    assert methods(restored) == want

    data = json.loads(backup.read_text(encoding="utf-8"))
    for p in data["papers"]:
        del p["cite_methods"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    older = make_lib("older")
    import_json(older, old)
    assert methods(older) == dict.fromkeys(want)

    data["papers"][0]["cite_methods"] = {"nobody2020": "title"}
    old.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ExportError, match="cite_methods"):
        import_json(make_lib("refused"), old)
